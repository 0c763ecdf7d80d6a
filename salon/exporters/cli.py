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
@click.option("--format", "fmt", default="salon", show_default=True, help="salon (complete) or disqus.")
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
