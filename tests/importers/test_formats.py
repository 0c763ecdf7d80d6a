"""Isso (database and JSON), Remark42, Commento and Comentario: each against a small export."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from salon.db import tables as t
from salon.importers import detect
from salon.importers.records import ImportFailed
from tests.importers.support import FIXTURES, comments, rows, run

# Isso's own schema (isso/db/__init__.py, threads and comments).
ISSO_SCHEMA = """
CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE, title VARCHAR(256));
CREATE TABLE comments (
    tid REFERENCES threads(id), id INTEGER PRIMARY KEY, parent INTEGER, created FLOAT NOT NULL,
    modified FLOAT, mode INTEGER, remote_addr VARCHAR, text VARCHAR, author VARCHAR, email VARCHAR,
    website VARCHAR, likes INTEGER DEFAULT 0, dislikes INTEGER DEFAULT 0, voters BLOB NOT NULL,
    notification INTEGER DEFAULT 0);
"""


@pytest.fixture
def isso_db(tmp_path):
    path = tmp_path / "comments.db"
    db = sqlite3.connect(path)
    db.executescript(ISSO_SCHEMA)
    db.execute("INSERT INTO threads VALUES (1, '/2026/11/night-trains/', 'Night trains')")
    rows_ = [
        (1, 1, None, 1546300800.5, None, 1, "", "Hello **isso**", "Ann", "ann@example.com", None, 4, 1),
        (1, 2, 1, 1546304400.0, 1546304500.0, 1, "", "a reply", None, None, "https://x.example", 0, 0),
        (1, 3, 2, 1546308000.0, None, 4, "", "", None, None, None, 0, 0),
        (1, 4, 3, 1546311600.0, None, 1, "", "reply to a deleted one", "Cy", None, None, 0, 0),
        (1, 5, None, 1546315200.0, None, 2, "", "waiting", "Di", None, None, 0, 0),
    ]
    db.executemany(
        "INSERT INTO comments (tid, id, parent, created, modified, mode, remote_addr, text, author, email,"
        " website, likes, dislikes, voters) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?, x'00')",
        rows_,
    )
    db.commit()
    db.close()
    return path


def test_isso_database(services, site, isso_db):
    assert detect(isso_db).name == "isso"
    report = run(services, site, isso_db)
    assert report.comments.imported == 5
    got = comments(services)
    assert got["1"].html == "<p>Hello <strong>isso</strong></p>" and got["1"].upvotes == 4
    assert got["1"].created_at == datetime(2019, 1, 1, 0, 0, 0, 500000, tzinfo=UTC)
    assert got["2"].author_name == "Anonymous" and got["2"].edited_at is not None
    assert got["3"].status == "deleted" and got["4"].depth == 3
    assert got["5"].status == "pending"
    [thread] = rows(services, t.threads)
    assert thread.url == "https://blog.example.com/2026/11/night-trains"  # the path on the site's origin
    assert run(services, site, isso_db).comments.imported == 0


def test_not_an_isso_database(services, site, tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).executescript("CREATE TABLE x (a); INSERT INTO x VALUES (1);")
    with pytest.raises(ImportFailed, match="not an Isso database"):
        run(services, site, path, "isso")


def test_isso_json(services, site):
    report = run(services, site, "isso.json")
    assert report.format == "isso-json" and report.comments.imported == 3
    got = comments(services)
    assert set(got) == {"/2026/11/night-trains/#1", "/2026/11/night-trains/#2", "/about/#1"}
    anonymous = got["/2026/11/night-trains/#2"]
    assert anonymous.author_name == "Anonymous" and "<script" not in anonymous.html
    assert got["/2026/11/night-trains/#1"].html == "<p>Great <em>article</em>!</p>"
    assert len(rows(services, t.threads)) == 2


def test_remark42(services, site):
    report = run(services, site, "remark42.jsonl")
    assert report.format == "remark42" and report.comments.imported == 3
    got = comments(services)
    assert got["c1"].pinned and got["c1"].upvotes == 2 and got["c1"].score == 2
    assert got["c1"].created_at == datetime(2019, 6, 1, 10, 0, tzinfo=UTC)  # +02:00 to UTC
    assert got["c2"].parent_id == got["c1"].id and got["c2"].downvotes == 1
    assert got["c2"].author_id is None  # anonymous_… users are not authors
    assert got["c3"].status == "deleted" and got["c3"].depth == 2
    [author] = rows(services, t.authors)
    assert author.source_id == "github_1" and got["c1"].author_id == author.id


def test_remark42_broken_line(services, site, tmp_path):
    text = (FIXTURES / "remark42.jsonl").read_text().splitlines()
    path = tmp_path / "cut.jsonl"
    path.write_text("\n".join([*text[:2], text[2][:40]]))
    with pytest.raises(ImportFailed, match=r"^line 3: .*truncated"):
        run(services, site, path, "remark42")
    assert len(rows(services, t.comments)) == 1


def test_commento(services, site):
    report = run(services, site, "commento.json")
    assert report.format == "commento" and report.comments.imported == 3
    got = comments(services)
    assert got["aa01"].html == "<p>Hello <strong>Commento</strong></p>" and got["aa01"].score == 3
    assert got["aa02"].status == "pending" and got["aa02"].parent_id == got["aa01"].id
    assert got["aa03"].status == "deleted" and got["aa03"].body == ""
    assert got["aa01"].author_website == "https://dana.example.net"


def test_comentario_v3_and_v1(services, site):
    report = run(services, site, "comentario-v3.json")
    assert report.format == "comentario" and report.comments.imported == 2
    got = comments(services)
    first = got["c0000000-0000-0000-0000-000000000001"]
    reply = got["c0000000-0000-0000-0000-000000000002"]
    assert first.pinned and first.score == 5 and first.author_name == "Eve"
    assert reply.status == "pending" and reply.parent_id == first.id and reply.author_name == "Guest Gil"
    assert reply.created_at == datetime(2023, 5, 5, 5, 0, tzinfo=UTC)
    assert rows(services, t.threads)[0].title == "Night trains are back"
    assert run(services, site, "commento.json", "comentario").comments.imported == 3  # v1 = Commento's


def test_unsupported_json_versions(services, site, tmp_path):
    path = tmp_path / "v2.json"
    path.write_text('{"version": 2, "comments": []}')
    with pytest.raises(ImportFailed, match="version 2 is not supported"):
        run(services, site, path, "comentario")
    with pytest.raises(ImportFailed, match="version 2 is not supported"):
        run(services, site, path, "commento")
