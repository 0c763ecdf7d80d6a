"""New comments, written in batches: the writer behind ``comments.create_comment``.

Posts that arrive while the writer is busy wait in its queue (``GroupCommit``); it takes them all
and writes them in one transaction — one fsync on SQLite (``synchronous=FULL`` kept), one commit
on PostgreSQL — and each post is answered only after that commit. For a batch:

* the classifier scores every text and name in one call, before the transaction;
* missing threads are created, and every author is created or has their name and last-seen kept
  current, in one upsert for the batch;
* each post is moderated in turn on the write connection and its comment inserted at once, so the
  history checks of a later post (flood, duplicates, trust, slow mode) see the earlier posts of
  the same batch as they would have seen them committed one by one; the phases' history facts
  (sanctions, signals, thread controls, flood and trust counts, the duplicates window) are fetched
  once for the whole batch and kept up to date as its posts are written
  (``salon.moderation.batch_facts``);
* moderation records, audit rows, root ids, counters and webhook outbox rows are written with one
  executemany each; the events (live updates, caches) are published after the commit.

A post refused on its own (its parent went meanwhile, slow mode) gets its error and writes
nothing; the others go on. If the transaction fails anywhere (a database error, the commit), it is
rolled back and each post is written again alone, in its own transaction, so that one bad post
neither loses nor fails the others.

A COMMIT that fails may still have happened (PostgreSQL: the connection lost after the server
committed, before its answer arrived). Before anything is written again, the database is asked
whether the batch's rows are there (by id and edit-token hash): if they are, the posts are
answered as stored; if the database cannot be asked, each post is answered 503 and nothing is
written a second time.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from salon.actions import notifications
from salon.actions.audit import audit_many, audit_row
from salon.actions.comments import Draft, Posted, check_parent, comment_event, status_deltas, token_hash
from salon.actions.group_commit import GroupCommit
from salon.actions.identity import is_account, issue_author_token
from salon.actions.moderation import moderate, record_verdicts, settle, verdict_record
from salon.db import authors as author_queries
from salon.db import tables as t
from salon.db import threads as thread_queries
from salon.db.engine import now
from salon.errors import SalonError
from salon.models import CommentStatus
from salon.moderation.batch_facts import BatchFacts
from salon.moderation.pipeline import Context, Verdict
from salon.moderation.scoring import Scored, score_many
from salon.services import Services

log = logging.getLogger(__name__)

#: At most this many posts in one transaction: bounds the write lock's hold and a batch's latency.
MAX_BATCH = 64

c = t.comments
_INSERT = c.insert().returning(*c.c)
_ROOTS = update(c).where(c.c.id == bindparam("b_id")).values(root_id=bindparam("b_id"))


def writer_of(services: Services) -> GroupCommit[Draft, Posted]:
    """The process's writer of new comments for these services (made on first use)."""
    with services.post_writer_lock:
        if services.post_writer is None:
            services.post_writer = GroupCommit(
                lambda drafts: write_posts(services, drafts), name="salon-post-writer", max_batch=MAX_BATCH
            )
        return services.post_writer


def write_posts(services: Services, drafts: list[Draft]) -> list[Posted | BaseException]:
    """Write a batch of new comments in one transaction; one result or error per draft."""
    scored = score_many(services.classifier, [(d.body, d.name) for d in drafts])
    scores: list[Scored | None] = list(scored) if scored is not None else [None] * len(drafts)
    try:
        return _write(services, drafts, scores, alone=False)
    except CommitUnknown as exc:  # it may be stored: written again, it could be there twice
        log.error("a batch of %d posts may or may not be stored: %s", len(drafts), exc)
        _forget(services, drafts)
        return [exc] * len(drafts)
    except Exception:
        log.warning("a batch of %d posts failed; writing each alone", len(drafts), exc_info=True)
        _forget(services, drafts)
    results: list[Posted | BaseException] = []
    for draft, score in zip(drafts, scores, strict=True):
        try:
            results.extend(_write(services, [draft], [score], alone=True))
        except Exception as exc:
            log.exception("a post could not be written")
            _forget(services, [draft])
            results.append(exc)
    return results


def _forget(services: Services, drafts: list[Draft]) -> None:
    """A rolled-back batch: the duplicates window may hold its comments, which never were."""
    for site_id in {d.site.id for d in drafts}:
        services.recent.forget(site_id)


class CommitUnknown(SalonError):
    """The commit failed in a way that leaves unknown whether it happened (the connection was
    lost during COMMIT), and the database could not be asked. The posts are not written again."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(
            503, "unknown_outcome", "the comment may or may not have been saved; reload the page to see"
        )
        self.__cause__ = cause


@dataclass
class _Written:
    """One post of the batch, written but not yet committed."""

    draft: Draft
    thread: Any
    author_id: int
    comment: Any
    verdict: Verdict
    status: CommentStatus


def _write(
    services: Services, drafts: list[Draft], scores: list[Scored | None], *, alone: bool
) -> list[Posted | BaseException]:
    results: list[Posted | BaseException | None] = [None] * len(drafts)
    written: list[tuple[int, _Written]] = []
    committing = False
    try:
        with services.db.write() as conn:
            committing = _prepared(services, conn, drafts, scores, results, written, alone=alone)
    except Exception as exc:
        if not committing:  # failed before the commit: rolled back, nothing of it is stored
            raise
        # COMMIT itself failed. On PostgreSQL the server may have committed and the answer been
        # lost with the connection: ask the database, by the rows' ids and edit-token hashes,
        # before anyone writes these posts again.
        landed = _landed(services, [w for _, w in written], exc)
        if not landed:
            raise
        log.warning("the commit of %d posts failed but they are stored: %s", len(written), exc)
    # Committed: from here on nothing may raise, or the batch would be written a second time.
    for k, w in written:
        try:  # now the world may hear of it (live updates, caches, the duplicates window)
            comment_event(services, "comment.created", w.draft.site, w.draft.url, w.comment)
        except Exception:
            log.exception("comment %s is stored, but its event could not be published", w.comment.id)
        token = issue_author_token(services, w.draft.site.id, w.author_id)
        results[k] = Posted(
            w.comment,
            w.draft.site,
            w.draft.url,
            w.draft.edit_token,
            token,
            w.verdict,
            is_account(w.draft.author_key),
        )
    return [r if r is not None else RuntimeError("post not written") for r in results]


def _landed(services: Services, written: list[_Written], error: BaseException) -> bool:
    """After a failed COMMIT: whether the transaction is stored all the same.

    A transaction lands whole or not at all, so its comments are all there or none is; each is
    looked up by the id the insert returned and the hash of its edit token (random per post), so
    a row that only took the id later (SQLite reuses the ids of rolled-back rows) is not taken
    for it. Raises ``CommitUnknown`` when the database cannot be asked.
    """
    if not written:
        return False
    wanted = {int(w.comment.id): w.comment.edit_token_hash for w in written}
    query = select(c.c.id, c.c.edit_token_hash).where(c.c.id.in_(sorted(wanted)))
    try:
        with services.db.read() as conn:
            found = {int(r.id): r.edit_token_hash for r in conn.execute(query)}
    except Exception as exc:
        raise CommitUnknown(error) from exc
    there = [i for i, token in wanted.items() if found.get(i) == token]
    if there and len(there) != len(wanted):  # cannot be for one transaction: say so, write nothing twice
        log.error("after a failed commit, %d of %d comments are stored", len(there), len(wanted))
        raise CommitUnknown(error)
    return bool(there)


def _prepared(
    services: Services,
    conn: Connection,
    drafts: list[Draft],
    scores: list[Scored | None],
    results: list[Posted | BaseException | None],
    written: list[tuple[int, _Written]],
    *,
    alone: bool,
) -> bool:
    """Moderate and write the batch in the transaction on ``conn`` (filling ``results`` with the
    posts refused on their own and ``written`` with the others); True once all is written and
    only the commit is left."""
    threads = _threads(conn, drafts)
    authors = author_queries.get_or_create_many(
        conn, [(d.site.id, d.author_key, d.name, d.email_hash) for d in drafts]
    )
    places = [(threads[(d.site.id, d.url)], authors[(d.site.id, d.author_key)]) for d in drafts]
    contexts = [
        _context(services, conn, draft, thread, author_id, scores[k])
        for k, (draft, (thread, author_id)) in enumerate(zip(drafts, places, strict=True))
    ]
    # The phases' history facts, asked once for the whole batch (salon.moderation.batch_facts). A
    # post alone keeps its own (each question a query): as many statements, less to set up.
    if len(drafts) > 1:
        batch = BatchFacts(conn, contexts, services.recent)
        for ctx in contexts:
            ctx.facts = batch
    for k, draft in enumerate(drafts):
        thread, author_id = places[k]
        try:
            parent = check_parent(conn, draft.new.parent_id, thread.id)  # it may have gone meanwhile
            verdict = _moderated(conn, contexts[k], alone=alone)
            verdict = settle(draft.gated, verdict)
        except SalonError as exc:  # refused on its own: nothing of it is written
            results[k] = exc
            continue
        comment = _insert(conn, draft, thread, parent, author_id, verdict)
        contexts[k].facts.written(draft.site.id, comment)  # for the history checks of the posts after it
        written.append((k, _Written(draft, thread, author_id, comment, verdict, verdict.decision.status())))
    _finish(services, conn, [w for _, w in written])
    return True


def _threads(conn: Connection, drafts: list[Draft]) -> dict[tuple[int, str], Any]:
    """Each page's thread, created when new; a title given for an untitled thread is kept."""
    threads: dict[tuple[int, str], Any] = {}
    for d in drafts:
        key = (d.site.id, d.url)
        title = d.new.title.strip()
        if key not in threads:
            threads[key] = d.thread or thread_queries.get_or_create(conn, d.site.id, d.url, title)
            if d.thread is None:
                continue  # get_or_create gave it the title
        if title and not threads[key].title:
            thread_queries.set_title_if_empty(conn, threads[key].id, title)
            threads[key] = dataclasses.replace(threads[key], title=title[:300])
    return threads


def _context(
    services: Services, conn: Connection, draft: Draft, thread: Any, author_id: int, scored: Scored | None
) -> Context:
    """The moderation context of a post, on the write connection (it sees the batch's earlier posts)."""
    ctx = Context(
        text=draft.body,
        author_name=draft.name,
        site_id=draft.site.id,
        site_settings=draft.site.settings,
        thread_id=thread.id,
        thread_locked=thread.locked,
        author_id=author_id,
        parent_id=draft.new.parent_id,
        client_hash=draft.client_hash,
        nudged=draft.new.nudged,
        conn=conn,
        services=services,
        locale=draft.new.locale,
    )
    if scored is not None:
        scored.fill(ctx)
    return ctx


def _moderated(conn: Connection, ctx: Context, *, alone: bool) -> Verdict:
    """Run the policy on the write connection (so it sees the batch's earlier posts).

    A phase whose query fails holds the comment (``run_or_hold``); on PostgreSQL that failure
    also aborts the transaction. In a batch that fails the batch (written again post by post);
    alone, the phases run inside a savepoint that is rolled back, and the held comment is stored.
    """
    if not alone:
        verdict = moderate(ctx)
        if _aborted(conn):
            raise RuntimeError(f"moderation failed the transaction: {verdict.reasons[-1:]}")
        return verdict
    savepoint = conn.begin_nested()
    verdict = moderate(ctx)
    if _aborted(conn):
        savepoint.rollback()
    else:
        savepoint.commit()
    return verdict


def _aborted(conn: Connection) -> bool:
    """Whether a failed statement left the PostgreSQL transaction unusable (SQLite never is)."""
    if conn.dialect.name != "postgresql":
        return False
    from psycopg import pq

    info = getattr(conn.connection.dbapi_connection, "info", None)
    return info is not None and info.transaction_status == pq.TransactionStatus.INERROR


def _insert(
    conn: Connection, draft: Draft, thread: Any, parent: Any | None, author_id: int, verdict: Verdict
) -> Any:
    """Insert the comment; its row as stored (a top-level comment's root id is set in ``_finish``)."""
    status = verdict.decision.status()
    root_id = None
    if parent is not None:  # a parent written earlier in this batch has no root id yet: it is its own
        root_id = parent.root_id or parent.id
    row = conn.execute(
        _INSERT,
        {
            "thread_id": thread.id,
            "parent_id": draft.new.parent_id,
            "root_id": root_id,
            "depth": parent.depth + 1 if parent is not None else 0,
            "author_id": author_id,
            "author_name": draft.name,
            "author_email_hash": draft.email_hash,
            "author_website": draft.website,
            "body": draft.body,
            "html": draft.html,
            "status": status.value,
            "shadow": verdict.shadow,
            "created_at": now(),
            "client_hash": draft.client_hash,
            "edit_token_hash": token_hash(draft.edit_token),
            "moderation": verdict.to_dict(),
        },
    ).one()
    values = dict(row._mapping)
    if values["root_id"] is None:
        values["root_id"] = values["id"]
    return SimpleNamespace(**values)


def _finish(services: Services, conn: Connection, written: list[_Written]) -> None:
    """Everything the batch's comments bring with them, a statement each for the whole batch."""
    if not written:
        return
    roots = [{"b_id": w.comment.id} for w in written if w.comment.parent_id is None]
    if roots:
        conn.execute(_ROOTS, roots)
    record_verdicts(conn, [verdict_record(w.comment.id, w.verdict, w.status) for w in written])
    thread_deltas: dict[int, int] = {}
    author_deltas: dict[tuple[int, str], int] = {}
    for w in written:
        delta, counters = status_deltas(None, w.status, new_shadow=w.verdict.shadow)
        thread_deltas[w.thread.id] = thread_deltas.get(w.thread.id, 0) + delta
        for column, by in counters.items():
            author_deltas[(w.author_id, column)] = author_deltas.get((w.author_id, column), 0) + by
    thread_queries.adjust_counts(conn, thread_deltas)
    author_queries.bump_many(conn, author_deltas)
    audit_many(
        conn,
        [
            audit_row(
                f"author:{w.author_id}",
                "comment.create",
                site_id=w.draft.site.id,
                target_type="comment",
                target_id=w.comment.id,
                details={"status": w.status.value, "phase": w.verdict.phase},
            )
            for w in written
        ],
    )
    notifications.after_create_many(
        services,
        conn,
        [
            notifications.Created(
                w.draft.site,
                w.thread,
                w.comment,
                email=w.draft.new.author_email,
                notify=w.draft.new.notify,
                locale=w.draft.new.locale,
            )
            for w in written
        ],
    )
