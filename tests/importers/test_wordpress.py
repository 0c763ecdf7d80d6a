"""WordPress WXR: statuses, *_gmt times, pingbacks, plain-text and HTML bodies, registered users."""

from __future__ import annotations

from datetime import UTC, datetime

from salon.db import tables as t
from tests.importers.support import comments, rows, run


def _by_wp_id(services):
    return {k.rpartition("#")[2]: v for k, v in comments(services).items()}


def test_statuses_and_pingbacks(services, site):
    report = run(services, site, "wordpress.xml")
    assert report.format == "wordpress"
    got = _by_wp_id(services)
    assert {k: v.status for k, v in got.items()} == {
        "101": "published",
        "102": "published",
        "104": "spam",
        "105": "pending",
        "106": "deleted",
    }
    assert report.comments.skipped["pingback"] == 1


def test_pingbacks_kept_when_asked(services, site):
    report = run(services, site, "wordpress.xml", keep_linkbacks=True)
    assert report.comments.imported == 6
    assert "103" in _by_wp_id(services)


def test_gmt_times_and_the_fallback(services, site):
    report = run(services, site, "wordpress.xml")
    got = _by_wp_id(services)
    assert got["101"].created_at == datetime(2026, 11, 2, 9, 30, tzinfo=UTC)  # _gmt, not local 10:30
    assert got["105"].created_at == datetime(2026, 11, 5, 10, 0, tzinfo=UTC)
    assert any("comment_date_gmt" in w for w in report.warnings)


def test_bodies_and_nesting(services, site):
    run(services, site, "wordpress.xml")
    got = _by_wp_id(services)
    assert got["101"].html == (
        "<p>Plain text with a line break<br>\nand a blank line:</p>\n"
        "<p>second paragraph &amp; an ampersand.</p>"
    )
    assert got["102"].body == "**Danke!** See [the FAQ](https://blog.example.com/faq)."
    assert got["102"].parent_id == got["101"].id
    assert got["105"].parent_id == got["102"].id and got["105"].depth == 2
    assert got["101"].author_website == "https://juergen.example.de"


def test_threads_and_authors(services, site):
    run(services, site, "wordpress.xml")
    [thread] = rows(services, t.threads)  # the page without comments makes no thread
    assert thread.title == "Über Nachtzüge"
    assert thread.url == "https://blog.example.com/2026/11/uber-nachtzuge"
    assert thread.comment_count == 2
    [author] = rows(services, t.authors)  # only the registered user (comment_user_id 1)
    assert author.name == "admin" and author.published_count == 1
    assert _by_wp_id(services)["102"].author_id == author.id


def test_idempotent(services, site):
    run(services, site, "wordpress.xml")
    again = run(services, site, "wordpress.xml")
    assert again.comments.imported == 0 and len(rows(services, t.comments)) == 5
