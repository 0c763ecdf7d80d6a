"""authors.get_or_create as one upsert, on SQLite and PostgreSQL."""

from __future__ import annotations

from salon.db import authors as author_queries


def test_get_or_create_creates_then_keeps_the_row_current(services, site):
    with services.db.write() as conn:
        first = author_queries.get_or_create(conn, site.id, "addr:1", "Ann", "e1")
        row = author_queries.get(conn, first)
    assert (row.name, row.email_hash, row.published_count) == ("Ann", "e1", 0)
    assert row.first_seen == row.last_seen
    with services.db.write() as conn:
        again = author_queries.get_or_create(conn, site.id, "addr:1", "Ann B", None)
        kept = author_queries.get(conn, again)
    assert again == first
    assert (kept.name, kept.email_hash, kept.first_seen) == ("Ann B", "e1", row.first_seen)
    assert kept.last_seen >= row.last_seen
    with services.db.write() as conn:
        author_queries.get_or_create(conn, site.id, "addr:1", "Ann B", "e2")
        assert author_queries.get(conn, first).email_hash == "e2"
        other = author_queries.get_or_create(conn, site.id, "addr:2", "Bo", None)
    assert other != first
    with services.db.read() as conn:
        assert author_queries.find(conn, site.id, "addr:2") == other


def test_get_or_create_many_gives_each_key_its_own_id_when_known_and_new_authors_mix(services, site):
    """Known authors (older, smaller ids) upserted among new ones in one statement: every key
    gets the id of its own row, whatever order the database returns the rows in."""
    with services.db.write() as conn:
        known = {
            key: author_queries.get_or_create(conn, site.id, key, name, None)
            for key, name in (("addr:m", "Mia"), ("addr:c", "Cal"), ("addr:x", "Xu"))
        }
    batch = [
        (site.id, "addr:z", "Zed", None),
        (site.id, "addr:m", "Mia", None),
        (site.id, "addr:a", "Ada", "e-a"),
        (site.id, "addr:x", "Xu", None),
        (site.id, "addr:b", "Bea", None),
        (site.id, "addr:c", "Cal", "e-c"),
    ]
    with services.db.write() as conn:
        ids = author_queries.get_or_create_many(conn, batch)
        names = {key: author_queries.get(conn, ids[(site.id, key)]).name for _, key, _, _ in batch}
    assert {k: ids[(site.id, k)] for k in known} == known
    assert names == {key: name for _, key, name, _ in batch}
    assert len(set(ids.values())) == len(batch)
