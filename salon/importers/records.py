"""What importers yield (threads and comments as the source system had them) and the report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from salon.models import CommentStatus


class ImportFailed(Exception):
    """The file cannot be read (not this format, broken, hostile): the message says where and why."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass
class SourceThread:
    """A page with comments in the source system; ``url`` may be relative (Isso keeps paths)."""

    source_id: str
    url: str
    title: str = ""
    created_at: datetime | None = None
    locked: bool = False


@dataclass
class SourceComment:
    """One comment as exported. ``body`` is markdown; ``html`` is set only when the source's HTML
    was sanitised with salon's allow-list (it is then kept as the rendered form)."""

    source_id: str
    thread: str
    parent: str | None
    body: str
    created_at: datetime
    status: CommentStatus
    author_name: str = ""
    author_email: str | None = None
    author_website: str | None = None
    #: The author's stable id in the source system (a user name, user id); None for guests.
    author_source_id: str | None = None
    html: str | None = None
    upvotes: int = 0
    downvotes: int = 0
    score: int | None = None
    pinned: bool = False
    edited_at: datetime | None = None
    #: Only salon's own format: shadow flag, moderation JSON, moderation records, votes.
    extra: dict[str, Any] | None = None


@dataclass
class SourceSettings:
    """Only salon's own format: the site's settings and sanctions, restored as they were."""

    settings: dict[str, Any]
    sanctions: list[dict[str, Any]] = field(default_factory=list)
    #: Where the export left a secret out (``null``): the target site keeps its own there.
    redacted: list[tuple[str, ...]] = field(default_factory=list)


@dataclass
class SourceAuthor:
    """Only salon's own format: an author row as exported (id, key, name, hashes, counters)."""

    source_id: str
    row: dict[str, Any]


@dataclass
class SourceProblem:
    """A record the importer could not use (the rest of the file goes on): counted as failed."""

    kind: str
    reason: str
    source_id: str = ""


Item = SourceThread | SourceComment | SourceSettings | SourceProblem | SourceAuthor


@dataclass
class KindReport:
    imported: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {"imported": self.imported, "skipped": dict(self.skipped), "failed": dict(self.failed)}


#: How many example ids or URLs a report lists for each note.
SAMPLE = 20


@dataclass
class Report:
    """What an import did, per kind, with the notes an operator needs to fix the next run."""

    format: str = ""
    dry_run: bool = False
    threads: KindReport = field(default_factory=KindReport)
    comments: KindReport = field(default_factory=KindReport)
    authors: KindReport = field(default_factory=KindReport)
    #: Thread URLs whose origin is not one of the site's, with how many comments each had.
    outside_origins: Counter[str] = field(default_factory=Counter)
    #: Comments whose parent is not in the file: kept as top-level comments.
    orphans: int = 0
    orphan_sample: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    #: With --moderate: how many imported comments the policy moved, by new status.
    moderated: dict[str, int] | None = None
    #: Ids of the comments this run wrote (not part of the printed report).
    written: list[int] = field(default_factory=list, repr=False)

    def orphan(self, source_id: str) -> None:
        self.orphans += 1
        if len(self.orphan_sample) < SAMPLE:
            self.orphan_sample.append(source_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "dry_run": self.dry_run,
            "threads": self.threads.to_dict(),
            "comments": self.comments.to_dict(),
            "authors": self.authors.to_dict(),
            "outside_origins": dict(self.outside_origins.most_common()),
            "orphans": {"count": self.orphans, "sample": self.orphan_sample},
            "warnings": self.warnings,
            "error": self.error,
            "moderated": self.moderated,
        }

    def lines(self) -> list[str]:
        """The report for a person: one line per kind, then the notes."""
        out = [f"format: {self.format}" + (" (dry run: nothing written)" if self.dry_run else "")]
        for kind in ("threads", "comments", "authors"):
            part: KindReport = getattr(self, kind)
            line = f"{kind}: {part.imported} imported"
            if part.skipped:
                line += ", skipped " + ", ".join(f"{n} {why}" for why, n in part.skipped.most_common())
            if part.failed:
                line += ", failed " + ", ".join(f"{n} {why}" for why, n in part.failed.most_common())
            out.append(line)
        if self.outside_origins:
            out.append(
                f"{len(self.outside_origins)} thread URL(s) outside the site's origins were not imported "
                "(fix them with --url-map):"
            )
            out.extend(f"  {url} ({n} comments)" for url, n in self.outside_origins.most_common(SAMPLE))
        if self.orphans:
            out.append(
                f"{self.orphans} comment(s) whose parent is not in the file were kept as top-level "
                f"comments, e.g. {', '.join(self.orphan_sample[:5])}"
            )
        if self.moderated is not None:
            moved = ", ".join(f"{n} {status}" for status, n in sorted(self.moderated.items())) or "none"
            out.append(f"moderation over the imported comments moved: {moved}")
        out.extend(f"warning: {w}" for w in self.warnings)
        if self.error:
            out.append(f"error: {self.error}")
        return out


def utc(value: datetime) -> datetime:
    """A timezone-aware UTC datetime; a naive one is taken to be UTC already."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def parse_time(text: str | None, *, line: int | None = None) -> datetime:
    """ISO 8601 / RFC 3339 (with Z or an offset) or ``YYYY-MM-DD HH:MM:SS`` (UTC) to UTC."""
    if not text or not text.strip():
        raise ImportFailed("a date is missing", line)
    try:
        return utc(datetime.fromisoformat(text.strip()))
    except ValueError:
        raise ImportFailed(f"{text.strip()[:40]!r} is not a date", line) from None
