"""A Disqus-style XML export (threads and posts): what other comment systems import most often.

E-mail addresses are not kept by salon (only their hashes), so authors carry names only.
"""

from __future__ import annotations

from typing import IO, Any
from xml.sax.saxutils import escape

from sqlalchemy import Connection, select

from salon.db import tables as t
from salon.db.sites import Site
from salon.exporters.salon_jsonl import PAGE

name = "disqus"


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _time(value: Any) -> str:
    return str(value.strftime("%Y-%m-%dT%H:%M:%SZ"))


def write(conn: Connection, site: Site, out: IO[str]) -> dict[str, int]:
    counts = {"threads": 0, "comments": 0}
    out.write('<?xml version="1.0" encoding="utf-8"?>\n')
    out.write('<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n')
    th, c = t.threads, t.comments
    for row in conn.execute(select(th).where(th.c.site_id == site.id).order_by(th.c.id)):
        out.write(
            f'  <thread dsq:id="{row.id}"><link>{escape(row.url)}</link><title>{escape(row.title)}</title>'
            f"<createdAt>{_time(row.created_at)}</createdAt>"
            f"<isClosed>{str(bool(row.locked)).lower()}</isClosed><isDeleted>false</isDeleted></thread>\n"
        )
        counts["threads"] += 1
    query = select(c).join(th, th.c.id == c.c.thread_id).where(th.c.site_id == site.id)
    last = 0
    while rows := conn.execute(query.where(c.c.id > last).order_by(c.c.id).limit(PAGE)).all():
        for row in rows:
            parent = f'<parent dsq:id="{row.parent_id}"/>' if row.parent_id else ""
            out.write(
                f'  <post dsq:id="{row.id}"><message>{_cdata(row.html)}</message>'
                f"<createdAt>{_time(row.created_at)}</createdAt>"
                f"<isDeleted>{str(row.status == 'deleted').lower()}</isDeleted>"
                f"<isSpam>{str(row.status in ('spam', 'rejected')).lower()}</isSpam>"
                f"<author><name>{escape(row.author_name)}</name>"
                f"<isAnonymous>{str(row.author_id is None).lower()}</isAnonymous></author>"
                f'<thread dsq:id="{row.thread_id}"/>{parent}</post>\n'
            )
        counts["comments"] += len(rows)
        last = rows[-1].id
    out.write("</disqus>\n")
    return counts
