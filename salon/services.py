"""Collaborators built once per process and handed to create_app: no module-level globals.

Tests build Services with Null twins (NullClassifier, NullMailer) where those are not the subject;
the database is always real.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from salon.actions.group_commit import GroupCommit
from salon.cache import ThreadCache
from salon.db import tables as t
from salon.db.engine import Database
from salon.directory import SiteDirectory
from salon.moderation.classifiers.base import Analysis, Classifier, NullClassifier
from salon.moderation.nudges import NudgeMemory
from salon.moderation.phases import PHASES
from salon.moderation.phases.duplicates import RecentComments
from salon.moderation.pipeline import Phase
from salon.notify.events import EventBus, LocalEventBus, RedisEventBus
from salon.notify.mail import Mailer, NullMailer, SmtpMailer
from salon.notify.outbox import OutboxWorker
from salon.ratelimit import MemoryRateLimiter, RateLimiter, RedisRateLimiter
from salon.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    db: Database
    secret: str
    classifier: Classifier = field(default_factory=NullClassifier)
    events: EventBus = field(default_factory=LocalEventBus)
    mailer: Mailer = field(default_factory=NullMailer)
    ratelimiter: RateLimiter = field(default_factory=MemoryRateLimiter)
    cache: ThreadCache = field(default_factory=ThreadCache)
    #: The moderation policy's phases, in order; tests and embedders may pass their own.
    phases: list[Phase] = field(default_factory=lambda: list(PHASES))
    #: Texts the pre-submit nudge warned about, recognised when posted anyway (bounded, in-process).
    nudges: NudgeMemory = field(default_factory=NudgeMemory)

    def __post_init__(self) -> None:
        self.sites = SiteDirectory(self.db)
        #: Each site's newest comments, fingerprinted, for the duplicates phase (bounded, in-process).
        self.recent = RecentComments(self.db.read, settle=0.0 if self.db.is_sqlite else 2.0)
        self._unsubscribe = [
            self.events.subscribe(self.cache.on_event),
            self.events.subscribe(self.sites.on_event),
            self.events.subscribe(self.recent.on_event),
        ]
        #: Delivers mail and webhooks from the outbox; started by `salon serve` (start_outbox).
        self.outbox: OutboxWorker | None = None
        #: The group commit new comments go through (``salon.actions.posting.writer_of``).
        self.post_writer: GroupCommit[Any, Any] | None = None
        self.post_writer_lock = threading.Lock()

    def keyed_hash(self, *parts: str) -> str:
        """A stable, secret-keyed hash (client addresses, voters): not reversible without the key."""
        msg = "\x1f".join(parts).encode()
        return hmac.new(self.secret.encode(), msg, hashlib.sha256).hexdigest()[:32]

    def start_outbox(self) -> OutboxWorker:
        """Start delivering the outbox in a thread of this process (once)."""
        if self.outbox is None:
            self.outbox = OutboxWorker(self)
            self.outbox.start()
        return self.outbox

    def close(self) -> None:
        if self.post_writer is not None:
            self.post_writer.stop()
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        if self.outbox is not None:
            self.outbox.stop()
            self.outbox = None
        self.events.close()
        self.db.dispose()


def build_services(settings: Settings, *, upgrade: bool = True) -> Services:
    """Build the real collaborators from settings, creating or upgrading the schema if asked."""
    db = Database(settings.database_url)
    if upgrade:
        db.upgrade(settings.secret_key or None)
    secret = settings.secret_key or _stored_secret(db)
    events: EventBus
    ratelimiter: RateLimiter
    if settings.redis_url:
        events = RedisEventBus(settings.redis_url)
        ratelimiter = RedisRateLimiter(settings.redis_url)
    else:
        events, ratelimiter = LocalEventBus(), MemoryRateLimiter()
    mailer: Mailer = SmtpMailer.from_settings(settings) if settings.smtp_host else NullMailer()
    return Services(
        settings=settings,
        db=db,
        secret=secret,
        classifier=load_classifier(settings),
        events=events,
        mailer=mailer,
        ratelimiter=ratelimiter,
    )


class LazyClassifier:
    """Loads the built-in model on first use, so commands that never score stay quick.

    A model that cannot be loaded raises ClassifierError on every call: the pipeline then holds
    comments for review with the reason, instead of publishing them unchecked.
    """

    name = "builtin"

    def __init__(self, model_path: str | None) -> None:
        self._path = model_path
        self._model: Classifier | None = None
        self._lock = threading.Lock()

    @property
    def version(self) -> str:
        return self.model.version

    @property
    def model(self) -> Classifier:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    from salon.moderation.classifiers.staged import load_builtin

                    self._model = load_builtin(self._path)
        return self._model

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        return self.model.analyze(texts)


def load_classifier(settings: Settings) -> Classifier:
    """The classifier the settings name."""
    if settings.classifier == "null":
        return NullClassifier()
    if settings.classifier != "builtin":
        raise ValueError(f"unknown classifier {settings.classifier!r}: use 'builtin' or 'null'")
    return LazyClassifier(settings.model_path or None)


def _stored_secret(db: Database) -> str:
    """The secret kept in the database, made on first use so restarts keep sessions valid."""
    with db.write() as conn:
        row = conn.execute(select(t.meta.c.value).where(t.meta.c.key == "secret_key")).first()
        if row is not None:
            return str(row[0])
        value = secrets.token_urlsafe(32)
        conn.execute(t.meta.insert().values(key="secret_key", value=value))
        return value
