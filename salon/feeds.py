"""Atom feeds of a thread's or a site's newest published comments.

Every text goes through ``xml_text``: one control character in a name must not make the feed
ill-formed XML for everyone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from salon.db import comments as comment_queries
from salon.db import sites as site_queries
from salon.db import threads as thread_queries
from salon.db.sites import Site
from salon.errors import SalonError
from salon.limits import xml_text
from salon.services import Services

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50


def _feed(feed_id: str, title: str, link: str, entries: Iterable[tuple[Any, str, str]]) -> bytes:
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root, f"{{{ATOM}}}id").text = xml_text(feed_id)
    ET.SubElement(root, f"{{{ATOM}}}title").text = xml_text(title)
    ET.SubElement(root, f"{{{ATOM}}}link", href=xml_text(link))
    items = list(entries)
    updated = max((row.edited_at or row.created_at for row, _, _ in items), default=datetime.now(UTC))
    ET.SubElement(root, f"{{{ATOM}}}updated").text = updated.isoformat()
    for row, page_url, page_title in items:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = xml_text(f"{page_url}#salon-comment-{row.id}")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = xml_text(
            f"{row.author_name} on {page_title or page_url}"
        )
        ET.SubElement(entry, f"{{{ATOM}}}link", href=xml_text(f"{page_url}#salon-comment-{row.id}"))
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = (row.edited_at or row.created_at).isoformat()
        ET.SubElement(entry, f"{{{ATOM}}}published").text = row.created_at.isoformat()
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = xml_text(row.author_name)
        ET.SubElement(entry, f"{{{ATOM}}}content", type="html").text = xml_text(row.html)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def thread_feed(services: Services, site: Site, url: str, base: str) -> bytes:
    with services.db.read() as conn:
        thread = thread_queries.by_url(conn, site.id, url)
        rows = comment_queries.recent_for_thread(conn, thread.id, FEED_SIZE) if thread else []
    title = thread.title if thread and thread.title else url
    return _feed(
        f"{base}api/feed.atom?url={url}", f"Comments on {title}", url, ((r, url, title) for r in rows)
    )


def site_feed(services: Services, name: str, base: str) -> bytes:
    with services.db.read() as conn:
        site = site_queries.get_by_name(conn, name)
        if site is None:
            raise SalonError(404, "unknown_site", f"no site named {name!r}", "site")
        rows = comment_queries.recent_for_site(conn, site.id, FEED_SIZE)
    link = f"{site.origins[0]}/" if site.origins else base
    return _feed(
        f"{base}api/feed.atom?site={name}",
        f"Comments on {name}",
        link,
        ((r, r.thread_url, r.thread_title) for r in rows),
    )
