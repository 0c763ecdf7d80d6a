"""A COMMIT that fails without saying whether it happened, on a real PostgreSQL.

The writer of new comments writes a batch in one transaction and, when that transaction fails,
writes each post again alone. If the connection is lost during COMMIT, the server may have
committed all the same: writing the posts again would store them twice. The writer asks the
database first (by the rows' ids and edit-token hashes) and only writes again what is not there.

The failure is real, not mocked: salon talks to PostgreSQL through a small TCP proxy in this
test, which, once armed, cuts both connections at the COMMIT of a transaction, either before the
server has it (the server rolls back) or after the server has answered COMMIT (the transaction is
stored; salon never hears so).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from salon.actions.comments import NewComment, Posted, prepare
from salon.actions.posting import CommitUnknown, write_posts
from salon.actions.sites import add_site
from salon.db import tables as t
from salon.db.engine import Database
from salon.moderation.classifiers.base import NullClassifier
from salon.notify.mail import NullMailer
from salon.services import Services
from salon.settings import load_settings
from tests.conftest import PAGE, SITE_ORIGIN

pytestmark = pytest.mark.postgres

#: The simple-protocol Query message psycopg sends for a commit, and the server's CommandComplete.
COMMIT = b"Q\x00\x00\x00\x0bCOMMIT\x00"
COMMITTED = b"C\x00\x00\x00\x0bCOMMIT\x00"


class CuttingProxy:
    """A TCP proxy to PostgreSQL that can cut the connection at the next COMMIT.

    ``arm("before")``: the COMMIT never reaches the server (it rolls the transaction back when
    the connection goes). ``arm("after")``: the server gets the COMMIT and answers it, and the
    answer is dropped with the connection. Either way salon sees the connection lost during COMMIT.
    ``down=True``: from the cut on, the database is unreachable (every connection through the
    proxy is cut, new ones are refused) until ``up()``.
    """

    def __init__(self, host: str, port: int) -> None:
        self._target = (host, port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._mode: str | None = None
        self._down_after = False
        self.down = False
        self.cut = 0
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True, name="cutting-proxy").start()

    def arm(self, mode: str, *, down: bool = False) -> None:
        with self._lock:
            self._mode = mode
            self._down_after = down

    def up(self) -> None:
        self.down = False

    def _cut_all(self) -> None:
        """The cut at COMMIT happened: count it, and take the database away if asked to."""
        self.cut += 1
        if self._down_after:
            self.down = True
            for s in list(self._sockets):
                self._cut(s)

    def close(self) -> None:
        self._listener.close()
        for s in self._sockets:
            with contextlib.suppress(OSError):
                s.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.down:
                self._cut(client)
                continue
            server = socket.create_connection(self._target)
            self._sockets += [client, server]
            state: dict[str, Any] = {"commit_sent": False}
            threading.Thread(target=self._up, args=(client, server, state), daemon=True).start()
            threading.Thread(target=self._down, args=(server, client, state), daemon=True).start()

    def _cut(self, *sockets: socket.socket) -> None:
        for s in sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def _up(self, client: socket.socket, server: socket.socket, state: dict[str, Any]) -> None:
        """salon → PostgreSQL."""
        while True:
            try:
                data = client.recv(65536)
            except OSError:
                return
            if not data:
                self._cut(server)
                return
            if COMMIT in data:
                with self._lock:
                    mode, self._mode = (self._mode, None)
                if mode == "before":
                    self._cut(client, server)
                    self._cut_all()
                    return
                if mode == "after":
                    state["commit_sent"] = True  # before the server can answer it
            try:
                server.sendall(data)
            except OSError:
                return

    def _down(self, server: socket.socket, client: socket.socket, state: dict[str, Any]) -> None:
        """PostgreSQL → salon."""
        held = b""
        while True:
            try:
                data = server.recv(65536)
            except OSError:
                return
            if not data:
                self._cut(client)
                return
            if state["commit_sent"]:
                held += data
                if COMMITTED in held:  # the server has committed: salon never hears it
                    self._cut(client, server)
                    self._cut_all()
                    return
                continue
            try:
                client.sendall(data)
            except OSError:
                return


@pytest.fixture
def proxy(pg_url: str) -> Iterator[CuttingProxy]:
    url = make_url(pg_url)
    cutting = CuttingProxy(url.host or "127.0.0.1", url.port or 5432)
    yield cutting
    cutting.close()


@pytest.fixture
def services(pg_url: str, proxy: CuttingProxy) -> Iterator[Services]:
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        names = ", ".join(f'"{table.name}"' for table in t.metadata.sorted_tables)
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()
    # Through the proxy, in clear text (so that it can find the COMMIT).
    url = make_url(pg_url).set(host="127.0.0.1", port=proxy.port).update_query_dict({"sslmode": "disable"})
    settings = load_settings(
        database_url=url.render_as_string(hide_password=False), classifier="null", rate_limit_posts=1000
    )
    svc = Services(
        settings=settings,
        db=Database(settings.database_url),
        secret="test-secret",
        classifier=NullClassifier(),
        mailer=NullMailer(),
    )
    add_site(svc, "blog", [SITE_ORIGIN])
    yield svc
    svc.close()


def _drafts(services: Services, count: int) -> list[Any]:
    return [
        prepare(
            services,
            NewComment(
                url=PAGE,
                body=f"Comment number {n} about the night train.",
                author_name=f"Reader {n}",
                client_address=f"198.51.100.{n + 1}",
            ),
        )
        for n in range(count)
    ]


def _stored(pg_url: str) -> tuple[list[str], int, int]:
    """What the database holds, asked directly (not through the proxy)."""
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        bodies = list(conn.execute(select(t.comments.c.body).order_by(t.comments.c.id)).scalars())
        records = conn.execute(select(func.count()).select_from(t.moderation_records)).scalar_one()
        count = conn.execute(select(t.threads.c.comment_count)).scalar_one()
    engine.dispose()
    return bodies, int(records), int(count)


def test_a_commit_whose_answer_is_lost_is_not_written_twice(services, proxy, pg_url):
    """The server committed the batch, the answer was lost with the connection: every post is
    answered as stored, once, and nothing is written again."""
    drafts = _drafts(services, 4)
    proxy.arm("after")
    results = write_posts(services, drafts)
    assert proxy.cut == 1
    assert all(isinstance(r, Posted) for r in results), results
    bodies, records, count = _stored(pg_url)
    assert bodies == [d.body for d in drafts]  # each once
    assert records == 4 and count == 4
    assert sorted(r.comment.id for r in results if isinstance(r, Posted)) == [1, 2, 3, 4]


def test_a_commit_that_never_reached_the_server_is_written_again(services, proxy, pg_url):
    """The connection went before the server had the COMMIT (it rolled back): the writer finds
    none of the batch stored and writes each post again alone; each is stored once."""
    drafts = _drafts(services, 4)
    proxy.arm("before")
    results = write_posts(services, drafts)
    assert proxy.cut == 1
    assert all(isinstance(r, Posted) for r in results), results
    bodies, records, count = _stored(pg_url)
    assert bodies == [d.body for d in drafts]
    assert records == 4 and count == 4


def test_when_the_database_cannot_be_asked_nothing_is_written_again(services, proxy, pg_url):
    """The commit's answer was lost and the database is gone right after, so it cannot be asked:
    the posts are answered 503 (their outcome is unknown) and never written a second time."""
    drafts = _drafts(services, 3)
    proxy.arm("after", down=True)
    results = write_posts(services, drafts)
    assert proxy.cut == 1
    assert all(isinstance(r, CommitUnknown) for r in results), results
    assert {r.status for r in results if isinstance(r, CommitUnknown)} == {503}
    bodies, _, _ = _stored(pg_url)
    assert bodies == [d.body for d in drafts]  # stored once, by the commit that was cut
    proxy.up()
    assert isinstance(write_posts(services, _drafts(services, 1))[0], Posted)  # and on it goes
