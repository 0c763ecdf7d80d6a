"""Data-subject requests: everything held about one author, exported or erased.

An author is found by their author token (the widget's, exactly one author), by their id (the
dashboard's author page, exactly that author) or by e-mail address (every author on the site
whose stored e-mail hash matches, and every guest comment written with it). Erasing removes the
author rows and whatever refers to them in any table; their comments lose name, e-mail hash,
website, address hash and text: a comment with replies stays as the "deleted" placeholder so the
conversation under it keeps its place, one without replies is deleted. Votes and reports they
made go too. The audit log records each request (a copy or an erasure) with counts only. The
command line, the dashboard and the widget all come here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, or_, select, update

from salon.actions.audit import audit
from salon.actions.comments import resolve_site
from salon.actions.identity import email_hash, read_author_token
from salon.db import tables as t
from salon.db.sites import Site
from salon.errors import SalonError, not_found
from salon.services import Services


@dataclass
class Subject:
    """Who a request is about, on one site."""

    author_ids: list[int] = field(default_factory=list)
    email_hash: str | None = None

    def empty(self) -> bool:
        return not self.author_ids and self.email_hash is None


def find_subject(
    services: Services,
    conn: Connection,
    site: Site,
    *,
    email: str | None = None,
    token: str | None = None,
    author_id: int | None = None,
) -> Subject:
    """The authors (and e-mail hash) a request names; 422 when it names none, 404 for an author id
    that is not one of the site's."""
    subject = Subject()
    if author_id is not None:
        a = t.authors
        if conn.execute(select(a.c.id).where(a.c.id == author_id, a.c.site_id == site.id)).first() is None:
            raise not_found("author")
        subject.author_ids.append(author_id)
    if token:
        holder = read_author_token(services, site.id, token)
        if holder is None:
            raise SalonError(422, "bad_token", "this author token is not genuine or not for this site")
        if holder not in subject.author_ids:
            subject.author_ids.append(holder)
    if email:
        subject.email_hash = email_hash(services, email)
        a = t.authors
        found = conn.execute(
            select(a.c.id).where(a.c.site_id == site.id, a.c.email_hash == subject.email_hash)
        )
        subject.author_ids.extend(int(r.id) for r in found if int(r.id) not in subject.author_ids)
    if subject.empty():
        raise SalonError(422, "no_subject", "give an e-mail address or an author token")
    return subject


def reader_subject(services: Services, url: str, token: str | None) -> tuple[Site, int]:
    """For a reader's own request from the widget: the site of the page and the author the token
    names; 401 without a genuine token for that site (only that browser holds it)."""
    site, _ = resolve_site(services, url)
    author_id = read_author_token(services, site.id, token)
    if author_id is not None:
        with services.db.read() as conn:  # an erased author's token names nobody
            if conn.execute(select(t.authors.c.id).where(t.authors.c.id == author_id)).first() is None:
                author_id = None
    if author_id is None:
        raise SalonError(401, "not_signed_in", "send the author token (X-Salon-Author)")
    return site, author_id


def _site_comments(site: Site) -> Any:
    return select(t.threads.c.id).where(t.threads.c.site_id == site.id)


def _their_comments(conn: Connection, site: Site, subject: Subject) -> list[Any]:
    c = t.comments
    mine: list[Any] = [c.c.author_id.in_(subject.author_ids)] if subject.author_ids else []
    if subject.email_hash:
        mine.append(c.c.author_email_hash == subject.email_hash)
    query = select(c).where(c.c.thread_id.in_(_site_comments(site)), or_(*mine)).order_by(c.c.id)
    return list(conn.execute(query))


def _referring(column_target: str) -> list[tuple[Table, Any]]:
    """(table, column) pairs with a foreign key to ``table.column`` (e.g. "authors.id")."""
    found = []
    for table in t.metadata.sorted_tables:
        for col in table.c:
            if (
                any(fk.target_fullname == column_target for fk in col.foreign_keys)
                and table.name != "comments"
            ):
                found.append((table, col))
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _rows(conn: Connection, query: Any) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row._mapping.items()} for row in conn.execute(query)]


def export_subject(
    services: Services,
    site: Site,
    *,
    email: str | None = None,
    token: str | None = None,
    author_id: int | None = None,
    actor: str = "cli",
) -> dict[str, Any]:
    """Everything held about the subject on this site, as JSON-ready data (for a copy request).
    The request is audited (``author.export``, with counts) under ``actor``."""
    with services.db.read() as conn:
        subject = find_subject(services, conn, site, email=email, token=token, author_id=author_id)
        comments = _their_comments(conn, site, subject)
        ids = [r.id for r in comments]
        voters = [f"author:{i}" for i in subject.author_ids]
        data: dict[str, Any] = {
            "site": site.name,
            "authors": _rows(conn, select(t.authors).where(t.authors.c.id.in_(subject.author_ids))),
            "comments": [{k: _plain(v) for k, v in r._mapping.items()} for r in comments],
            "moderation_records": _rows(
                conn, select(t.moderation_records).where(t.moderation_records.c.comment_id.in_(ids))
            ),
            "votes_cast": _rows(conn, select(t.votes).where(t.votes.c.voter.in_(voters))),
            "reports_made": _rows(conn, select(t.reports).where(t.reports.c.reporter.in_(voters))),
        }
        for table, col in _referring("authors.id"):
            data.setdefault(table.name, []).extend(
                _rows(conn, select(table).where(col.in_(subject.author_ids)))
            )
    with services.db.write() as conn:
        counts = {k: len(v) for k, v in data.items() if isinstance(v, list)}
        audit(
            conn,
            actor,
            "author.export",
            site_id=site.id,
            target_type="site",
            target_id=site.id,
            details=counts,
        )
    return data


def erase_subject(
    services: Services,
    site: Site,
    *,
    email: str | None = None,
    token: str | None = None,
    author_id: int | None = None,
    actor: str = "cli",
) -> dict[str, int]:
    """Erase the subject from this site; returns what was done (also written to the audit log)."""
    c = t.comments
    with services.db.write() as conn:
        subject = find_subject(services, conn, site, email=email, token=token, author_id=author_id)
        comments = _their_comments(conn, site, subject)
        ids = [r.id for r in comments]
        with_replies = (
            {
                int(r.parent_id)
                for r in conn.execute(select(c.c.parent_id).where(c.c.parent_id.in_(ids)).distinct())
            }
            if ids
            else set()
        )
        kept = [i for i in ids if i in with_replies]
        gone = [i for i in ids if i not in with_replies]
        for table, col in _referring("comments.id"):  # copies of their text, records, votes on them
            if ids:
                conn.execute(delete(table).where(col.in_(ids)))
        if kept:
            conn.execute(
                update(c)
                .where(c.c.id.in_(kept))
                .values(
                    status="deleted",
                    body="",
                    html="",
                    author_name="",
                    author_email_hash=None,
                    author_website=None,
                    client_hash=None,
                    author_id=None,
                    edit_token_hash=None,
                    moderation=None,
                )
            )
        if gone:
            conn.execute(delete(c).where(c.c.id.in_(gone)))
        voters = [f"author:{i}" for i in subject.author_ids]
        votes = conn.execute(delete(t.votes).where(t.votes.c.voter.in_(voters))).rowcount if voters else 0
        reports = (
            conn.execute(delete(t.reports).where(t.reports.c.reporter.in_(voters))).rowcount if voters else 0
        )
        for table, col in _referring("authors.id"):
            conn.execute(delete(table).where(col.in_(subject.author_ids)))
        conn.execute(delete(t.authors).where(t.authors.c.id.in_(subject.author_ids)))
        # The audit log keeps what happened, not who: their own entries lose the id and free text.
        log = t.audit_log
        about: list[Any] = [log.c.actor.in_(voters)] if voters else []
        if subject.author_ids:
            ids_text = [str(i) for i in subject.author_ids]
            about.append((log.c.target_type == "author") & log.c.target_id.in_(ids_text))
        if ids:
            about.append((log.c.target_type == "comment") & log.c.target_id.in_([str(i) for i in ids]))
        if about:
            conn.execute(
                update(log)
                .where(or_(*about), log.c.actor.in_(voters))
                .values(actor="author:erased", reason=None)
            )
            conn.execute(update(log).where(or_(*about)).values(reason=None))
        from salon.db import imports as q

        threads = {int(r.thread_id) for r in comments}
        q.recount_threads(conn, threads)
        done = {
            "authors": len(subject.author_ids),
            "comments_deleted": len(gone),
            "comments_kept_as_placeholder": len(kept),
            "votes": int(votes or 0),
            "reports": int(reports or 0),
        }
        audit(
            conn, actor, "author.erase", site_id=site.id, target_type="site", target_id=site.id, details=done
        )
    services.events.publish({"type": "site.changed", "site_id": site.id})
    return done


def forget_addresses(services: Services, older_than_days: int, actor: str = "cli") -> int:
    """Clear the client-address hash of comments older than this (run it daily, e.g. from cron).

    The hash only serves rate limits, flood checks and sanctions on recent activity; after the
    period it is kept for nothing. Returns how many comments lost theirs (audited).
    """
    from datetime import timedelta

    from salon.db.engine import now

    if older_than_days < 1:
        raise SalonError(422, "bad_period", "keep address hashes for at least a day")
    c = t.comments
    cutoff = now() - timedelta(days=older_than_days)
    with services.db.write() as conn:
        cleared = conn.execute(
            update(c).where(c.c.created_at < cutoff, c.c.client_hash.is_not(None)).values(client_hash=None)
        ).rowcount
        audit(
            conn, actor, "addresses.forget", details={"older_than_days": older_than_days, "comments": cleared}
        )
    return int(cleared or 0)
