"""`salon import FILE --site NAME`: bring comments from another system into a site."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from salon.cli import open_services, settings_options
from salon.settings import Settings


@click.command("import")
@settings_options
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--site", "site_name", required=True, help="The site to import into (`salon site add`).")
@click.option(
    "--format", "fmt", default="auto", show_default=True, help="Source format, or auto to detect it."
)
@click.option("--dry-run", is_flag=True, help="Read and check everything, write nothing, print the report.")
@click.option(
    "--url-map",
    type=click.Path(exists=True, dir_okay=False),
    help="CSV of old,new URL prefixes (or re:PATTERN,REPLACEMENT).",
)
@click.option(
    "--moderate", is_flag=True, help="Run the site's policy and the model over the imported comments."
)
@click.option("--pingbacks", is_flag=True, help="WordPress: import pingbacks and trackbacks too.")
@click.option("--batch-size", default=5000, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def import_command(
    settings: Settings,
    file: str,
    site_name: str,
    fmt: str,
    dry_run: bool,
    url_map: str | None,
    moderate: bool,
    pingbacks: bool,
    batch_size: int,
    as_json: bool,
) -> None:
    """Import an export file (Disqus, WordPress, Isso, Remark42, Commento, Comentario, salon).

    Safe to run again: what is already imported is skipped, and a run that stopped resumes.
    """
    from salon.actions.imports import UrlMap, import_file
    from salon.db import sites as site_queries
    from salon.importers.records import ImportFailed, Report

    services = open_services(settings)
    report = Report(dry_run=dry_run)
    try:
        with services.db.read() as conn:
            site = site_queries.get_by_name(conn, site_name)
        if site is None:
            raise click.ClickException(f"no site named {site_name!r}: add it with `salon site add`")
        try:
            with _progress(as_json) as bar:
                import_file(
                    services,
                    site,
                    file,
                    fmt,
                    dry_run=dry_run,
                    url_map=UrlMap.load(url_map) if url_map else None,
                    keep_linkbacks=pingbacks,
                    moderate=moderate,
                    batch_size=batch_size,
                    report=report,
                    progress=bar,
                )
        except ImportFailed as exc:
            report.error = report.error or str(exc)
            _print(report, as_json)
            raise click.ClickException(str(exc)) from None
    finally:
        services.close()
    _print(report, as_json)


class _progress:
    """A progress bar on a terminal; nothing otherwise."""

    def __init__(self, quiet: bool) -> None:
        self.bar: Any = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(unit=" comments", unit_scale=True, file=sys.stderr)

    def __enter__(self) -> Any:
        return self.bar.update if self.bar is not None else None

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


def _print(report: Any, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, sort_keys=True))
    else:
        for line in report.lines():
            click.echo(line)
