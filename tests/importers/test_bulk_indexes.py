"""A first import into an empty install builds the comments' secondary indexes once, at the end."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect

from salon.actions.imports import ImportOptions, import_items
from salon.db import imports as q
from salon.importers.records import Item, Report, SourceComment, SourceThread
from salon.models import CommentStatus
from tests.importers.support import comments, run

SECONDARY = {index.name for index in q.bulk_indexes()}


def _indexes(services) -> set[str]:
    return {i["name"] for i in inspect(services.db.engine).get_indexes("comments")}


def _items(services, seen: list[set[str]], fail: bool = False) -> Iterator[Item]:
    yield SourceThread("t1", "https://blog.example.com/bulk", "Bulk")
    for n in range(1, 8):
        if n == 5:
            seen.append(_indexes(services))  # two batches of two are written by now
            if fail:
                raise RuntimeError("the disk is full")
        yield SourceComment(
            source_id=str(n),
            thread="t1",
            parent=str(n - 1) if n > 1 else None,
            body=f"comment {n}",
            created_at=datetime(2024, 1, n, tzinfo=UTC),
            status=CommentStatus.PUBLISHED,
            author_name="Ann",
        )


def _import(services, site, seen, fail=False):
    options = ImportOptions("bulktest", batch_size=2)
    return import_items(services, site, _items(services, seen, fail), options, Report(format="bulktest"))


def test_dropped_during_the_first_import_and_built_at_the_end(services, site):
    assert SECONDARY and _indexes(services) >= SECONDARY
    seen: list[set[str]] = []
    report = _import(services, site, seen)
    assert report.comments.imported == 7
    assert not seen[0] & SECONDARY and "uq_comments_source" in seen[0]  # the unique one stays
    assert _indexes(services) >= SECONDARY
    assert max(c.depth for c in comments(services).values()) == 6  # trees were rebuilt with them


def test_kept_when_the_install_has_comments(services, site):
    run(services, site, "disqus.xml")
    seen: list[set[str]] = []
    _import(services, site, seen)
    assert seen[0] >= SECONDARY


def test_built_again_when_the_run_fails(services, site):
    seen: list[set[str]] = []
    with pytest.raises(RuntimeError, match="disk is full"):
        _import(services, site, seen, fail=True)
    assert not seen[0] & SECONDARY
    assert _indexes(services) >= SECONDARY and len(comments(services)) == 4


def test_a_run_killed_outright_is_healed_by_the_next(services, site):
    run(services, site, "disqus.xml")
    with services.db.write() as conn:
        q.drop_bulk_indexes(conn)  # as a first import killed with SIGKILL leaves them
    assert not _indexes(services) & SECONDARY
    run(services, site, "wordpress.xml")
    assert _indexes(services) >= SECONDARY
    with services.db.write() as conn:
        q.ensure_indexes(conn)  # nothing to do: a no-op, not an error
