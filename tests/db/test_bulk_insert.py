"""The import's bulk insert: values stored as SQLAlchemy itself would store them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import sqlite

from salon.db import imports as q
from salon.db import tables as t

TIMES = [
    datetime(2021, 1, 1, tzinfo=UTC),
    datetime(2021, 5, 6, 7, 8, 9, 123456, tzinfo=timezone(timedelta(hours=2))),
    datetime(999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=-11))),
]


def test_the_sqlite_fast_path_writes_what_the_column_type_writes():
    standard = t.comments.c.created_at.type._cached_bind_processor(sqlite.dialect())
    for value in TIMES:
        assert q._sqlite_utc(value) == standard(value)
    with pytest.raises(ValueError, match="naive"):
        q._sqlite_utc(datetime(2021, 1, 1))


def test_rows_read_back_as_written(services, site):
    with services.db.write() as conn:
        thread = conn.execute(
            t.threads.insert()
            .values(site_id=site.id, url="https://blog.example.com/bulk", title="", created_at=TIMES[0])
            .returning(t.threads.c.id)
        ).scalar_one()
        ids = q.allocate_comment_ids(conn, len(TIMES))
        rows = [
            {
                "id": cid,
                "thread_id": thread,
                "root_id": cid,
                "depth": 0,
                "author_name": f"N{k}",
                "body": "b",
                "html": "<p>b</p>",
                "status": "published",
                "shadow": k == 1,
                "pinned": False,
                "created_at": when,
                "edited_at": None if k else when,
            }
            for k, (cid, when) in enumerate(zip(ids, TIMES, strict=True))
        ]
        q.insert_bulk(conn, t.comments, rows)
    with services.db.read() as conn:
        got = conn.execute(
            select(t.comments).where(t.comments.c.thread_id == thread).order_by(t.comments.c.id)
        )
        back = [(r.created_at, r.edited_at, r.shadow, r.pinned) for r in got]
    assert back == [(w, w if k == 0 else None, k == 1, False) for k, w in enumerate(TIMES)]
