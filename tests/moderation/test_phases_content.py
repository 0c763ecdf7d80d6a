"""Phases that read the text: limits, words (no Scunthorpe problem), links, display name, the
classifier's thresholds (the real model), the nudge."""

from __future__ import annotations

import pytest

from salon.models import Decision
from salon.moderation.nudges import NudgeMemory, text_key
from salon.moderation.phases.classifier import ClassifierPhase
from salon.moderation.phases.display_name import DisplayName
from salon.moderation.phases.input_limits import InputLimits
from salon.moderation.phases.links import Links, find_links
from salon.moderation.phases.nudge import Nudge
from salon.moderation.phases.premoderation import Premoderation
from salon.moderation.phases.thread_locked import ThreadLocked
from salon.moderation.phases.words import Words
from salon.moderation.pipeline import Context
from tests.moderation.support import FailingClassifier, FixedClassifier, real_model


class Svc:
    """The little of Services the stateless phases touch."""

    def __init__(self, classifier=None) -> None:
        self.classifier = classifier or real_model()
        self.nudges = NudgeMemory()
        self.settings = None


def ctx(text: str, name: str = "", **kw) -> Context:
    settings = kw.pop("settings", {})
    return Context(
        text=text, author_name=name, site_id=1, site_settings=settings, services=kw.pop("svc", Svc()), **kw
    )


def test_input_limits():
    phase = InputLimits()
    assert phase(ctx("   ")).decision is Decision.REJECT
    assert phase(ctx("x" * 10_001)).decision is Decision.REJECT
    assert phase(ctx("hi", name="n" * 61)).decision is Decision.REJECT
    zalgo = "h" + "\u0301\u0302\u0303" * 20 + "ello"
    assert phase(ctx(zalgo)).decision is Decision.HOLD
    assert phase(ctx("Café crème, naïve résumé.")) is None


def test_thread_locked_rejects_with_a_message():
    result = ThreadLocked()(ctx("hi", thread_locked=True))
    assert result.decision is Decision.REJECT and "closed" in result.message
    assert ThreadLocked()(ctx("hi")) is None


@pytest.mark.parametrize(
    "text",
    ["Greetings from Scunthorpe!", "A classic cocktail in Essex.", "Assess the class of assassins."],
)
def test_words_have_no_scunthorpe_problem(text):
    settings = {"banned_words": ["cunt", "ass", "cock"], "suspect_words": ["sex"]}
    assert Words()(ctx(text, settings=settings)) is None


@pytest.mark.parametrize("text", ["you ass", "you @ss", "You A S S!", "what an a$$"])
def test_banned_words_reject_after_normalisation(text):
    result = Words()(ctx(text, settings={"banned_words": ["ass"]}))
    assert result is not None and result.decision is Decision.REJECT
    [span] = result.spans
    assert span.categories == ("banned_word",) and span.end > span.begin
    assert text[span.begin : span.end] in result.message


def test_suspect_words_hold_and_point_at_the_word():
    text = "Buy crypto now and get rich quick"
    result = Words()(ctx(text, settings={"suspect_words": ["get rich quick", "crypto"]}))
    assert result.decision is Decision.HOLD
    assert sorted(text[s.begin : s.end] for s in result.spans) == ["crypto", "get rich quick"]


def test_links_over_the_limit_hold():
    assert len(find_links("see https://a.example/x, www.b.org and c.com/page")) == 3
    assert Links()(ctx("one https://a.example and two b.com")) is None
    result = Links()(ctx("a.com b.com c.com"))
    assert result.decision is Decision.HOLD and result.reasons == ["3 links (limit 2)"]
    assert Links()(ctx("a.com", settings={"link_limit": 0})).decision is Decision.HOLD
    assert Links()(ctx("a.com", links_allowed=False)).decision is Decision.HOLD
    assert Links()(ctx("version 2.0 of node.js is out, e.g. the i.e. case")) is None


@pytest.mark.parametrize("name", ["Ann", "Dick Smith", "John Cunningham", "Scunthorpe fan", "Ms. Cockburn"])
def test_ordinary_names_pass(name):
    assert DisplayName()(ctx("Nice article.", name)) is None


@pytest.mark.parametrize("name", ["stupid bitch", "idiot"])
def test_abusive_names_are_refused_with_a_message(name):
    result = DisplayName()(ctx("Nice article.", name))
    assert result.decision is Decision.REJECT and "choose another name" in result.message


def test_banned_word_in_a_name_is_refused():
    result = DisplayName()(ctx("Nice.", "Bob Spamalot", settings={"banned_words": ["spamalot"]}))
    assert result.decision is Decision.REJECT


def test_name_check_defers_to_the_classifier_phase_on_error():
    c = ctx("Nice.", "Ann", svc=Svc(FailingClassifier()))
    assert DisplayName()(c) is None
    assert ClassifierPhase()(c).decision is Decision.HOLD


def test_model_scores_text_and_name_in_one_call():
    calls = []

    class Counting(FixedClassifier):
        def analyze(self, texts):
            calls.append(list(texts))
            return super().analyze(texts)

    c = ctx("Nice.", "Ann", svc=Svc(Counting()))
    DisplayName()(c)
    ClassifierPhase()(c)
    assert calls == [["Nice.", "Ann"]] and c.model_version == "fixed:7"


def test_classifier_thresholds_with_the_real_model():
    phase = ClassifierPhase()
    kind = phase(ctx("Thanks for this thoughtful piece, I learned a lot about night trains."))
    assert kind.decision is None and kind.scores["toxicity"] < 0.3
    rude = phase(ctx("You are a complete idiot and your article is garbage."))
    assert rude.decision is Decision.HOLD and any(s.categories for s in rude.spans)
    threat = phase(ctx("I will find you and kill you.", settings={"thresholds": {"threat": [0.5, 0.8]}}))
    assert threat.decision is Decision.REJECT and "threat" in threat.message
    lenient = {c: [0.99, 1.0] for c in ("insult", "toxicity", "profanity")}
    assert phase(ctx("You are a complete idiot.", settings={"thresholds": lenient})).decision is None


def test_nudge_holds_a_text_posted_anyway():
    # Toxicity 0.55: over the nudge (0.5), under the hold (0.6), so only the nudge can hold it.
    c = ctx("what a stupid take", nudged=True, scores={"toxicity": 0.55})
    assert Nudge()(c).decision is Decision.HOLD
    assert Nudge()(ctx("fine", nudged=True, scores={"toxicity": 0.1})) is None
    assert Nudge()(ctx("x", scores={"toxicity": 0.55})) is None  # not nudged: no opinion
    off = ctx("x", nudged=True, scores={"toxicity": 0.55}, settings={"nudge_enabled": False})
    assert Nudge()(off) is None


def test_nudge_is_capped_at_a_categorys_hold_and_skips_what_is_never_held():
    # Identity attack holds at 0.4: it nudges there, not at the general 0.5.
    assert Nudge()(ctx("x", nudged=True, scores={"identity_attack": 0.42})).decision is Decision.HOLD
    # Profanity is never held by default: swearing at nobody neither nudges nor is held for it.
    assert Nudge()(ctx("Holy shit, what a goal", nudged=True, scores={"profanity": 0.95})) is None
    strict = {"thresholds": {"profanity": [0.7, 1.0]}}
    held = Nudge()(ctx("Holy shit", nudged=True, scores={"profanity": 0.95}, settings=strict))
    assert held.decision is Decision.HOLD


def test_nudge_recognises_a_repost_of_a_checked_text():
    svc = Svc()
    svc.nudges.remember(text_key(1, "client-a", "what a Stupid take"))
    same = ctx("What a stupid  take", svc=svc, client_hash="client-a", scores={"toxicity": 0.55})
    assert Nudge()(same).decision is Decision.HOLD
    other = ctx("What a stupid take", svc=svc, client_hash="client-b", scores={"toxicity": 0.55})
    assert Nudge()(other) is None


def test_nudge_memory_is_bounded():
    memory = NudgeMemory(capacity=3)
    for k in "abcd":
        memory.remember(k)
    assert len(memory) == 3 and not memory.seen("a") and memory.seen("d")


def test_premoderation_all_holds_without_history():
    assert Premoderation()(ctx("hi", settings={"premoderation": "all"})).decision is Decision.HOLD
    assert Premoderation()(ctx("hi", settings={"premoderation": "new"})) is None  # needs the database
