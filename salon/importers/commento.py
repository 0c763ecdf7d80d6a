"""Commento export (Dashboard → General → Export data), JSON version 1 (Comentario reads it too).

``{"version": 1, "comments": [{"commentHex", "domain", "path", "commenterHex", "markdown",
"html", "parentHex", "score", "state", "creationDate", "deleted"}], "commenters":
[{"commenterHex", "email", "name", "link", "provider"}]}``. Quirks: a top-level comment's
``parentHex`` is "root"; ``state`` is approved, unapproved or flagged (held: kept pending);
guests are ``commenterHex`` "anonymous"; a thread is a domain and path without a scheme
(https is assumed).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from salon.importers import bodies, jsonfiles
from salon.importers.records import ImportFailed, Item, SourceComment, SourceProblem, SourceThread, parse_time
from salon.models import CommentStatus

name = "commento"
STATES = {
    "approved": CommentStatus.PUBLISHED,
    "unapproved": CommentStatus.PENDING,
    "flagged": CommentStatus.PENDING,
}


def sniff(head: bytes) -> bool:
    return b'"commentHex"' in head or (
        b'"commenters"' in head and b'"version": 1' in head.replace(b'":1', b'": 1')
    )


def _url(domain: str, path: str) -> str:
    return domain if "://" in domain else f"https://{domain}{path if path.startswith('/') else '/' + path}"


def comments_v1(data: dict[str, Any]) -> Iterator[Item]:
    """Items of a version 1 document (shared with Comentario)."""
    people = {str(p.get("commenterHex")): p for p in data.get("commenters") or [] if isinstance(p, dict)}
    threads: set[str] = set()
    for row in data.get("comments") or []:
        sid = str(row.get("commentHex") or "")
        url = _url(str(row.get("domain") or ""), str(row.get("path") or "/"))
        if not sid or not row.get("domain"):
            yield SourceProblem("comments", "comment without commentHex or domain", sid)
            continue
        if url not in threads:
            threads.add(url)
            yield SourceThread(source_id=url, url=url)
        try:
            created = parse_time(str(row.get("creationDate") or ""))
        except ImportFailed as exc:
            yield SourceProblem("comments", f"bad creationDate ({exc})", sid)
            continue
        who = str(row.get("commenterHex") or "anonymous")
        person = people.get(who, {})
        body, html = bodies.from_markdown(str(row.get("markdown") or ""))
        parent = str(row.get("parentHex") or "root")
        state = STATES.get(str(row.get("state") or "approved"), CommentStatus.PENDING)
        email = str(person.get("email") or "").strip()
        yield SourceComment(
            source_id=sid,
            thread=url,
            parent=None if parent == "root" else parent,
            body=body,
            html=html,
            created_at=created,
            status=CommentStatus.DELETED if row.get("deleted") else state,
            author_name=str(person.get("name") or "").strip() or "Anonymous",
            author_email=email if "@" in email and email != "undefined" else None,
            author_website=str(person.get("link") or "").strip() or None,
            author_source_id=None if who == "anonymous" else who,
            score=int(row.get("score") or 0),
        )


def read(path: Path, warnings: list[str]) -> Iterator[Item]:
    data = jsonfiles.load(path)
    if not isinstance(data, dict) or "comments" not in data:
        raise ImportFailed("not a Commento export: expected an object with comments and commenters")
    if data.get("version") != 1:
        raise ImportFailed(f"Commento export version {data.get('version')!r} is not supported (1)")
    yield from comments_v1(data)
