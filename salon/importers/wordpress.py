"""WordPress eXtended RSS (Tools → Export), WXR 1.0, 1.1 and 1.2.

Quirks: comments sit inside each post's <item>; ``comment_approved`` is "1", "0", "spam",
"trash" or "post-trashed"; ``comment_date`` is the blog's local time and ``comment_date_gmt`` UTC
(all zeros for some drafts and pending comments: the local time is then used, with a warning);
``comment_type`` "pingback"/"trackback" are not comments (skipped unless asked for); bodies are
HTML or plain text with newlines; ids are unique per blog only, so they are qualified by the blog.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from salon.importers import bodies
from salon.importers.files import open_export
from salon.importers.records import (
    ImportFailed,
    Item,
    SourceComment,
    SourceProblem,
    SourceThread,
    parse_time,
)
from salon.importers.safexml import iter_top, text
from salon.models import CommentStatus

name = "wordpress"
VERSIONS = ("1.0", "1.1", "1.2")
WP = "http://wordpress.org/export/{}/"
KNOWN_NS = {
    "wp": WP.format("1.2"),
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": WP.format("1.2") + "excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
}
STATUSES = {
    "1": CommentStatus.PUBLISHED,
    "approve": CommentStatus.PUBLISHED,
    "0": CommentStatus.PENDING,
    "hold": CommentStatus.PENDING,
    "spam": CommentStatus.SPAM,
    "trash": CommentStatus.DELETED,
    "post-trashed": CommentStatus.DELETED,
}
NO_GMT = "0000-00-00 00:00:00"
#: Comment types that are not comments; importers skip them unless told to keep them.
LINKBACKS = ("pingback", "trackback")


def sniff(head: bytes) -> bool:
    return b"<rss" in head[:8192] and b"wordpress.org/export/" in head[:8192]


def _local(elem: etree._Element) -> str:
    return str(elem.tag).rpartition("}")[2]


def _version(root: etree._Element) -> str:
    ns = root.nsmap.get("wp") or ""
    for version in VERSIONS:
        if ns == WP.format(version):
            return version
    if etree.QName(root).localname != "rss" or not ns:
        raise ImportFailed("not a WordPress export (WXR): expected <rss> with the xmlns:wp namespace")
    raise ImportFailed(
        f"WXR namespace {ns} is not a supported version (1.0, 1.1, 1.2): export again from WordPress",
        root.sourceline,
    )


class _Reader:
    def __init__(self, warnings: list[str], keep_linkbacks: bool) -> None:
        self.warnings = warnings
        self.keep_linkbacks = keep_linkbacks
        self.blog = ""
        self.local_times = 0

    def comment(self, elem: etree._Element, thread: str) -> SourceComment | SourceProblem:
        f = {_local(child): child for child in elem}
        cid = text(f.get("comment_id")).strip()
        sid = f"{self.blog}#{cid}"
        if not cid:
            return SourceProblem("comments", f"comment without comment_id (line {elem.sourceline})")
        kind = text(f.get("comment_type")).strip().lower()
        if kind in LINKBACKS and not self.keep_linkbacks:
            return SourceProblem("comments", f"skipped:{kind}", sid)
        approved = text(f.get("comment_approved")).strip().lower()
        status = STATUSES.get(approved)
        if status is None:
            return SourceProblem("comments", f"unknown comment_approved {approved!r}", sid)
        gmt = text(f.get("comment_date_gmt")).strip()
        try:
            if gmt and gmt != NO_GMT:
                created = parse_time(gmt, line=elem.sourceline)
            else:
                created = parse_time(text(f.get("comment_date")), line=elem.sourceline)
                self.local_times += 1
        except ImportFailed as exc:
            return SourceProblem("comments", f"bad comment_date ({exc})", sid)
        parent = text(f.get("comment_parent")).strip()
        user = text(f.get("comment_user_id")).strip()
        body, html = bodies.from_html(text(f.get("comment_content")))
        return SourceComment(
            source_id=sid,
            thread=thread,
            parent=f"{self.blog}#{parent}" if parent and parent != "0" else None,
            body=body,
            html=html,
            created_at=created,
            status=status,
            author_name=text(f.get("comment_author")).strip(),
            author_email=text(f.get("comment_author_email")).strip() or None,
            author_website=text(f.get("comment_author_url")).strip() or None,
            author_source_id=f"{self.blog}#user{user}" if user and user != "0" else None,
        )

    def item(self, elem: etree._Element) -> Iterator[Item]:
        f: dict[str, etree._Element] = {}
        comments = []
        for child in elem:
            local = _local(child)
            if local == "comment":
                comments.append(child)
            else:
                f.setdefault(local, child)
        if not comments:
            return
        post_id = text(f.get("post_id")).strip() or text(f.get("guid")).strip()
        link = text(f.get("link")).strip()
        if not link:
            yield SourceProblem("threads", f"post without a link (line {elem.sourceline})", post_id)
            return
        tid = f"{self.blog}#post{post_id}"
        closed = text(f.get("comment_status")).strip() == "closed"
        yield SourceThread(source_id=tid, url=link, title=text(f.get("title")).strip(), locked=closed)
        for comment in comments:
            yield self.comment(comment, tid)


def read(path: Path, warnings: list[str], *, keep_linkbacks: bool = False) -> Iterator[Item]:
    """Each post with comments as a thread, then its comments."""
    reader = _Reader(warnings, keep_linkbacks)
    with open_export(path) as stream:
        elems = iter_top(
            stream,
            ["rss", "item", "link", "{*}base_blog_url", "{*}wxr_version"],
            warnings,
            namespaces=KNOWN_NS,
            container="channel",
        )
        root = next(elems)
        _version(root)
        for elem in elems:
            local = _local(elem)
            if local == "item":
                yield from reader.item(elem)
            elif local == "wxr_version" and text(elem).strip() not in VERSIONS:
                raise ImportFailed(
                    f"WXR version {text(elem).strip()!r} is not supported (1.0, 1.1, 1.2)", elem.sourceline
                )
            elif local in ("base_blog_url", "link") and not reader.blog:
                reader.blog = text(elem).strip().rstrip("/")
    if reader.local_times:
        warnings.append(
            f"{reader.local_times} comment(s) had no comment_date_gmt: their local comment_date was "
            "taken as UTC"
        )
