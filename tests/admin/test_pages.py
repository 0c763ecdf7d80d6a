"""Queue filters and counts, the item's content, settings, audit log, sites, and the CLI."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import select

from salon.cli import main
from salon.db import comments as comment_queries
from salon.db import queue as queue_queries
from salon.db import sites as site_queries
from salon.db import tables as t
from salon.db.engine import Database
from salon.db.queue import QueueFilter
from salon.web.admin.highlight import highlight
from tests.admin.conftest import OTHER_PAGE, held_comment
from tests.conftest import post


def test_highlight_escapes_everything_and_marks_spans():
    html = str(
        highlight(
            "<script>x</script> idiot & more",
            [
                {"begin": 19, "end": 24, "categories": ["insult"], "score": 0.9},
                {"begin": 19, "end": 31, "categories": ["toxicity"], "score": 0.5},
                {"begin": 500, "end": 900, "categories": ["spam"]},
                {"bogus": True},
            ],
        )
    )
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert (
        '<mark class="span" data-categories="insult toxicity" title="insult, toxicity (0.90)">idiot</mark>'
        in html
    )
    assert '<mark class="span" data-categories="toxicity" title="toxicity (0.50)"> &amp; more</mark>' in html


def test_item_shows_what_decided_it(services, client, site, as_admin):
    parent = post(client, body="The parent comment text", name="Pat").json()["id"]
    cid = held_comment(services, client, body="you idiot <b>bold</b>", parent_id=parent)
    client.post(f"/api/comments/{parent}/report", json={"reason": "spam"})
    page = as_admin.get("/admin").text
    assert '<mark class="span" data-categories="insult" title="insult (0.91)">idiot</mark>' in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<code>classifier</code>" in page and "insult 0.91" in page
    assert "The parent comment text" in page and "in reply to Pat" in page
    assert "first seen" in page and "approved" in page
    reported = as_admin.get("/admin?queue=reported").text
    assert f'id="item-{parent}"' in reported and f'id="item-{cid}"' not in reported
    assert "spam × 1" in reported


def test_filters(services, client, site, other_site, as_admin):
    a = held_comment(services, client, body="you idiot about trains")
    b = held_comment(services, client, body="you idiot about boats", url=OTHER_PAGE)
    c = held_comment(services, client, body="calm words on ferries", author={"email": "c@example.com"})
    with services.db.write() as conn:
        row = comment_queries.get(conn, c)
        comment_queries.set_fields(conn, c, moderation={**row.moderation, "scores": {"spam": 0.95}})

    def ids(query):
        text = as_admin.get(f"/admin?{query}").text
        return {i for i in (a, b, c) if f'id="item-{i}"' in text}

    assert ids("queue=held") == {a, b, c}
    assert ids(f"site={site.id}") == {a, c}
    assert ids("q=boats") == {b}
    assert ids("q=100%25") == set()
    assert ids("category=spam") == {c}
    assert ids("category=insult&min_score=0.9") == {a, b}
    assert ids("category=insult&min_score=0.95") == set()
    with services.db.read() as conn:
        author_c = comment_queries.get(conn, c).author_id
        thread_b = comment_queries.get(conn, b).thread_id
    assert ids(f"author={author_c}") == {c}
    assert ids(f"thread={thread_b}") == {b}
    assert ids("queue=published") == set()


def test_counts_are_capped_and_pages_continue(services, client, site, as_admin):
    ids = [held_comment(services, client, body=f"idiot {i}") for i in range(30)]
    with services.db.read() as conn:
        assert queue_queries.count(conn, QueueFilter("held"), cap=10) == 11
        assert queue_queries.counts(conn, QueueFilter())["held"] == 30
        first, key = queue_queries.page(conn, QueueFilter("held"), limit=25)
        rest, end = queue_queries.page(conn, QueueFilter("held"), limit=25, before=key)
    assert len(first) == 25 and len(rest) == 5 and end is None
    assert {r.id for r in first} | {r.id for r in rest} == set(ids)
    page = as_admin.get("/admin").text
    assert 'class="count" id="count-held">30<' in page and "Older" in page


def test_settings_change_takes_effect_and_is_audited(services, site, as_admin, admin_user):
    page = as_admin.get(f"/admin/sites/{site.id}/settings")
    assert page.status_code == 200 and 'name="premoderation"' in page.text
    form = {
        "origins": "https://blog.example.com\nhttps://www.blog.example.com",
        "premoderation": "all",
        "banned_words": "spamword\nother phrase",
        "link_limit": "1",
        "held_message": "Thanks! A person will look at it.",
        "edit_window_seconds": "600",
        "report_threshold": "2",
        "nudge_enabled": "on",
        "thresholds.insult.hold": "0.4",
        "thresholds.insult.reject": "0.95",
    }
    response = as_admin.post(f"/admin/sites/{site.id}/settings", form)
    assert response.status_code == 303, response.text
    assert services.sites.for_url("https://www.blog.example.com/x") is not None
    with services.db.read() as conn:
        saved = site_queries.get(conn, site.id)
        audit = conn.execute(select(t.audit_log).where(t.audit_log.c.action == "site.settings")).one()
    assert saved.settings["premoderation"] == "all" and saved.settings["banned_words"] == [
        "spamword",
        "other phrase",
    ]
    assert saved.settings["link_limit"] == 1 and saved.settings["report_threshold"] == 2
    assert saved.settings["thresholds"] == {"insult": [0.4, 0.95]}
    assert "https://www.blog.example.com" in saved.origins
    assert audit.actor == f"user:{admin_user.id}"
    shown = as_admin.get(f"/admin/sites/{site.id}/settings?saved=1").text
    assert "Saved." in shown and "spamword\nother phrase" in shown


def test_invalid_settings_are_refused(services, site, as_admin):
    for form in (
        {"origins": "https://blog.example.com", "premoderation": "sometimes"},
        {"origins": "https://blog.example.com", "link_limit": "lots"},
        {
            "origins": "https://blog.example.com",
            "thresholds.insult.hold": "0.9",
            "thresholds.insult.reject": "0.2",
        },
        {"origins": "https://blog.example.com", "report_threshold": "-1"},
        {"origins": "not an origin"},
    ):
        response = as_admin.post(f"/admin/sites/{site.id}/settings", form)
        assert response.status_code == 422, form
        assert 'role="alert"' in response.text
    with services.db.read() as conn:
        assert site_queries.get(conn, site.id).settings == {}


def test_audit_log_filters(services, client, site, as_admin, admin_user):
    cid = held_comment(services, client)
    as_admin.post(f"/admin/comments/{cid}/decide", {"action": "reject", "message": "not here"})
    page = as_admin.get(f"/admin/audit?actor=user:{admin_user.id}&action=comment").text
    assert "comment.reject" in page and "not here" in page and "comment.create" not in page
    assert "comment.create" in as_admin.get("/admin/audit").text
    assert "comment.reject" not in as_admin.get("/admin/audit?action=comment.approve").text


def test_sites_list(services, client, site, other_site, as_admin):
    held_comment(services, client)
    page = as_admin.get("/admin/sites").text
    assert 'data-site="blog"' in page and 'data-site="news"' in page
    assert as_admin.get("/admin/static/htmx.min.js").status_code == 200
    assert as_admin.get("/admin/static/../../app.py").status_code == 404


def test_cli_admin_create_and_list(tmp_path):
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    runner.invoke(main, ["site", "add", "blog", "--origin", "https://blog.example.com", "--db", db])
    made = runner.invoke(
        main,
        ["admin", "create", "--email", "Mod@Example.com", "--site", "blog", "--password-stdin", "--db", db],
        input="a long enough password\n",
    )
    assert made.exit_code == 0, made.output
    assert "moderator mod@example.com created (blog)" in made.output
    again = runner.invoke(
        main,
        ["admin", "create", "--email", "mod@example.com", "--site", "blog", "--password-stdin", "--db", db],
        input="a long enough password\n",
    )
    assert again.exit_code == 1 and "already has an account" in again.output
    weak = runner.invoke(
        main,
        ["admin", "create", "--email", "a@example.com", "--role", "admin", "--password-stdin", "--db", db],
        input="short\n",
    )
    assert weak.exit_code == 1 and "at least" in weak.output
    prompted = runner.invoke(
        main,
        ["admin", "create", "--email", "a@example.com", "--role", "admin", "--db", db],
        input="a long enough password\na long enough password\n",
    )
    assert prompted.exit_code == 0, prompted.output
    listed = runner.invoke(main, ["admin", "list", "--db", db])
    assert (
        "mod@example.com\tmoderator\tblog" in listed.output
        and "a@example.com\tadmin\tall sites" in listed.output
    )
    database = Database(db)
    with database.read() as conn:
        row = conn.execute(select(t.users).where(t.users.c.email == "mod@example.com")).one()
    database.dispose()
    assert row.password_hash.startswith("$argon2")
