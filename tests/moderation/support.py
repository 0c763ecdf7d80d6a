"""Helpers for the moderation tests: the real model (loaded once), a failing twin, site policy,
the damping of a text's words."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import select

from salon.actions.sites import update_settings
from salon.db import tables as t
from salon.db.engine import now
from salon.moderation.classifiers.base import Analysis, ClassifierError
from salon.moderation.classifiers.damping import context_damping
from salon.moderation.classifiers.linear import LinearClassifier, tokens
from salon.moderation.normalize import normalize
from salon.services import Services


@cache
def real_model() -> LinearClassifier:
    """The shipped model, loaded once per test process (it is thread-safe and read-only)."""
    return LinearClassifier.load()


class FailingClassifier:
    """A classifier that cannot score: the Null twin for the error path."""

    name = "failing"
    version = "0"

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        raise ClassifierError("model file is corrupt")


class FixedClassifier:
    """Scores every text the same way (deterministic thresholds tests)."""

    name = "fixed"
    version = "7"

    def __init__(self, **scores: float) -> None:
        self.scores = scores

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        base = dict.fromkeys(
            ("toxicity", "severe_toxicity", "identity_attack", "insult", "profanity", "threat", "spam"), 0.0
        )
        return [Analysis(scores={**base, **self.scores}) for _ in texts]


def configure(services: Services, site: Any, **settings: Any) -> None:
    update_settings(services, site.id, settings, actor="test")


def comment_row(services: Services, comment_id: int) -> Any:
    with services.db.read() as conn:
        return conn.execute(select(t.comments).where(t.comments.c.id == comment_id)).one()


def records(services: Services, comment_id: int) -> list[Any]:
    with services.db.read() as conn:
        q = select(t.moderation_records).where(t.moderation_records.c.comment_id == comment_id)
        return list(conn.execute(q.order_by(t.moderation_records.c.id)))


def sanction(services: Services, author_id: int, kind: str, until: datetime | None = None) -> None:
    with services.db.write() as conn:
        site_id = conn.execute(select(t.authors.c.site_id).where(t.authors.c.id == author_id)).scalar_one()
        conn.execute(
            t.sanctions.insert().values(
                site_id=site_id, author_id=author_id, kind=kind, reason="test", until=until, created_at=now()
            )
        )


def damping_by_word(text: str) -> list[tuple[str, float]]:
    """Each normalised word of ``text`` with the multiplier damping gives it (1.0: undamped)."""
    norm = normalize(text)
    words = tokens(norm)
    damp = context_damping(norm.text, words) or [1.0] * len(words)
    return [(w, m) for (_, _, w), m in zip(words, damp, strict=True)]


def damped(
    text: str, frame: Callable[[str, list[tuple[int, int, str]], list[float]], None] | None = None
) -> list[str]:
    """The words of ``text`` that damping counts for less; with ``frame`` (one of ``damping``'s
    ``_damp_…`` functions), those that frame alone does."""
    if frame is None:
        return [w for w, m in damping_by_word(text) if m < 1.0]
    norm = normalize(text)
    words = tokens(norm)
    damp = [1.0] * len(words)
    frame(norm.text, words, damp)
    return [w for (_, _, w), m in zip(words, damp, strict=True) if m < 1.0]
