"""Isso's generic JSON import format: a list of threads, each with its comments.

``[{"id": "/blog/post", "title": "…", "comments": [{"id": "1", "author": "…", "email": "…",
"website": "…", "remote_addr": "…", "created": "2018-11-28 17:24:23", "text": "…"}]}]``.
Quirks: comment ids are unique within a thread only; there are no replies, statuses or votes;
``created`` has no zone (taken as UTC); ``text`` is markdown.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from salon.importers import bodies, jsonfiles
from salon.importers.records import ImportFailed, Item, SourceComment, SourceProblem, SourceThread, parse_time
from salon.models import CommentStatus

name = "isso-json"


def sniff(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith(b"[") and b'"comments"' in head


def read(path: Path, warnings: list[str]) -> Iterator[Item]:
    data = jsonfiles.load(path)
    if not isinstance(data, list):
        raise ImportFailed("not Isso JSON: expected a list of threads")
    for thread in data:
        if not isinstance(thread, dict) or not thread.get("id"):
            yield SourceProblem("threads", "a thread without an id")
            continue
        tid = str(thread["id"])
        yield SourceThread(source_id=tid, url=tid, title=str(thread.get("title") or ""))
        for comment in thread.get("comments") or []:
            sid = f"{tid}#{comment.get('id')}"
            try:
                created = parse_time(str(comment.get("created") or ""))
            except ImportFailed as exc:
                yield SourceProblem("comments", f"bad created ({exc})", sid)
                continue
            body, html = bodies.from_markdown(str(comment.get("text") or ""))
            yield SourceComment(
                source_id=sid,
                thread=tid,
                parent=None,
                body=body,
                html=html,
                created_at=created,
                status=CommentStatus.PUBLISHED,
                author_name=str(comment.get("author") or "").strip() or "Anonymous",
                author_email=str(comment.get("email") or "").strip() or None,
                author_website=str(comment.get("website") or "").strip() or None,
            )
