"""Importing comments from other systems: the only code that writes them.

Items stream in from an importer (salon.importers) and are written in batches, each batch one
short write transaction with a few executemany statements (threads, authors, comments,
moderation records), so a million comments do not mean a million transactions. Every row keeps
its source and source id: a second run of the same file skips what the first wrote, and a run
that stopped half-way (a broken file, a crash) resumes where it stopped. Parents that come after
their replies are linked at the end; trees, thread counts and author counters are then rebuilt
from the rows, so the database is consistent after every batch and after the last.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from salon import markup, site_secrets
from salon.actions import restore
from salon.actions.audit import audit
from salon.actions.identity import email_hash, stored_email_hash
from salon.db import imports as q
from salon.db import tables as t
from salon.db.engine import now
from salon.db.sites import Site
from salon.importers.records import (
    ImportFailed,
    Item,
    Report,
    SourceAuthor,
    SourceComment,
    SourceProblem,
    SourceSettings,
    SourceThread,
)
from salon.models import CommentStatus
from salon.services import Services
from salon.urls import BadURL, normalize_url, origin_of

DECISIONS = {
    CommentStatus.PUBLISHED: "publish",
    CommentStatus.PENDING: "hold",
    CommentStatus.REJECTED: "reject",
    CommentStatus.SPAM: "reject",
    CommentStatus.DELETED: "reject",
}


#: The parts of the report the audit row keeps.
AUDITED = ("format", "threads", "comments", "authors", "error")


#: moderation_records columns written as JSON text by the bulk insert.
RECORD_JSON = frozenset({"reasons", "scores", "spans"})


@functools.lru_cache(maxsize=64)
def _verdict_json(source: str, status: CommentStatus) -> str:
    """The stored verdict of an imported comment (the same few per run: made once)."""
    reasons = [f"{status.value} in {source}"]
    return json.dumps({"decision": DECISIONS[status], "phase": "import", "reasons": reasons})


@functools.lru_cache(maxsize=64)
def _reasons_json(source: str, status: CommentStatus) -> str:
    return json.dumps([f"{status.value} in {source}"])


class UrlMap:
    """Old → new thread URLs: CSV rows ``old-prefix,new-prefix``, or ``re:PATTERN,REPLACEMENT``."""

    def __init__(self, rules: list[tuple[re.Pattern[str] | str, str]]) -> None:
        self.rules = rules

    @classmethod
    def load(cls, path: str | Path) -> UrlMap:
        rules: list[tuple[re.Pattern[str] | str, str]] = []
        with Path(path).open(newline="", encoding="utf-8") as fh:
            for number, row in enumerate(csv.reader(fh), 1):
                if not row or not row[0].strip() or row[0].startswith("#"):
                    continue
                if len(row) != 2:
                    raise ImportFailed(f"{path}: each row is old,new (found {len(row)} cells)", number)
                old, new = row[0].strip(), row[1].strip()
                if old.startswith("re:"):
                    try:
                        rules.append((re.compile(old[3:]), new))
                    except re.error as exc:
                        raise ImportFailed(f"{path}: bad regular expression: {exc}", number) from exc
                else:
                    rules.append((old, new))
        return cls(rules)

    def apply(self, url: str) -> str:
        for old, new in self.rules:
            if isinstance(old, str):
                if url.startswith(old):
                    return new + url[len(old) :]
            elif old.search(url):
                return old.sub(new, url, count=1)
        return url


@dataclass(frozen=True)
class ImportOptions:
    format: str
    dry_run: bool = False
    url_map: UrlMap | None = None
    batch_size: int = 5000
    actor: str = "cli"


@dataclass
class _Thread:
    source_id: str
    url: str
    title: str
    locked: bool
    created_at: Any
    id: int | None = None
    outside: bool = False
    bad: str | None = None
    reported: bool = False


class Importer:
    """Writes one import run into one site. Use :func:`import_items`."""

    def __init__(self, services: Services, site: Site, options: ImportOptions, report: Report) -> None:
        self.services = services
        self.site = site
        self.options = options
        self.report = report
        self.source = options.format
        self.threads: dict[str, _Thread] = {}
        self.site_threads: dict[str, int] = {}
        self.comments: dict[tuple[str, str], tuple[int, int, int]] = {}
        self.authors: dict[str, int] = {}
        self.batch: list[SourceComment] = []
        self.touched_threads: set[int] = set()
        self.touched_authors: set[int] = set()
        self.forward = 0
        self.fake_id = 0
        self.settings: SourceSettings | None = None
        #: salon's own format into an empty install keeps comment and author ids.
        self.keep_ids = False
        self.pending_authors: list[SourceAuthor] = []
        #: Ids of the comments this run wrote (for --moderate).
        self.written: list[int] = []
        #: Dry runs: parents not yet seen when their reply was read (orphans if never seen).
        self.late_parents: list[tuple[str, str]] = []
        #: Addresses hashed so far (a keyed hash each; authors write many comments).
        self.email_hashes: dict[str, str] = {}
        #: A first import into an install without comments: secondary indexes are built at the end.
        self.bulk = False
        self.indexes_dropped = False

    def email_hash(self, address: str) -> str:
        found = self.email_hashes.get(address)
        if found is None:
            found = self.email_hashes[address] = email_hash(self.services, address)
        return found

    # -- keys ---------------------------------------------------------------------------------

    def key(self, sid: str) -> tuple[str, str]:
        """How a comment's source id is stored: salon's own format carries full references."""
        if self.source == "salon":
            source, _, rest = sid.partition(":")
            return source, rest
        return self.source, f"{self.site.id}/{sid}"

    # -- loading what is already there --------------------------------------------------------

    def load(self) -> None:
        with self.services.db.read() as conn:
            rows = conn.execute(
                q.select(t.threads.c.url, t.threads.c.id).where(t.threads.c.site_id == self.site.id)
            )
            self.site_threads = {r.url: int(r.id) for r in rows}
            for r in q.imported_comments(conn, self.site.id):
                self.comments[(r.source, r.source_id)] = (int(r.id), int(r.root_id or r.id), int(r.depth))
            a = t.authors
            rows = conn.execute(
                q.select(a.c.source_id, a.c.id).where(a.c.site_id == self.site.id, a.c.source == self.source)
            )
            self.authors = {str(r.source_id): int(r.id) for r in rows}
            if self.source == "salon":
                self.authors = {}
                self.keep_ids = restore.install_is_empty(conn)
            self.bulk = not self.options.dry_run and not q.install_has_comments(conn)
        if not self.options.dry_run:
            with self.services.db.write() as conn:
                q.ensure_indexes(conn)  # a run killed outright may have left them unbuilt

    def restore_indexes(self) -> None:
        """Build the indexes a first import dropped (before linking and recounting, which use them)."""
        if self.indexes_dropped:
            with self.services.db.write() as conn:
                q.ensure_indexes(conn)
            self.indexes_dropped = False

    # -- items --------------------------------------------------------------------------------

    def add(self, item: Item) -> None:
        if isinstance(item, SourceComment):
            self.batch.append(item)
            if len(self.batch) >= self.options.batch_size:
                self.flush()
        elif isinstance(item, SourceThread):
            self._define_thread(item)
        elif isinstance(item, SourceProblem):
            part = getattr(self.report, item.kind)
            if item.reason.startswith("skipped:"):
                part.skipped[item.reason[8:]] += 1
            else:
                part.failed[item.reason] += 1
        elif isinstance(item, SourceSettings):
            self.settings = item
        elif isinstance(item, SourceAuthor):
            self.pending_authors.append(item)
            if len(self.pending_authors) >= self.options.batch_size:
                self._flush_authors()

    def _flush_authors(self) -> None:
        items, self.pending_authors = self.pending_authors, []
        if not items:
            return
        if self.options.dry_run:
            self.authors.update({i.source_id: -1 for i in items})
            self.report.authors.imported += len(items)
            return
        with self.services.db.write() as conn:
            before = len(self.authors)
            self.authors.update(restore.write_authors(self.services, conn, self.site, items, self.keep_ids))
            self.report.authors.imported += len(self.authors) - before

    def _define_thread(self, item: SourceThread) -> None:
        if item.source_id in self.threads:
            return
        url = self.options.url_map.apply(item.url) if self.options.url_map else item.url
        if url.startswith("/") and self.site.origins:
            url = self.site.origins[0] + url
        thread = _Thread(item.source_id, url, item.title[:300], item.locked, item.created_at)
        try:
            thread.url = normalize_url(url)
            thread.outside = origin_of(thread.url) not in self.site.origins
        except BadURL:
            thread.bad = url[:200]
        self.threads[item.source_id] = thread

    # -- one batch ----------------------------------------------------------------------------

    def _accept(self, comment: SourceComment, seen: set[tuple[str, str]]) -> _Thread | None:
        key = self.key(comment.source_id)
        if key in self.comments:
            self.report.comments.skipped["already imported"] += 1
            return None
        if key in seen:
            self.report.comments.skipped["twice in the file"] += 1
            return None
        thread = self.threads.get(comment.thread)
        if thread is None:
            self.report.comments.failed["thread not in the file"] += 1
            return None
        if thread.bad is not None or thread.outside:
            why = "URL is not an http(s) URL" if thread.bad is not None else "outside the site's origins"
            if not thread.reported:
                thread.reported = True
                (self.report.threads.failed if thread.bad else self.report.threads.skipped)[why] += 1
            if thread.bad is not None:
                self.report.comments.failed[f"thread {why}"] += 1
            else:
                self.report.outside_origins[thread.url] += 1
                self.report.comments.skipped[f"thread {why}"] += 1
            return None
        seen.add(key)
        return thread

    def _thread_id(self, conn: Any, thread: _Thread) -> int:
        if thread.id is not None:
            return thread.id
        existing = self.site_threads.get(thread.url)
        if existing is not None:
            thread.id = existing
            self.report.threads.skipped["page already had a thread"] += 1
        elif self.options.dry_run:
            self.fake_id -= 1
            thread.id = self.fake_id
            self.report.threads.imported += 1
        else:
            thread.id = int(
                conn.execute(
                    t.threads.insert()
                    .values(
                        site_id=self.site.id,
                        url=thread.url,
                        title=thread.title,
                        locked=thread.locked,
                        created_at=thread.created_at or now(),
                        source=self.source,
                        source_id=thread.source_id[:200],
                    )
                    .returning(t.threads.c.id)
                ).scalar_one()
            )
            self.report.threads.imported += 1
        self.site_threads[thread.url] = thread.id
        return thread.id

    def _author_ids(self, conn: Any, batch: list[SourceComment]) -> None:
        if self.source == "salon":  # its authors came first, as they were
            return
        wanted: dict[str, SourceComment] = {}
        for c in batch:
            if c.author_source_id and c.author_source_id not in self.authors:
                wanted.setdefault(c.author_source_id, c)
        if not wanted:
            return
        if self.options.dry_run:
            for sid in wanted:
                self.fake_id -= 1
                self.authors[sid] = self.fake_id
            self.report.authors.imported += len(wanted)
            return
        rows: list[dict[str, Any]] = [
            {
                "site_id": self.site.id,
                "key": f"import:{self.source}:{sid}"[:100],
                "name": (c.author_name or sid)[:200],
                "email_hash": self.email_hash(c.author_email) if c.author_email else None,
                "first_seen": c.created_at,
                "last_seen": c.created_at,
                "source": self.source,
                "source_id": sid[:200],
            }
            for sid, c in wanted.items()
        ]
        q.insert_authors(conn, rows)
        found = q.author_ids(conn, self.site.id, self.source, [r["source_id"] for r in rows])
        self.report.authors.imported += len(found)
        self.authors.update(found)

    def flush(self) -> None:
        """Write the comments gathered so far in one transaction."""
        self._flush_authors()
        batch, self.batch = self.batch, []
        seen: set[tuple[str, str]] = set()
        accepted = [(c, th) for c in batch if (th := self._accept(c, seen)) is not None]
        if not accepted:
            return
        if self.options.dry_run:
            self._write(None, accepted)
            return
        if self.bulk and not self.indexes_dropped:
            with self.services.db.write() as conn:
                q.drop_bulk_indexes(conn)
            self.indexes_dropped = True
        with self.services.db.write() as conn:
            self._write(conn, accepted)

    def _write(self, conn: Any, accepted: list[tuple[SourceComment, _Thread]]) -> None:
        if conn is not None:
            q.tune_for_bulk(conn)
        self._author_ids(conn, [c for c, _ in accepted])
        if conn is None:
            ids = list(range(self.fake_id - 1, self.fake_id - 1 - len(accepted), -1))
            self.fake_id -= len(accepted)
        elif self.keep_ids:
            ids = [int((c.extra or {})["id"]) for c, _ in accepted]
        else:
            ids = q.allocate_comment_ids(conn, len(accepted))
        rows, records = [], []
        attached: tuple[list[dict[str, Any]], ...] = ([], [], [])
        stamp = now()
        for (c, thread), cid in zip(accepted, ids, strict=True):
            row = self._row(conn, c, thread, cid)
            rows.append(row)
            if c.extra is None:
                records.append(self._record(c, cid, stamp))
            else:
                for into, got in zip(attached, restore.attached_rows(c, cid), strict=True):
                    into.extend(got)
        self.report.comments.imported += len(rows)
        if conn is not None:
            self.written.extend(ids)
            q.insert_bulk(conn, t.comments, rows, raw=frozenset({"moderation"}))
            q.insert_bulk(conn, t.moderation_records, records, raw=RECORD_JSON)
            for table, extra_rows in zip((t.moderation_records, t.votes, t.reports), attached, strict=True):
                q.insert_many(conn, table, extra_rows)

    def _row(self, conn: Any, c: SourceComment, thread: _Thread, cid: int) -> dict[str, Any]:
        thread_id = self._thread_id(conn, thread)
        self.touched_threads.add(thread_id)
        parent_id, root, depth, pending = None, cid, 0, None
        if c.parent is not None:
            parent_key = self.key(c.parent)
            known = self.comments.get(parent_key)
            if known is not None:
                parent_id, root, depth = known[0], known[1], known[2] + 1
            else:
                pending = parent_key[1]
                self.forward += 1
                if self.options.dry_run:
                    self.late_parents.append(parent_key)
        source, source_id = self.key(c.source_id)
        self.comments[(source, source_id)] = (cid, root, depth)
        author_id = self.authors.get(c.author_source_id) if c.author_source_id else None
        if author_id is not None:
            self.touched_authors.add(author_id)
        deleted = c.status is CommentStatus.DELETED
        extra = c.extra or {}
        html = c.html if c.html is not None else markup.render(c.body) if c.body else ""
        ehash = stored_email_hash(self.services, extra.get("email_hash")) or (
            self.email_hash(c.author_email) if c.author_email else None
        )
        return {
            "id": cid,
            "thread_id": thread_id,
            "parent_id": parent_id,
            "root_id": root,
            "depth": depth,
            "author_id": author_id,
            "author_name": "" if deleted else c.author_name[:200],
            "author_email_hash": None if deleted else ehash,
            "author_website": None if deleted or not c.author_website else c.author_website[:500],
            "body": "" if deleted else c.body,
            "html": "" if deleted else html,
            "status": c.status.value,
            "shadow": bool(extra.get("shadow", False)),
            "pinned": c.pinned,
            "created_at": c.created_at,
            "edited_at": c.edited_at,
            "score": c.score if c.score is not None else c.upvotes - c.downvotes,
            "upvotes": c.upvotes,
            "downvotes": c.downvotes,
            "report_count": int(extra.get("report_count", 0)),
            "client_hash": extra.get("client_hash"),
            "edit_token_hash": None,
            "moderation": self._moderation_json(c),
            "source": source,
            "source_id": source_id,
            "source_parent": pending,
        }

    def _moderation_json(self, c: SourceComment) -> str | None:
        if c.extra is not None:  # salon's own export: as it was, even none
            given = c.extra.get("moderation")
            return json.dumps(given) if given is not None else None
        return _verdict_json(self.source, c.status)

    def _record(self, c: SourceComment, cid: int, stamp: Any) -> dict[str, Any]:
        return {
            "comment_id": cid,
            "created_at": stamp,
            "actor": f"import:{self.source}",
            "decision": DECISIONS[c.status],
            "status": c.status.value,
            "phase": "import",
            "reasons": _reasons_json(self.source, c.status),
            "scores": "{}",
            "spans": "[]",
            "model_version": None,
        }

    # -- the end ------------------------------------------------------------------------------

    def finish(self) -> None:
        """Write the last batch, link late parents, rebuild trees and counts, and audit the run."""
        self._flush_authors()
        self.flush()
        self.restore_indexes()
        if self.options.dry_run:
            for parent_key in self.late_parents:
                if parent_key not in self.comments:
                    self.report.orphan(parent_key[1].partition("/")[2] or parent_key[1])
            return
        with self.services.db.write() as conn:
            self._link(conn)
            q.recount_threads(conn, self.touched_threads)
            if self.source != "salon":  # salon's own export carries the counters as they were
                q.recount_authors(conn, self.touched_authors)
            if self.settings is not None:
                unset = restore.finish(conn, self.site, self.settings, self.authors, self.keep_ids)
                self.report.warnings.extend(
                    f"setting {site_secrets.dotted(path)}: secrets are not exported; this site has "
                    "none, so it stays unset until you set it again"
                    for path in unset
                )
            audit(
                conn,
                self.options.actor,
                "import.run",
                site_id=self.site.id,
                target_type="site",
                target_id=self.site.id,
                details={
                    k: v
                    for k, v in self.report.to_dict().items()
                    if k in ("format", "threads", "comments", "authors", "error")
                },
            )
        self.services.events.publish({"type": "site.changed", "site_id": self.site.id})

    def _link(self, conn: Any) -> None:
        waiting = q.unlinked(conn, self.site.id)
        if not waiting:
            return
        links, threads = [], set()
        for row in waiting:
            known = self.comments.get((row.source, row.source_parent))
            if known is not None:
                links.append({"b_id": row.id, "b_parent": known[0]})
                threads.add(row.thread_id)
            else:
                self.report.orphan(str(row.source_parent).partition("/")[2] or str(row.source_parent))
        q.set_parents(conn, links)
        loops = q.rebuild_tree(conn, threads)
        if loops:
            self.report.warnings.append(
                f"{loops} loop(s) of replies (A answers B, B answers A) were cut: those comments are "
                "top-level"
            )
        self.touched_threads |= threads


def import_items(
    services: Services,
    site: Site,
    items: Iterable[Item],
    options: ImportOptions,
    report: Report,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Import a stream of items into a site; the report says what happened to each kind.

    A broken file stops the run with ImportFailed after everything read before the break was
    written and made consistent (and ``report.error`` says where it broke); running again after
    fixing the file carries on.
    """
    writer = Importer(services, site, options, report)
    writer.load()
    try:
        try:
            for item in items:
                writer.add(item)
                if progress is not None and isinstance(item, SourceComment):
                    progress(1)
        except ImportFailed as exc:
            report.error = str(exc)
            writer.finish()
            report.written = writer.written
            raise
        writer.finish()
    finally:  # whatever stopped the run (a database error, Ctrl-C), the indexes are built again
        writer.restore_indexes()
    report.written = writer.written
    return report


def import_file(
    services: Services,
    site: Site,
    path: str | Path,
    fmt: str = "auto",
    *,
    dry_run: bool = False,
    url_map: UrlMap | None = None,
    keep_linkbacks: bool = False,
    moderate: bool = False,
    batch_size: int = 5000,
    actor: str = "cli",
    report: Report | None = None,
    progress: Callable[[int], None] | None = None,
    parallel: bool | None = None,
) -> Report:
    """Detect (or take) the file's format and import it; ImportFailed says why a file was refused.

    ``moderate`` runs the site's policy and the model over the comments this run wrote.
    ``parallel`` reads the file in a second process while this one writes (by default for files
    of 16 MB and more; see salon.importers.parallel).
    """
    from salon.importers import parallel as reading
    from salon.importers import reader

    report = report if report is not None else Report(dry_run=dry_run)
    read_options: dict[str, Any] = {"keep_linkbacks": True if keep_linkbacks else None}
    chosen, items = reader(path, fmt, **read_options)
    report.format = chosen
    options = ImportOptions(chosen, dry_run=dry_run, url_map=url_map, batch_size=batch_size, actor=actor)
    if parallel if parallel is not None else reading.worth_it(path):
        stream = reading.read_in_parallel(path, chosen, read_options, report.warnings)
    else:
        stream = items(report.warnings)
    import_items(services, site, stream, options, report, progress)
    if moderate and not dry_run:
        from salon.actions.imports_moderation import moderate_imported

        report.moderated = moderate_imported(services, site, report.written, actor=actor)
    return report
