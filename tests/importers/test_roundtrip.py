"""salon's own export: SQLite → export → empty PostgreSQL → export gives the same file."""

from __future__ import annotations

import io
import shutil
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text

from salon.actions.comments import NewComment, create_comment
from salon.actions.identity import read_author_token
from salon.actions.reports import report as report_comment
from salon.actions.sites import add_site, update_settings
from salon.actions.votes import vote
from salon.db import tables as t
from salon.db.engine import Database, now
from salon.exporters import salon_jsonl
from salon.models import ReportReason
from salon.services import Services
from salon.settings import load_settings
from tests.conftest import PAGE, SITE_ORIGIN
from tests.importers.support import rows, run


def _services(url: str) -> Services:
    settings = load_settings(database_url=url, classifier="null", rate_limit_posts=1000)
    return Services(settings=settings, db=Database(url), secret="test-secret")


def _export(services: Services, site) -> str:
    out = io.StringIO()
    with services.db.read() as conn:
        salon_jsonl.write(conn, site, out)
    return out.getvalue()


def _history(services: Services) -> tuple:
    site, _ = add_site(services, "blog", [SITE_ORIGIN])
    run(services, site, "disqus.xml")
    first = create_comment(
        services, NewComment(url=PAGE, body="Native *one*", author_name="Nia", client_address="192.0.2.9")
    )
    reply = create_comment(
        services,
        NewComment(
            url=PAGE,
            body="a reply",
            author_name="Oli",
            client_address="192.0.2.10",
            parent_id=first.comment.id,
            author_email="oli@example.com",
        ),
    )
    vote(services, first.comment.id, 1, "192.0.2.11", None)
    vote(services, first.comment.id, -1, "192.0.2.12", reply.author_token)
    report_comment(services, reply.comment.id, ReportReason.OFF_TOPIC, "not about trains", "192.0.2.13", None)
    site = update_settings(services, site.id, {"report_threshold": 5}, "cli")
    with services.db.write() as conn:
        author_id = first.comment.author_id
        conn.execute(
            t.sanctions.insert().values(
                site_id=site.id,
                author_id=author_id,
                kind="warn",
                reason="be kind",
                created_at=now(),
                until=now() + timedelta(days=3),
            )
        )
    return site, first


@pytest.mark.postgres
def test_sqlite_to_postgresql_is_lossless(tmp_path, sqlite_template, pg_url):
    path = tmp_path / "salon.db"
    shutil.copy(sqlite_template, path)
    source = _services(f"sqlite:///{path}")
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "TRUNCATE "
                + ", ".join(f'"{tb.name}"' for tb in t.metadata.sorted_tables)
                + " RESTART IDENTITY CASCADE"
            )
        )
    engine.dispose()
    target = _services(pg_url)
    try:
        site, first = _history(source)
        exported = _export(source, site)
        assert exported.count('"type":"comment"') == 8 and '"type":"sanction"' in exported
        dump = tmp_path / "blog.jsonl"
        dump.write_text(exported)
        moved, _ = add_site(target, "blog", [SITE_ORIGIN])
        report = run(target, moved, dump)
        assert report.format == "salon" and report.comments.imported == 8
        with target.db.read() as conn:
            from salon.db import sites as site_queries

            moved = site_queries.get(conn, moved.id)
        assert _export(target, moved) == exported
        # ids were kept: the reader's author token still names them
        assert read_author_token(target, moved.id, first.author_token) == first.comment.author_id
        assert moved.settings["report_threshold"] == 5
        # and a second import adds nothing
        again = run(target, moved, dump)
        assert again.comments.imported == 0 and len(rows(target, t.comments)) == 8
        assert len(rows(target, t.votes)) == 2 and len(rows(target, t.sanctions)) == 1
        assert len(rows(target, t.reports)) == 1
    finally:
        source.close()
        target.close()
