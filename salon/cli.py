"""The `salon` command: serve, db upgrade, site add, demo, and the moderation and admin tools."""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from typing import Any

import click

from salon.settings import Settings, SettingsError, load_settings

# The model's numpy needs no BLAS threads; idle ones spin and take a core from the server.
# Set before numpy is imported (it is imported lazily, on first use of the model).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

#: Open live-update streams are cut after this long when the server stops.
GRACEFUL_SHUTDOWN_SECONDS = 5


def settings_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--db and --config on every command; the command receives ``settings``."""

    @click.option("--db", "db_url", metavar="URL", help="Database URL or SQLite path [SALON_DATABASE_URL].")
    @click.option("--config", "config_file", metavar="FILE", help="TOML settings file [SALON_CONFIG].")
    @functools.wraps(func)
    def wrapper(db_url: str | None, config_file: str | None, **kwargs: Any) -> Any:
        overrides = {k: kwargs.pop(k) for k in list(kwargs) if k.startswith("opt_")}
        try:
            settings = load_settings(
                config_file, database_url=db_url, **{k[4:]: v for k, v in overrides.items()}
            )
        except SettingsError as exc:
            raise click.UsageError(str(exc)) from exc
        return func(settings=settings, **kwargs)

    return wrapper


def sqlite_path(database_url: str) -> str | None:
    """The file a SQLite URL names (None for other databases and in-memory SQLite)."""
    from salon.settings import normalize_database_url

    url = normalize_database_url(database_url)
    if not url.startswith("sqlite:///"):
        return None
    path = url[len("sqlite:///") :].split("?", 1)[0]
    return path if path and path != ":memory:" else None


def open_services(settings: Settings, *, must_exist: bool = False) -> Any:
    """Build services, creating or upgrading the schema; a clear message when the DB is unreachable.

    ``must_exist``: for commands that only read (list, show) or change existing rows, a SQLite
    file that is not there is a mistyped --db, not a new install: refuse instead of creating it.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

    from salon.services import build_services
    from salon.settings import normalize_database_url

    try:
        url = make_url(normalize_database_url(settings.database_url))
        url.port  # noqa: B018 - parsing the port is what finds "host:port" mistakes
    except (ArgumentError, ValueError) as exc:
        raise click.ClickException(
            f"the database URL {settings.database_url!r} is not valid ({exc}); "
            "use sqlite:///path/to/salon.db or postgresql://user@host:5432/salon"
        ) from exc
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise click.ClickException(
            f"salon runs on SQLite or PostgreSQL, not {url.get_backend_name()}: "
            "check --db / SALON_DATABASE_URL"
        )
    path = sqlite_path(settings.database_url)
    if must_exist and path is not None and not os.path.exists(path):
        raise click.ClickException(
            f"no database at {path}: check --db / SALON_DATABASE_URL (this command never creates one)"
        )
    try:
        return build_services(settings)
    except NoSuchModuleError as exc:
        raise click.ClickException(f"cannot open the database {settings.database_url}: {exc}") from exc
    except OperationalError as exc:
        raise click.ClickException(
            f"cannot open the database {settings.database_url}: {exc.orig}. "
            "Check --db / SALON_DATABASE_URL and that the server is running."
        ) from exc


def check_port(host: str, port: int) -> None:
    """Refuse at once, with the reason, when the address cannot be listened on (another server)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise click.ClickException(
                f"cannot listen on {host}:{port}: {exc.strerror or exc}. Is salon (or another server) "
                "already running there? Stop it or choose another --port."
            ) from exc


def warn_without_sites(services: Any) -> None:
    """Say so when no site is registered: every widget request would be refused."""
    from salon.db import sites as site_queries

    with services.db.read() as conn:
        if not site_queries.all_sites(conn):
            click.echo(
                "warning: no site is registered, so every page's widget will say it cannot load "
                "comments. Add one: salon site add NAME --origin https://your-site.example",
                err=True,
            )


@click.group()
@click.version_option(package_name="salon")
def main() -> None:
    """salon: self-hosted comments with local, explainable moderation."""
    logging.basicConfig(
        level=os.environ.get("SALON_LOG_LEVEL", "INFO").upper(), format="%(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)


@main.command()
@settings_options
@click.option("--host", "opt_host", help="Address to listen on [127.0.0.1].")
@click.option("--port", "opt_port", type=int, help="Port to listen on [8080].")
@click.option("--workers", "opt_workers", type=int, help="Processes to start [1]; more need --redis.")
@click.option("--redis", "opt_redis_url", metavar="URL", help="redis://host:6379/0 [SALON_REDIS_URL].")
def serve(settings: Settings) -> None:
    """Serve the API, widget and dashboard."""
    import uvicorn

    if settings.workers > 1:
        if not settings.redis_url:
            raise click.UsageError("several workers share live events and caches through Redis: set --redis")
        check_port(settings.host, settings.port)
        # The workers read their settings from the environment: hand over what the flags said.
        for name, value in settings.model_dump().items():
            os.environ[f"SALON_{name.upper()}"] = str(value)
        _upgrade_in_child()
        uvicorn.run(
            "salon.app:app_from_env",
            factory=True,
            host=settings.host,
            port=settings.port,
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
            proxy_headers=False,  # forwarded headers: only the app's middleware, per trust_forwarded
            workers=settings.workers,
            log_level=settings.log_level,
            access_log=False,
        )
        return
    from salon.app import create_app

    check_port(settings.host, settings.port)
    services = open_services(settings)
    warn_without_sites(services)
    services.start_outbox()
    try:
        uvicorn.run(
            create_app(settings, services),
            host=settings.host,
            port=settings.port,
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
            proxy_headers=False,  # forwarded headers: only the app's middleware, per trust_forwarded
            log_level=settings.log_level,
            access_log=False,
        )
    finally:
        services.close()


def _upgrade_in_child() -> None:
    """Create or upgrade the schema once, before the workers start, in a child process: the
    supervisor then never imports the app and stays ~50 MiB instead of ~130 (it only watches)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "salon", "db", "upgrade"], capture_output=True, text=True)
    if done.returncode != 0:
        raise click.ClickException((done.stderr or done.stdout).strip().splitlines()[-1])


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@settings_options
def db_upgrade(settings: Settings) -> None:
    """Create the schema or upgrade it to this version."""
    open_services(settings).close()
    click.echo(f"database at {settings.database_url} is up to date")


@main.group()
def site() -> None:
    """Sites: which pages salon serves comments for."""


@site.command("add")
@settings_options
@click.argument("name")
@click.option("--origin", "origins", multiple=True, required=True, help="https://example.com (repeatable).")
def site_add(settings: Settings, name: str, origins: tuple[str, ...]) -> None:
    """Add a site, or add origins to an existing one (safe to repeat)."""
    from salon.actions.sites import add_site
    from salon.errors import SalonError

    services = open_services(settings)
    try:
        found, created = add_site(services, name, list(origins))
    except SalonError as exc:
        raise click.ClickException(exc.message) from exc
    finally:
        services.close()
    verb = "added" if created else "updated"
    click.echo(f"site {found.name} {verb}: {', '.join(found.origins)}")


@main.command()
@settings_options
@click.option("--host", "opt_host", help="Address to listen on [127.0.0.1].")
@click.option("--port", "opt_port", type=int, help="Port to listen on [8080].")
def demo(settings: Settings) -> None:
    """Serve a demo article with comments on a local SQLite file: no setup needed."""
    import uvicorn

    from salon.app import create_app
    from salon.demo import seed_demo

    check_port(settings.host, settings.port)
    services = open_services(settings)
    try:
        seed_demo(services, settings)
        click.echo(f"salon demo: open http://{settings.host}:{settings.port}/demo", err=True)
        uvicorn.run(
            create_app(settings, services),
            host=settings.host,
            port=settings.port,
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
            proxy_headers=False,  # forwarded headers: only the app's middleware, per trust_forwarded
            log_level="warning",
            access_log=False,
        )
    finally:
        services.close()


def _mount() -> None:
    """The command groups that live beside their subject, in one visible list."""
    from salon.exporters.cli import author, export_command
    from salon.importers.cli import import_command
    from salon.moderation.backtest import backtest_command
    from salon.moderation.cli import apikey, score
    from salon.notify.cli import outbox, webhook
    from salon.signin_cli import signin
    from salon.training.cli import model
    from salon.web.admin.cli import admin

    main.add_command(model)
    main.add_command(admin)
    main.add_command(score)
    main.add_command(apikey)
    main.add_command(import_command)
    main.add_command(export_command)
    main.add_command(author)
    main.add_command(backtest_command())
    main.add_command(webhook)
    main.add_command(outbox)
    main.add_command(signin)


_mount()
