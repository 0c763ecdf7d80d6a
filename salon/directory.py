"""Sites by origin, kept in memory until any site changes (every process hears site events)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from salon.db import sites as site_queries
from salon.db.sites import Site
from salon.notify.events import Event
from salon.urls import BadURL, origin_of

if TYPE_CHECKING:
    from salon.db.engine import Database


class SiteDirectory:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._by_origin: dict[str, Site] | None = None
        self._lock = threading.Lock()

    def on_event(self, event: Event) -> None:
        if str(event.get("type", "")).startswith("site."):
            self._by_origin = None

    def _load(self) -> dict[str, Site]:
        by_origin = self._by_origin
        if by_origin is None:
            with self._lock, self._db.read() as conn:
                by_origin = {o: s for s in site_queries.all_sites(conn) for o in s.origins}
            self._by_origin = by_origin
        return by_origin

    def for_origin(self, origin: str) -> Site | None:
        return self._load().get(origin)

    def for_url(self, url: str) -> Site | None:
        try:
            return self._load().get(origin_of(url))
        except BadURL:
            return None
