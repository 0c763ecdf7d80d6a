"""keyed e-mail hashes: stored e-mail hashes become HMACs keyed with the install's secret

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 01:00:00

Before this revision ``authors.email_hash``, ``comments.author_email_hash`` and the e-mail
signals of sanctions held the plain SHA-256 of the address: anyone with a copy of the database
(a backup, an export) could check a guessed address against them or follow a reader from one
salon install to another. Each value is replaced by ``HMAC-SHA256(secret, "email_hash" \\x1f
<plain hex>)`` (the first 32 hex digits, what ``Services.keyed_hash`` gives), so lookups by
address keep matching old rows, and the plain digest is gone: the downgrade cannot bring it back.

The secret is the one the settings give (``SALON_SECRET_KEY``, handed over by ``Database.upgrade``)
or else the one kept in ``meta`` (made here if the install has none yet, as salon would at start).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

#: A plain SHA-256 as the earlier revisions stored it (a keyed value has 32 digits).
PLAIN = re.compile(r"^[0-9a-f]{64}$")
BATCH = 2000

#: (table, key column, hash column, extra condition)
COLUMNS = (
    ("authors", "id", "email_hash", None),
    ("comments", "id", "author_email_hash", None),
    ("sanction_signals", "id", "value", "kind = 'email'"),
)


def keyed(secret: str, plain: str) -> str:
    """The stored form from 0008 on; salon.actions.identity.email_hash makes the same."""
    msg = "\x1f".join(("email_hash", plain)).encode()
    return hmac.new(secret.encode(), msg, hashlib.sha256).hexdigest()[:32]


def _secret(conn: sa.Connection) -> str:
    config = op.get_context().config
    given = config.attributes.get("secret_key") if config is not None else None
    if given:
        return str(given)
    row = conn.execute(sa.text("SELECT value FROM meta WHERE key = 'secret_key'")).first()
    if row is not None:
        return str(row[0])
    value = secrets.token_urlsafe(32)
    conn.execute(sa.text("INSERT INTO meta (key, value) VALUES ('secret_key', :v)"), {"v": value})
    return value


def _plain_rows(
    conn: sa.Connection, table: str, key: str, column: str, where: str | None, after: int
) -> list[Any]:
    cond = f" AND {where}" if where else ""
    return list(
        conn.execute(
            sa.text(
                f"SELECT {key}, {column} FROM {table} WHERE {column} IS NOT NULL AND {key} > :after"
                f"{cond} ORDER BY {key} LIMIT {BATCH}"
            ),
            {"after": after},
        )
    )


def upgrade() -> None:
    conn = op.get_bind()
    secret: str | None = None  # read (or made) only when there is something to key
    for table, key, column, where in COLUMNS:
        after = 0
        while rows := _plain_rows(conn, table, key, column, where, after):
            after = int(rows[-1][0])
            plain = [r for r in rows if PLAIN.match(str(r[1]))]
            if not plain:
                continue
            secret = secret or _secret(conn)
            changes = [{"k": r[0], "v": keyed(secret, str(r[1]))} for r in plain]
            conn.execute(sa.text(f"UPDATE {table} SET {column} = :v WHERE {key} = :k"), changes)


def downgrade() -> None:
    # The plain digests cannot be recovered from the keyed ones: older code simply no longer
    # matches e-mail addresses to the rows written before (nothing else depends on them).
    pass
