"""salon's own export (``salon export --format salon``), read back without loss.

See salon.exporters.salon_jsonl for the layout. Quirks: comments and authors carry their ids,
kept when the database they go into has none yet (a move); votes, reports and moderation records
come with their comment; site settings and sanctions come last.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from salon.importers import jsonfiles
from salon.importers.records import (
    ImportFailed,
    Item,
    SourceAuthor,
    SourceComment,
    SourceSettings,
    SourceThread,
    parse_time,
)
from salon.models import CommentStatus

name = "salon"
VERSION = 1


def sniff(head: bytes) -> bool:
    meta = jsonfiles.first_line(head)
    return isinstance(meta, dict) and meta.get("format") == "salon"


def _t(value: str | None) -> datetime | None:
    return parse_time(value) if value else None


def _comment(row: dict[str, Any], number: int) -> SourceComment:
    try:
        status = CommentStatus(row["status"])
        created = parse_time(row["created_at"], line=number)
    except (KeyError, ValueError) as exc:
        raise ImportFailed(f"a comment without a valid {exc}", number) from None
    return SourceComment(
        source_id=str(row["ref"]),
        thread=str(row["thread"]),
        parent=row.get("parent"),
        body=str(row.get("body") or ""),
        html=str(row.get("html") or ""),
        created_at=created,
        edited_at=_t(row.get("edited_at")),
        status=status,
        author_name=str(row.get("author_name") or ""),
        author_website=row.get("author_website"),
        author_source_id=str(row["author"]) if row.get("author") is not None else None,
        upvotes=int(row.get("upvotes") or 0),
        downvotes=int(row.get("downvotes") or 0),
        score=int(row.get("score") or 0),
        pinned=bool(row.get("pinned")),
        extra={
            "id": row.get("id"),
            "shadow": bool(row.get("shadow")),
            "email_hash": row.get("author_email_hash"),
            "client_hash": row.get("client_hash"),
            "report_count": int(row.get("report_count") or 0),
            "moderation": row.get("moderation"),
            "records": row.get("records") or [],
            "votes": row.get("votes") or [],
            "reports": row.get("reports") or [],
        },
    )


def read(path: Path, warnings: list[str]) -> Iterator[Item]:
    settings: dict[str, Any] = {}
    redacted: list[tuple[str, ...]] = []
    sanctions: list[dict[str, Any]] = []
    for number, row in jsonfiles.lines(path):
        if number == 1:
            if not isinstance(row, dict) or row.get("format") != "salon":
                raise ImportFailed('not a salon export: the first line has no "format": "salon"', 1)
            if row.get("version") != VERSION:
                raise ImportFailed(
                    f"salon export version {row.get('version')!r} is not supported ({VERSION})", 1
                )
            settings = dict((row.get("site") or {}).get("settings") or {})
            redacted = _redacted(row.get("redacted_secrets"))
            continue
        kind = row.get("type") if isinstance(row, dict) else None
        if kind == "thread":
            yield SourceThread(
                source_id=str(row["url"]),
                url=str(row["url"]),
                title=str(row.get("title") or ""),
                locked=bool(row.get("locked")),
                created_at=_t(row.get("created_at")),
            )
        elif kind == "author":
            yield SourceAuthor(
                source_id=str(row["id"]),
                row={k: v for k, v in row.items() if k != "type"},
            )
        elif kind == "comment":
            yield _comment(row, number)
        elif kind == "sanction":
            sanctions.append(row)
        else:
            raise ImportFailed(f"unknown line type {kind!r}", number)
    yield SourceSettings(settings=settings, sanctions=sanctions, redacted=redacted)


def _redacted(value: Any) -> list[tuple[str, ...]]:
    """The header's ``redacted_secrets``: key paths (lists of strings); anything else is ignored."""
    if not isinstance(value, list):
        return []
    return [tuple(p) for p in value if isinstance(p, list) and p and all(isinstance(k, str) for k in p)]
