"""WordPress eXtended RSS (WXR 1.2): what WordPress's Tools → Import → WordPress reads.

Each thread with comments becomes an ``<item>`` (a post with the thread's URL as its link and
guid, its title, and comments closed when the thread is locked) holding its comments. salon keeps
no e-mail or network addresses, only hashes, so those fields are empty. Times are UTC in both
``comment_date`` and ``comment_date_gmt``. Statuses: published → 1, pending → 0, spam and
rejected → spam, deleted → trash (a deleted comment has no text left, only its place in the
tree). Bodies are the HTML readers see; ``comment_user_id`` is the salon author id (0 for guests).
"""

from __future__ import annotations

from typing import IO, Any
from xml.sax.saxutils import escape

from sqlalchemy import Connection, select

from salon.db import tables as t
from salon.db.sites import Site
from salon.exporters.disqus_xml import _cdata
from salon.exporters.salon_jsonl import PAGE

name = "wxr"
VERSION = "1.2"
#: salon status → WordPress ``comment_approved``.
APPROVED = {"published": "1", "pending": "0", "spam": "spam", "rejected": "spam", "deleted": "trash"}

_HEAD = f"""<?xml version="1.0" encoding="UTF-8" ?>
<!-- generator="salon" -->
<rss version="2.0"
\txmlns:excerpt="http://wordpress.org/export/{VERSION}/excerpt/"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="http://wordpress.org/export/{VERSION}/"
>
<channel>
"""


def _time(value: Any) -> str:
    return str(value.strftime("%Y-%m-%d %H:%M:%S"))


def _comment(row: Any) -> str:
    website = escape(row.author_website or "")
    return (
        "\t\t<wp:comment>\n"
        f"\t\t\t<wp:comment_id>{row.id}</wp:comment_id>\n"
        f"\t\t\t<wp:comment_author>{_cdata(row.author_name)}</wp:comment_author>\n"
        "\t\t\t<wp:comment_author_email></wp:comment_author_email>\n"
        f"\t\t\t<wp:comment_author_url>{website}</wp:comment_author_url>\n"
        "\t\t\t<wp:comment_author_IP></wp:comment_author_IP>\n"
        f"\t\t\t<wp:comment_date>{_time(row.created_at)}</wp:comment_date>\n"
        f"\t\t\t<wp:comment_date_gmt>{_time(row.created_at)}</wp:comment_date_gmt>\n"
        f"\t\t\t<wp:comment_content>{_cdata(row.html)}</wp:comment_content>\n"
        f"\t\t\t<wp:comment_approved>{APPROVED.get(row.status, '0')}</wp:comment_approved>\n"
        "\t\t\t<wp:comment_type>comment</wp:comment_type>\n"
        f"\t\t\t<wp:comment_parent>{row.parent_id or 0}</wp:comment_parent>\n"
        f"\t\t\t<wp:comment_user_id>{row.author_id or 0}</wp:comment_user_id>\n"
        "\t\t</wp:comment>\n"
    )


def _item(thread: Any) -> str:
    return (
        "\t<item>\n"
        f"\t\t<title>{_cdata(thread.title or thread.url)}</title>\n"
        f"\t\t<link>{escape(thread.url)}</link>\n"
        f'\t\t<guid isPermaLink="false">{escape(thread.url)}</guid>\n'
        f"\t\t<wp:post_id>{thread.id}</wp:post_id>\n"
        f"\t\t<wp:post_date_gmt>{_time(thread.created_at)}</wp:post_date_gmt>\n"
        f"\t\t<wp:comment_status>{'closed' if thread.locked else 'open'}</wp:comment_status>\n"
        "\t\t<wp:status>publish</wp:status>\n"
        "\t\t<wp:post_type>post</wp:post_type>\n"
    )


def write(conn: Connection, site: Site, out: IO[str]) -> dict[str, int]:
    """Write the site's threads that have comments, each with its comments; returns the counts."""
    counts = {"threads": 0, "comments": 0}
    blog = site.origins[0].rstrip("/") if site.origins else ""
    out.write(_HEAD)
    out.write(f"\t<title>{_cdata(site.name)}</title>\n\t<link>{escape(blog)}</link>\n")
    out.write(f"\t<wp:wxr_version>{VERSION}</wp:wxr_version>\n")
    out.write(f"\t<wp:base_site_url>{escape(blog)}</wp:base_site_url>\n")
    out.write(f"\t<wp:base_blog_url>{escape(blog)}</wp:base_blog_url>\n")
    th, c = t.threads, t.comments
    for thread in conn.execute(select(th).where(th.c.site_id == site.id).order_by(th.c.id)).all():
        query = select(c).where(c.c.thread_id == thread.id)
        last, opened = 0, False
        while rows := conn.execute(query.where(c.c.id > last).order_by(c.c.id).limit(PAGE)).all():
            if not opened:
                out.write(_item(thread))
                opened = True
            out.write("".join(_comment(row) for row in rows))
            counts["comments"] += len(rows)
            last = rows[-1].id
        if opened:
            out.write("\t</item>\n")
            counts["threads"] += 1
    out.write("</channel>\n</rss>\n")
    return counts
