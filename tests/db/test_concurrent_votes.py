"""One reader voting many times at once (two tabs, a double click): no duplicate-key error, one vote."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from salon.actions import votes as vote_actions
from salon.db import tables as t
from tests.conftest import post


def test_concurrent_votes_by_one_reader(client, services, site):
    comment_id = post(client, "Vote on me.").json()["id"]
    values = [1, -1] * 20

    def cast(value: int) -> int:
        return vote_actions.vote(services, comment_id, value, "203.0.113.9", None).value

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(cast, values))
    assert sorted(set(results)) == [-1, 1]
    with services.db.read() as conn:
        rows = conn.execute(
            select(func.count()).select_from(t.votes).where(t.votes.c.comment_id == comment_id)
        )
        assert rows.scalar_one() == 1
        comment = conn.execute(select(t.comments).where(t.comments.c.id == comment_id)).one()
    assert comment.upvotes + comment.downvotes == 1
    assert comment.score in (1, -1)
