"""An Isso database (the SQLite file named by ``dbpath`` in isso.cfg), opened read-only.

Quirks: threads are keyed by ``uri``, a path without the host (the site's first origin is put in
front); ``mode`` is 1 published, 2 pending, 4 deleted (a deleted comment keeps its row while it
has replies); ``created`` is a Unix time; bodies are markdown; likes and dislikes are counts.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from salon.importers import bodies
from salon.importers.files import as_local_file
from salon.importers.records import ImportFailed, Item, SourceComment, SourceProblem, SourceThread
from salon.models import CommentStatus

name = "isso"
MODES = {1: CommentStatus.PUBLISHED, 2: CommentStatus.PENDING, 4: CommentStatus.DELETED}


def sniff(head: bytes) -> bool:
    return head.startswith(b"SQLite format 3\x00")


def _time(value: float | None) -> datetime | None:
    return datetime.fromtimestamp(float(value), UTC) if value else None


def read(path: Path, warnings: list[str]) -> Iterator[Item]:
    """Threads, then comments in id order (parents first)."""
    with as_local_file(path) as local:
        try:
            db = sqlite3.connect(f"file:{local}?mode=ro", uri=True)
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise ImportFailed(f"cannot read the SQLite file: {exc}") from exc
        try:
            if not {"threads", "comments"} <= tables:
                raise ImportFailed("not an Isso database: it has no threads and comments tables")
            for tid, uri, title in db.execute("SELECT id, uri, title FROM threads ORDER BY id"):
                yield SourceThread(source_id=str(tid), url=str(uri), title=str(title or ""))
            query = (
                "SELECT tid, id, parent, created, modified, mode, text, author, email, website, "
                "likes, dislikes FROM comments ORDER BY id"
            )
            for row in db.execute(query):
                yield _comment(*row)
        finally:
            db.close()


def _comment(
    tid: int,
    cid: int,
    parent: int | None,
    created: float,
    modified: float | None,
    mode: int,
    text: str | None,
    author: str | None,
    email: str | None,
    website: str | None,
    likes: int | None,
    dislikes: int | None,
) -> SourceComment | SourceProblem:
    status = MODES.get(int(mode or 0))
    if status is None:
        return SourceProblem("comments", f"unknown mode {mode}", str(cid))
    if not created:
        return SourceProblem("comments", "no created time", str(cid))
    body, html = bodies.from_markdown(text or "")
    return SourceComment(
        source_id=str(cid),
        thread=str(tid),
        parent=str(parent) if parent else None,
        body=body,
        html=html,
        created_at=_time(created) or datetime.now(UTC),
        edited_at=_time(modified),
        status=status,
        author_name=(author or "").strip() or "Anonymous",
        author_email=(email or "").strip() or None,
        author_website=(website or "").strip() or None,
        upvotes=int(likes or 0),
        downvotes=int(dislikes or 0),
    )
