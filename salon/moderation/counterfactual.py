"""A text's counterfactual twin: the same words with every group name replaced by a neutral one.

A model trained on comment sections learns the names of groups as evidence of abuse, because
abuse names them far more often than civil talk does: "I am a gay man." or "Our new neighbours
are Somali." score as identity attacks although nothing in them attacks anyone. The twin asks
what the text says without the names: "I am a man.", "Our new neighbours are local." If
the twin reads as civil, the group's name was the only evidence, and the classifier keeps the
original's scores below the hold (``StagedClassifier``); if the twin reads as hostile ("people
are vermin", "kill people"), the original keeps its scores.

An adjective before a noun is left out ("gay people" → "people", "a black woman" → "a woman"); a
plural naming a group becomes "people", a singular noun "person", an adjective alone "local"
("they are local", "I am a local"); an adjective fused with a hyphen keeps its suffix ("Black-owned"
→ "local-owned"). Slurs are not group names here: they keep their weight in the twin.
"""

from __future__ import annotations

import re

from salon.moderation.groups import ADJECTIVES, PLURALS, SINGULARS, SLURS, singular
from salon.moderation.threats import literal_regex

__all__ = ["IDENTITY_WORDS", "neutral_twin"]


def _listed(text: str) -> list[str]:
    return text.split()


# Words naming who someone is that the incitement patterns do not need as targets but that a
# model learns as a prior all the same.
_EXTRA_ADJECTIVES = _listed(
    "straight heterosexual homosexual bi nonbinary non-binary intersex asexual elderly paralysed "
    "paralyzed latinx feminist wheelchair-using middle-eastern biracial mixed-race"
)
_EXTRA_PLURALS = _listed(
    "feminists heterosexuals homosexuals trans transwomen transmen pensioners wheelchair-users"
)
_EXTRA_SINGULARS = _listed("transwoman transman pensioner")

_PLURALS = frozenset(p for p in PLURALS if p not in SLURS) | frozenset(_EXTRA_PLURALS)
_SLUR_SINGULARS = frozenset(singular(p) for p in SLURS)
_SINGULARS = frozenset(SINGULARS) - _SLUR_SINGULARS | frozenset(_EXTRA_SINGULARS)
_ADJECTIVES = frozenset(ADJECTIVES) | frozenset(_EXTRA_ADJECTIVES)
#: Every word or phrase the twin replaces.
IDENTITY_WORDS: frozenset[str] = _PLURALS | _SINGULARS | _ADJECTIVES

# Words after an adjective that are not the noun it would name ("gay is", "Jewish and proud").
_NOT_NOUN = frozenset(
    _listed(
        "the a an and or but who that which in from of to for with at on by as is are was were be been "
        "being will would should can could may might must have has had do does did not too so very "
        "than then because if when where while yet also enough anymore now here there all"
    )
)
_NAME = re.compile(
    r"(?<![\w'-])(" + literal_regex(sorted(IDENTITY_WORDS)) + r")(?![\w'-])( +[A-Za-z]+)?",
    re.IGNORECASE,
)


def _replace(m: re.Match[str]) -> str:
    word = m.group(1).lower()
    after = m.group(2) or ""
    noun_follows = bool(after) and after.strip().lower() not in _NOT_NOUN
    if word in _ADJECTIVES and noun_follows:  # "gay people" -> "people", "a black woman" -> "a woman"
        return _NAME.sub(_replace, after.lstrip())  # the noun may itself be a group name
    if word in _PLURALS:
        new = "people"
    elif word in _ADJECTIVES:  # an adjective alone: "is local", "a local" read as English
        new = "local"
    else:
        new = "person"
    return new + after


# A group's adjective fused with a hyphen ("Black-owned", "Muslim-majority", "Somali-born",
# "Jewish-American") becomes "local-owned", "local-majority", "local-born", "local-American".
_FUSED = re.compile(
    rf"(?<![\w'-])(?:{literal_regex(sorted(_ADJECTIVES))})-(owned|led|run|founded|majority|born|friendly|"
    r"americans?|british|canadians?|australians?)(?![\w'-])",
    re.IGNORECASE,
)


# What a faith or a people has rather than who they are — its places of worship, dress, scripture,
# feasts and languages — is as much a learned prior as its name: "The mosque is two blocks from my
# house." as "The hall is two blocks from my house.", "Our Hindu neighbours' Diwali lights" as "Our
# neighbours' festival lights", "open to non-Muslims" as "open to others".
_BELONGINGS: dict[str, str] = {
    **dict.fromkeys(_listed("mosque synagogue gurdwara temple church madrasa madrassa yeshiva"), "hall"),
    **dict.fromkeys(
        _listed("mosques synagogues gurdwaras temples churches madrasas madrassas yeshivas"), "halls"
    ),
    **dict.fromkeys(_listed("hijab headscarf niqab burqa burka turban kippah yarmulke veil"), "hat"),
    **dict.fromkeys(
        _listed("hijabs headscarves niqabs burqas burkas turbans kippot yarmulkes veils"), "hats"
    ),
    **dict.fromkeys(_listed("islam judaism sikhism hinduism christianity buddhism"), "religion"),
    **dict.fromkeys(_listed("quran koran torah talmud bible"), "book"),
    **dict.fromkeys(
        _listed("ramadan eid diwali passover hanukkah hanukah chanukah purim vaisakhi holi lunar-new-year"),
        "festival",
    ),
    **dict.fromkeys(["bar mitzvah", "bat mitzvah", "bar mitzvahs", "bat mitzvahs"], "party"),
    **dict.fromkeys(_listed("hebrew yiddish urdu punjabi arabic swahili"), "local"),
    **dict.fromkeys(_listed("pronouns"), "names"),
}
_BELONGING = re.compile(r"(?<![\w'-])(" + literal_regex(sorted(_BELONGINGS)) + r")(?![\w'-])", re.IGNORECASE)
# "non-Muslims", "non-Jewish", "non-white": everyone else.
_NON = re.compile(
    r"(?<![\w'-])non-(?:" + literal_regex(sorted(IDENTITY_WORDS)) + r")(?![\w'-])", re.IGNORECASE
)


def neutral_twin(text: str) -> str | None:
    """``text`` with its group names replaced by neutral words, or None when it names no group."""
    text, fused = _FUSED.subn(r"local-\1", text)
    text, others = _NON.subn("others", text)
    text, belongs = _BELONGING.subn(lambda m: _BELONGINGS[m.group(1).lower()], text)
    twin, n = _NAME.subn(_replace, text)
    return twin if n + fused + others + belongs else None
