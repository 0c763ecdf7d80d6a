"""Migration 0009 and what it serves: the author-filter and recent-thread indexes, and
threads.last_comment_at, filled in for existing threads and kept up by every published comment."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import inspect, select

from salon.actions.decisions import approve
from salon.actions.sites import update_settings
from salon.actions.users import create_user, moderator_for
from salon.db import tables as t
from salon.db.engine import Database
from salon.models import Role
from tests.conftest import PAGE, post


def _migrate(db: Database, target: str, down: bool = False) -> None:
    cfg = db.alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, target)


def test_migration_adds_the_indexes_and_fills_last_comment_at(db_url):
    db = Database(db_url)
    try:
        _migrate(db, "0008", down=True)
        names = {ix["name"] for ix in inspect(db.engine).get_indexes("comments")}
        assert "ix_comments_author_status" not in names
        early, late = datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 3, 1, tzinfo=UTC)
        with db.engine.begin() as conn:
            site = conn.execute(
                t.sites.insert()
                .values(name="s", origins=[], settings={}, created_at=early)
                .returning(t.sites.c.id)
            ).scalar_one()
            threads = [
                conn.execute(
                    t.threads.insert()
                    .values(site_id=site, url=f"https://a.example/{n}", created_at=early)
                    .returning(t.threads.c.id)
                ).scalar_one()
                for n in range(2)
            ]
            rows = [  # thread 0: its newest visible comment is the published one of March
                (threads[0], "published", False, early),
                (threads[0], "published", False, late),
                (threads[0], "pending", False, datetime(2024, 5, 1, tzinfo=UTC)),
                (threads[0], "published", True, datetime(2024, 6, 1, tzinfo=UTC)),
                (threads[1], "spam", False, late),  # thread 1: nothing visible
            ]
            for thread, status, shadow, at in rows:
                conn.execute(
                    t.comments.insert().values(
                        thread_id=thread,
                        author_name="a",
                        body="b",
                        html="b",
                        status=status,
                        shadow=shadow,
                        created_at=at,
                    )
                )
        _migrate(db, "head")
        assert {"ix_comments_author_status"} <= {
            ix["name"] for ix in inspect(db.engine).get_indexes("comments")
        }
        assert {"ix_threads_site_last_comment"} <= {
            ix["name"] for ix in inspect(db.engine).get_indexes("threads")
        }
        with db.engine.connect() as conn:
            got = dict(conn.execute(select(t.threads.c.id, t.threads.c.last_comment_at)).all())
        assert got == {threads[0]: late, threads[1]: None}
    finally:
        db.dispose()


def _last_comment_at(services, url: str = PAGE):
    with services.db.read() as conn:
        return conn.execute(select(t.threads.c.last_comment_at).where(t.threads.c.url == url)).scalar_one()


def test_publishing_a_comment_moves_last_comment_at(client, services, site):
    before = datetime.now(UTC)
    assert post(client, body="first").status_code == 201
    first = _last_comment_at(services)
    assert first is not None and first >= before
    assert post(client, body="second").status_code == 201
    assert _last_comment_at(services) > first


def test_a_held_comment_moves_it_when_approved(client, services, site):
    """Held, nothing visible yet (a held comment is no activity to readers); approved, it is."""
    update_settings(services, site.id, {"premoderation": "all"}, "test")
    held = post(client, body="wait for me")
    assert held.status_code == 201 and held.json()["status"] == "pending", held.json()
    assert _last_comment_at(services) is None
    admin = moderator_for(
        services, create_user(services, "boss@example.com", "correct horse battery", Role.ADMIN)
    )
    approve(services, admin, int(held.json()["id"]))
    assert _last_comment_at(services) is not None
