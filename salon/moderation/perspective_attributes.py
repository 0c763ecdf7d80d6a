"""Perspective's attribute names and how each is answered from salon's categories.

Every attribute Perspective documented is listed: those salon can answer map to one of its
categories (``SCORED``); the rest are refused the way Perspective refused an attribute it did
not know (``REFUSED``, see docs/perspective.md for the table and the reasons).

Scores are made continuous before they are reported (``perspective_scores``).  The built-in
model lifts a category to a fixed value when a rule fires (a death threat sets severe toxicity
to at least 0.8), so many different texts would score exactly the same, right at the thresholds
clients compare with ``>`` (Coral's default is ``score > 0.8``).  Each category is combined,
noisy-or style, with the related evidence the model also found; the result is monotone in every
input, never lower than salon's own score, and only moves a score that other categories back.
"""

from __future__ import annotations

from collections.abc import Mapping

#: Attribute -> salon category, for every attribute salon scores.
SCORED: dict[str, str] = {
    "TOXICITY": "toxicity",
    "SEVERE_TOXICITY": "severe_toxicity",
    "IDENTITY_ATTACK": "identity_attack",
    "INSULT": "insult",
    "PROFANITY": "profanity",
    "THREAT": "threat",
    "TOXICITY_EXPERIMENTAL": "toxicity",
    "SEVERE_TOXICITY_EXPERIMENTAL": "severe_toxicity",
    "IDENTITY_ATTACK_EXPERIMENTAL": "identity_attack",
    "INSULT_EXPERIMENTAL": "insult",
    "PROFANITY_EXPERIMENTAL": "profanity",
    "THREAT_EXPERIMENTAL": "threat",
    "SEVERE_TOXICITY_BETA": "severe_toxicity",
    # The New York Times set.
    "ATTACK_ON_AUTHOR": "insult",
    "ATTACK_ON_COMMENTER": "insult",
    "OBSCENE": "profanity",
    "SPAM": "spam",
    "LIKELY_TO_REJECT": "likely_to_reject",
}

#: Documented attributes salon has no category for, with the reason (for the docs table).
REFUSED: dict[str, str] = {
    "SEXUALLY_EXPLICIT": "no sexual-content category in salon's model",
    "FLIRTATION": "no flirtation category",
    "INCOHERENT": "no coherence category",
    "INFLAMMATORY": "no category for provocation without abuse",
    "UNSUBSTANTIAL": "no category for substance",
    "AFFINITY_EXPERIMENTAL": "bridging attribute: salon scores harm, not its opposite",
    "COMPASSION_EXPERIMENTAL": "bridging attribute",
    "CURIOSITY_EXPERIMENTAL": "bridging attribute",
    "NUANCE_EXPERIMENTAL": "bridging attribute",
    "PERSONAL_STORY_EXPERIMENTAL": "bridging attribute",
    "REASONING_EXPERIMENTAL": "bridging attribute",
    "RESPECT_EXPERIMENTAL": "bridging attribute",
}

#: How much of the related evidence may lift a category (noisy-or weight).
LIFT = 0.5
#: The categories that make up LIKELY_TO_REJECT (what a moderator would remove).
_REJECTABLE = ("toxicity", "severe_toxicity", "identity_attack", "insult", "threat", "spam")


def _or(base: float, *evidence: float) -> float:
    """Noisy-or of ``base`` with each piece of evidence weighted by LIFT; stays within [0, 1)."""
    keep = 1.0 - base
    for e in evidence:
        keep *= 1.0 - LIFT * e
    return min(max(1.0 - keep, 0.0), 0.999)


def perspective_scores(scores: Mapping[str, float]) -> dict[str, float]:
    """salon's category scores -> the continuous scores reported to Perspective clients,
    keyed by salon category plus ``likely_to_reject``."""
    g = {c: float(scores.get(c, 0.0)) for c in (*_REJECTABLE, "profanity")}
    tox, sev, thr = g["toxicity"], g["severe_toxicity"], g["threat"]
    out = {
        # Severe toxicity is backed by toxicity together with a threat or an attack.
        "severe_toxicity": _or(sev, tox * max(thr, g["identity_attack"])),
        # A threat is backed by toxicity together with severity.
        "threat": _or(thr, tox * sev),
        # Toxicity is backed by severity together with a threat, an insult or an attack.
        "toxicity": _or(tox, sev * max(thr, g["insult"], g["identity_attack"])),
        "identity_attack": _or(g["identity_attack"], sev * tox * g["identity_attack"]),
        "insult": _or(g["insult"], sev * tox * g["insult"]),
        "profanity": g["profanity"],
        "spam": g["spam"],
    }
    out["likely_to_reject"] = _or(max(out[c] for c in _REJECTABLE), *(out[c] for c in _REJECTABLE))
    return out


def category_of(attribute: str) -> str | None:
    """The salon category that answers ``attribute`` (upper-cased), or None if it is refused."""
    return SCORED.get(attribute)
