"""`salon import --moderate`: the site's policy and the model over freshly imported comments.

Batched like ``salon score`` (one classifier call per batch, the phases that need no history),
written in bulk: each comment gets the verdict's scores and spans, and a moderation record from
the pipeline. A published comment the policy would hold goes to the queue (pending) or is
rejected; pending, spam and deleted comments keep their status (their scores are still stored,
so the queue shows why).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select, update

from salon.actions.audit import audit
from salon.db import imports as q
from salon.db import tables as t
from salon.db.engine import now
from salon.db.sites import Site
from salon.models import CommentStatus
from salon.moderation.analysis import score_batch
from salon.services import Services

BATCH = 256


def moderate_imported(
    services: Services, site: Site, comment_ids: list[int], actor: str = "cli"
) -> dict[str, int]:
    """Moderate these comments; returns how many changed status, by new status."""
    c = t.comments
    changed: dict[str, int] = {}
    threads: set[int] = set()
    authors: set[int] = set()
    set_fields = (
        update(c)
        .where(c.c.id == bindparam("b_id"))
        .values(status=bindparam("b_status"), moderation=bindparam("b_moderation"))
    )
    for part in q.chunks(comment_ids, BATCH):
        with services.db.read() as conn:
            rows = conn.execute(
                select(c.c.id, c.c.body, c.c.author_name, c.c.status, c.c.thread_id, c.c.author_id)
                .where(c.c.id.in_(part), c.c.status != "deleted", c.c.body != "")
                .order_by(c.c.id)
            ).all()
        if not rows:
            continue
        verdicts = score_batch(
            services, services.phases, site.settings, [(r.body, r.author_name) for r in rows]
        )
        updates: list[dict[str, Any]] = []
        records: list[dict[str, Any]] = []
        stamp = now()
        for row, verdict in zip(rows, verdicts, strict=True):
            status = row.status
            if row.status == CommentStatus.PUBLISHED.value and verdict.decision.value != "publish":
                status = verdict.decision.status().value
                changed[status] = changed.get(status, 0) + 1
                threads.add(row.thread_id)
                if row.author_id is not None:
                    authors.add(row.author_id)
            updates.append({"b_id": row.id, "b_status": status, "b_moderation": verdict.to_dict()})
            records.append(
                {
                    "comment_id": row.id,
                    "created_at": stamp,
                    "actor": "pipeline",
                    "decision": verdict.decision.value,
                    "status": status,
                    "phase": verdict.phase,
                    "reasons": list(verdict.reasons),
                    "scores": {k: round(v, 4) for k, v in verdict.scores.items()},
                    "spans": [s.to_dict() for s in verdict.spans],
                    "model_version": verdict.model_version,
                }
            )
        with services.db.write() as conn:
            conn.execute(set_fields, updates)
            q.insert_many(conn, t.moderation_records, records)
    with services.db.write() as conn:
        q.recount_threads(conn, threads)
        q.recount_authors(conn, authors)
        audit(
            conn,
            actor,
            "import.moderate",
            site_id=site.id,
            target_type="site",
            target_id=site.id,
            details={"comments": len(comment_ids), "changed": changed},
        )
    services.events.publish({"type": "site.changed", "site_id": site.id})
    return changed
