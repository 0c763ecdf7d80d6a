"""Votes: one per reader per comment, changeable, can be taken back, never on one's own comment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, case, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from salon.actions.identity import reader_on_public_comment
from salon.db import comments as comment_queries
from salon.db import tables as t
from salon.db.engine import now
from salon.errors import SalonError
from salon.services import Services


@dataclass(frozen=True)
class Tally:
    score: int
    upvotes: int
    downvotes: int
    value: int


def vote(services: Services, comment_id: int, value: int, address: str, author_token: str | None) -> Tally:
    if value not in (1, -1):
        raise SalonError(422, "bad_vote", "a vote is 1 or -1", "value")
    with services.db.write() as conn:
        acting = reader_on_public_comment(services, conn, comment_id, author_token, address, "vote on")
        thread, voter = acting.thread, acting.reader
        v = t.votes
        # One statement, so two votes by one reader at once (two tabs, a double click) cannot
        # both insert: the second waits for the first and updates its row.
        insert = sqlite_insert if conn.dialect.name == "sqlite" else postgresql_insert
        stmt = insert(v).values(comment_id=comment_id, voter=voter, value=value, created_at=now())
        conn.execute(
            stmt.on_conflict_do_update(index_elements=[v.c.comment_id, v.c.voter], set_={"value": value})
        )
        ups, downs = _recount(conn, comment_id)
    _announce(services, thread, comment_id)
    return Tally(score=int(ups - downs), upvotes=int(ups), downvotes=int(downs), value=value)


def unvote(services: Services, comment_id: int, address: str, author_token: str | None) -> Tally:
    """Take a vote back: the reader's vote on the comment is gone (nothing to take back is fine)."""
    with services.db.write() as conn:
        acting = reader_on_public_comment(services, conn, comment_id, author_token, address, "vote on")
        v = t.votes
        conn.execute(v.delete().where(v.c.comment_id == comment_id, v.c.voter == acting.reader))
        ups, downs = _recount(conn, comment_id)
    _announce(services, acting.thread, comment_id)
    return Tally(score=int(ups - downs), upvotes=int(ups), downvotes=int(downs), value=0)


def _recount(conn: Connection, comment_id: int) -> tuple[int, int]:
    v = t.votes
    ups, downs = conn.execute(
        select(
            func.coalesce(func.sum(case((v.c.value > 0, 1), else_=0)), 0),
            func.coalesce(func.sum(case((v.c.value < 0, 1), else_=0)), 0),
        ).where(v.c.comment_id == comment_id)
    ).one()
    comment_queries.set_fields(conn, comment_id, upvotes=ups, downvotes=downs, score=ups - downs)
    return int(ups), int(downs)


def _announce(services: Services, thread: Any, comment_id: int) -> None:
    services.events.publish(
        {
            "type": "comment.voted",
            "site_id": thread.site_id,
            "thread_id": thread.id,
            "url": thread.url,
            "comment_id": comment_id,
        }
    )
