"""Training each site's adjustment from its moderators' decisions and from Perspective feedback
(``comments:suggestscore``), measuring it on what was held out, and resetting it. The only code
that writes ``site_adjustments`` and ``learning_examples``; the model itself is in
``salon.moderation.learning``."""

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


def learn_from_suggestion(services: Services, site_id: int | None, suggestion_id: int) -> bool:
    """Train the site's adjustment on one stored Perspective suggestion; True when it did.

    Through the same step as a moderator's decision (``Adjustment.train``, source
    ``"perspective"``), labelled by ``learning.labels_from_suggestion``. Not trained on: a key of
    no site, a site with learning off, a suggestion that labels nothing, a held-out one (the
    dashboard measures on those), and a repeat — the same labels as the previous suggestion with
    the same client token (each change of mind trains once, as with decisions). Never raises:
    the suggestion is stored whatever happens here.
    """
    if site_id is None:
        return False
    try:
        return _learn_suggestion(services, site_id, suggestion_id)
    except Exception:  # the feedback is kept even when learning from it fails; the log says why
        log.exception("learning from a Perspective suggestion failed")
        return False


def _learn_suggestion(services: Services, site_id: int, suggestion_id: int) -> bool:
    ps = t.perspective_suggestions
    if not Policy.from_settings(_settings(services, site_id)).learning_enabled:
        return False
    with services.db.read() as conn:
        row = conn.execute(select(ps).where(ps.c.id == suggestion_id)).first()
        if row is None:
            return False
        labels = learning.labels_from_suggestion(row.scores or {})
        if not labels or learning.suggestion_held_out(int(row.id), row.client_token):
            return False
        if row.client_token:
            previous = conn.execute(
                select(ps.c.scores)
                .where(ps.c.client_token == row.client_token, ps.c.site_id == site_id, ps.c.id < row.id)
                .order_by(ps.c.id.desc())
                .limit(1)
            ).first()
            if previous is not None and learning.labels_from_suggestion(previous.scores or {}) == labels:
                return False
    [base] = _base_scores(services, [row.text])
    with services.db.write() as conn:
        adj = load(conn, site_id)
        adj.train(row.text, base, labels, "perspective")
        _store(conn, site_id, adj)
    return True


def sources(services: Services, moderator: Moderator, site_id: int) -> dict[str, int]:
    """How many of the examples the site's adjustment learned from came from each source."""
    moderator.require(site_id)
    with services.db.read() as conn:
        adj = load(conn, site_id)
    return {s: adj.sources.get(s, 0) for s in learning.SOURCES}


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
    #: How many of the held-out examples measured on are Perspective feedback.
    from_feedback: int = 0


def _held_at(policy: Policy, scores: dict[str, float], head: str) -> bool:
    if head == "spam":
        return scores.get("spam", 0.0) >= policy.hold_at("spam")
    return any(scores.get(c, 0.0) >= policy.hold_at(c) for c in learning.ABUSE if c in policy.thresholds)


def report(services: Services, moderator: Moderator, site_id: int) -> tuple[int, int, list[HeadReport]]:
    """The site's version, decisions trained on, and per head: its strongest features and
    precision/recall at the hold on the held-out examples (moderators' decisions and
    Perspective feedback), shipped model vs adjusted."""
    moderator.require(site_id)
    e, c = t.learning_examples, t.comments
    with services.db.read() as conn:
        adj = load(conn, site_id)
        decided = conn.execute(
            select(e.c.action, c.c.body)
            .join(c, c.c.id == e.c.comment_id)
            .where(e.c.site_id == site_id, e.c.held_out.is_(True))
            .order_by(e.c.created_at.desc())
            .limit(EVAL_LIMIT)
        )
        held = [_Held(r.body, learning.labels_for(r.action), False) for r in decided]
        held += _held_out_feedback(conn, site_id)
        settings = conn.execute(select(t.sites.c.settings).where(t.sites.c.id == site_id)).scalar()
    policy = Policy.from_settings(settings or {})
    bases = _base_scores(services, [h.text for h in held]) if held else []
    out = []
    for head in learning.HEADS:
        rows = [(h, b) for h, b in zip(held, bases, strict=True) if head in h.labels]
        actual = [h.labels[head] for h, _ in rows]
        before = learning.quality([_held_at(policy, b, head) for _, b in rows], actual)
        after = learning.quality(
            [_held_at(policy, adj.adjusted(h.text, b)[0], head) for h, b in rows], actual
        )
        up, down = adj.heads[head].top(12)
        feedback = sum(1 for h, _ in rows if h.feedback)
        out.append(HeadReport(head, adj.heads[head].seen, up, down, before, after, feedback))
    return adj.version, adj.decisions, out


@dataclass(frozen=True)
class _Held:
    text: str
    labels: dict[str, int]
    feedback: bool


def _held_out_feedback(conn: Connection, site_id: int) -> list[_Held]:
    """The site's held-out Perspective suggestions that label something, the newest about each
    comment (client token) only."""
    ps = t.perspective_suggestions
    rows = conn.execute(
        select(ps.c.id, ps.c.client_token, ps.c.text, ps.c.scores)
        .where(ps.c.site_id == site_id)
        .order_by(ps.c.id.desc())
        .limit(EVAL_LIMIT * learning.HELD_OUT_EVERY)
    )
    out, seen = [], set()
    for r in rows:
        if not learning.suggestion_held_out(int(r.id), r.client_token) or (r.client_token in seen):
            continue
        if r.client_token:
            seen.add(r.client_token)
        labels = learning.labels_from_suggestion(r.scores or {})
        if labels:
            out.append(_Held(r.text, labels, True))
        if len(out) >= EVAL_LIMIT:
            break
    return out


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
