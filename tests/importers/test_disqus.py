"""Disqus XML exports: nesting, late parents, orphans, statuses, HTML, authors, idempotence."""

from __future__ import annotations

from datetime import UTC, datetime

from salon.actions.imports import UrlMap
from salon.db import tables as t
from tests.importers.support import comments, rows, run


def test_threads_comments_and_tree(services, site):
    report = run(services, site, "disqus.xml")
    assert report.format == "disqus"
    assert report.comments.imported == 6
    assert report.outside_origins == {"http://old.example.org/posts/ferries": 1}
    got = comments(services)
    assert set(got) == {"1", "2", "3", "4", "5", "6"}
    # 1 ← 2 ← 3 (deleted) ← 4: the reply came before its parent in the file
    assert got["2"].parent_id == got["1"].id and got["2"].depth == 1
    assert got["3"].parent_id == got["2"].id and got["3"].depth == 2
    assert got["4"].parent_id == got["3"].id and got["4"].depth == 3
    assert {got[k].root_id for k in "1234"} == {got["1"].id}
    assert got["5"].root_id == got["5"].id and got["5"].parent_id is None


def test_statuses_times_and_placeholders(services, site):
    run(services, site, "disqus.xml")
    got = comments(services)
    assert got["1"].status == "published"
    assert got["5"].status == "spam"
    deleted = got["3"]
    assert deleted.status == "deleted"
    assert deleted.body == "" and deleted.html == "" and deleted.author_name == ""
    assert got["1"].created_at == datetime(2019, 3, 1, 9, 15, tzinfo=UTC)
    [thread] = rows(services, t.threads)
    assert thread.url == "https://blog.example.com/2026/11/night-trains"
    assert thread.title == "Night trains are back"
    assert thread.comment_count == 4  # 1, 2, 4, 6 are published
    assert thread.last_comment_at == datetime(2019, 3, 4, tzinfo=UTC)


def test_html_is_sanitised_and_converted(services, site):
    run(services, site, "disqus.xml")
    got = comments(services)
    html = got["2"].html
    assert "<script" not in html and "onclick" not in html and "onerror" not in html and "<img" not in html
    assert '<a href="https://example.net/fahrplan" rel="nofollow ugc noopener">Fahrplan</a>' in html
    assert "schön" in got["2"].body and "[Fahrplan](https://example.net/fahrplan)" in got["2"].body
    assert (
        got["1"].body == "First! Night trains to Vienna are wonderful.\n\nSecond paragraph  \nwith a break."
    )
    assert got["4"].author_name == "Zoë Ødegård"


def test_authors_hashed_email_and_anonymous(services, site):
    run(services, site, "disqus.xml")
    got = comments(services)
    authors = {a.source_id: a for a in rows(services, t.authors)}
    assert set(authors) == {"ann_k", "bernd", "carl"}
    assert got["1"].author_id == got["6"].author_id == authors["ann_k"].id
    assert authors["ann_k"].published_count == 2
    # stored hashed, trimmed and lower-cased as salon does; never the address itself
    from salon.actions.identity import email_hash

    assert got["2"].author_email_hash == email_hash(services, "bernd@example.com")
    assert all("@" not in (a.email_hash or "") for a in authors.values())
    assert got["4"].author_id is None  # an anonymous guest is not merged with anyone


def test_orphan_kept_top_level_with_a_note(services, site):
    report = run(services, site, "disqus.xml")
    orphan = comments(services)["6"]
    assert orphan.parent_id is None and orphan.root_id == orphan.id and orphan.depth == 0
    assert report.orphans == 1 and report.orphan_sample == ["999"]


def test_twice_adds_nothing(services, site):
    run(services, site, "disqus.xml")
    before = {
        tb.name: len(rows(services, tb)) for tb in (t.comments, t.threads, t.authors, t.moderation_records)
    }
    again = run(services, site, "disqus.xml")
    after = {
        tb.name: len(rows(services, tb)) for tb in (t.comments, t.threads, t.authors, t.moderation_records)
    }
    assert after == before
    assert again.comments.imported == 0 and again.comments.skipped["already imported"] == 6
    assert again.threads.imported == 0 and again.authors.imported == 0


def test_url_map_brings_the_outside_thread_in(services, site, tmp_path):
    run(services, site, "disqus.xml")
    mapping = tmp_path / "map.csv"
    mapping.write_text("http://old.example.org/posts/,https://blog.example.com/archive/\n")
    report = run(services, site, "disqus.xml", url_map=UrlMap.load(mapping))
    assert report.comments.imported == 1 and not report.outside_origins
    urls = {th.url: th for th in rows(services, t.threads)}
    ferries = urls["https://blog.example.com/archive/ferries"]  # utm_source dropped
    assert ferries.locked and ferries.title == "Ferries"


def test_regex_url_map(tmp_path):
    mapping = tmp_path / "map.csv"
    mapping.write_text(r"re:^http://old\.example\.org/posts/(\w+)$,https://blog.example.com/p/\1" + "\n")
    assert (
        UrlMap.load(mapping).apply("http://old.example.org/posts/ferries")
        == "https://blog.example.com/p/ferries"
    )


def test_dry_run_writes_nothing(services, site):
    report = run(services, site, "disqus.xml", dry_run=True)
    assert report.comments.imported == 6 and report.dry_run
    assert report.orphans == 1 and report.orphan_sample == ["999"]  # the late parent "3" was found
    assert rows(services, t.comments) == [] and rows(services, t.threads) == []


def test_moderation_records_and_audit(services, site):
    run(services, site, "disqus.xml")
    records = rows(services, t.moderation_records)
    assert len(records) == 6
    assert {r.actor for r in records} == {"import:disqus"}
    spam = comments(services)["5"]
    assert [r.decision for r in records if r.comment_id == spam.id] == ["reject"]
    audits = [a for a in rows(services, t.audit_log) if a.action == "import.run"]
    assert len(audits) == 1 and audits[0].details["comments"]["imported"] == 6


def test_moderate_runs_the_policy_over_what_was_imported(services, site):
    from salon.actions.sites import update_settings

    site = update_settings(services, site.id, {"suspect_words": ["vienna"]}, "cli")
    report = run(services, site, "disqus.xml", moderate=True)
    assert report.moderated == {"pending": 1}
    got = comments(services)
    assert got["1"].status == "pending" and got["1"].moderation["decision"] == "hold"
    assert got["2"].status == "published" and got["2"].moderation["phase"] != "import"
    assert got["5"].status == "spam"  # decided statuses stay
    [thread] = rows(services, t.threads)
    assert thread.comment_count == 3
    assert any(r.actor == "pipeline" for r in rows(services, t.moderation_records))
