"""Comentario export, version 3 (its own) and version 1 (Commento's, read by salon.importers.commento).

Version 3: ``{"version": 3, "pages": [{"id", "path", "title", "domainId"}], "domains": [{"id",
"host"}], "commenters": [{"id", "email", "name", "websiteUrl"}], "comments": [{"id",
"parentId", "pageId", "markdown", "html", "score", "isSticky", "isApproved", "isPending",
"isDeleted", "createdTime", "userCreated", "authorName"}]}``. Quirks: ids are UUIDs; a page
without a known domain takes the site's first origin; guests have no ``userCreated``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from salon.importers import bodies, commento, jsonfiles
from salon.importers.records import ImportFailed, Item, SourceComment, SourceProblem, SourceThread, parse_time
from salon.models import CommentStatus

name = "comentario"
ZERO_UUID = "00000000-0000-0000-0000-000000000000"


def sniff(head: bytes) -> bool:
    return b'"pages"' in head and b'"comments"' in head and b'"pageId"' in head


def _status(row: dict[str, Any]) -> CommentStatus:
    if row.get("isDeleted"):
        return CommentStatus.DELETED
    if row.get("isSpam"):
        return CommentStatus.SPAM
    if row.get("isPending") or row.get("isApproved") is False:
        return CommentStatus.PENDING
    return CommentStatus.PUBLISHED


def _v3(data: dict[str, Any]) -> Iterator[Item]:
    hosts = {str(d.get("id")): str(d.get("host") or "") for d in data.get("domains") or []}
    for page in data.get("pages") or []:
        host = hosts.get(str(page.get("domainId")), "")
        path = str(page.get("path") or "/")
        url = f"https://{host}{path}" if host else path
        yield SourceThread(source_id=str(page.get("id")), url=url, title=str(page.get("title") or ""))
    people = {str(p.get("id")): p for p in data.get("commenters") or [] if isinstance(p, dict)}
    for row in data.get("comments") or []:
        sid = str(row.get("id") or "")
        try:
            created = parse_time(str(row.get("createdTime") or ""))
        except ImportFailed as exc:
            yield SourceProblem("comments", f"bad createdTime ({exc})", sid)
            continue
        who = str(row.get("userCreated") or "")
        person = people.get(who, {})
        parent = str(row.get("parentId") or "")
        body, html = bodies.from_markdown(str(row.get("markdown") or ""))
        yield SourceComment(
            source_id=sid,
            thread=str(row.get("pageId")),
            parent=parent if parent and parent != ZERO_UUID else None,
            body=body,
            html=html,
            created_at=created,
            status=_status(row),
            author_name=str(person.get("name") or row.get("authorName") or "").strip() or "Anonymous",
            author_email=str(person.get("email") or "").strip() or None,
            author_website=str(person.get("websiteUrl") or "").strip() or None,
            author_source_id=who if who and who != ZERO_UUID and person else None,
            score=int(row.get("score") or 0),
            pinned=bool(row.get("isSticky")),
        )


def read(path: Path, warnings: list[str]) -> Iterator[Item]:
    data = jsonfiles.load(path)
    if not isinstance(data, dict) or "comments" not in data:
        raise ImportFailed("not a Comentario export: expected an object with comments")
    version = data.get("version")
    if version == 1:
        yield from commento.comments_v1(data)
    elif version == 3:
        yield from _v3(data)
    else:
        raise ImportFailed(f"Comentario export version {version!r} is not supported (1 or 3)")
