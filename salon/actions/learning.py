"""Training each site's adjustment from its moderators' decisions, measuring it on the decisions
held out, and resetting it. The only code that writes ``site_adjustments`` and
``learning_examples``; the model itself is in ``salon.moderation.learning``."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, update

from salon.actions.audit import audit
from salon.actions.users import Moderator
from salon.db import tables as t
from salon.db.engine import now
from salon.moderation import learning
from salon.moderation.policy import Policy
from salon.services import Services

log = logging.getLogger(__name__)
sa_ = t.site_adjustments
EVAL_LIMIT = 1000


def load(conn: Connection, site_id: int) -> learning.Adjustment:
    """The site's adjustment (empty, version 0, when it has learned nothing yet)."""
    row = conn.execute(select(sa_).where(sa_.c.site_id == site_id)).first()
    if row is None:
        return learning.Adjustment()
    return learning.Adjustment.from_json(row.data, int(row.version), int(row.decisions))


def _store(conn: Connection, site_id: int, adj: learning.Adjustment, **extra: Any) -> None:
    values = {
        "version": adj.version,
        "decisions": adj.decisions,
        "data": adj.to_json(),
        "updated_at": now(),
        **extra,
    }
    found = conn.execute(select(sa_.c.site_id).where(sa_.c.site_id == site_id)).first()
    if found is None:
        conn.execute(sa_.insert().values(site_id=site_id, **values))
    else:
        conn.execute(update(sa_).where(sa_.c.site_id == site_id).values(**values))


def _base_scores(services: Services, texts: list[str]) -> list[dict[str, float]]:
    """The shipped model's scores (the adjustment learns on top of them, never on its own)."""
    return [dict(a.scores) for a in services.classifier.analyze(texts)]


def learn_from(services: Services, rows: Iterable[Any], action: str) -> int:
    """Train on moderator decisions about scored comments; returns how many were trained on.

    A comment is scored when the pipeline stored scores with it. One in five decisions (by id)
    is kept as held out. Never raises: learning must not undo a decision already made.
    """
    scored = [r for r in rows if (r.moderation or {}).get("scores") and learning.labels_for(action)]
    if not scored:
        return 0
    try:
        return _learn(services, scored, action)
    except Exception:  # a decision stands even when learning from it fails; the log says why
        log.exception("learning from a decision failed")
        return 0


def _learn(services: Services, scored: list[Any], action: str) -> int:
    by_site: dict[int, list[Any]] = {}
    for r in scored:
        if Policy.from_settings(_settings(services, r.site_id)).learning_enabled:
            by_site.setdefault(int(r.site_id), []).append(r)
    trained = 0
    for site_id, rows in by_site.items():
        train = [r for r in rows if not learning.is_held_out(int(r.id))]
        bases = _base_scores(services, [r.body for r in train]) if train else []
        with services.db.write() as conn:
            adj = load(conn, site_id)
            for r, base in zip(train, bases, strict=True):
                trained += adj.learn(r.body, base, action)
            if train:
                _store(conn, site_id, adj)
            conn.execute(
                t.learning_examples.insert(),
                [
                    {
                        "site_id": site_id,
                        "comment_id": r.id,
                        "action": action,
                        "held_out": learning.is_held_out(int(r.id)),
                        "created_at": now(),
                    }
                    for r in rows
                ],
            )
    return trained


def _settings(services: Services, site_id: int) -> dict[str, Any]:
    with services.db.read() as conn:
        row = conn.execute(select(t.sites.c.settings).where(t.sites.c.id == site_id)).first()
    return dict(row[0] or {}) if row else {}


@dataclass(frozen=True)
class HeadReport:
    head: str
    seen: int
    up: list[tuple[str, float]]
    down: list[tuple[str, float]]
    before: learning.Quality
    after: learning.Quality


def _held_at(policy: Policy, scores: dict[str, float], head: str) -> bool:
    if head == "spam":
        return scores.get("spam", 0.0) >= policy.hold_at("spam")
    return any(scores.get(c, 0.0) >= policy.hold_at(c) for c in learning.ABUSE if c in policy.thresholds)


def report(services: Services, moderator: Moderator, site_id: int) -> tuple[int, int, list[HeadReport]]:
    """The site's version, decisions trained on, and per head: its strongest features and
    precision/recall at the hold on the held-out decisions, shipped model vs adjusted."""
    moderator.require(site_id)
    e, c = t.learning_examples, t.comments
    with services.db.read() as conn:
        adj = load(conn, site_id)
        held = list(
            conn.execute(
                select(e.c.action, c.c.body)
                .join(c, c.c.id == e.c.comment_id)
                .where(e.c.site_id == site_id, e.c.held_out.is_(True))
                .order_by(e.c.created_at.desc())
                .limit(EVAL_LIMIT)
            )
        )
        settings = conn.execute(select(t.sites.c.settings).where(t.sites.c.id == site_id)).scalar()
    policy = Policy.from_settings(settings or {})
    bases = _base_scores(services, [r.body for r in held]) if held else []
    out = []
    for head in learning.HEADS:
        rows = [(r, b) for r, b in zip(held, bases, strict=True) if head in learning.labels_for(r.action)]
        actual = [learning.labels_for(r.action)[head] for r, _ in rows]
        before = learning.quality([_held_at(policy, b, head) for _, b in rows], actual)
        after = learning.quality(
            [_held_at(policy, adj.adjusted(r.body, b)[0], head) for r, b in rows], actual
        )
        up, down = adj.heads[head].top(12)
        out.append(HeadReport(head, adj.heads[head].seen, up, down, before, after))
    return adj.version, adj.decisions, out


def reset(services: Services, moderator: Moderator, site_id: int) -> int:
    """Forget what the site learned: a new, empty version (the examples stay, for measuring)."""
    moderator.require(site_id)
    with services.db.write() as conn:
        old = load(conn, site_id)
        fresh = learning.Adjustment(version=old.version + 1)
        _store(conn, site_id, fresh, reset_at=now())
        audit(
            conn,
            moderator.actor,
            "learning.reset",
            site_id=site_id,
            target_type="site",
            target_id=site_id,
            details={"from_version": old.version, "decisions": old.decisions},
        )
    return fresh.version
