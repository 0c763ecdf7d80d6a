"""A site's moderation policy: the one place that names, documents and validates its keys.

The policy is read from ``sites.settings`` (a JSON object); every key is optional and falls back
to the default below.  ``validate_changes`` checks a dict of changes before a settings page (or
anything else) stores it, and raises ``SalonError(422, ..., field=key)`` for the first bad one.
``policy_of(ctx)`` parses a context's settings once per pipeline run; a stored value that no
longer validates is ignored (the default applies) and logged, so moderation never fails on it.

Keys (see docs/moderation.md, "Policy keys"):

==========================  ============================================================
``thresholds``              per category ``[hold, reject]``; partial maps merge with defaults
``banned_words``            words/phrases that reject a comment (matched after normalisation)
``suspect_words``           words/phrases that hold a comment for review
``link_limit``              more links than this holds the comment
``first_time_links``        hold any link from an author with no published comment yet
``flood_limit``             comments one author or client may post per flood window
``flood_window_seconds``    the flood window
``duplicate_threshold``     Jaccard similarity (0-1) at which two texts count as the same
``duplicate_window``        how many recent comments of the site are compared
``duplicate_min_words``     shorter texts are never called duplicates of someone else's
``trust_new_count``         hold the first N comments of every new author (0 = off)
``trust_window``            how many recent decided comments of an author trust looks at
``trust_reject_ratio``      above this share of rejections, the author is pre-moderated
``premoderation``           ``off`` | ``new`` (authors without a published comment) | ``all``
``verified_trust``          a verified identity (SSO, e-mail link, OIDC) shortens the newcomer holds
``verified_history``        published comments a verified reader needs before newcomer holds stop
``nudge_enabled``           offer the pre-submit nudge (``/api/comments:check``)
``nudge_threshold``         score at which the nudge shows (capped at a category's hold; never if never held)
``name_threshold``          score at which a display name is refused
``held_message``            what the author of a held comment is told
``held_messages``           the held message per locale (``de: …`` lines); others fall back
``unjudged_languages``      ``score`` | ``hold``: text in a language the model cannot judge
``pow_required``            refuse posts without a valid proof-of-work (no-JS form: hold)
``pow_difficulty``          v1 challenges: the largest number a challenge may hide
``pow_v2_cost``             v2 challenges: PBKDF2 iterations per try (about 256 tries)
``pow_flood_factor``        difficulty multiplier for an address or a thread under flood
``pow_thread_flood``        comments on one thread per flood window that make it a flood
``pow_expiry_seconds``      how long a challenge may be solved and used
``min_submit_seconds``      a post sooner than this after its form was shown is held
``slow_mode_default``       seconds between one author's posts when a moderator turns on slow mode
``learning_enabled``        learn a per-site adjustment from the moderators' decisions
``learning_min_decisions``  decisions trained on before the adjustment is applied
==========================  ============================================================
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from salon import i18n
from salon.db.sites import SITE_DEFAULTS
from salon.errors import SalonError
from salon.models import PremoderationMode
from salon.moderation.classifiers.base import CATEGORIES

log = logging.getLogger(__name__)

__all__ = ["POLICY_KEYS", "Policy", "default_thresholds", "policy_of", "validate_changes"]

#: Categories a person can be hurt by: the nudge and the display-name check look at these.
ABUSE_CATEGORIES: tuple[str, ...] = tuple(c for c in CATEGORIES if c != "spam")

_FALLBACK_THRESHOLDS: dict[str, tuple[float, float]] = {c: (0.6, 1.0) for c in CATEGORIES}


def default_thresholds() -> dict[str, tuple[float, float]]:
    """The built-in model's (hold, reject) per category, or a cautious fallback before it lands."""
    try:
        from salon.moderation.classifiers.thresholds import DEFAULT_THRESHOLDS
    except ImportError:  # pragma: no cover - the model engineer's module is absent
        return dict(_FALLBACK_THRESHOLDS)
    return {c: tuple(DEFAULT_THRESHOLDS.get(c, _FALLBACK_THRESHOLDS[c])) for c in CATEGORIES}  # type: ignore[misc]


class _Invalid(ValueError):
    """A value a key does not accept; the message says what it wants."""


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise _Invalid("must be true or false")


def _int(lo: int, hi: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise _Invalid(f"must be a whole number from {lo} to {hi}")
        return value

    return parse


def _prob(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise _Invalid("must be a number from 0 to 1")
    return float(value)


def _words(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):  # a settings form may send one word per line
        value = value.splitlines()
    if not isinstance(value, list | tuple) or not all(isinstance(w, str) for w in value):
        raise _Invalid("must be a list of words or phrases")
    cleaned = tuple(dict.fromkeys(" ".join(w.split()) for w in value if w.strip()))
    if len(cleaned) > 5000 or any(len(w) > 100 for w in cleaned):
        raise _Invalid("at most 5000 entries of at most 100 characters")
    return cleaned


def _premoderation(value: Any) -> str:
    try:
        return PremoderationMode(value).value
    except ValueError as exc:
        raise _Invalid("must be one of off, new, all") from exc


def _unjudged(value: Any) -> str:
    if value not in ("score", "hold"):
        raise _Invalid("must be one of score, hold")
    return str(value)


def _message(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 500:
        raise _Invalid("must be a text of 1 to 500 characters")
    return value.strip()


def _localized(value: Any) -> tuple[str, ...]:
    """``{"de": "…"}`` or ``code: text`` lines → sorted ``code: text`` lines, one per locale."""
    if isinstance(value, str):
        value = value.splitlines()
    if isinstance(value, dict):
        value = [f"{k}: {v}" for k, v in value.items() if isinstance(k, str) and isinstance(v, str)]
    if not isinstance(value, list | tuple) or not all(isinstance(line, str) for line in value):
        raise _Invalid('must map locales to texts, e.g. {"de": "Ihr Kommentar wird geprüft."}')
    found: dict[str, str] = {}
    for line in value:
        if not line.strip():
            continue
        code, sep, text = line.partition(":")
        code = code.strip().lower()
        if not sep or code not in i18n.LOCALES:
            codes = ", ".join(i18n.LOCALES)
            raise _Invalid(f"{line.strip()[:40]!r}: write 'code: text' with a code of {codes}")
        found[code] = _message(text)
    return tuple(f"{code}: {found[code]}" for code in sorted(found))


def _thresholds(value: Any) -> dict[str, tuple[float, float]]:
    if not isinstance(value, dict):
        raise _Invalid('must map categories to [hold, reject], e.g. {"insult": [0.5, 0.9]}')
    merged = default_thresholds()
    for category, pair in value.items():
        if category not in CATEGORIES:
            raise _Invalid(f"unknown category {category!r}; categories are {', '.join(CATEGORIES)}")
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise _Invalid(f"{category} must be [hold, reject]")
        hold, reject = (_prob(v) for v in pair)
        if hold > reject:
            raise _Invalid(f"{category}: hold ({hold}) must not exceed reject ({reject})")
        merged[category] = (hold, reject)
    return merged


def _key(default: Any, parse: Callable[[Any], Any], doc: str) -> Any:
    return field(default=default, metadata={"parse": parse, "doc": doc})


@dataclass(frozen=True)
class Policy:
    """A site's moderation policy with every default filled in. Build it with ``from_settings``."""

    thresholds: dict[str, tuple[float, float]] = field(
        default_factory=default_thresholds,
        metadata={"parse": _thresholds, "doc": "per category [hold, reject]; partial maps merge"},
    )
    banned_words: tuple[str, ...] = _key((), _words, "reject a comment containing one")
    suspect_words: tuple[str, ...] = _key((), _words, "hold a comment containing one")
    link_limit: int = _key(2, _int(0, 100), "hold a comment with more links than this")
    first_time_links: bool = _key(True, _bool, "hold links from authors with nothing published yet")
    flood_limit: int = _key(10, _int(1, 1000), "comments per author or client per flood window")
    flood_window_seconds: int = _key(300, _int(1, 86400), "length of the flood window, in seconds")
    duplicate_threshold: float = _key(0.7, _prob, "similarity at which two texts count as the same")
    duplicate_window: int = _key(300, _int(0, 2000), "recent comments of the site compared")
    duplicate_min_words: int = _key(6, _int(1, 1000), "shorter texts may repeat across authors")
    trust_new_count: int = _key(0, _int(0, 1000), "hold the first N comments of a new author")
    trust_window: int = _key(10, _int(1, 1000), "recent decided comments trust looks at")
    trust_reject_ratio: float = _key(0.5, _prob, "rejected share that sends an author back to review")
    premoderation: str = _key(PremoderationMode.OFF.value, _premoderation, "off, new or all")
    verified_trust: bool = _key(True, _bool, "signed-in readers leave the newcomer holds sooner")
    verified_history: int = _key(1, _int(0, 1000), "published comments a signed-in reader needs first")
    nudge_enabled: bool = _key(True, _bool, "offer the pre-submit nudge")
    nudge_threshold: float = _key(
        0.5, _prob, "score at which the nudge shows (capped at a category's hold; never if never held)"
    )
    name_threshold: float = _key(0.8, _prob, "score at which a display name is refused")
    held_message: str = _key(
        str(SITE_DEFAULTS["held_message"]), _message, "what the author of a held comment is told"
    )
    held_messages: tuple[str, ...] = _key(
        (), _localized, "the held message per locale, as 'de: …' lines; others get held_message"
    )
    pow_required: bool = _key(False, _bool, "refuse posts without a valid proof-of-work")
    pow_difficulty: int = _key(50_000, _int(1_000, 5_000_000), "v1: the largest number a challenge hides")
    pow_v2_cost: int = _key(1_000, _int(1, 1_000_000), "v2: PBKDF2 iterations per try")
    pow_flood_factor: int = _key(10, _int(1, 100), "difficulty multiplier under flood")
    pow_thread_flood: int = _key(20, _int(1, 100_000), "comments on a thread per flood window = a flood")
    pow_expiry_seconds: int = _key(1800, _int(60, 86_400), "how long a challenge stays valid")
    min_submit_seconds: int = _key(0, _int(0, 600), "hold a post sent sooner after its form was shown")
    slow_mode_default: int = _key(120, _int(10, 86_400), "slow mode's default interval, in seconds")
    learning_enabled: bool = _key(True, _bool, "learn from the moderators' decisions")
    learning_min_decisions: int = _key(30, _int(1, 100_000), "decisions before the adjustment applies")
    unjudged_languages: str = _key(
        "score", _unjudged, "score or hold text in a language the model cannot judge (not English)"
    )

    @classmethod
    def from_settings(cls, settings: dict[str, Any] | None) -> Policy:
        """Parse a site's settings; a stored value that does not validate falls back to its default."""
        values: dict[str, Any] = {}
        for name, value in (settings or {}).items():
            parse = _PARSERS.get(name)
            if parse is None:
                continue
            try:
                values[name] = parse(value)
            except _Invalid as exc:
                log.warning("site setting %s ignored: %s", name, exc)
        return cls(**values)

    def held_for(self, locale: str) -> str:
        """The held message in ``locale``: the site's own for it, else its ``held_message`` when
        the site wrote one, else the built-in message translated (see docs/moderation.md)."""
        for line in self.held_messages:
            code, _, text = line.partition(": ")
            if code == locale:
                return text
        if self.held_message != SITE_DEFAULTS["held_message"]:
            return self.held_message
        return i18n.say(locale, "held")

    def hold_at(self, category: str) -> float:
        return self.thresholds.get(category, _FALLBACK_THRESHOLDS[category])[0]

    def reject_at(self, category: str) -> float:
        return self.thresholds.get(category, _FALLBACK_THRESHOLDS[category])[1]


_PARSERS: dict[str, Callable[[Any], Any]] = {f.name: f.metadata["parse"] for f in fields(Policy)}

#: Every policy key with its one-line description, in declaration order (docs, settings pages).
POLICY_KEYS: dict[str, str] = {f.name: f.metadata["doc"] for f in fields(Policy)}


def defaults() -> dict[str, Any]:
    """Every policy key with its default value, as JSON-friendly values."""
    policy = Policy()
    out: dict[str, Any] = {}
    for name in POLICY_KEYS:
        value = getattr(policy, name)
        if name == "thresholds":
            value = {c: list(pair) for c, pair in value.items()}
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


def validate_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Check the policy keys in ``changes``; return them cleaned, JSON-friendly.

    Keys the policy does not name pass through untouched (other settings have their own owners).
    Raises ``SalonError(422, "invalid_setting", ..., field=key)`` for the first invalid value.
    """
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        parse = _PARSERS.get(name)
        if parse is None:
            cleaned[name] = value
            continue
        try:
            parsed = parse(value)
        except _Invalid as exc:
            raise SalonError(422, "invalid_setting", f"{name} {exc}", name) from exc
        if name == "thresholds":
            # Store only what the site overrides, so later default changes still reach it.
            parsed = {c: list(parsed[c]) for c in value}
        elif isinstance(parsed, tuple):
            parsed = list(parsed)
        cleaned[name] = parsed
    return cleaned


def held_text(site_settings: dict[str, Any] | None, locale: str) -> str:
    """A site's held message in ``locale`` (``Policy.held_for``), straight from its settings."""
    return Policy.from_settings(site_settings).held_for(locale)


def policy_of(ctx: Any) -> Policy:
    """The context's policy, parsed once per run and kept on ``ctx.policy``."""
    if ctx.policy is None:
        ctx.policy = Policy.from_settings(ctx.site_settings)
    policy: Policy = ctx.policy
    return policy
