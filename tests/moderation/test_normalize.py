"""normalize(): obfuscation undone, offsets back to the original; find_terms: whole words only."""

from __future__ import annotations

import pytest

from salon.moderation.normalize import find_terms, normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("F*CK1NG", "fucking"),
        ("sh!t", "shit"),
        ("$h1t", "shit"),
        ("@ss", "ass"),
        ("a55", "ass"),
        ("b1tch", "bitch"),
        ("fuuuuuck", "fuck"),
        ("shiiiit", "shit"),
        ("f**k", "fuck"),
        ("a**hole", "asshole"),
        ("s h o o t", "shoot"),
        ("m.o.r.o.n", "moron"),
        ("f-u-c-k", "fuck"),
        ("Ｆｕｃｋ", "fuck"),
        ("ѕһіт", "shit"),
        ("іdіοt", "idiot"),
        ("Fück", "fuck"),
        ("fu\u200bck", "fuck"),
    ],
)
def test_obfuscations_are_undone(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


@pytest.mark.parametrize("raw", ["covid19", "1946", "10am", "3rd", "mp3", "@USER_95", "goooood"])
def test_ordinary_tokens_survive(raw: str) -> None:
    expected = {"goooood": "good"}.get(raw, raw.lower())
    assert normalize(raw).text == expected


def test_urls_are_not_rewritten() -> None:
    assert normalize("see http://x.com/a1b3 now").text == "see http://x.com/a1b3 now"


def test_offsets_cover_each_normalised_character() -> None:
    raw = "You are a F*CK1NG m.o.r.o.n!!"
    norm = normalize(raw)
    assert len(norm.offsets) == len(norm.ends) == len(norm.text)
    b = norm.text.index("moron")
    assert norm.to_original(b, b + 5) == (18, 27)
    assert raw[18:27] == "m.o.r.o.n"


def test_stretched_word_maps_to_whole_original() -> None:
    raw = "oh fuuuuuck you"
    norm = normalize(raw)
    assert norm.text == "oh fuck you"
    assert norm.to_original(3, 7) == (3, 11)


def test_non_ascii_offsets() -> None:
    raw = "ﬁne ѕһіт here"  # the ligature expands to two characters
    norm = normalize(raw)
    assert norm.text == "fine shit here"
    b = norm.text.index("shit")
    assert raw[slice(*norm.to_original(b, b + 4))] == "ѕһіт"


@pytest.mark.parametrize("text", ["Scunthorpe", "class", "assess", "cocktail", "passage", "Dickens", "as"])
def test_no_scunthorpe_problem(text: str) -> None:
    assert find_terms(text, ["cunt", "ass", "cock", "dick"]) == []


def test_find_terms_returns_original_spans() -> None:
    raw = "Scunthorpe is fine, but you are an @ss and a c0ck, a fuuuuck-up"
    found = find_terms(raw, ["ass", "cock", "fuck", "cunt"])
    assert [(raw[b:e], t) for b, e, t in found] == [("@ss", "ass"), ("c0ck", "cock"), ("fuuuuck", "fuck")]


def test_find_terms_phrases_and_masks() -> None:
    raw = "just k i l l yourself, you w**d"
    found = find_terms(raw, ["kill yourself", "weed"])
    assert [(raw[b:e], t) for b, e, t in found] == [("k i l l yourself", "kill yourself"), ("w**d", "weed")]
