"""Incitement against groups: calls to kill or expel, glee at deaths, dehumanisation and name slurs
are caught; history, news, quotes, condemnation, policy debate, sport, pests and negation pass."""

from __future__ import annotations

import re

import pytest

from salon.moderation import groups, incitement
from salon.moderation.incitement import detect, detect_text
from salon.moderation.incitement_patterns import (
    PATTERNS,
    prefixes,
    triggered,
    words_of,
)
from salon.moderation.incitement_words import COMPOUND_GATE
from salon.moderation.normalize import normalize
from tests.moderation.incitement_cases import (
    ABUSIVE,
    CALLS,
    CIVIL,
    COLLECTIVE,
    DEGRADE,
    DEHUMANISE,
    DOG_WHISTLES,
    DOG_WHISTLES_CIVIL,
    EXCLUSION,
    EXCLUSION_CIVIL,
    EXPEL,
    GENERALISED,
    GENERALISED_CIVIL,
    GLEE,
    GLEE_AFTER,
    GROUP_HARM,
    GROUP_HARM_CIVIL,
    HATRED,
    NAMES,
    READER_ABUSE,
    READER_ABUSE_CIVIL,
    SLURS,
    STOCK_ACCUSATIONS,
    VIOLENCE,
    WORSHIP,
)


def _groups_named(texts: list[str]) -> set[str]:
    found = set()
    for text in texts:
        found |= {m.group(0).split()[-1] for m in groups.MENTION.finditer(normalize(text).text)}
    return found


def test_cases_cover_enough_groups() -> None:
    assert len(ABUSIVE) >= 80 and len(CIVIL) >= 80
    assert len(_groups_named(ABUSIVE)) >= 10
    assert len(_groups_named(CIVIL)) >= 10


@pytest.mark.parametrize("text", VIOLENCE)
def test_calls_to_kill_a_group_are_threats_against_it(text: str) -> None:
    result = detect_text(text)
    assert result.threat >= 0.85, result
    assert result.severe >= 0.7
    assert result.identity >= 0.8
    assert any("threat" in s.categories for s in result.spans)


@pytest.mark.parametrize("text", EXCLUSION)
def test_exclusion_and_elimination_wished_requested_or_refused_are_identity_attacks(text: str) -> None:
    assert detect_text(text).identity >= 0.7, text


@pytest.mark.parametrize("text", EXCLUSION_CIVIL)
def test_welcome_poverty_support_and_quoted_signs_are_no_exclusion(text: str) -> None:
    result = detect_text(text)
    assert result.identity == 0.0 and result.threat == 0.0, (text, result)


@pytest.mark.parametrize("text", DOG_WHISTLES)
def test_dog_whistles_are_identity_attacks(text: str) -> None:
    assert detect_text(text).identity >= 0.7, text


@pytest.mark.parametrize("text", DOG_WHISTLES_CIVIL)
def test_dog_whistles_named_as_myths_or_condemned_pass(text: str) -> None:
    assert detect_text(text).identity == 0.0, text


@pytest.mark.parametrize("text", GROUP_HARM)
def test_harm_short_of_killing_against_a_group_is_a_threat(text: str) -> None:
    result = detect_text(text)
    assert result.threat >= 0.8 and result.identity >= 0.7, (text, result)


@pytest.mark.parametrize("text", GROUP_HARM_CIVIL)
def test_reports_sport_and_defence_of_a_group_are_not_threats(text: str) -> None:
    assert detect_text(text).threat == 0.0, text


@pytest.mark.parametrize("text", WORSHIP)
def test_calls_to_burn_places_of_worship_are_threats(text: str) -> None:
    result = detect_text(text)
    assert result.threat >= 0.8 and result.identity >= 0.6, result


@pytest.mark.parametrize("text", GENERALISED)
def test_a_group_given_a_vice_is_an_identity_attack(text: str) -> None:
    result = detect_text(text)
    assert result.identity >= 0.7, result
    assert result.threat == 0.0


@pytest.mark.parametrize("text", GLEE_AFTER + CALLS)
def test_glee_after_deaths_and_calls_to_kill_or_expel(text: str) -> None:
    result = detect_text(text)
    assert result.identity >= 0.7, result
    assert result.threat >= 0.6, result


@pytest.mark.parametrize("text", READER_ABUSE + STOCK_ACCUSATIONS)
def test_abuse_of_a_reader_and_stock_accusations_reach_a_hold(text: str) -> None:
    result = detect_text(text)
    assert max(result.insult, result.identity) >= 0.6, result


@pytest.mark.parametrize("text", READER_ABUSE_CIVIL)
def test_the_twins_of_reader_abuse_pass(text: str) -> None:
    result = detect_text(text)
    assert result.insult == 0.0 and result.identity == 0.0, result


@pytest.mark.parametrize("text", GENERALISED_CIVIL)
def test_the_twins_of_generalisations_pass(text: str) -> None:
    result = detect_text(text)
    assert result.identity == 0.0 and result.threat == 0.0, result


@pytest.mark.parametrize("text", COLLECTIVE)
def test_calls_to_kill_everyone_of_a_collective(text: str) -> None:
    result = detect_text(text)
    assert result.threat >= 0.85
    assert result.severe >= 0.75
    assert result.identity >= 0.7


@pytest.mark.parametrize("text", COLLECTIVE)
def test_a_collective_after_a_group_mention_is_an_attack_on_the_group(text: str) -> None:
    result = detect_text("The Kurds in that valley? " + text)
    assert result.threat >= 0.85
    assert result.identity >= 0.8


@pytest.mark.parametrize("text", GLEE)
def test_glee_at_a_groups_deaths(text: str) -> None:
    result = detect_text(text)
    assert 0.6 <= result.threat <= 0.8, result
    assert result.identity >= 0.7


@pytest.mark.parametrize("text", EXPEL)
def test_calls_to_expel(text: str) -> None:
    result = detect_text(text)
    assert result.identity >= 0.7, result
    assert result.threat == 0.0


@pytest.mark.parametrize("text", DEHUMANISE)
def test_dehumanisation_aimed_at_a_group(text: str) -> None:
    result = detect_text(text)
    assert result.identity >= 0.8, result
    assert result.toxicity >= 0.8


@pytest.mark.parametrize("text", HATRED)
def test_hatred_of_a_group_said_outright(text: str) -> None:
    result = detect_text(text)
    assert result.identity >= 0.7, result
    assert result.threat == 0.0
    assert any("identity_attack" in s.categories for s in result.spans)


@pytest.mark.parametrize("text", DEGRADE)
def test_one_sides_fighters_or_followers_called_vermin_are_insulted(text: str) -> None:
    result = detect_text(text)
    assert result.insult >= 0.7 and result.toxicity >= 0.8, result
    assert result.identity == 0.0 and result.threat == 0.0


@pytest.mark.parametrize("text", SLURS)
def test_a_slur_for_a_group_is_an_identity_attack_even_in_a_negated_clause(text: str) -> None:
    result = detect_text(text)
    assert result.identity >= 0.8 and result.insult >= 0.6, result
    assert any("identity_attack" in s.categories for s in result.spans)


@pytest.mark.parametrize("text", NAMES)
def test_compound_slurs_and_name_spellings(text: str) -> None:
    result = detect_text(text)
    assert result.insult >= 0.7, result
    assert result.spans


@pytest.mark.parametrize(
    "text", ["Jewlensky is a puppet.", "Those turkroaches again.", "What a bunch of kurdfuckers"]
)
def test_compound_slurs_on_a_group_are_identity_attacks(text: str) -> None:
    assert detect_text(text).identity >= 0.8


@pytest.mark.parametrize("text", CIVIL)
def test_civil_counterparts_pass(text: str) -> None:
    result = detect_text(text)
    assert result == incitement.IncitementResult(), (text, result)


def test_an_expulsion_slogan_holds_for_a_status_but_the_policy_sentence_does_not() -> None:
    assert detect_text("Refugees out!").identity >= 0.7
    assert detect_text("Refugees should be deported.").identity == 0.0
    assert detect_text("All refugees should be deported.").identity >= 0.7
    assert detect_text("Muslims should be deported.").identity >= 0.7
    assert detect_text("Muslim immigrants should be deported.").identity >= 0.7
    assert detect_text("Illegal immigrants should be deported.").identity == 0.0


def test_violence_against_a_legal_status_still_holds() -> None:
    assert detect_text("Illegal immigrants should be shot.").threat >= 0.85


def test_a_noun_after_an_ambiguous_group_name_is_not_the_group() -> None:
    assert detect_text("Nuke the Chinese embassy").threat == 0.0
    assert detect_text("Nuke the Chinese").threat >= 0.85
    assert detect_text("kill all the French fries").threat == 0.0


def test_sport_does_not_silence_genocidal_words() -> None:
    assert detect_text("After the match: the Turks should be gassed.").threat >= 0.85


# -- spans -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nice article. The Armenians should all be killed.", "The Armenians should all be killed"),
        ("Sure. All Turkmen in Syria must be shot!", "All Turkmen in Syria must be shot"),
        ("Good. More Kurds dead.", "Good. More Kurds dead"),
        ("Honestly, go back where you came from.", "go back where you came from"),
        ("In my view Muslims are a cancer on this country.", "Muslims are a cancer"),
        ("Ask Obummer.", "Obummer"),
    ],
)
def test_spans_are_the_words_of_the_match_in_original_offsets(text: str, expected: str) -> None:
    (span,) = detect_text(text).spans
    assert text[span.begin : span.end] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Well. The Armen1ans sh0uld all be k1lled!", "The Armen1ans sh0uld all be k1lled"),  # leet
        ("Тhе Кurds аrе vеrmin, period.", "Тhе Кurds аrе vеrmin"),  # Cyrillic look-alikes
        (
            "ok. ＪＥＷＳ ＮＥＥＤ ＴＯ ＢＥ ＥＸＴＥＲＭＩＮＡＴＥＤ",
            "ＪＥＷＳ ＮＥＥＤ ＴＯ ＢＥ ＥＸＴＥＲＭＩＮＡＴＥＤ",
        ),  # fullwidth
        ("Hey — s h o o t all the Kurds now", "s h o o t all the Kurds"),  # spaced letters
        ("lol kiiiill all the Muslims", "kiiiill all the Muslims"),  # stretched
        ("Café talk: the Kurdś should be shot.", "the Kurdś should be shot"),  # accents
    ],
)
def test_spans_map_back_through_normalisation(text: str, expected: str) -> None:
    result = detect_text(text)
    assert result.threat >= 0.8 or result.identity >= 0.8
    (span,) = result.spans
    assert text[span.begin : span.end] == expected


def test_spans_are_word_aligned() -> None:
    for text in ABUSIVE:
        for span in detect_text(text).spans:
            assert span.begin == 0 or not text[span.begin - 1].isalnum(), (text, span)
            assert span.end == len(text) or not text[span.end].isalnum(), (text, span)
            assert text[span.begin].isalnum() and text[span.end - 1].isalnum()


# -- the gates --------------------------------------------------------------------------------


def _ungated(text: str) -> list[tuple[str, str]]:
    """Every (pattern, match) the regexes give on the text, without gates or context."""
    norm = normalize(text).text
    return [(pat.name, m.group(0)) for pat in PATTERNS for m in pat.regex.finditer(norm)]


def test_every_match_passes_its_gates_and_the_trigger() -> None:
    by_name = {pat.name: pat for pat in PATTERNS}
    for text in ABUSIVE + CIVIL:
        for name, said in _ungated(text):
            pat = by_name[name]
            words = words_of(said)
            pre = prefixes(words)
            assert pat in triggered(pre) and pat.passes(pre), (name, said)
            if pat.substrings:
                assert any(sub in said for sub in pat.substrings), (name, said)
            if pat.group:
                assert not groups.HEAD_WORDS.isdisjoint(words), (name, said)


def test_every_pattern_is_exercised_by_an_abusive_case() -> None:
    hit = {name for text in ABUSIVE for name, _ in _ungated(text)}
    assert hit == {pat.name for pat in PATTERNS}


def test_most_ordinary_texts_skip_every_regex() -> None:
    ordinary = [
        "Thanks for the thoughtful article, I learned a lot about the council budget.",
        "The bus timetable changes on Monday; check the website.",
        "I disagree with the author about interest rates.",
        "Great photos of the harbour at sunset.",
        "My daughter loved the museum trip.",
    ]
    for text in ordinary:
        norm = normalize(text).text
        words = words_of(norm)
        assert not triggered(prefixes(words)) and groups.HEAD_WORDS.isdisjoint(words), text
        assert not any(c in norm for c in COMPOUND_GATE)


def test_group_lexicon_is_large_and_singulars_are_right() -> None:
    assert len(groups.PLURALS) + len(groups.ADJECTIVES) >= 200
    assert groups.singular("kurds") == "kurd"
    assert groups.singular("gypsies") == "gypsy"
    assert groups.singular("women") == "woman"
    assert groups.singular("chinese") == "chinese"
    assert re.fullmatch(groups.GROUP, "all turkmen in syria")


def test_detect_takes_the_normalised_text() -> None:
    norm = normalize("The Armenians should all be killed.")
    assert detect(norm) == detect_text("The Armenians should all be killed.")


def test_group_patterns_scanning_only_sentences_with_a_group_find_what_the_whole_text_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [*ABUSIVE, *CIVIL, " ".join(ABUSIVE[:40]), " ".join(CIVIL[:40]), "Hi. " + ". Ok! ".join(VIOLENCE)]
    windowed = [detect_text(t) for t in texts]
    monkeypatch.setattr(incitement, "_windows", lambda text, heads: [(0, len(text))])
    assert [detect(normalize(t)) for t in texts] == windowed


# -- across the lexicon -------------------------------------------------------------------------

_SAMPLE = [p for p in groups.PLURALS if p not in groups.STATUS][::8]
_ABUSIVE_FRAMES = [
    "{G} should all be killed.",
    "All {G} must be shot!",
    "Kill all the {G}.",
    "Glad those {G} died.",
    "Deport all the {G}.",
    "{G} out!",
    "{G} are vermin.",
    "The more dead {G} the better.",
]
_CIVIL_FRAMES = [
    "{G} were killed in the war.",
    "The report said {G} were shot by police.",
    "Calling {G} animals is racist.",
    "{G} should not be deported.",
    "The {G} team was wiped out in the final.",
    "{G} are out in force today.",
    "It is a tragedy that {G} died at sea.",
    "We should send aid to the {G}.",
]


@pytest.mark.parametrize("frame", _ABUSIVE_FRAMES)
def test_every_frame_holds_for_groups_across_the_lexicon(frame: str) -> None:
    missed = [g for g in _SAMPLE if detect_text(frame.format(G=g.title())).identity < 0.7]
    assert len(_SAMPLE) >= 25 and not missed


@pytest.mark.parametrize("frame", _CIVIL_FRAMES)
def test_civil_frames_pass_for_groups_across_the_lexicon(frame: str) -> None:
    # A group named by a slur is not named civilly, whatever the frame.
    held = [g for g in _SAMPLE if g not in groups.SLURS and detect_text(frame.format(G=g.title())).spans]
    assert not held
