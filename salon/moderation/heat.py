"""Flame-war detection: threads where two or three authors trade rapid replies with rising
toxicity, ranked for a moderator. It never acts: the dashboard's "Heated threads" queue shows
the ranking and the exchange, and a person chooses slow mode, a pause or a cool-down.

The features follow published work on conversations that derail (Zhang et al., ACL 2018,
"Conversations gone awry"; Chang & Danescu-Niculescu-Mizil, EMNLP 2019): how fast the two reply
to each other, how long their back-and-forth runs, whether the stored toxicity scores rise along
it, how much of it addresses the other person directly ("you…"), and how little of it carries
politeness cues (gratitude, apology, hedges, greetings). Each is scaled to 0-1 and combined into a
``heat`` score with fixed weights; the components are shown so a moderator sees why.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from typing import Any

import numpy as np

#: Categories whose stored score counts as a comment's toxicity.
TOXIC_CATEGORIES = ("toxicity", "severe_toxicity", "insult", "identity_attack", "threat", "profanity")

_SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself|you're|youre|you've|you'd|you'll|u|ur)\b", re.I)
_POLITE = re.compile(
    r"\b(please|thanks|thank you|thank|sorry|apolog\w*|i think|i guess|perhaps|maybe|i see your point|"
    r"fair point|good point|i agree|you're right|with respect|respectfully|hello|hi)\b",
    re.I,
)

#: The weights of the heat score's parts (they sum to 1).
WEIGHTS = {
    "exchange": 0.25,
    "rate": 0.2,
    "toxicity": 0.2,
    "trend": 0.15,
    "second_person": 0.1,
    "impoliteness": 0.1,
}
#: A pair needs this many replies to each other before it can be called an exchange.
MIN_EXCHANGE = 3


@dataclass(frozen=True)
class Message:
    """One comment as the detector sees it."""

    id: int
    author_id: int
    author_name: str
    parent_id: int | None
    created_at: datetime
    body: str
    toxicity: float


@dataclass
class Exchange:
    """Two authors' back-and-forth on one thread, with the features that score it."""

    authors: tuple[int, int]
    names: tuple[str, str]
    messages: list[Message]
    features: dict[str, float] = field(default_factory=dict)
    heat: float = 0.0


def toxicity_of(scores: dict[str, Any] | None) -> float:
    """The highest stored score among the abuse categories (0 when none was stored)."""
    found = [float(v) for k, v in (scores or {}).items() if k in TOXIC_CATEGORIES and v is not None]
    return max(found, default=0.0)


def _share(pattern: re.Pattern[str], texts: Sequence[str]) -> float:
    return sum(1 for t in texts if pattern.search(t)) / len(texts) if texts else 0.0


def _trend(values: Sequence[float]) -> float:
    """The least-squares slope of the values over their order, per message (0 for fewer than 3)."""
    if len(values) < 3:
        return 0.0
    x = np.arange(len(values), dtype=float)
    slope = np.polyfit(x, np.asarray(values, dtype=float), 1)[0]
    return float(slope)


def _clip(value: float) -> float:
    return float(min(1.0, max(0.0, value)))


def score_exchange(messages: Sequence[Message]) -> dict[str, float]:
    """The features of one exchange, each scaled to 0-1, and ``heat`` (their weighted sum)."""
    texts = [m.body for m in messages]
    tox = [m.toxicity for m in messages]
    gaps = [(b.created_at - a.created_at).total_seconds() for a, b in pairwise(messages)]
    median_gap = float(np.median(gaps)) if gaps else 3600.0
    slope = _trend(tox)
    parts = {
        # 3 replies barely count, 10 or more is a long fight.
        "exchange": _clip((len(messages) - 2) / 8),
        # a reply every minute or faster is as hot as it gets; one an hour apart is not.
        "rate": _clip(1 - (np.log10(max(median_gap, 60)) - np.log10(60)) / (np.log10(3600) - np.log10(60))),
        "toxicity": _clip(float(np.mean(tox[-3:])) / 0.6),
        # a rise of 0.1 per message over the exchange is a steep one.
        "trend": _clip(slope / 0.1),
        "second_person": _share(_SECOND_PERSON, texts),
        "impoliteness": 1 - _share(_POLITE, texts),
    }
    heat = sum(WEIGHTS[k] * v for k, v in parts.items())
    return {
        **parts,
        "heat": round(heat, 4),
        "median_gap_seconds": round(median_gap, 1),
        "toxicity_slope": round(slope, 4),
        "replies": float(len(messages)),
    }


def exchanges(messages: Iterable[Message]) -> list[Exchange]:
    """Every pair of authors who replied to each other at least ``MIN_EXCHANGE`` times, scored.

    A message belongs to a pair when it replies to the other author of the pair; messages are
    kept in time order, so the exchange reads as it happened.
    """
    by_id = {m.id: m for m in messages}
    pairs: dict[tuple[int, int], list[Message]] = defaultdict(list)
    for m in sorted(by_id.values(), key=lambda m: (m.created_at, m.id)):
        parent = by_id.get(m.parent_id) if m.parent_id is not None else None
        if parent is None or parent.author_id == m.author_id:
            continue
        key = (min(m.author_id, parent.author_id), max(m.author_id, parent.author_id))
        if not pairs[key]:
            pairs[key].append(parent)  # the comment that started it
        pairs[key].append(m)
    found = []
    for (a, b), msgs in pairs.items():
        replies = len(msgs) - 1
        if replies < MIN_EXCHANGE:
            continue
        names = {m.author_id: m.author_name for m in msgs}
        ex = Exchange((a, b), (names.get(a, "?"), names.get(b, "?")), msgs)
        ex.features = score_exchange(msgs)
        ex.heat = ex.features["heat"]
        found.append(ex)
    return sorted(found, key=lambda e: -e.heat)


@dataclass
class HeatedThread:
    """A thread's hottest exchange (and how many authors took part in the thread recently)."""

    thread: Any
    exchange: Exchange
    participants: int
    others: list[Exchange] = field(default_factory=list)
    #: The thread's slow mode and pause (``db.defence.ThreadControls``), filled in for the page.
    controls: Any = None

    @property
    def heat(self) -> float:
        return self.exchange.heat


def rank(threads: Iterable[tuple[Any, list[Message]]], min_heat: float = 0.0) -> list[HeatedThread]:
    """Threads ordered by their hottest exchange; threads without an exchange are left out."""
    out = []
    for thread, msgs in threads:
        found = exchanges(msgs)
        if not found or found[0].heat < min_heat:
            continue
        out.append(HeatedThread(thread, found[0], len({m.author_id for m in msgs}), found[1:]))
    return sorted(out, key=lambda h: -h.heat)
