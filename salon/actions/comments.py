"""Posting, editing and deleting comments: the only code that writes them."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, select

from salon import markup
from salon.actions import notifications
from salon.actions.audit import audit
from salon.actions.display_names import clean_name, refuse_imitation
from salon.actions.identity import is_account, new_guest_key, resolve_author, signals
from salon.actions.moderation import gate, moderate, record_verdict
from salon.badges import is_staff
from salon.db import authors as author_queries
from salon.db import comments as comment_queries
from salon.db import sites as site_queries
from salon.db import tables as t
from salon.db import threads as thread_queries
from salon.db.engine import now
from salon.db.sites import Site
from salon.errors import SalonError, not_found
from salon.limits import MAX_ID, has_controls, strip_controls
from salon.models import CommentStatus
from salon.moderation.pipeline import Context, Submission, Verdict
from salon.services import Services
from salon.urls import BadURL, normalize_url, origin_of


@dataclass(frozen=True)
class NewComment:
    url: str
    body: str
    author_name: str
    client_address: str
    parent_id: int | None = None
    author_email: str | None = None
    author_website: str | None = None
    title: str = ""
    author_token: str | None = None
    nudged: bool = False
    #: "none", "replies" (to this comment) or "thread": reply mail the author asks for.
    notify: str = "none"
    #: The widget's language, for mail about this comment.
    locale: str = "en"
    #: How it was sent, for the bot defences (``GATE_PHASES``); None from trusted callers
    #: (imports, the demo), which skip them.
    submission: Submission | None = None

    def __post_init__(self) -> None:
        # A title is only shown; control characters in it would break feeds and PostgreSQL.
        object.__setattr__(self, "title", strip_controls(self.title))


@dataclass(frozen=True)
class Posted:
    comment: Any
    site: Site
    url: str
    edit_token: str
    author_token: str
    verdict: Verdict
    #: Whether the author is a signed-in reader (an account key): only they can carry a badge
    #: (``badges.py``), so a guest's answer needs no read.
    signed_in: bool = True


def resolve_site(services: Services, url: str) -> tuple[Site, str]:
    """The site that owns a page URL, and the URL's canonical form; a clear 4xx otherwise."""
    try:
        canonical = normalize_url(url)
    except BadURL as exc:
        raise SalonError(400, "bad_url", str(exc), "url") from exc
    site = services.sites.for_url(canonical)
    if site is None:
        origin = origin_of(canonical)
        raise SalonError(
            404,
            "unknown_site",
            f"no site is registered for {origin}; its owner can add it with "
            f"`salon site add NAME --origin {origin}`",
            "url",
        )
    return site, canonical


def token_hash(token: str) -> str:
    """How an edit token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def _clean_text(services: Services, new: NewComment) -> tuple[str, str, str | None]:
    s = services.settings
    body = strip_controls(new.body.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not body:
        raise SalonError(422, "empty_body", "write something before posting", "body")
    name = clean_name(new.author_name)
    if len(body) > s.max_body_chars:
        raise SalonError(422, "body_too_long", f"comments are at most {s.max_body_chars} characters", "body")
    if len(name) > s.max_name_chars:
        raise SalonError(
            422,
            "name_too_long",
            f"names are at most {s.max_name_chars} characters",
            "author.name",
            values={"max": s.max_name_chars},
        )
    if new.author_email and has_controls(new.author_email):
        raise SalonError(422, "bad_email", "the e-mail address holds control characters", "author.email")
    if new.parent_id is not None and not 1 <= new.parent_id <= MAX_ID:
        raise SalonError(422, "unknown_parent", "the comment you reply to does not exist", "parent_id")
    website = strip_controls(new.author_website or "").strip() or None
    if website:
        if not website.startswith(("http://", "https://")):
            website = "https://" + website
        try:
            normalize_url(website)
        except BadURL as exc:
            raise SalonError(
                422, "bad_website", "the website must be an http(s) address", "author.website"
            ) from exc
    return body, name, website


def _check_rate(services: Services, site: Site, chash: str) -> None:
    s = services.settings
    wait = services.ratelimiter.hit(f"post:{site.id}:{chash}", s.rate_limit_posts, s.rate_limit_window)
    if wait:
        raise SalonError(
            429,
            "rate_limited",
            f"too many comments; try again in {int(wait)} seconds",
            headers={"Retry-After": str(int(wait))},
        )


def _author(services: Services, conn: Connection, site: Site, token: str | None) -> tuple[str, int | None]:
    """The author key and id: the one their token names, else a new guest (see identity.py)."""
    known = resolve_author(services, conn, site.id, token)
    if known is not None:
        return known.key, known.id
    return new_guest_key(), None


def _account_name(conn: Connection, author_id: int, typed: str) -> str:
    """The name a signed-in reader's account carries from the site's sign-in, not the form's
    (an e-mail link proves an address, not a name: those readers keep the name they type)."""
    ra = t.reader_accounts
    row = conn.execute(select(ra.c.name, ra.c.provider).where(ra.c.author_id == author_id)).first()
    if row is None or row.provider == "email" or not row.name:
        return typed
    return str(row.name)


def check_parent(conn: Connection, parent_id: int | None, thread_id: int) -> Any | None:
    if parent_id is None:
        return None
    parent = comment_queries.get(conn, parent_id)
    if parent is None or parent.status not in ("published", "deleted"):
        raise SalonError(422, "unknown_parent", "the comment you reply to does not exist", "parent_id")
    if parent.thread_id != thread_id:
        raise SalonError(422, "parent_elsewhere", "the comment you reply to is on another page", "parent_id")
    return parent


def status_deltas(
    old: str | None, new: CommentStatus, *, old_shadow: bool = False, new_shadow: bool = False
) -> tuple[int, dict[str, int]]:
    """How a status change moves the thread's visible count and the author's counters.

    ``old`` is None for a new comment. Counts move by one, so a write never recounts a thread;
    a comment that leaves a counted status gives its count back (approve, then reject).
    """
    was_visible = old == CommentStatus.PUBLISHED.value and not old_shadow
    is_visible = new is CommentStatus.PUBLISHED and not new_shadow
    thread_delta = 0 if was_visible == is_visible else (1 if is_visible else -1)
    counters: dict[str, int] = {}
    if old != new.value:
        if old in _COUNTERS:
            counters[_COUNTERS[old]] = -1
        if new.value in _COUNTERS:
            counters[_COUNTERS[new.value]] = counters.get(_COUNTERS[new.value], 0) + 1
    return thread_delta, counters


_COUNTERS = {
    CommentStatus.PUBLISHED.value: "published_count",
    CommentStatus.REJECTED.value: "rejected_count",
    CommentStatus.SPAM.value: "rejected_count",
}


def apply_status_change(
    conn: Connection,
    thread_id: int,
    author_id: int | None,
    old: str | None,
    new: CommentStatus,
    *,
    old_shadow: bool = False,
    new_shadow: bool = False,
) -> None:
    """Keep the thread's visible count and the author's counters in step with a status change
    (see :func:`status_deltas`)."""
    thread_delta, counters = status_deltas(old, new, old_shadow=old_shadow, new_shadow=new_shadow)
    if thread_delta:
        thread_queries.adjust_count(conn, thread_id, thread_delta)
    if author_id is None:
        return
    for column, by in counters.items():
        if by:
            author_queries.bump(conn, author_id, column, by)


def comment_event(services: Services, kind: str, site: Site, url: str, comment: Any) -> None:
    services.events.publish(
        {
            "type": kind,
            "site_id": site.id,
            "thread_id": comment.thread_id,
            "url": url,
            "comment_id": comment.id,
            "parent_id": comment.parent_id,
            "status": comment.status,
            "shadow": bool(comment.shadow),
        }
    )


def _gate(
    services: Services, new: NewComment, site: Site, body: str, name: str, chash: str
) -> Verdict | None:
    """The bot defences, before anything is stored: a refusal raises (403) and writes nothing."""
    if new.submission is None:
        return None
    ctx = Context(
        text=body,
        author_name=name,
        site_id=site.id,
        site_settings=site.settings,
        client_hash=chash,
        services=services,
        submission=new.submission,
        locale=new.locale,
    )
    return gate(ctx)


@dataclass(frozen=True)
class Draft:
    """A new comment checked and ready for the writer (``salon.actions.posting``)."""

    new: NewComment
    site: Site
    url: str
    body: str
    html: str
    name: str
    website: str | None
    client_hash: str
    email_hash: str | None
    #: The bot defences' verdict (None for trusted callers), carried over to the comment's.
    gated: Verdict | None
    #: The page's thread if it exists already; else the writer creates it.
    thread: Any | None
    #: The author's key, and id when known; a new guest's author is created by the writer.
    author_key: str
    author_id: int | None
    edit_token: str


def prepare(services: Services, new: NewComment) -> Draft:
    """Everything about a new comment that needs no write: validation, the rate limit, the bot
    defences, who the author is. Raises the 4xx a bad request earns, before anything is stored."""
    body, name, website = _clean_text(services, new)
    notifications.check_request(new.notify, new.author_email)
    site, url = resolve_site(services, new.url)
    signal = signals(services, new.client_address, new.author_email)
    _check_rate(services, site, signal.client)
    gated = _gate(services, new, site, body, name, signal.client)
    with services.db.read() as conn:
        thread = thread_queries.by_url(conn, site.id, url)
        key, author_id = _author(services, conn, site, new.author_token)
        if not (is_account(key) and is_staff(conn, site.id, author_id)):  # staff post as themselves
            refuse_imitation(conn, site.id, name)
        if author_id is not None and is_account(key):  # a signed-in reader posts under their name
            name = _account_name(conn, author_id, name)
    return Draft(
        new=new,
        site=site,
        url=url,
        body=body,
        html=markup.render(body),
        name=name,
        website=website,
        client_hash=signal.client,
        email_hash=signal.email,
        gated=gated,
        thread=thread,
        author_key=key,
        author_id=author_id,
        edit_token=secrets.token_urlsafe(24),
    )


def create_comment(services: Services, new: NewComment) -> Posted:
    """Validate, moderate, store and announce a new comment; returns once it is committed.

    The checks run here (:func:`prepare`); moderation and the write are the writer's, which
    commits the posts waiting for it together (``salon.actions.posting``).
    """
    from salon.actions.posting import writer_of  # it builds on this module

    return writer_of(services).submit(prepare(services, new)).result()


def _owned(services: Services, conn: Connection, comment_id: int, token: str | None) -> tuple[Any, Site, Any]:
    """The comment the edit token is for, still inside its site's edit window."""
    comment = comment_queries.get(conn, comment_id)
    if comment is None or comment.status == CommentStatus.DELETED.value:
        raise not_found("comment")
    if (
        not token
        or not comment.edit_token_hash
        or not secrets.compare_digest(token_hash(token), comment.edit_token_hash)
    ):
        raise SalonError(403, "bad_token", "this edit token is not for this comment")
    thread = thread_queries.get(conn, comment.thread_id)
    assert thread is not None
    site = site_queries.get(conn, thread.site_id)
    assert site is not None
    window = int(site.setting("edit_window_seconds"))
    signed_in = int(site.setting("account_edit_window_seconds") or 0)
    if signed_in > window and comment.author_id is not None:
        author = author_queries.get(conn, comment.author_id)
        if author is not None and is_account(str(author.key)):
            window = signed_in  # a signed-in reader may change their words for longer
    if now() - comment.created_at > timedelta(seconds=window):
        raise SalonError(
            403, "edit_window_closed", f"comments can be changed for {window // 60} minutes only"
        )
    return comment, site, thread


def edit_comment(
    services: Services, comment_id: int, token: str | None, body: str, locale: str = "en"
) -> Posted:
    """Change a comment's text within the edit window; the new text is moderated again.

    ``locale`` is the language of the message the author gets if the edit is held."""
    with services.db.write() as conn:
        comment, site, thread = _owned(services, conn, comment_id, token)
        if comment.status in (CommentStatus.REJECTED.value, CommentStatus.SPAM.value):
            raise SalonError(409, "not_editable", "a rejected comment cannot be edited")
        clean, _, _ = _clean_text(
            services,
            NewComment(url=thread.url, body=body, author_name=comment.author_name, client_address=""),
        )
        verdict = moderate(
            Context(
                text=clean,
                author_name=comment.author_name,
                site_id=site.id,
                site_settings=site.settings,
                thread_id=thread.id,
                thread_locked=thread.locked,
                author_id=comment.author_id,
                parent_id=comment.parent_id,
                comment_id=comment.id,
                client_hash=comment.client_hash,
                is_edit=True,
                conn=conn,
                services=services,
                locale=locale,
            )
        )
        status = verdict.decision.status()
        comment_queries.set_fields(
            conn,
            comment.id,
            body=clean,
            html=markup.render(clean),
            edited_at=now(),
            status=status.value,
            shadow=verdict.shadow or bool(comment.shadow),
            moderation=verdict.to_dict(),
        )
        record_verdict(conn, comment.id, verdict, status)
        apply_status_change(
            conn,
            thread.id,
            None,
            comment.status,
            status,
            old_shadow=bool(comment.shadow),
            new_shadow=verdict.shadow or bool(comment.shadow),
        )
        audit(
            conn,
            f"author:{comment.author_id}",
            "comment.edit",
            site_id=site.id,
            target_type="comment",
            target_id=comment.id,
            details={"status": status.value, "phase": verdict.phase},
        )
        updated = comment_queries.get(conn, comment.id)
        notifications.after_edit(services, conn, site, thread, comment.status, updated)
    comment_event(services, "comment.edited", site, thread.url, updated)
    return Posted(updated, site, thread.url, token or "", "", verdict)


def delete_comment(services: Services, comment_id: int, token: str | None) -> None:
    """Delete a comment within the edit window. Its text goes; replies stay under a placeholder."""
    with services.db.write() as conn:
        comment, site, thread = _owned(services, conn, comment_id, token)
        comment_queries.set_fields(
            conn,
            comment.id,
            status=CommentStatus.DELETED.value,
            body="",
            html="",
            author_name="",
            author_website=None,
            author_email_hash=None,
            edited_at=now(),
            edit_token_hash=None,
        )
        apply_status_change(
            conn, thread.id, None, comment.status, CommentStatus.DELETED, old_shadow=bool(comment.shadow)
        )
        audit(
            conn,
            f"author:{comment.author_id}",
            "comment.delete",
            site_id=site.id,
            target_type="comment",
            target_id=comment.id,
        )
        updated = comment_queries.get(conn, comment.id)
        notifications.after_delete(services, conn, site, thread, updated)
    comment_event(services, "comment.deleted", site, thread.url, updated)
