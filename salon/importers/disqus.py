"""Disqus XML export (Admin → Moderation → Export): <category>, <thread> and <post> elements.

Quirks: a post names its thread and parent by ``dsq:id`` attributes; posts are not always after
their parents; ``isDeleted``/``isSpam`` are the only moderation states exported (no pending);
messages are HTML; ``createdAt`` is UTC; anonymous guests have no user name (kept as name only).
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

name = "disqus"
NS = "http://disqus.com"
DSQ = "http://disqus.com/disqus-internals"
_ID = f"{{{DSQ}}}id"
_NS_PREFIX = f"{{{NS}}}"
_NS_LEN = len(_NS_PREFIX)


def sniff(head: bytes) -> bool:
    return b"<disqus" in head[:4096] and NS.encode() in head[:4096]


def _children(elem: etree._Element) -> dict[str, etree._Element]:
    """Children by local name (exports always use the Disqus namespace; a million posts make the
    cheap path worth it), falling back to splitting the tag for anything else."""
    out = {}
    for child in elem:
        tag = child.tag
        out[tag[_NS_LEN:] if tag.startswith(_NS_PREFIX) else str(tag).rpartition("}")[2]] = child
    return out


def _true(elem: etree._Element | None) -> bool:
    return elem is not None and elem.text is not None and elem.text.strip().lower() == "true"


def _thread(elem: etree._Element) -> SourceThread | SourceProblem:
    sid = elem.get(_ID, "")
    fields = _children(elem)
    link = text(fields.get("link")).strip()
    if not sid or not link:
        return SourceProblem("threads", f"thread without dsq:id or link (line {elem.sourceline})", sid)
    created = text(fields.get("createdAt"))
    return SourceThread(
        source_id=sid,
        url=link,
        title=text(fields.get("title")).strip(),
        created_at=parse_time(created, line=elem.sourceline) if created else None,
        locked=_true(fields.get("isClosed")),
    )


def _post(elem: etree._Element) -> SourceComment | SourceProblem:
    sid = elem.get(_ID, "")
    fields = _children(elem)
    thread = fields.get("thread")
    if not sid or thread is None or not thread.get(_ID):
        return SourceProblem("comments", f"post without dsq:id or thread (line {elem.sourceline})", sid)
    try:
        created = parse_time(text(fields.get("createdAt")), line=elem.sourceline)
    except ImportFailed as exc:
        return SourceProblem("comments", f"bad createdAt ({exc})", sid)
    if _true(fields.get("isSpam")):
        status = CommentStatus.SPAM
    elif _true(fields.get("isDeleted")):
        status = CommentStatus.DELETED
    elif "isApproved" in fields and not _true(fields.get("isApproved")):
        status = CommentStatus.PENDING
    else:
        status = CommentStatus.PUBLISHED
    author = _children(fields["author"]) if "author" in fields else {}
    username = text(author.get("username")).strip()
    anonymous = _true(author.get("isAnonymous")) or not username
    parent = fields.get("parent")
    body, html = bodies.from_html(text(fields.get("message")))
    return SourceComment(
        source_id=sid,
        thread=str(thread.get(_ID)),
        parent=parent.get(_ID) if parent is not None and parent.get(_ID) else None,
        body=body,
        html=html,
        created_at=created,
        status=status,
        author_name=text(author.get("name")).strip() or username,
        author_email=text(author.get("email")).strip() or None,
        author_source_id=None if anonymous else username,
    )


def read(path: Path, warnings: list[str]) -> Iterator[Item]:
    """Threads and posts, in file order."""
    with open_export(path) as stream:
        tags = [f"{{{NS}}}disqus", f"{{{NS}}}thread", f"{{{NS}}}post"]
        elems = iter_top(stream, tags, warnings, namespaces={"dsq": DSQ})
        root = next(elems)
        if root.tag != f"{{{NS}}}disqus":
            raise ImportFailed(
                f"not a Disqus export: the root element is <{etree.QName(root).localname}>, "
                f'expected <disqus xmlns="{NS}">',
                root.sourceline,
            )
        for elem in elems:
            if elem.tag == f"{{{NS}}}thread":
                yield _thread(elem)
            else:
                yield _post(elem)
