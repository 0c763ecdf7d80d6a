"""salon's own export: JSON lines, complete, streamed, and read back by salon.importers.salon.

Line 1: ``{"format": "salon", "version": 1, "site": {name, origins, settings}, "redacted_secrets":
[[key, …], …], "note": …}`` (secrets are written as ``null`` and their key paths listed: see
``salon.site_secrets``); then one object
per line with ``"type"``: ``thread``, ``author``, ``comment`` (with its moderation records, votes
and reports), ``sanction``. Comments and authors keep their ids: imported into an empty database
they keep them, so author tokens and links to comments go on working after a move. ``ref`` is
a comment's stable name ("<source>:<source id>", or "salon:<site>/<id>" for salon's own) that
makes a second import of the same file add nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import IO, Any

from sqlalchemy import Connection, select

from salon import site_secrets
from salon.db import tables as t
from salon.db.sites import Site

name = "salon"
VERSION = 1
SECRETS_NOTE = (
    "Secrets are never exported: each setting listed in redacted_secrets is written as null. "
    "salon import keeps the target site's own; set any it lacks again there."
)
#: Rows read per query while streaming a table.
PAGE = 2000


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def comment_ref(site: Site, row: Any) -> str:
    """The stable name of a comment across installs."""
    if row.source:
        return f"{row.source}:{row.source_id}"
    return f"salon:{site.name}/{row.id}"


def _pages(conn: Connection, query: Any, id_col: Any) -> Iterator[Any]:
    last = 0
    while True:
        rows = conn.execute(query.where(id_col > last).order_by(id_col).limit(PAGE)).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def _line(out: IO[str], obj: dict[str, Any]) -> None:
    out.write(json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    out.write("\n")


def _by_comment(conn: Connection, table: t.Table, ids: list[int]) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = {}
    if ids:
        order = [table.c.comment_id, *(c for c in table.primary_key.columns if c.name != "comment_id")]
        for row in conn.execute(select(table).where(table.c.comment_id.in_(ids)).order_by(*order)):
            found.setdefault(row.comment_id, []).append(row)
    return found


def write(conn: Connection, site: Site, out: IO[str]) -> dict[str, int]:
    """Write the whole site; returns how many of each kind were written."""
    counts = {"threads": 0, "authors": 0, "comments": 0, "sanctions": 0}
    settings, redacted = site_secrets.redact(site.settings)
    _line(
        out,
        {
            "format": "salon",
            "version": VERSION,
            "site": {"name": site.name, "origins": site.origins, "settings": settings},
            "redacted_secrets": [list(p) for p in redacted],
            "note": SECRETS_NOTE,
        },
    )
    th, a, c = t.threads, t.authors, t.comments
    urls: dict[int, str] = {}
    for row in _pages(conn, select(th).where(th.c.site_id == site.id), th.c.id):
        urls[row.id] = row.url
        _line(
            out,
            {
                "type": "thread",
                "url": row.url,
                "title": row.title,
                "locked": bool(row.locked),
                "created_at": _time(row.created_at),
            },
        )
        counts["threads"] += 1
    for row in _pages(conn, select(a).where(a.c.site_id == site.id), a.c.id):
        _line(
            out,
            {
                "type": "author",
                "id": row.id,
                "key": row.key,
                "name": row.name,
                "email_hash": row.email_hash,
                "first_seen": _time(row.first_seen),
                "last_seen": _time(row.last_seen),
                "published_count": row.published_count,
                "rejected_count": row.rejected_count,
                "reported_count": row.reported_count,
                "source": row.source,
                "source_id": row.source_id,
            },
        )
        counts["authors"] += 1
    query = select(c).join(th, th.c.id == c.c.thread_id).where(th.c.site_id == site.id)
    batch: list[Any] = []
    refs: dict[int, str] = {}
    for row in _pages(conn, query, c.c.id):
        batch.append(row)
        if len(batch) >= PAGE:
            counts["comments"] += _comments(conn, site, batch, urls, refs, out)
            batch = []
    counts["comments"] += _comments(conn, site, batch, urls, refs, out)
    for row in conn.execute(
        select(t.sanctions).where(t.sanctions.c.site_id == site.id).order_by(t.sanctions.c.id)
    ):
        _line(
            out,
            {
                "type": "sanction",
                "author": row.author_id,
                "kind": row.kind,
                "reason": row.reason,
                "until": _time(row.until),
                "created_at": _time(row.created_at),
                "lifted_at": _time(row.lifted_at),
            },
        )
        counts["sanctions"] += 1
    return counts


def _comments(
    conn: Connection, site: Site, batch: list[Any], urls: dict[int, str], refs: dict[int, str], out: IO[str]
) -> int:
    ids = [r.id for r in batch]
    records = _by_comment(conn, t.moderation_records, ids)
    votes = _by_comment(conn, t.votes, ids)
    reports = _by_comment(conn, t.reports, ids)
    parents = [r.parent_id for r in batch if r.parent_id is not None and r.parent_id not in refs]
    if parents:
        for row in conn.execute(
            select(t.comments.c.id, t.comments.c.source, t.comments.c.source_id).where(
                t.comments.c.id.in_(parents)
            )
        ):
            refs[row.id] = comment_ref(site, row)
    for row in batch:
        refs[row.id] = comment_ref(site, row)
        _line(
            out,
            {
                "type": "comment",
                "id": row.id,
                "ref": refs[row.id],
                "thread": urls[row.thread_id],
                "parent": refs.get(row.parent_id) if row.parent_id is not None else None,
                "author": row.author_id,
                "author_name": row.author_name,
                "author_email_hash": row.author_email_hash,
                "author_website": row.author_website,
                "body": row.body,
                "html": row.html,
                "status": row.status,
                "shadow": bool(row.shadow),
                "pinned": bool(row.pinned),
                "created_at": _time(row.created_at),
                "edited_at": _time(row.edited_at),
                "score": row.score,
                "upvotes": row.upvotes,
                "downvotes": row.downvotes,
                "report_count": row.report_count,
                "client_hash": row.client_hash,
                "moderation": row.moderation,
                "records": [
                    {
                        "created_at": _time(m.created_at),
                        "actor": m.actor,
                        "decision": m.decision,
                        "status": m.status,
                        "phase": m.phase,
                        "reasons": m.reasons,
                        "scores": m.scores,
                        "spans": m.spans,
                        "model_version": m.model_version,
                    }
                    for m in records.get(row.id, [])
                ],
                "votes": [
                    {"voter": v.voter, "value": v.value, "created_at": _time(v.created_at)}
                    for v in votes.get(row.id, [])
                ],
                "reports": [
                    {
                        "reporter": r.reporter,
                        "reason": r.reason,
                        "note": r.note,
                        "created_at": _time(r.created_at),
                        "resolved_at": _time(r.resolved_at),
                    }
                    for r in reports.get(row.id, [])
                ],
            },
        )
    return len(batch)
