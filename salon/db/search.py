"""The dashboard's text index: which comments of a queue contain a text, without reading them all.

SQLite: an FTS5 table with the trigram tokenizer (``comments_text``, SQLite ≥ 3.34) over each
comment's body, author name and a one-trigram token for its status, its content read from the
comments table through a view (external content: the text is stored once). Triggers on
``comments`` keep it in step with every write, whichever path makes it: posting and group
commit, edits, deletion, GDPR erasure, moderation decisions, restores, imports, and rows that
foreign keys delete in cascade. Triggers rather than explicit writes in ``salon/actions``
because an external-content FTS5 index must be told the *old* text to forget a row, and only a
trigger sees it for certain; a missed call would leave an erased comment findable.

PostgreSQL: ``pg_trgm`` GIN indexes on ``body`` and ``author_name``, which the server keeps
up itself. Where the extension cannot be created the migration logs it and the dashboard keeps
its windowed search (``available`` is then False). Migration 0011 adds a partial trigram index
over body and author name for each queue moderators search (:data:`PG_QUEUE_INDEXES`: held,
rejected; a few percent of a site's comments), so that a look-up there reads and rechecks the
text's matches in that queue only, not in every status (a word in 1 % of a million comments:
10,000 heap rows rechecked, or 300). Each index's predicate is its queue's statuses exactly:
the planner then knows that the look-up's status condition adds nothing and does not AND the
bitmap with the status index's (a predicate of all three statuses left that to ANALYZE's
sample again: 1-4 ms or 9-12 ms). The look-up names the statuses as literals, so that the
predicate is proven from the query in a cached generic plan too.

Neither can serve a text shorter than three characters (a trigram): those searches, and any
search on a database without the index, walk the queue's windows as before (``salon.db.queue``).
These objects are not in ``tables.py`` (SQLAlchemy does not describe virtual tables, triggers or
operator-class indexes); migration 0010 makes them, and :data:`OBJECTS` names them for the schema
test, which checks them apart.

A bulk import into an empty install drops the triggers (or, on PostgreSQL, the indexes) with
the other secondary indexes and rebuilds the index once at the end (:func:`suspend`,
:func:`resume`). A future migration that rebuilds ``comments`` (SQLite batch mode) must make the
triggers again: dropping a table drops its triggers.
"""

from __future__ import annotations

import logging
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, text

log = logging.getLogger(__name__)

#: The FTS5 table and the view its content is read through.
FTS = "comments_text"
SOURCE = "comments_text_source"
#: The shadow tables FTS5 keeps for an external-content table.
SHADOW = tuple(f"{FTS}_{part}" for part in ("data", "idx", "docsize", "config"))
TRIGGERS = ("comments_text_insert", "comments_text_delete", "comments_text_update")
PG_INDEXES = ("ix_comments_body_trgm", "ix_comments_author_name_trgm")
#: PostgreSQL's partial trigram indexes over body and author name for the queues moderators
#: search, by name, with each queue's statuses as ``queue.QUEUES`` has them (migration 0011;
#: optional: a search goes through ``PG_INDEXES`` without them).
PG_QUEUE_INDEXES = {
    "ix_comments_text_trgm_held": ("pending",),
    "ix_comments_text_trgm_rejected": ("rejected", "spam"),
}
#: Everything above: the schema test leaves these out of its comparison with ``tables.py``.
OBJECTS = frozenset({FTS, SOURCE, *SHADOW, *TRIGGERS, *PG_INDEXES, *PG_QUEUE_INDEXES})

#: A trigram index cannot serve shorter texts.
MIN_CHARS = 3
#: The index answers a search when it finds at most this many comments with the text (SQLite:
#: in any queue; PostgreSQL: in the queue searched); more, and the text is common: the newest
#: windows fill a page sooner. SQLite counts in the index alone (a millisecond for 10,000);
#: PostgreSQL's GIN index is lossy, so each candidate is a heap row read and rechecked.
CAP = {"sqlite": 20_000, "postgresql": 500}
#: Up to this many candidates are handed over as ids (read by id and sorted); more (SQLite) as
#: a subquery the queue's own index is checked against as it is walked.
KEYED = 100
#: Rows written per statement by the backfill (with a progress line each).
BACKFILL_CHUNK = 50_000

#: Each status as one trigram of its own (the unit separator never appears in stored text,
#: which is stripped of control characters, and the token is looked for in its column only).
STATUS_TOKENS = {
    "published": "\x1fp\x1f",
    "pending": "\x1fh\x1f",
    "rejected": "\x1fr\x1f",
    "spam": "\x1fs\x1f",
    "deleted": "\x1fd\x1f",
}


def _token_sql(column: str) -> str:
    cases = " ".join(f"WHEN '{status}' THEN '{tok[1]}'" for status, tok in STATUS_TOKENS.items())
    return f"char(31) || CASE {column} {cases} END || char(31)"


def _sqlite_triggers() -> list[str]:
    new = f"(new.id, new.body, new.author_name, {_token_sql('new.status')})"
    old = f"('delete', old.id, old.body, old.author_name, {_token_sql('old.status')})"
    insert_new = f"INSERT INTO {FTS} (rowid, body, author_name, queue) VALUES {new};"
    forget_old = f"INSERT INTO {FTS} ({FTS}, rowid, body, author_name, queue) VALUES {old};"
    return [
        f"CREATE TRIGGER IF NOT EXISTS comments_text_insert AFTER INSERT ON comments BEGIN {insert_new} END",
        f"CREATE TRIGGER IF NOT EXISTS comments_text_delete AFTER DELETE ON comments BEGIN {forget_old} END",
        "CREATE TRIGGER IF NOT EXISTS comments_text_update AFTER UPDATE OF body, author_name, status "
        "ON comments WHEN old.body IS NOT new.body OR old.author_name IS NOT new.author_name "
        f"OR old.status IS NOT new.status BEGIN {forget_old} {insert_new} END",
    ]


def _sqlite_tables() -> list[str]:
    return [
        f"CREATE VIEW IF NOT EXISTS {SOURCE} AS SELECT id, body, author_name, "
        f"{_token_sql('status')} AS queue FROM comments",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(body, author_name, queue, "
        f"content='{SOURCE}', content_rowid='id', tokenize='trigram')",
    ]


def sqlite_supports_trigram(conn: Connection) -> bool:
    version = conn.exec_driver_sql("SELECT sqlite_version()").scalar_one()
    return tuple(int(part) for part in str(version).split(".")[:2]) >= (3, 34)


def _pg_indexes() -> list[str]:
    return [
        f"CREATE INDEX IF NOT EXISTS {name} ON comments USING gin ({column} gin_trgm_ops)"
        for name, column in zip(PG_INDEXES, ("body", "author_name"), strict=True)
    ]


def _statuses_sql(statuses: Sequence[str]) -> str:
    """``status IN ('a', 'b')`` for known statuses: literals, not a parameter, so that PostgreSQL
    can prove a partial index's predicate from the query in a generic plan too."""
    unknown = set(statuses) - set(STATUS_TOKENS)
    if unknown or not statuses:
        raise ValueError(f"not comment statuses: {sorted(unknown) or statuses!r}")
    return "status IN (" + ", ".join(f"'{status}'" for status in statuses) + ")"


def _pg_queue_indexes() -> list[str]:
    return [
        f"CREATE INDEX IF NOT EXISTS {name} ON comments "
        f"USING gin (body gin_trgm_ops, author_name gin_trgm_ops) WHERE {_statuses_sql(statuses)}"
        for name, statuses in PG_QUEUE_INDEXES.items()
    ]


def _pg_has_trgm(conn: Connection) -> bool:
    return conn.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first() is not None


def install_queue_indexes(conn: Connection, progress: Callable[[str], None] | None = None) -> bool:
    """PostgreSQL: the partial trigram indexes of the held and rejected queues (migration 0011),
    where ``pg_trgm`` is installed (migration 0010 creates it when it can); False, logged, where
    it is not, and on SQLite (its FTS5 index has a token per status instead)."""
    if conn.dialect.name != "postgresql":
        return False
    if not _pg_has_trgm(conn):
        log.warning(
            "pg_trgm is not installed: no trigram index for the held and rejected queues "
            "(the dashboard's text search stays windowed)"
        )
        return False
    started = time.perf_counter()
    total = int(conn.exec_driver_sql("SELECT count(*) FROM comments").scalar_one())
    say = (progress or log.info) if total > BACKFILL_CHUNK else log.debug
    for statement, name in zip(_pg_queue_indexes(), PG_QUEUE_INDEXES, strict=True):
        say(f"text index: building {name} over the queue's part of {total:,} comments")
        conn.exec_driver_sql(statement)
    say(f"text index for the held and rejected queues built in {time.perf_counter() - started:.1f} s")
    return True


def uninstall_queue_indexes(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        for name in PG_QUEUE_INDEXES:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")


def _pg_extension(conn: Connection) -> bool:
    """``CREATE EXTENSION pg_trgm`` (a trusted extension: a database owner may create it);
    False, logged, where the server does not have it or the role may not create it."""
    try:
        with conn.begin_nested():
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as exc:
        log.warning(
            "pg_trgm is not available (%s): the dashboard's text search stays windowed "
            "(newest comments first, up to 50,000 per status); an operator can run "
            "CREATE EXTENSION pg_trgm and then `salon migrate`'s text index step again",
            str(exc).splitlines()[0],
        )
        return False
    return True


def install(conn: Connection, progress: Callable[[str], None] | None = None) -> bool:
    """Create the index and fill it with the comments already there; False when it cannot be had."""
    say = progress or log.info
    if conn.dialect.name == "sqlite":
        if not sqlite_supports_trigram(conn):
            say("SQLite older than 3.34 has no trigram tokenizer: the dashboard's text search stays windowed")
            return False
        for statement in _sqlite_tables():
            conn.exec_driver_sql(statement)
        backfill(conn, say)
        for statement in _sqlite_triggers():
            conn.exec_driver_sql(statement)
        return True
    if not _pg_extension(conn):
        return False
    started = time.perf_counter()
    total = int(conn.exec_driver_sql("SELECT count(*) FROM comments").scalar_one())
    say = say if total > BACKFILL_CHUNK else log.debug
    for statement, name in zip(_pg_indexes(), PG_INDEXES, strict=True):
        say(f"text index: building {name} over {total:,} comments")
        conn.exec_driver_sql(statement)
    say(f"text index built in {time.perf_counter() - started:.1f} s")
    return True


def backfill(conn: Connection, say: Callable[[str], None]) -> None:
    """SQLite: index every comment already there, in id ranges, with a line per range."""
    top = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM comments").scalar_one()
    if not top:
        return
    started = time.perf_counter()
    for low in range(0, int(top), BACKFILL_CHUNK):
        high = min(low + BACKFILL_CHUNK, int(top))
        conn.exec_driver_sql(
            f"INSERT INTO {FTS} (rowid, body, author_name, queue) "
            f"SELECT id, body, author_name, queue FROM {SOURCE} WHERE id > ? AND id <= ?",
            (low, high),
        )
        if top > BACKFILL_CHUNK:
            elapsed = time.perf_counter() - started
            say(f"text index: comments up to id {high:,} of {int(top):,} ({elapsed:.0f} s)")


def uninstall(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for trigger in TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS}")
        conn.exec_driver_sql(f"DROP VIEW IF EXISTS {SOURCE}")
    else:
        for name in PG_INDEXES:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")


def suspend(conn: Connection) -> None:
    """Before a bulk load into an empty comments table: stop keeping the index up row by row."""
    if not _present(conn):
        return
    if conn.dialect.name == "sqlite":
        for trigger in TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    else:
        for name in (*PG_INDEXES, *PG_QUEUE_INDEXES):
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")


def resume(conn: Connection) -> None:
    """After a bulk load (or a killed one): index everything and keep it up again. Nothing to
    do when the triggers (indexes) are there, i.e. when the load did not suspend them."""
    if conn.dialect.name == "sqlite":
        if not _present(conn):
            return
        have = set(conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars())
        if set(TRIGGERS) <= have:
            return
        conn.exec_driver_sql(f"INSERT INTO {FTS} ({FTS}) VALUES ('rebuild')")
        for statement in _sqlite_triggers():
            conn.exec_driver_sql(statement)
        return
    if not _pg_has_trgm(conn):
        return
    for statement in [*_pg_indexes(), *_pg_queue_indexes()]:
        conn.exec_driver_sql(statement)


def _present(conn: Connection) -> bool:
    """The index exists on this database (on PostgreSQL: the extension was had)."""
    if conn.dialect.name != "sqlite":
        return _pg_has_trgm(conn)
    found = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (FTS,)
    ).first()
    return found is not None


_available: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def available(conn: Connection) -> bool:
    """The text index can answer searches here (looked up once per engine)."""
    key: Engine = conn.engine
    if key not in _available:
        if conn.dialect.name == "sqlite":
            _available[key] = _present(conn)
        else:
            found = conn.execute(
                text(
                    "SELECT count(*) FROM pg_indexes WHERE tablename = 'comments' AND indexname = ANY(:names)"
                ),
                {"names": list(PG_INDEXES)},
            ).scalar_one()
            _available[key] = found == len(PG_INDEXES)
        if not _available[key]:
            log.info("no text index on this database: the dashboard's text search stays windowed")
    return _available[key]


def forget(engine: Engine) -> None:
    """Look again next time (after the index was made or dropped through another engine)."""
    _available.pop(engine, None)


def serves(query: str) -> bool:
    return len(query) >= MIN_CHARS


#: The most trigrams of a text that a look-up asks for (a superset either way).
MAX_TRIGRAMS = 12


def _fts_terms(query: str) -> str:
    """The text as trigrams that must all be in a comment: every third one from the start, and
    the last, covering the text. Not the phrase: positions are not checked (3.5 times faster
    for an 8-letter word at a million comments), so a comment holding the trigrams apart is a
    candidate too, which the search's own ILIKE then turns away."""
    starts = [*range(0, len(query) - 2, 3), len(query) - 3]
    grams = list(dict.fromkeys(query[i : i + 3] for i in starts))[:MAX_TRIGRAMS]
    return " AND ".join('"' + gram.replace('"', '""') + '"' for gram in grams)


@dataclass(frozen=True)
class Found:
    """The comments of a queue that may contain a text (a superset: the caller applies its own
    test to each): as ``ids`` when there are few; else (SQLite) as SELECTs of ids, of the
    comments with the text in any queue (``subquery``) and in this one (``in_queue``).

    PostgreSQL's look-up is exact (the queue's statuses and the search's own ILIKE), and gives
    each candidate's time and status as ``keys`` (id -> (created_at, status)): a page filtered by
    the text alone is sorted from them without reading the candidates again."""

    ids: list[int] | None = None
    subquery: Any = None
    in_queue: Any = None
    keys: dict[int, tuple[datetime, str]] | None = None


def _fts_match(statuses: Sequence[str], query: str) -> str:
    # No column filters: checking positions' columns costs more than the match (36 ms for the
    # published token at a million comments, against 1 ms); a token in another column only
    # adds a candidate, which the page's own conditions (status, ILIKE) turn away.
    tokens = " OR ".join(f'"{STATUS_TOKENS[s]}"' for s in statuses)
    return f"({tokens}) AND {_fts_terms(query)}"


def candidates(conn: Connection, statuses: Sequence[str], query: str) -> Found | None:
    """The comments in ``statuses`` whose body or author name may contain ``query`` (at least
    :data:`MIN_CHARS` characters), or None when there are more than :data:`CAP` of them."""
    cap = CAP[conn.dialect.name]
    keyed = min(KEYED, cap)
    if conn.dialect.name == "sqlite":
        match = _fts_match(statuses, query)
        some = [
            int(i)
            for i in conn.exec_driver_sql(
                f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH ? LIMIT ?", (match, keyed + 1)
            ).scalars()
        ]
        if len(some) <= keyed:
            return Found(ids=some)
        # More: counted and walked without the status tokens, whose doclists are as long as
        # the queues (intersecting the published one costs 14 ms at a million comments; the
        # walk checks the status itself), so the cap counts the text's matches in any queue.
        terms = _fts_terms(query)
        counted = conn.exec_driver_sql(
            f"SELECT count(*) FROM (SELECT rowid FROM {FTS} WHERE {FTS} MATCH ? LIMIT ?)", (terms, cap + 1)
        ).scalar_one()
        if counted > cap:
            return None
        select_ids = f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH :fts_match"
        in_queue = text(select_ids).bindparams(fts_match=match)
        # The walk's set: the queue's own candidates (a few hundred of a rejected queue's
        # tens of thousands) unless the queue is the published one, whose token costs more
        # to intersect than the text's matches in every queue cost to gather.
        walked = text(select_ids).bindparams(fts_match=terms) if "published" in statuses else in_queue
        return Found(subquery=walked, in_queue=in_queue)
    from salon.db.queue import like_pattern

    # The statuses as literals: the held and rejected queues' look-up must imply their partial
    # index's predicate in any plan, a cached generic one too.
    rows = conn.execute(
        text(
            f"SELECT id, created_at, status FROM comments WHERE {_statuses_sql(statuses)} "
            "AND (body ILIKE :pattern ESCAPE '\\' OR author_name ILIKE :pattern ESCAPE '\\') LIMIT :cap"
        ),
        {"pattern": like_pattern(query), "cap": cap + 1},
    ).all()
    if len(rows) > cap:
        return None
    keys = {int(r.id): (r.created_at, str(r.status)) for r in rows}
    return Found(ids=list(keys), keys=keys)
