"""`salon export --site NAME`: write a site out (to move it, back it up, or leave)."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import click

from salon.cli import open_services, settings_options
from salon.settings import Settings


@click.command("export")
@settings_options
@click.option("--site", "site_name", required=True, help="The site to export.")
@click.option(
    "--format", "fmt", default="salon", show_default=True, help="salon (complete), disqus or wxr (WordPress)."
)
@click.option("--out", "out_path", type=click.Path(dir_okay=False), help="File to write [standard output].")
def export_command(settings: Settings, site_name: str, fmt: str, out_path: str | None) -> None:
    """Export a site's threads, comments, moderation records, votes, sanctions and settings.

    The salon format imports back without loss (`salon import FILE --site NAME`); into an empty
    database it keeps ids, which is how a site moves from SQLite to PostgreSQL.
    """
    from salon.actions.audit import audit
    from salon.db import sites as site_queries
    from salon.exporters import by_name

    try:
        exporter = by_name(fmt)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    services = open_services(settings)
    try:
        with services.db.read() as conn:
            site = site_queries.get_by_name(conn, site_name)
            if site is None:
                raise click.ClickException(f"no site named {site_name!r}")
            target: Any = Path(out_path).open("w", encoding="utf-8") if out_path else nullcontext(sys.stdout)  # noqa: SIM115
            with target as out:
                counts = exporter.write(conn, site, out)
        with services.db.write() as conn:
            audit(
                conn,
                "cli",
                "site.export",
                site_id=site.id,
                target_type="site",
                target_id=site.id,
                details={"format": fmt, **counts},
            )
    finally:
        services.close()
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    click.echo(f"exported {summary}" + (f" to {out_path}" if out_path else ""), err=True)


@click.group("author")
def author() -> None:
    """Data-subject requests: what is held about one author, or erase it."""


def _subject_options(func: Any) -> Any:
    func = click.option("--token", help="The author token the reader's browser holds.")(func)
    func = click.option("--email", help="The e-mail address the author commented with.")(func)
    return click.option("--site", "site_name", required=True, help="The site the request is for.")(func)


def _site(services: Any, name: str) -> Any:
    from salon.db import sites as site_queries

    with services.db.read() as conn:
        site = site_queries.get_by_name(conn, name)
    if site is None:
        raise click.ClickException(f"no site named {name!r}")
    return site


@author.command("export")
@settings_options
@_subject_options
@click.option("--out", "out_path", type=click.Path(dir_okay=False), help="File to write [standard output].")
def author_export(
    settings: Settings, site_name: str, email: str | None, token: str | None, out_path: str | None
) -> None:
    """Everything held about an author, as JSON (answering a request for a copy)."""
    import json

    from salon.actions.subjects import export_subject
    from salon.errors import SalonError

    services = open_services(settings)
    try:
        site = _site(services, site_name)
        try:
            data = export_subject(services, site, email=email, token=token)
        except SalonError as exc:
            raise click.ClickException(exc.message) from exc
    finally:
        services.close()
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True, default=str)
    if out_path:
        Path(out_path).write_text(text + "\n", encoding="utf-8")
    else:
        click.echo(text)


@author.command("erase")
@settings_options
@_subject_options
@click.option("--yes", is_flag=True, help="Do it without asking.")
def author_erase(settings: Settings, site_name: str, email: str | None, token: str | None, yes: bool) -> None:
    """Erase an author: name, e-mail hash, website, address hashes, votes, reports; their comments
    become the deleted placeholder (or go, when nobody replied)."""
    from salon.actions.subjects import erase_subject
    from salon.errors import SalonError

    if not yes:
        click.confirm(f"erase this author from {site_name}? This cannot be undone", abort=True)
    services = open_services(settings)
    try:
        site = _site(services, site_name)
        try:
            done = erase_subject(services, site, email=email, token=token)
        except SalonError as exc:
            raise click.ClickException(exc.message) from exc
    finally:
        services.close()
    click.echo(", ".join(f"{n} {what.replace('_', ' ')}" for what, n in done.items()))


@author.command("forget-addresses")
@settings_options
@click.option("--older-than-days", type=int, default=90, show_default=True, help="Keep hashes this long.")
def author_forget_addresses(settings: Settings, older_than_days: int) -> None:
    """Clear the address hashes of comments older than the period (on every site; run it daily)."""
    from salon.actions.subjects import forget_addresses
    from salon.errors import SalonError

    services = open_services(settings)
    try:
        cleared = forget_addresses(services, older_than_days)
    except SalonError as exc:
        raise click.ClickException(exc.message) from exc
    finally:
        services.close()
    click.echo(f"cleared the address hash of {cleared} comments older than {older_than_days} days")
