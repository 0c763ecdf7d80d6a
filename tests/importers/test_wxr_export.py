"""The WordPress (WXR) export: read back by the WXR importer, it gives the same comments."""

from __future__ import annotations

import io
import shutil

from lxml import etree
from sqlalchemy import select

from salon.actions.comments import NewComment, create_comment
from salon.actions.sites import add_site
from salon.db import tables as t
from salon.db.engine import Database
from salon.exporters import by_name, wxr
from salon.services import Services
from salon.settings import load_settings
from tests.conftest import PAGE, SITE_ORIGIN
from tests.importers.support import run


def _export(services: Services, site) -> str:
    out = io.StringIO()
    with services.db.read() as conn:
        counts = wxr.write(conn, site, out)
    assert counts["comments"] > 0
    return out.getvalue()


def _tree(services: Services) -> list[tuple]:
    """Every comment as (thread URL, path of (date, name) from the root, text, website, status).
    WXR times are to the second."""
    with services.db.read() as conn:
        rows = {
            r.id: r
            for r in conn.execute(
                select(t.comments, t.threads.c.url).join(t.threads, t.threads.c.id == t.comments.c.thread_id)
            )
        }

    def path(row) -> tuple:
        up = rows[row.parent_id] if row.parent_id else None
        return (
            *(path(up) if up is not None else ()),
            (row.created_at.replace(microsecond=0).isoformat(), row.author_name),
        )

    return sorted((r.url, path(r), r.html, r.author_website, r.status) for r in rows.values())


def test_round_trip_through_the_wxr_importer(services, site, tmp_path, sqlite_template):
    run(services, site, "wordpress.xml")  # plain and HTML bodies, nesting, spam, pending, deleted
    run(services, site, "disqus.xml")
    first = create_comment(
        services,
        NewComment(url=PAGE, body="Native *one* & <two>", author_name="Nia", client_address="192.0.2.9"),
    )
    create_comment(
        services,
        NewComment(
            url=PAGE,
            body="A reply to Nia",
            author_name="Oli",
            author_website="https://oli.example.net",
            client_address="192.0.2.10",
            parent_id=first.comment.id,
        ),
    )
    exported = _export(services, site)
    assert "<!DOCTYPE" not in exported and "<wp:wxr_version>1.2</wp:wxr_version>" in exported
    etree.fromstring(exported.encode())  # well-formed

    path = tmp_path / "wordpress.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    target = Services(
        settings=load_settings(database_url=url, classifier="null"), db=Database(url), secret="other"
    )
    try:
        moved, _ = add_site(target, "blog", [SITE_ORIGIN])
        dump = tmp_path / "export.xml"
        dump.write_text(exported, encoding="utf-8")
        report = run(target, moved, dump)
        assert report.format == "wordpress" and report.error is None
        assert report.orphans == 0 and not report.comments.failed
        assert _tree(target) == _tree(services)
        assert report.comments.imported == len(_tree(services))
        again = run(target, moved, dump)  # idempotent, as every import
        assert again.comments.imported == 0
    finally:
        target.close()


def test_statuses_and_locked_threads(services, site):
    run(services, site, "wordpress.xml")
    with services.db.write() as conn:
        conn.execute(t.threads.update().values(locked=True))
        one = conn.execute(select(t.comments.c.id).where(t.comments.c.status == "pending")).scalar_one()
        conn.execute(t.comments.update().where(t.comments.c.id == one).values(status="rejected"))
    root = etree.fromstring(_export(services, site).encode())
    ns = {"wp": "http://wordpress.org/export/1.2/"}
    approved = sorted(root.xpath("//wp:comment/wp:comment_approved/text()", namespaces=ns))
    assert approved == ["1", "1", "spam", "spam", "trash"]  # rejected has no WordPress twin: spam
    assert root.xpath("//item/wp:comment_status/text()", namespaces=ns) == ["closed"]
    assert root.xpath("//wp:comment_author_email/text()", namespaces=ns) == []  # only hashes are kept


def test_registered_as_a_format():
    assert by_name("wxr") is wxr
