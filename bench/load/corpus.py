"""The threads both servers are loaded with: nested replies and markdown bodies, made reproducibly.

A thread is a list of ``Seed`` comments in posting order; ``parent`` is an index into that list.
Large threads are reply-heavy (as they are in the wild) and have at most ``MAX_TOP`` top-level
comments, so the whole thread comes back in one response from salon (``limit=200``) and from
Isso (which has no page size by default): both servers send the same comments.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SIZES = (10, 200, 2000)
MAX_TOP = 200
MAX_DEPTH = 4

_NAMES = [
    "Ann Lee",
    "Bo Schmidt",
    "Chidi Okafor",
    "Dana Ruiz",
    "Emil Novak",
    "Fatima Haddad",
    "Gus Berg",
    "Hana Sato",
    "Ivo Petrov",
    "Jo March",
    "Kim Park",
    "Lena Weiss",
    "Marco Rossi",
    "Nia Brown",
]
_SENTENCES = [
    "I read the council minutes and the numbers in the third table do not add up.",
    "Thanks for writing this, it matches what we saw in our neighbourhood last winter.",
    "The **budget** line for road repairs was cut twice, which the article leaves out.",
    "Has anyone asked the transport office why the bus route changed without notice?",
    "This is a *fair* summary, though I would have liked a quote from the opposition.",
    "My grandmother lived on that street for forty years and never saw it this bad.",
    "See the [original report](https://example.org/report.pdf) for the full figures.",
    "I disagree: the school closures were planned long before the election.",
    "The same thing happened in 2014 and nobody learned anything from it.",
    "Could the author share the data? A spreadsheet would help readers check the claims.",
    "Good point about the library hours; weekends matter most to working parents.",
    "It is worth reading the footnotes, where the caveats actually are.",
]
_LIST = "\n\nWhat I would ask:\n\n- who signed off on it\n- what it cost\n- when it will be fixed"
_QUOTE = "> the numbers in the third table do not add up\n\n"
_CODE = "\n\nFrom the dataset: `SELECT count(*) FROM complaints WHERE year = 2024` gives 1,204."


@dataclass(frozen=True)
class Seed:
    author: str
    email: str | None
    website: str | None
    body: str
    parent: int | None  # index of the parent in the thread's list


def _body(rng: random.Random, replying: bool) -> str:
    paragraphs = []
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
        paragraphs.append(" ".join(rng.sample(_SENTENCES, rng.randint(1, 3))))
    body = "\n\n".join(paragraphs)
    roll = rng.random()
    if replying and roll < 0.2:
        body = _QUOTE + body
    elif roll < 0.3:
        body += _LIST
    elif roll < 0.35:
        body += _CODE
    return body


def thread(size: int, seed: int = 7) -> list[Seed]:
    """``size`` comments: about 30 % top-level (at most MAX_TOP), the rest replies up to MAX_DEPTH."""
    rng = random.Random(seed * 100_003 + size)
    tops = max(1, min(MAX_TOP, round(size * 0.3)))
    top_at = set(rng.sample(range(1, size), tops - 1)) | {0}
    out: list[Seed] = []
    depth: list[int] = []
    for i in range(size):
        parent = None
        if i not in top_at:
            # Replies go mostly to recent comments, as conversations do.
            candidates = [j for j in range(max(0, i - 40), i) if depth[j] < MAX_DEPTH] or [0]
            parent = rng.choice(candidates)
        name = rng.choice(_NAMES)
        out.append(
            Seed(
                author=name,
                email=f"{name.split()[0].lower()}@example.net" if rng.random() < 0.5 else None,
                website="https://example.net/~" + name.split()[0].lower() if rng.random() < 0.15 else None,
                body=_body(rng, parent is not None),
                parent=parent,
            )
        )
        depth.append(0 if parent is None else depth[parent] + 1)
    return out


def post_bodies(n: int = 64, seed: int = 11) -> list[str]:
    """Bodies for the POST benchmark; the load script makes each one unique with a counter."""
    rng = random.Random(seed)
    return [_body(rng, False) for _ in range(n)]
