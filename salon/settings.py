"""The one reader of the environment.

Settings come, in rising priority, from defaults, a TOML config file (``--config`` or
``SALON_CONFIG``), environment variables prefixed ``SALON_`` and command-line flags. Every field is
documented in docs/settings.md; a test keeps the two in step.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class SettingsError(ValueError):
    """A setting could not be read; the message says which and how to fix it."""


class Settings(BaseModel):
    """Process-wide settings. Per-site policy lives in the database, not here."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    database_url: str = Field(
        "sqlite:///salon.db",
        description="SQLAlchemy URL: sqlite:///path/to/file.db or postgresql+psycopg://user@host/db.",
    )
    secret_key: str = Field(
        "",
        description="Signs sessions and cookies. Empty: generated once and kept in the database.",
    )
    public_url: str = Field(
        "",
        description="The address readers reach salon at, e.g. https://comments.example.com (feeds, mail).",
    )
    host: str = Field("127.0.0.1", description="Address `salon serve` listens on.")
    port: int = Field(8080, description="Port `salon serve` listens on.")
    workers: int = Field(1, description="Processes `salon serve` starts; use Redis when more than one.")
    redis_url: str = Field(
        "", description="redis://host:6379/0 to share live events and cache invalidation between processes."
    )
    trust_forwarded: bool = Field(
        False,
        description=(
            "Believe X-Forwarded-For and X-Forwarded-Proto (client address and https) from the proxies "
            "in `forwarded_allow`; off: the headers are ignored, whoever sends them."
        ),
    )
    forwarded_allow: str = Field(
        "127.0.0.1",
        description=(
            "Comma-separated addresses or networks of your proxies (e.g. `127.0.0.1, 10.0.0.0/8`), "
            "used only when `trust_forwarded` is on; `*` trusts any peer (only when nothing else "
            "can reach salon)."
        ),
    )
    max_body_chars: int = Field(10_000, description="Longest comment body accepted, in characters.")
    max_name_chars: int = Field(60, description="Longest display name accepted, in characters.")
    page_size: int = Field(50, description="Top-level comments per page when the request names no limit.")
    max_page_size: int = Field(200, description="Largest `limit` a thread request may ask for.")
    rate_limit_posts: int = Field(
        10, description="Comments one client address may post to one site per rate window."
    )
    rate_limit_window: int = Field(60, description="Length of the posting rate window, in seconds.")
    classifier: str = Field("builtin", description="`builtin` (the shipped model) or `null` (rules only).")
    model_path: str = Field("", description="Path of a model file to use instead of the shipped one.")
    smtp_host: str = Field("", description="Mail server for notifications; empty disables mail.")
    smtp_port: int = Field(25, description="Mail server port.")
    smtp_user: str = Field("", description="Mail server user name, if it needs one.")
    smtp_password: str = Field("", description="Mail server password, if it needs one.")
    smtp_starttls: bool = Field(False, description="Upgrade the mail connection with STARTTLS.")
    mail_from: str = Field("salon@localhost", description="Sender address of notification mail.")
    admin_email: str = Field("", description="Where new-comment and held-comment notices go.")
    outbox_poll_seconds: float = Field(
        5.0, description="How often the outbox worker looks for mail and webhooks that are due, in seconds."
    )
    outbox_retry_seconds: float = Field(
        30.0, description="Wait before the first retry of a failed delivery; doubles with each attempt."
    )
    outbox_max_attempts: int = Field(
        8, description="Delivery attempts before a mail or webhook is marked failed in the delivery log."
    )
    reply_quiet_seconds: int = Field(
        300, description="Reply mail waits this long after the latest reply, gathering replies in one digest."
    )
    reply_max_wait_seconds: int = Field(
        3600, description="The longest a reply digest waits, however busy the thread."
    )
    held_digest_seconds: int = Field(
        0, description="Gather held-comment notices for this long into one mail (86400: a daily digest)."
    )
    mail_templates_dir: str = Field(
        "", description="A directory of mail templates replacing the built-in ones (docs/notifications.md)."
    )
    webhook_timeout_seconds: float = Field(10.0, description="How long one webhook delivery may take.")
    log_level: str = Field("info", description="debug, info, warning or error.")


def load_settings(config_file: str | os.PathLike[str] | None = None, **overrides: Any) -> Settings:
    """Read settings from the config file, the environment and explicit overrides (flags).

    ``overrides`` whose value is None are ignored, so CLI flags can be passed through as they are.
    """
    path = config_file or os.environ.get("SALON_CONFIG")
    values: dict[str, Any] = {}
    if path:
        try:
            values.update(tomllib.loads(Path(path).read_text(encoding="utf-8")))
        except FileNotFoundError as exc:
            raise SettingsError(f"config file {path} not found: create it or drop --config") from exc
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"config file {path} is not valid TOML: {exc}") from exc
    env_values = {
        name: os.environ[f"SALON_{name.upper()}"]
        for name in Settings.model_fields
        if f"SALON_{name.upper()}" in os.environ
    }
    values.update(env_values)
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise SettingsError(f"invalid settings ({problems}); see docs/settings.md") from exc


def normalize_database_url(url: str) -> str:
    """Accept plain paths and postgres:// URLs; return a URL SQLAlchemy understands."""
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith(("postgres://", "postgresql://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url
