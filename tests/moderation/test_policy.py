"""The Policy: defaults, parsing a site's settings, validating changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from salon.errors import SalonError
from salon.moderation.classifiers.thresholds import DEFAULT_THRESHOLDS
from salon.moderation.phases.nudge import nudge_at
from salon.moderation.policy import POLICY_KEYS, Policy, defaults, validate_changes

DOCS = Path(__file__).resolve().parents[2] / "docs" / "moderation.md"


def test_defaults_are_sane():
    p = Policy()
    assert p.thresholds == DEFAULT_THRESHOLDS
    assert p.premoderation == "off" and p.nudge_enabled and p.banned_words == ()
    assert 0 < p.nudge_threshold < 1
    # Each category the site holds on nudges at or below its hold, so the author hears of it
    # first; profanity (never held by default) does not nudge at all.
    for category, (hold, _) in DEFAULT_THRESHOLDS.items():
        if category == "spam":
            continue
        at = nudge_at(p, category)
        assert (at is None) == (hold >= 1.0), category
        assert at is None or 0 < at <= hold, category
    assert nudge_at(p, "profanity") is None
    assert nudge_at(Policy.from_settings({"thresholds": {"profanity": [0.7, 1.0]}}), "profanity") == 0.5
    assert p.held_message == "Your comment is awaiting moderation."


def test_settings_override_and_partial_thresholds_merge():
    p = Policy.from_settings({"link_limit": 5, "thresholds": {"insult": [0.3, 0.9]}, "unrelated": 1})
    assert p.link_limit == 5 and p.thresholds["insult"] == (0.3, 0.9)
    assert p.thresholds["threat"] == DEFAULT_THRESHOLDS["threat"]
    assert p.hold_at("insult") == 0.3 and p.reject_at("insult") == 0.9


def test_a_bad_stored_value_falls_back_to_the_default():
    p = Policy.from_settings({"link_limit": "many", "premoderation": "sometimes"})
    assert p.link_limit == Policy().link_limit and p.premoderation == "off"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"link_limit": -1}, "link_limit"),
        ({"link_limit": True}, "link_limit"),
        ({"premoderation": "sometimes"}, "premoderation"),
        ({"nudge_threshold": 1.5}, "nudge_threshold"),
        ({"nudge_enabled": "yes"}, "nudge_enabled"),
        ({"banned_words": "x" * 101}, "banned_words"),
        ({"banned_words": [1, 2]}, "banned_words"),
        ({"thresholds": {"rudeness": [0.5, 0.9]}}, "thresholds"),
        ({"thresholds": {"insult": [0.9, 0.5]}}, "thresholds"),
        ({"held_message": ""}, "held_message"),
    ],
)
def test_validate_changes_names_the_bad_field(changes, field):
    with pytest.raises(SalonError) as err:
        validate_changes(changes)
    assert err.value.status == 422 and err.value.field == field


def test_validate_changes_cleans_and_passes_other_keys_through():
    cleaned = validate_changes(
        {
            "banned_words": "spam\n  eggs  and ham \n\nspam",
            "thresholds": {"insult": [0.4, 1]},
            "report_threshold": 5,
        }
    )
    assert cleaned == {
        "banned_words": ["spam", "eggs and ham"],
        "thresholds": {"insult": [0.4, 1.0]},
        "report_threshold": 5,
    }


def test_update_settings_refuses_an_invalid_policy_value(services, site):
    from salon.actions.sites import update_settings

    with pytest.raises(SalonError) as err:
        update_settings(services, site.id, {"premoderation": "always"}, actor="test")
    assert err.value.field == "premoderation"
    updated = update_settings(services, site.id, {"premoderation": "new"}, actor="test")
    assert updated.settings["premoderation"] == "new"


def test_every_key_is_documented_with_its_default():
    text = DOCS.read_text()
    values = defaults()
    for key in POLICY_KEYS:
        assert f"`{key}`" in text, f"policy key {key} missing from docs/moderation.md"
        if not isinstance(values[key], dict | list):
            shown = str(values[key]).lower() if isinstance(values[key], bool) else str(values[key])
            assert shown in text, f"default of {key} ({shown}) missing from docs/moderation.md"
