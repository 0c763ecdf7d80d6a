"""Votes: one per reader per comment, changeable, never on one's own comment."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from salon.actions.identity import read_author_token, reader_key
from salon.db import comments as comment_queries
from salon.db import tables as t
from salon.db import threads as thread_queries
from salon.db.engine import now
from salon.errors import SalonError, not_found
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
        comment = comment_queries.get(conn, comment_id)
        if comment is None or comment.status != "published" or comment.shadow:
            raise not_found("comment")
        thread = thread_queries.get(conn, comment.thread_id)
        assert thread is not None
        author_id = read_author_token(services, thread.site_id, author_token)
        if author_id is not None and author_id == comment.author_id:
            raise SalonError(403, "own_comment", "you cannot vote on your own comment")
        voter = reader_key(services, author_id, address)
        v = t.votes
        existing = conn.execute(
            select(v.c.value).where(v.c.comment_id == comment_id, v.c.voter == voter)
        ).first()
        if existing is None:
            conn.execute(v.insert().values(comment_id=comment_id, voter=voter, value=value, created_at=now()))
        elif existing.value != value:
            conn.execute(
                v.update().where(v.c.comment_id == comment_id, v.c.voter == voter).values(value=value)
            )
        ups, downs = conn.execute(
            select(
                func.coalesce(func.sum(case((v.c.value > 0, 1), else_=0)), 0),
                func.coalesce(func.sum(case((v.c.value < 0, 1), else_=0)), 0),
            ).where(v.c.comment_id == comment_id)
        ).one()
        comment_queries.set_fields(conn, comment_id, upvotes=ups, downvotes=downs, score=ups - downs)
    services.events.publish(
        {
            "type": "comment.voted",
            "site_id": thread.site_id,
            "thread_id": thread.id,
            "url": thread.url,
            "comment_id": comment_id,
        }
    )
    return Tally(score=int(ups - downs), upvotes=int(ups), downvotes=int(downs), value=value)
