"""Restoring salon's own export: the parts other formats do not have (authors as they were,
moderation records, votes, reports, sanctions, settings, and ids kept on a move).

Called by salon.actions.imports, inside its write transactions.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select, text

from salon import site_secrets
from salon.actions.identity import stored_email_hash
from salon.db import imports as q
from salon.db import tables as t
from salon.db.sites import Site
from salon.importers.records import SourceAuthor, SourceComment, SourceSettings, parse_time
from salon.services import Services

#: Tables whose ids an export keeps when they are all empty (and the sequences to move on).
KEPT_IDS = ("comments", "authors")


def install_is_empty(conn: Connection) -> bool:
    """No comments and no authors anywhere yet: ids from the export can be kept as they are."""
    return all(
        conn.execute(select(func.count()).select_from(t.metadata.tables[n])).scalar_one() == 0
        for n in KEPT_IDS
    )


def _t(value: str | None) -> Any:
    return parse_time(value) if value else None


def write_authors(
    services: Services, conn: Connection, site: Site, items: list[SourceAuthor], keep_ids: bool
) -> dict[str, int]:
    """Insert the authors (skipping keys already on the site); {export id: id here}.

    E-mail hashes are put in this install's stored form (:func:`stored_email_hash`).
    """
    rows = []
    for item in items:
        r = item.row
        row = {
            "site_id": site.id,
            "key": str(r["key"]),
            "name": str(r.get("name") or ""),
            "email_hash": stored_email_hash(services, r.get("email_hash")),
            "first_seen": _t(r.get("first_seen")),
            "last_seen": _t(r.get("last_seen")),
            "published_count": int(r.get("published_count") or 0),
            "rejected_count": int(r.get("rejected_count") or 0),
            "reported_count": int(r.get("reported_count") or 0),
            "source": r.get("source"),
            "source_id": r.get("source_id"),
        }
        if keep_ids:
            row["id"] = int(r["id"])
        rows.append(row)
    q.insert_authors(conn, rows)
    a = t.authors
    found: dict[str, int] = {}
    for part in q.chunks([item.row["key"] for item in items]):
        for hit in conn.execute(select(a.c.key, a.c.id).where(a.c.site_id == site.id, a.c.key.in_(part))):
            found[str(hit.key)] = int(hit.id)
    return {item.source_id: found[item.row["key"]] for item in items if item.row["key"] in found}


def attached_rows(comment: SourceComment, comment_id: int) -> tuple[list[dict[str, Any]], ...]:
    """The comment's moderation records, votes and reports, ready to insert."""
    extra = comment.extra or {}
    records = [
        {
            "comment_id": comment_id,
            "created_at": _t(m.get("created_at")),
            "actor": m["actor"],
            "decision": m["decision"],
            "status": m["status"],
            "phase": m.get("phase"),
            "reasons": m.get("reasons") or [],
            "scores": m.get("scores") or {},
            "spans": m.get("spans") or [],
            "model_version": m.get("model_version"),
        }
        for m in extra.get("records", [])
    ]
    votes = [
        {
            "comment_id": comment_id,
            "voter": v["voter"],
            "value": int(v["value"]),
            "created_at": _t(v["created_at"]),
        }
        for v in extra.get("votes", [])
    ]
    reports = [
        {
            "comment_id": comment_id,
            "reporter": r["reporter"],
            "reason": r["reason"],
            "note": r.get("note"),
            "created_at": _t(r["created_at"]),
            "resolved_at": _t(r.get("resolved_at")),
        }
        for r in extra.get("reports", [])
    ]
    return records, votes, reports


def finish(
    conn: Connection, site: Site, restored: SourceSettings, authors: dict[str, int], keep_ids: bool
) -> list[tuple[str, ...]]:
    """Site settings (the export's, merged over the site's, the site's own secrets kept where
    the export left them out), sanctions, and sequences after kept ids. Returns the secrets
    left out that the site has none of (they stay unset)."""
    missing: list[tuple[str, ...]] = []
    if restored.settings:
        merged, missing = site_secrets.keep_own(restored.settings, site.settings, restored.redacted)
        conn.execute(t.sites.update().where(t.sites.c.id == site.id).values(settings=merged))
    s = t.sanctions
    existing = {
        (r.author_id, r.kind, r.created_at)
        for r in conn.execute(select(s.c.author_id, s.c.kind, s.c.created_at).where(s.c.site_id == site.id))
    }
    rows = []
    for row in restored.sanctions:
        author_id = authors.get(str(row.get("author")))
        created = _t(row.get("created_at"))
        if author_id is None or (author_id, row["kind"], created) in existing:
            continue
        rows.append(
            {
                "site_id": site.id,
                "author_id": author_id,
                "kind": row["kind"],
                "reason": row.get("reason") or "",
                "until": _t(row.get("until")),
                "created_at": created,
                "lifted_at": _t(row.get("lifted_at")),
            }
        )
    q.insert_many(conn, s, rows)
    if keep_ids and conn.dialect.name == "postgresql":
        for name in KEPT_IDS:
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {name}), false)"
                )
            )
    return missing
