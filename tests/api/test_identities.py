"""Guests are their own author token: an address or an e-mail address is a signal, never an identity.

And nothing public is derived from an e-mail address without the install's secret and the site.
"""

from __future__ import annotations

import hashlib
import os

import pytest
from sqlalchemy import select

from salon.actions.identity import issue_author_token
from salon.actions.sites import add_site, update_settings
from salon.db import tables as t
from salon.db.engine import Database, now
from salon.settings import load_settings
from tests.conftest import PAGE, PG_SKIP_REASON, create_scratch_database, drop_scratch_database, post

OTHER_ORIGIN = "https://other.example.net"
OTHER_PAGE = f"{OTHER_ORIGIN}/notes/one"


def _thread(client, url=PAGE, token=None):
    headers = {"X-Salon-Author": token} if token else None
    response = client.get("/api/comments", params={"url": url}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def _ids(nodes):
    out = []
    for node in nodes:
        out.append(node["id"])
        out.extend(_ids(node["replies"]))
    return out


def _author_of(services, comment_id):
    with services.db.read() as conn:
        return conn.execute(select(t.comments.c.author_id).where(t.comments.c.id == comment_id)).scalar_one()


def test_two_guests_on_one_address_are_two_authors(client, services, site):
    update_settings(services, site.id, {"premoderation": "all"}, "test")
    first = post(client, "First guest's held comment.", name="Ann").json()
    second = post(client, "Second guest, same office address.", name="Bo").json()
    assert first["status"] == second["status"] == "pending"
    assert first["author_token"] != second["author_token"]
    assert _author_of(services, first["id"]) != _author_of(services, second["id"])
    # Each sees their own held comment and never the other's.
    assert _ids(_thread(client, token=first["author_token"])["comments"]) == [first["id"]]
    assert _ids(_thread(client, token=second["author_token"])["comments"]) == [second["id"]]
    assert _ids(_thread(client)["comments"]) == []


def test_an_email_address_does_not_hand_out_its_author(client, services, site):
    update_settings(services, site.id, {"premoderation": "all"}, "test")
    owner = post(client, "Mine, held.", author={"email": "ann@example.org"}).json()
    other = post(client, "Typed Ann's address.", name="Mallory", author={"email": "ann@example.org"}).json()
    assert _author_of(services, owner["id"]) != _author_of(services, other["id"])
    assert owner["id"] not in _ids(_thread(client, token=other["author_token"])["comments"])


def test_the_token_keeps_the_author_across_addresses(client, services, site):
    first = post(client, "From home.").json()
    again = post(client, "From the train.", headers={"X-Salon-Author": first["author_token"]}).json()
    assert _author_of(services, first["id"]) == _author_of(services, again["id"])
    assert again["author_token"] == first["author_token"]


def test_a_token_for_another_site_or_a_forged_one_makes_a_new_author(client, services, site):
    first = post(client, "Hello.").json()
    forged = issue_author_token(services, site.id + 1, _author_of(services, first["id"]))
    for token in (forged, first["author_token"] + "x", "garbage"):
        again = post(client, "Again.", headers={"X-Salon-Author": token}).json()
        assert _author_of(services, again["id"]) != _author_of(services, first["id"])


def test_the_address_still_limits_the_rate(client, services, site):
    limited = services.settings.model_copy(update={"rate_limit_posts": 3})
    object.__setattr__(services, "settings", limited)
    codes = [post(client, f"Post number {i}.", name=f"Guest {i}").status_code for i in range(5)]
    assert codes == [201, 201, 201, 429, 429]


def _avatars(nodes):
    return {node["author"]["avatar"] for node in nodes}


def test_avatar_is_keyed_and_differs_per_site(client, services, site):
    add_site(services, "other", [OTHER_ORIGIN])
    email = "Reader@Example.org"
    bare = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    here = post(client, "On the blog.", author={"email": email}).json()["author"]["avatar"]
    there = post(client, "Elsewhere.", url=OTHER_PAGE, author={"email": email}).json()["author"]["avatar"]
    again = post(client, "On the blog again.", author={"email": email}).json()["author"]["avatar"]
    assert here and there and here == again
    assert here != there
    assert bare not in (here, there) and bare[:32] not in (here, there)
    assert _avatars(_thread(client)["comments"]) == {here}
    assert _avatars(_thread(client, url=OTHER_PAGE)["comments"]) == {there}
    with services.db.read() as conn:
        stored = conn.execute(select(t.comments.c.author_email_hash).distinct()).scalar_one()
    # No public surface carries the bare or the stored hash: JSON, server-rendered HTML, the feeds.
    for response in (
        client.get("/api/comments", params={"url": PAGE}),
        client.get("/embed/thread", params={"url": PAGE}),
        client.get("/embed/thread", params={"url": PAGE, "page": "1"}),
        client.get("/api/feed.atom", params={"url": PAGE}),
        client.get("/api/feed.atom", params={"site": "blog"}),
    ):
        assert response.status_code == 200
        assert bare not in response.text and bare[:32] not in response.text
        assert stored not in response.text


def test_stored_email_hashes_are_keyed_with_the_secret(client, services, site):
    """The database holds no plain SHA-256 of an address (a guess could be checked against it, and
    it would be the same on every install): only the hash keyed with the install's secret."""
    from salon.actions.identity import email_hash

    email = "Reader@Example.org"
    bare = hashlib.sha256(email.lower().encode()).hexdigest()
    post(client, "Keyed.", author={"email": email})
    with services.db.read() as conn:
        stored = {
            conn.execute(select(t.comments.c.author_email_hash)).scalar_one(),
            conn.execute(select(t.authors.c.email_hash)).scalar_one(),
        }
    assert stored == {email_hash(services, email)}
    assert email_hash(services, " reader@example.ORG ") == email_hash(services, email)
    assert bare not in stored and bare[:32] not in stored
    object.__setattr__(services, "secret", "another-install")
    assert email_hash(services, email) not in stored


def test_avatar_changes_with_the_secret(services, site, client):
    email = "reader@example.org"
    first = post(client, "One.", author={"email": email}).json()["author"]["avatar"]
    object.__setattr__(services, "secret", "another-install")
    services.cache.clear()
    second = post(client, "Two.", author={"email": email}).json()["author"]["avatar"]
    assert first != second


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db_url(request, tmp_path):
    """A database with no schema at all, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    if PG_SKIP_REASON:
        pytest.skip(PG_SKIP_REASON)
    name = f"salon_migrate_{os.getpid()}"
    yield create_scratch_database(name)
    drop_scratch_database(name)


def test_migration_0003_stops_signals_leading_to_old_authors(empty_db_url):
    """Rows keyed by address or e-mail before 0003 keep their id (so tokens given out still work),
    but their keys no longer match any signal."""
    from alembic import command

    db = Database(empty_db_url)
    try:
        command.upgrade(db.alembic_config(), "0002")
        with db.engine.begin() as conn:
            conn.execute(
                t.sites.insert().values(
                    id=1, name="blog", origins=["https://blog.example.com"], settings={}, created_at=now()
                )
            )
            for author_id, key in ((1, "addr:abc"), (2, "email:def"), (3, "guest:kept")):
                conn.execute(
                    t.authors.insert().values(
                        id=author_id, site_id=1, key=key, name="A", first_seen=now(), last_seen=now()
                    )
                )
        db.upgrade()
        with db.engine.connect() as conn:
            keys = dict(conn.execute(select(t.authors.c.id, t.authors.c.key).order_by(t.authors.c.id)).all())
            sessions = conn.execute(select(t.admin_sessions)).all()
    finally:
        db.dispose()
    assert keys == {1: "legacy:1", 2: "legacy:2", 3: "guest:kept"}
    assert sessions == []


def test_author_signals_lists_what_the_authors_comments_carried(services, site):
    from salon.actions.comments import NewComment, create_comment
    from salon.actions.identity import author_signals, client_hash, email_hash

    first = create_comment(
        services, NewComment(url=PAGE, body="One.", author_name="Ann", client_address="192.0.2.1")
    )
    token = first.author_token
    for address, email in (("192.0.2.2", "ann@example.org"), ("192.0.2.1", None)):
        create_comment(
            services,
            NewComment(
                url=PAGE,
                body=f"From {address}.",
                author_name="Ann",
                client_address=address,
                author_email=email,
                author_token=token,
            ),
        )
    create_comment(
        services, NewComment(url=PAGE, body="Someone else.", author_name="Bo", client_address="192.0.2.9")
    )
    with services.db.read() as conn:
        found = author_signals(services, conn, first.comment.author_id)
    assert set(found.addresses) == {client_hash(services, "192.0.2.1"), client_hash(services, "192.0.2.2")}
    assert found.emails == [email_hash(services, "ann@example.org")]
    assert found.account is None


def test_migration_0008_keys_the_plain_email_hashes(empty_db_url):
    """Plain SHA-256 values written before 0008 become the keyed form, with the secret the settings
    give: lookups by address keep finding the old rows, and no plain digest is left."""
    from alembic import command

    from salon.actions.identity import email_hash
    from salon.actions.subjects import find_subject
    from salon.db import sites as site_queries
    from salon.services import Services

    email = "old@example.org"
    plain = hashlib.sha256(email.encode()).hexdigest()
    db = Database(empty_db_url)
    try:
        command.upgrade(db.alembic_config(), "0007")
        with db.engine.begin() as conn:
            conn.execute(
                t.sites.insert().values(
                    id=1, name="blog", origins=["https://blog.example.com"], settings={}, created_at=now()
                )
            )
            conn.execute(
                t.threads.insert().values(id=1, site_id=1, url="https://blog.example.com/a", created_at=now())
            )
            for author_id, ehash in ((1, plain), (2, None)):
                conn.execute(
                    t.authors.insert().values(
                        id=author_id,
                        site_id=1,
                        key=f"guest:{author_id}",
                        name="A",
                        email_hash=ehash,
                        first_seen=now(),
                        last_seen=now(),
                    )
                )
                conn.execute(
                    t.comments.insert().values(
                        id=author_id,
                        thread_id=1,
                        author_id=author_id,
                        author_name="A",
                        author_email_hash=ehash,
                        body="b",
                        html="<p>b</p>",
                        status="published",
                        created_at=now(),
                    )
                )
            conn.execute(
                t.sanctions.insert().values(id=1, site_id=1, author_id=1, kind="ban", created_at=now())
            )
            conn.execute(
                t.sanction_signals.insert().values(sanction_id=1, site_id=1, kind="email", value=plain)
            )
        db.upgrade(secret="the-install-secret")
        services = Services(settings=load_settings(), db=db, secret="the-install-secret")
        expected = email_hash(services, email)
        with db.engine.connect() as conn:
            authors = conn.execute(select(t.authors.c.email_hash).order_by(t.authors.c.id)).scalars().all()
            comments = (
                conn.execute(select(t.comments.c.author_email_hash).order_by(t.comments.c.id)).scalars().all()
            )
            signals = conn.execute(select(t.sanction_signals.c.value)).scalars().all()
            site = site_queries.get(conn, 1)
            assert site is not None
            found = find_subject(services, conn, site, email=email)
    finally:
        db.dispose()
    assert authors == comments == [expected, None]
    assert signals == [expected]
    assert found.author_ids == [1] and found.email_hash == expected


def test_an_older_exports_plain_email_hash_is_keyed_on_import(services):
    from salon.actions.identity import email_hash, stored_email_hash

    plain = hashlib.sha256(b"ann@example.org").hexdigest()
    keyed = email_hash(services, "ann@example.org")
    assert stored_email_hash(services, plain) == keyed
    assert stored_email_hash(services, keyed) == keyed
    assert stored_email_hash(services, None) is None
