"""Remark42 backup (``remark42 backup`` or the automatic daily ``backup-SITE-DATE.gz``).

JSON lines: the first holds ``{"version": 1, "users": […], "posts": […]}``, then one comment per
line: ``id``, ``pid`` (parent), ``text`` (HTML), ``orig`` (markdown), ``user`` {``id``, ``name``,
``ip``}, ``locator`` {``site``, ``url``}, ``score``, ``votes`` {user: true|false}, ``time``
(RFC 3339), ``delete``, ``pin``, ``title``. Quirks: threads are known only by their URL; user ids
are stable ("github_…", "anonymous_…"); there is no pending state.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from salon.importers import bodies, jsonfiles
from salon.importers.records import ImportFailed, Item, SourceComment, SourceProblem, SourceThread, parse_time
from salon.models import CommentStatus

name = "remark42"


def sniff(head: bytes) -> bool:
    meta = jsonfiles.first_line(head)
    return isinstance(meta, dict) and ("users" in meta or "locator" in meta) and "version" in meta


def _comment(number: int, row: dict[str, Any]) -> SourceComment | SourceProblem:
    sid = str(row.get("id") or "")
    url = str((row.get("locator") or {}).get("url") or "")
    if not sid or not url:
        return SourceProblem("comments", f"comment without id or locator.url (line {number})", sid)
    try:
        created = parse_time(str(row.get("time") or ""), line=number)
    except ImportFailed as exc:
        return SourceProblem("comments", f"bad time ({exc})", sid)
    if row.get("orig"):
        body, html = bodies.from_markdown(str(row["orig"]))
    else:
        body, html = bodies.from_html(str(row.get("text") or ""))
    user = row.get("user") or {}
    uid = str(user.get("id") or "")
    votes = row.get("votes") or {}
    up = sum(1 for v in votes.values() if v is True)
    edit = row.get("edit") or {}
    return SourceComment(
        source_id=sid,
        thread=url,
        parent=str(row["pid"]) if row.get("pid") else None,
        body=body,
        html=html,
        created_at=created,
        status=CommentStatus.DELETED if row.get("delete") else CommentStatus.PUBLISHED,
        author_name=str(user.get("name") or "").strip() or "Anonymous",
        author_source_id=uid if uid and not uid.startswith("anonymous_") else None,
        upvotes=up,
        downvotes=len(votes) - up,
        score=int(row["score"]) if isinstance(row.get("score"), int) else None,
        pinned=bool(row.get("pin")),
        edited_at=parse_time(edit["time"]) if edit.get("time") else None,
    )


def read(path: Path, warnings: list[str]) -> Iterator[Item]:
    threads: set[str] = set()
    for number, row in jsonfiles.lines(path):
        if not isinstance(row, dict):
            raise ImportFailed("not a Remark42 backup: each line is a JSON object", number)
        if number == 1 and "users" in row:
            if row.get("version") != 1:
                raise ImportFailed(f"Remark42 backup version {row.get('version')!r} is not supported (1)", 1)
            continue
        url = str((row.get("locator") or {}).get("url") or "")
        if url and url not in threads:
            threads.add(url)
            yield SourceThread(source_id=url, url=url, title=str(row.get("title") or ""))
        yield _comment(number, row)
