"""Helpers for importer tests: run an import, read back what it wrote."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from salon.actions.imports import import_file
from salon.db import tables as t
from salon.db.sites import Site
from salon.importers.records import Report
from salon.services import Services

FIXTURES = Path(__file__).parent / "fixtures"


def run(services: Services, site: Site, name: str | Path, fmt: str = "auto", **options: Any) -> Report:
    path = name if isinstance(name, Path) else FIXTURES / name
    return import_file(services, site, path, fmt, **options)


def comments(services: Services) -> dict[str, Any]:
    """Every comment by its id in the source (without the site prefix)."""
    with services.db.read() as conn:
        rows = conn.execute(select(t.comments).order_by(t.comments.c.id)).all()
    return {str(r.source_id).partition("/")[2]: r for r in rows}


def rows(services: Services, table: t.Table) -> list[Any]:
    with services.db.read() as conn:
        return list(conn.execute(select(table)))
