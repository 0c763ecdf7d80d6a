"""The ``unjudged_languages`` policy: a site may hold text the model cannot judge; detection."""

from __future__ import annotations

import pytest

from salon.models import Decision
from salon.moderation import languages
from salon.moderation.phases.classifier import ClassifierPhase
from salon.moderation.pipeline import Context
from tests.moderation.support import FixedClassifier


class Svc:
    def __init__(self) -> None:
        self.classifier = FixedClassifier(toxicity=0.1)
        self.settings = None


def run(text: str, **settings: object):
    return ClassifierPhase()(Context(text=text, site_id=1, site_settings=settings, services=Svc()))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Das ist ein schöner Artikel, vielen Dank dafür.", "de"),
        ("Este artículo es muy interesante, gracias por escribirlo.", "es"),
        ("とても良い記事でした。ありがとうございます。", "ja"),
        ("هذا مقال رائع، شكرا جزيلا لك على كتابته", "ar"),
    ],
)
def test_hold_holds_text_the_model_cannot_judge(text, language):
    assert run(text).decision is None  # default: scored like any other text
    held = run(text, unjudged_languages="hold")
    assert held.decision is Decision.HOLD
    assert held.reasons == [f"language {language}: the model cannot judge it (unjudged_languages: hold)"]
    assert held.scores["toxicity"] == 0.1  # the scores are kept for the moderator


@pytest.mark.parametrize("text", ["Thanks for the careful reporting, a good read.", "ok", "lol", "12345 !!"])
def test_hold_leaves_english_and_languageless_text_alone(text):
    assert run(text, unjudged_languages="hold").decision is None


def test_language_codes_are_normalised_and_junk_dropped():
    assert languages.normalize(["pt-BR", "EN", "", "??", 3, "zh_Hant", "en"]) == ["pt", "en", "zh"]


def test_low_confidence_falls_back_on_the_clients_language():
    unsure = languages.Detection("sr", 0.05)
    assert languages.judged_language(unsure, ["de"]) == "de"
    assert languages.judged_language(unsure, []) == "und"
    assert languages.judged_language(languages.Detection("ja", 0.99), ["en"]) == "ja"
