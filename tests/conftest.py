"""Shared fixtures: a real database (SQLite file, and PostgreSQL when it answers), services with
Null twins where the collaborator is not under test, and an API client whose every response is
checked against the committed OpenAPI document."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select, text

from salon.actions.sites import add_site
from salon.app import create_app
from salon.db import tables as t
from salon.db.engine import Database
from salon.db.sites import Site
from salon.moderation.classifiers.base import Classifier, NullClassifier
from salon.notify.mail import NullMailer
from salon.services import Services
from salon.settings import Settings, load_settings
from tests.openapi_check import check_response

PG_ADMIN_URL = os.environ.get("SALON_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
SITE_ORIGIN = "https://blog.example.com"
PAGE = f"{SITE_ORIGIN}/2026/11/night-trains"


def _pg_available() -> str | None:
    try:
        engine = create_engine(
            PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
        )
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any failure to connect means: skip, and say why
        return f"PostgreSQL not reachable at {PG_ADMIN_URL} ({type(exc).__name__}); set SALON_TEST_PG"


PG_SKIP_REASON = _pg_available()


def create_scratch_database(name: str) -> str:
    """A new, empty PostgreSQL database ``name`` (dropped first if left over): its URL."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def drop_scratch_database(name: str) -> None:
    """Drop ``create_scratch_database``'s database, connections and all."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (migrating once is the slow part)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = Database(str(path))
    db.upgrade()
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture(scope="session")
def pg_url(worker_id: str) -> Iterator[str]:
    """A migrated PostgreSQL database for this test worker."""
    if PG_SKIP_REASON:
        pytest.skip(PG_SKIP_REASON)
    name = f"salon_test_{worker_id}_{os.getpid()}"
    url = create_scratch_database(name)
    db = Database(url)
    db.upgrade()
    db.dispose()
    yield url
    drop_scratch_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """Each storage test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "salon.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("pg_url")
    engine = create_engine(url)
    with engine.begin() as conn:
        names = ", ".join(f'"{table.name}"' for table in t.metadata.sorted_tables)
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


@pytest.fixture
def settings(db_url: str) -> Settings:
    return load_settings(database_url=db_url, classifier="null", rate_limit_posts=1000)


@pytest.fixture
def classifier() -> Classifier:
    """Override in a test module to put the real model under test."""
    return NullClassifier()


@pytest.fixture
def services(settings: Settings, classifier: Classifier) -> Iterator[Services]:
    svc = Services(
        settings=settings,
        db=Database(settings.database_url),
        secret="test-secret",
        classifier=classifier,
        mailer=NullMailer(),
    )
    yield svc
    svc.close()


@pytest.fixture
def site(services: Services) -> Site:
    created, _ = add_site(services, "blog", [SITE_ORIGIN])
    return created


class CheckedClient(TestClient):
    """A TestClient that fails the test when a response strays from openapi.json."""

    def request(self, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        response = super().request(method, url, *args, **kwargs)
        check_response(
            method,
            response.request.url.path,
            response.status_code,
            response.headers.get("content-type", ""),
            response.content,
        )
        return response


@pytest.fixture
def app(settings: Settings, services: Services) -> Any:
    return create_app(settings, services)


@pytest.fixture
def client(app: Any) -> Iterator[CheckedClient]:
    with CheckedClient(app, raise_server_exceptions=False) as c:
        yield c


def sleep_until_late_in_a_second(at: float = 0.85) -> None:
    """Sleep until ``at`` seconds into a wall-clock second, so the next second's boundary (where
    a fixed rate window would reset) comes ``1 - at`` seconds later."""
    time.sleep(1 - time.time() % 1 + at)


def post(
    client: TestClient, body: str = "A thoughtful comment.", name: str = "Ann", url: str = PAGE, **extra: Any
) -> Any:
    """Post a comment through the API and return the response."""
    headers = extra.pop("headers", None)
    payload: dict[str, Any] = {"url": url, "author": {"name": name, **extra.pop("author", {})}, "body": body}
    payload.update(extra)
    return client.post("/api/comments", json=payload, headers=headers)


def moderation_reasons(services: Services, comment_id: int) -> list[str]:
    """The reasons the moderation record of a stored comment gives."""
    mr = t.moderation_records
    with services.db.read() as conn:
        return list(conn.execute(select(mr.c.reasons).where(mr.c.comment_id == comment_id)).scalar_one())
