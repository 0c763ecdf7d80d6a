"""Functional tests of the shipped model, in the spirit of HateCheck."""

from __future__ import annotations

import pytest

from salon.moderation.classifiers.base import Classifier
from salon.moderation.classifiers.staged import load_builtin
from salon.moderation.classifiers.thresholds import DEFAULT_THRESHOLDS
from salon.training import examples

#: Profanity alone holds nothing by default; this is the hold a site sets to hold every swear
#: word (docs/model-card.md), so it is the level the profanity head must reach on swearing.
PROFANITY_OPT_IN = 0.7


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return load_builtin()


def _score(clf: Classifier, text: str, category: str) -> float:
    return clf.analyze([text])[0].scores[category]


def _hold(category: str) -> float:
    return PROFANITY_OPT_IN if category == "profanity" else DEFAULT_THRESHOLDS[category][0]


@pytest.mark.parametrize(
    "obfuscated",
    [
        "you are a f*cking moron",
        "you are a fuuuucking moron",
        "you are a f u c k i n g moron",
        "you are a fuck1ng m0ron",
        "you are a ｆｕｃｋｉｎｇ moron",
        "уоu аrе а fuсkіng mоrоn",
    ],
)
def test_obfuscation_scores_like_the_plain_word(clf: Classifier, obfuscated: str) -> None:
    plain = clf.analyze(["you are a fucking moron"])[0].scores
    got = clf.analyze([obfuscated])[0].scores
    for cat in ("toxicity", "insult", "profanity"):
        assert got[cat] == pytest.approx(plain[cat], abs=0.05)
        assert got[cat] >= _hold(cat)


@pytest.mark.parametrize("text", examples.threats("test"))
def test_held_out_threats_are_held(clf: Classifier, text: str) -> None:
    assert _score(clf, text, "threat") >= _hold("threat")


@pytest.mark.parametrize("text", examples.civil_violent())
def test_civil_violent_words_are_not_threats(clf: Classifier, text: str) -> None:
    scores = clf.analyze([text])[0].scores
    assert scores["threat"] < _hold("threat")
    assert scores["severe_toxicity"] < _hold("severe_toxicity")


@pytest.mark.parametrize("text", examples.neutral_identity("test"))
def test_neutral_identity_mentions_stay_under_hold(clf: Classifier, text: str) -> None:
    scores = clf.analyze([text])[0].scores
    for cat in ("toxicity", "identity_attack", "insult"):
        assert scores[cat] < _hold(cat), (cat, scores[cat])


@pytest.mark.parametrize(
    ("attack", "counter"),
    [
        ("you are an idiot", "calling people idiots is disgusting"),
        ("those people are retards", "using the word retard is hurtful and wrong"),
        ("you stupid bitch", 'he called her a "stupid bitch" and that is unacceptable'),
        ("you are a pathetic moron", "calling the author a pathetic moron is disgraceful"),
    ],
)
def test_counter_speech_scores_lower_than_the_attack(clf: Classifier, attack: str, counter: str) -> None:
    a, c = clf.analyze([attack, counter])
    assert a.scores["toxicity"] >= _hold("toxicity")
    assert c.scores["toxicity"] < _hold("toxicity")
    assert c.scores["insult"] < a.scores["insult"]


def test_negation_lowers_the_insult(clf: Classifier) -> None:
    a, n = clf.analyze(["you are an idiot", "you are not an idiot"])
    assert a.scores["insult"] >= _hold("insult")
    assert n.scores["insult"] < _hold("insult")


def test_benign_comment_is_low_everywhere(clf: Classifier) -> None:
    scores = clf.analyze(["Thanks for the thoughtful article, I learned a lot about the budget."])[0].scores
    assert all(scores[c] < _hold(c) for c in scores), scores


def test_spam_is_caught(clf: Classifier) -> None:
    text = "Check out my channel and subscribe!! http://example.com/promo"
    assert _score(clf, text, "spam") >= _hold("spam")


def test_profanity_is_not_an_insult_by_itself(clf: Classifier) -> None:
    scores = clf.analyze(["holy shit, what a goal"])[0].scores
    assert scores["profanity"] >= _hold("profanity")
    assert scores["threat"] < _hold("threat")


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for sharing this",
        "Oldest comment by Ada",
        "Newest comment by Bob",
        "Great article, thanks!",
        "I agree with Mara.",
        "Where can I buy tickets?",
    ],
)
def test_short_everyday_comments_are_not_held_as_spam(clf: Classifier, text: str) -> None:
    [analysis] = clf.analyze([text])
    assert analysis.scores["spam"] < DEFAULT_THRESHOLDS["spam"][0]


@pytest.mark.parametrize(
    "text",
    [
        "Source: https://www.reuters.com/world/europe/night-trains-2026",
        "The timetable is at https://www.nightjet.com and the fares at https://www.oebb.at",
        "Great article, see also https://en.wikipedia.org/wiki/Night_train",
    ],
)
def test_citing_a_source_is_not_spam(clf: Classifier, text: str) -> None:
    [analysis] = clf.analyze([text])
    assert analysis.scores["spam"] < DEFAULT_THRESHOLDS["spam"][0]


def test_link_blanking_keeps_span_offsets(clf: Classifier) -> None:
    text = "see https://x.example/a?b=c you pathetic idiot"
    [analysis] = clf.analyze([text])
    assert any(
        text[s.begin : s.end] == "pathetic idiot" or text[s.begin : s.end] == "idiot" for s in analysis.spans
    )


def test_an_insult_followed_by_thanks_is_an_insult(clf: Classifier) -> None:
    # The check: one insult is not diluted by the civil words after it.
    assert _score(clf, "You are a moron. Thanks for the article.", "insult") >= 0.6
