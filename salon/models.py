"""Value types shared across the package: statuses and decisions are text, never integers."""

from __future__ import annotations

from enum import StrEnum


class CommentStatus(StrEnum):
    """Where a comment stands. Stored as text in the database."""

    PUBLISHED = "published"
    PENDING = "pending"
    REJECTED = "rejected"
    SPAM = "spam"
    DELETED = "deleted"


class Decision(StrEnum):
    """What the moderation pipeline decided for a piece of text."""

    PUBLISH = "publish"
    HOLD = "hold"
    REJECT = "reject"

    def status(self) -> CommentStatus:
        """The comment status this decision stores."""
        return {
            Decision.PUBLISH: CommentStatus.PUBLISHED,
            Decision.HOLD: CommentStatus.PENDING,
            Decision.REJECT: CommentStatus.REJECTED,
        }[self]


class Sort(StrEnum):
    OLDEST = "oldest"
    NEWEST = "newest"
    TOP = "top"


class Role(StrEnum):
    ADMIN = "admin"
    MODERATOR = "moderator"


class SanctionKind(StrEnum):
    WARN = "warn"
    SUSPEND = "suspend"
    BAN = "ban"
    SHADOW_BAN = "shadow_ban"


class ReportReason(StrEnum):
    SPAM = "spam"
    ABUSE = "abuse"
    HATE = "hate"
    THREAT = "threat"
    OFF_TOPIC = "off_topic"
    OTHER = "other"


class PremoderationMode(StrEnum):
    OFF = "off"
    NEW = "new"
    ALL = "all"
