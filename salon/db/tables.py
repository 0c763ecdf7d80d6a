"""The one schema. Alembic revisions in migrations/ must produce exactly this; a test checks."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB

from salon.db.types import UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# BigInteger ids on PostgreSQL, INTEGER PRIMARY KEY (rowid alias) on SQLite.
Id = BigInteger().with_variant(Integer(), "sqlite")
TS = UTCDateTime()
JSONDoc = JSON().with_variant(JSONB(), "postgresql")

COMMENT_STATUSES = "'published', 'pending', 'rejected', 'spam', 'deleted'"

#: The moderation categories with a partial index for the dashboard's category filter (the
#: model's categories when migration 0010 was written: a new one needs a revision of its own).
FLAG_CATEGORIES = ("toxicity", "severe_toxicity", "identity_attack", "insult", "profanity", "threat", "spam")
#: The lowest score those indexes hold: a filter asking for less reads the queue's windows.
FLAG_AT = 0.3


def flag_sql(dialect: str, category: str, table: str = "") -> str:
    """The SQL of "``comments.moderation``'s score for ``category`` is at least FLAG_AT": the
    partial indexes' predicate, written out the same way by the queries that use them (a
    partial index serves a query whose WHERE repeats its predicate)."""
    column = f"{table}.moderation" if table else "moderation"
    if dialect == "sqlite":
        return f"json_extract({column}, '$.scores.{category}') >= {FLAG_AT}"
    return f"CAST({column} #>> '{{scores,{category}}}' AS DOUBLE PRECISION) >= {FLAG_AT}"


meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

sites = Table(
    "sites",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("origins", JSONDoc, nullable=False),
    Column("settings", JSONDoc, nullable=False),
    Column("created_at", TS, nullable=False),
)

threads = Table(
    "threads",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("site_id", Id, ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("url", String(2048), nullable=False),
    Column("title", String(300), nullable=False, server_default=""),
    Column("locked", Boolean, nullable=False, server_default=false()),
    Column("comment_count", Integer, nullable=False, server_default="0"),
    Column("created_at", TS, nullable=False),
    Column("last_comment_at", TS, nullable=True),
    # Imported threads: the system they came from and their id there (migration 0005).
    Column("source", String(40), nullable=True),
    Column("source_id", String(200), nullable=True),
    UniqueConstraint("site_id", "url", name="uq_threads_site_url"),
    Index("ix_threads_source", "site_id", "source", "source_id"),
    # The dashboard's thread filter lists a site's recently active threads (migration 0009).
    Index("ix_threads_site_last_comment", "site_id", "last_comment_at"),
)

authors = Table(
    "authors",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("site_id", Id, ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    # "guest:<random>" (recognised again only by the author token naming this row's id), or
    # "legacy:<id>" for rows keyed by e-mail or address before 0003; see actions/identity.py.
    Column("key", String(100), nullable=False),
    Column("name", String(200), nullable=False),
    Column("email_hash", String(64), nullable=True),
    Column("first_seen", TS, nullable=False),
    Column("last_seen", TS, nullable=False),
    Column("published_count", Integer, nullable=False, server_default="0"),
    Column("rejected_count", Integer, nullable=False, server_default="0"),
    Column("reported_count", Integer, nullable=False, server_default="0"),
    Column("source", String(40), nullable=True),
    Column("source_id", String(200), nullable=True),
    UniqueConstraint("site_id", "key", name="uq_authors_site_key"),
    Index("uq_authors_source", "site_id", "source", "source_id", unique=True),
)

comments = Table(
    "comments",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("thread_id", Id, ForeignKey("threads.id", ondelete="CASCADE"), nullable=False),
    Column("parent_id", Id, ForeignKey("comments.id", ondelete="SET NULL"), nullable=True),
    # The top-level ancestor (itself for a top-level comment): pages fetch whole subtrees by it.
    Column("root_id", Id, nullable=True),
    Column("depth", Integer, nullable=False, server_default="0"),
    Column("author_id", Id, ForeignKey("authors.id", ondelete="SET NULL"), nullable=True),
    Column("author_name", String(200), nullable=False),
    Column("author_email_hash", String(64), nullable=True),
    Column("author_website", String(500), nullable=True),
    Column("body", Text, nullable=False),
    Column("html", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("shadow", Boolean, nullable=False, server_default=false()),
    Column("pinned", Boolean, nullable=False, server_default=false()),
    Column("created_at", TS, nullable=False),
    Column("edited_at", TS, nullable=True),
    Column("score", Integer, nullable=False, server_default="0"),
    Column("upvotes", Integer, nullable=False, server_default="0"),
    Column("downvotes", Integer, nullable=False, server_default="0"),
    Column("report_count", Integer, nullable=False, server_default="0"),
    Column("client_hash", String(64), nullable=True),
    Column("edit_token_hash", String(64), nullable=True),
    # The latest moderation outcome: decision, phase, reasons, scores, spans, message.
    Column("moderation", JSONDoc, nullable=True),
    # Imported comments: where from, their id there, and their parent's id there until linked.
    Column("source", String(40), nullable=True),
    Column("source_id", String(200), nullable=True),
    Column("source_parent", String(200), nullable=True),
    CheckConstraint(f"status IN ({COMMENT_STATUSES})", name="status"),
    Index("uq_comments_source", "source", "source_id", unique=True),
    Index("ix_comments_thread_root", "thread_id", "parent_id", "status", "created_at"),
    Index("ix_comments_root", "root_id"),
    Index("ix_comments_status_created", "status", "created_at"),
    Index("ix_comments_author", "author_id", "created_at"),
    # Dashboard queues filtered by author (migration 0009).
    Index("ix_comments_author_status", "author_id", "status", "created_at"),
    Index("ix_comments_client", "client_hash", "created_at"),
    # Dashboard queues filtered by site or thread.
    Index("ix_comments_thread_status", "thread_id", "status", "created_at"),
    # The category filter: per category, the comments scored at least FLAG_AT in it, by status,
    # newest first (migration 0010). Small (the few comments scored that high), read in order.
    *(
        Index(
            f"ix_comments_flag_{category}",
            "status",
            "created_at",
            sqlite_where=text(flag_sql("sqlite", category)),
            postgresql_where=text(flag_sql("postgresql", category)),
        )
        for category in FLAG_CATEGORIES
    ),
)

votes = Table(
    "votes",
    metadata,
    Column("comment_id", Id, ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True),
    Column("voter", String(64), primary_key=True),
    Column("value", Integer, nullable=False),
    Column("created_at", TS, nullable=False),
    CheckConstraint("value IN (-1, 1)", name="value"),
)

reports = Table(
    "reports",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("comment_id", Id, ForeignKey("comments.id", ondelete="CASCADE"), nullable=False),
    Column("reporter", String(64), nullable=False),
    Column("reason", String(20), nullable=False),
    Column("note", Text, nullable=True),
    Column("created_at", TS, nullable=False),
    Column("resolved_at", TS, nullable=True),
    UniqueConstraint("comment_id", "reporter", name="uq_reports_comment_reporter"),
    # The reported queue: reports no moderator has resolved yet.
    Index("ix_reports_open", "resolved_at", "comment_id"),
)

users = Table(
    "users",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("email", String(320), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("display_name", String(200), nullable=False, server_default=""),
    Column("created_at", TS, nullable=False),
    Column("disabled", Boolean, nullable=False, server_default=false()),
)

#: Dashboard sign-ins: the cookie carries a random token whose SHA-256 is kept here, so a session
#: can be listed and ended (sign-out, password change, "end this session") on the server.
admin_sessions = Table(
    "admin_sessions",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_id", Id, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("last_seen", TS, nullable=False),
    Column("expires_at", TS, nullable=False),
    Column("ended_at", TS, nullable=True),
    Column("user_agent", String(200), nullable=False, server_default=""),
    Index("ix_admin_sessions_user_id", "user_id", "ended_at"),
)

user_sites = Table(
    "user_sites",
    metadata,
    Column("user_id", Id, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("site_id", Id, ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True),
)

sanctions = Table(
    "sanctions",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("site_id", Id, ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("author_id", Id, ForeignKey("authors.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("reason", Text, nullable=False, server_default=""),
    Column("until", TS, nullable=True),
    Column("created_by", Id, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("created_at", TS, nullable=False),
    Column("lifted_at", TS, nullable=True),
    Index("ix_sanctions_author", "author_id", "lifted_at"),
)

moderation_records = Table(
    "moderation_records",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("comment_id", Id, ForeignKey("comments.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", TS, nullable=False),
    # "pipeline" for automatic decisions, "user:<id>" for a moderator's.
    Column("actor", String(64), nullable=False),
    Column("decision", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("phase", String(40), nullable=True),
    Column("reasons", JSONDoc, nullable=False),
    Column("scores", JSONDoc, nullable=False),
    Column("spans", JSONDoc, nullable=False),
    Column("model_version", String(40), nullable=True),
    Index("ix_moderation_records_comment", "comment_id", "created_at"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("created_at", TS, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(60), nullable=False),
    Column("site_id", Id, ForeignKey("sites.id", ondelete="SET NULL"), nullable=True),
    Column("target_type", String(30), nullable=True),
    Column("target_id", String(64), nullable=True),
    Column("reason", Text, nullable=True),
    Column("details", JSONDoc, nullable=False),
    Index("ix_audit_log_created", "created_at"),
    Index("ix_audit_log_site", "site_id", "created_at"),
    Index("ix_audit_log_actor", "actor", "created_at"),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("site_id", Id, ForeignKey("sites.id", ondelete="CASCADE"), nullable=True),
    Column("created_at", TS, nullable=False),
    Column("revoked_at", TS, nullable=True),
)

# -- Perspective feedback (revision 0004) -----------------------------------------------------

#: Scores a Perspective client suggested for a text (``comments:suggestscore``): a site's
#: moderator decisions, kept as training signal and shown in the dashboard.
perspective_suggestions = Table(
    "perspective_suggestions",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("api_key_id", Id, ForeignKey("api_keys.id", ondelete="SET NULL"), nullable=True),
    # The key's site, when the key was created for one.
    Column("site_id", Id, ForeignKey("sites.id", ondelete="SET NULL"), nullable=True),
    Column("community_id", String(200), nullable=True),
    Column("client_token", String(200), nullable=True),
    Column("session_id", String(200), nullable=True),
    Column("text", Text, nullable=False),
    # The languages the client named, and the one salon detected.
    Column("languages", JSONDoc, nullable=False),
    Column("detected_language", String(16), nullable=False),
    # Attribute -> suggested summary score; span scores and context entries as sent.
    Column("scores", JSONDoc, nullable=False),
    Column("span_scores", JSONDoc, nullable=False),
    Column("context", JSONDoc, nullable=False),
    Column("created_at", TS, nullable=False),
    Index("ix_perspective_suggestions_site_id", "site_id", "id"),
    Index("ix_perspective_suggestions_client_token", "client_token"),
)

# -- notifications (revision 0006) ------------------------------------------------------------

outbox = Table(
    "outbox",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    # "mail", "webhook" or "replies" (a reply digest, rendered when it is delivered).
    Column("kind", String(16), nullable=False),
    Column("site_id", Id, ForeignKey("sites.id", ondelete="SET NULL"), nullable=True),
    # What it is about, for the delivery log: "held", "confirm", "test", "comment.published"…
    Column("topic", String(60), nullable=False),
    # Where it goes, for the delivery log: an address or a URL.
    Column("recipient", String(2048), nullable=False),
    Column("payload", JSONDoc, nullable=False),
    Column("status", String(16), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("available_at", TS, nullable=False),
    Column("locked_until", TS, nullable=True),
    Column("last_error", Text, nullable=True),
    # Rows that gather more work before they go (one digest per reader and thread).
    Column("group_key", String(200), nullable=True),
    Column("created_at", TS, nullable=False),
    Column("sent_at", TS, nullable=True),
    CheckConstraint("status IN ('pending', 'sent', 'failed', 'skipped')", name="status"),
    Index("ix_outbox_status_available", "status", "available_at"),
    Index("ix_outbox_group", "group_key", "status"),
    Index("ix_outbox_site_created", "site_id", "created_at"),
)

mail_addresses = Table(
    "mail_addresses",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("site_id", Id, ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("email", String(320), nullable=False),
    # Keyed with the install's secret: finds the row without comparing addresses in the clear.
    Column("email_key", String(64), nullable=False),
    Column("locale", String(16), nullable=False, server_default="en"),
    Column("confirmed_at", TS, nullable=True),
    Column("confirm_sent_at", TS, nullable=True),
    Column("created_at", TS, nullable=False),
    UniqueConstraint("site_id", "email_key", name="uq_mail_addresses_site_key"),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("address_id", Id, ForeignKey("mail_addresses.id", ondelete="CASCADE"), nullable=False),
    Column("thread_id", Id, ForeignKey("threads.id", ondelete="CASCADE"), nullable=False),
    # The comment whose replies are wanted; NULL: the whole thread.
    Column("comment_id", Id, ForeignKey("comments.id", ondelete="CASCADE"), nullable=True),
    Column("created_at", TS, nullable=False),
    Index("ix_subscriptions_thread", "thread_id", "comment_id"),
    Index("ix_subscriptions_address", "address_id"),
)

webhooks = Table(
    "webhooks",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("site_id", Id, ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("url", String(2048), nullable=False),
    # "whsec_" + base64: the Standard Webhooks form.
    Column("secret", String(200), nullable=False),
    # The secret before the last rotation, still signed with until previous_until.
    Column("previous_secret", String(200), nullable=True),
    Column("previous_until", TS, nullable=True),
    Column("events", JSONDoc, nullable=False),
    # "standard" (signed JSON), "slack" or "matrix" (a message those accept).
    Column("preset", String(16), nullable=False, server_default="standard"),
    Column("active", Boolean, nullable=False, server_default=true()),
    Column("created_at", TS, nullable=False),
    Index("ix_webhooks_site", "site_id"),
)

# -- Defence (revision 0007) -----------------------------------------------------------------

#: Proof-of-work solutions already used: the SHA-256 of each challenge's signature, kept until
#: the challenge expires, so a solution is accepted once in any process sharing the database.
pow_spent = Table(
    "pow_spent",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("site_id", Id, ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("expires_at", TS, nullable=False),
    Index("ix_pow_spent_expires_at", "expires_at"),
)

#: A moderator's controls on one thread besides locking: slow mode (each author may post once
#: per ``slow_mode_seconds``) and a lock that lifts itself at ``locked_until``.
thread_controls = Table(
    "thread_controls",
    metadata,
    Column("thread_id", Id, ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True),
    Column("slow_mode_seconds", Integer, nullable=False, server_default="0"),
    Column("slow_mode_until", TS, nullable=True),
    Column("locked_until", TS, nullable=True),
    Column("updated_at", TS, nullable=False),
    Column("updated_by", Id, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
)

#: A moderator's cool-down for one author on one thread (from the heated-threads queue): until
#: ``until`` their posts there are refused with ``message``, the nudge they see.
cool_downs = Table(
    "cool_downs",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("thread_id", Id, ForeignKey("threads.id", ondelete="CASCADE"), nullable=False),
    Column("author_id", Id, ForeignKey("authors.id", ondelete="CASCADE"), nullable=False),
    Column("message", Text, nullable=False),
    Column("until", TS, nullable=False),
    Column("created_by", Id, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("created_at", TS, nullable=False),
    Index("ix_cool_downs_thread_author", "thread_id", "author_id", "until"),
)

#: EU Digital Services Act, art. 16: a notice of illegal content, with the fields the law asks
#: for. The notifier's e-mail is kept for the answer they are owed and is never shown publicly.
dsa_notices = Table(
    "dsa_notices",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("site_id", Id, ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("comment_id", Id, ForeignKey("comments.id", ondelete="SET NULL"), nullable=True),
    Column("location", String(2048), nullable=False),
    Column("explanation", Text, nullable=False),
    Column("notifier_name", String(200), nullable=False),
    Column("notifier_email", String(320), nullable=False),
    Column("good_faith", Boolean, nullable=False),
    Column("created_at", TS, nullable=False),
    Column("decided_at", TS, nullable=True),
    Column("statement_id", Id, nullable=True),
    Index("ix_dsa_notices_open", "site_id", "decided_at", "created_at"),
)

#: DSA art. 17: the statement of reasons a moderator's decision carries, sent to the author with
#: a link to appeal. ``appeal_token_hash`` is the SHA-256 of the token in that link.
statements = Table(
    "statements",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("site_id", Id, ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("comment_id", Id, ForeignKey("comments.id", ondelete="SET NULL"), nullable=True),
    Column("author_id", Id, ForeignKey("authors.id", ondelete="SET NULL"), nullable=True),
    Column("notice_id", Id, nullable=True),
    Column("decision", String(16), nullable=False),
    Column("facts", Text, nullable=False),
    Column("ground_type", String(8), nullable=False),
    Column("ground", Text, nullable=False),
    Column("automated_detection", Boolean, nullable=False),
    Column("automated_decision", Boolean, nullable=False),
    Column("appeal_token_hash", String(64), nullable=False, unique=True),
    Column("created_by", Id, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("created_at", TS, nullable=False),
    CheckConstraint("ground_type IN ('legal', 'terms')", name="ground_type"),
    Index("ix_statements_site_created", "site_id", "created_at"),
)

#: DSA art. 20: an author's appeal against a decision; a moderator upholds or reverses it.
appeals = Table(
    "appeals",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("statement_id", Id, ForeignKey("statements.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("text", Text, nullable=False),
    Column("created_at", TS, nullable=False),
    Column("outcome", String(16), nullable=True),
    Column("note", Text, nullable=False, server_default=""),
    Column("decided_by", Id, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("decided_at", TS, nullable=True),
    Index("ix_appeals_open", "decided_at", "created_at"),
)

reader_accounts = Table(
    "reader_accounts",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("site_id", Id, ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    # "sso" (the site's own sign-in), "email" (magic link) or "oidc:<issuer>".
    Column("provider", String(300), nullable=False),
    # The provider's id for the reader: the SSO user id, the keyed e-mail hash, the OIDC "sub".
    Column("subject", String(255), nullable=False),
    Column("name", String(200), nullable=False),
    Column("email", String(320), nullable=True),
    Column("avatar_url", String(500), nullable=True),
    # The author every comment of this account is posted as ("account:<id>").
    Column("author_id", Id, ForeignKey("authors.id", ondelete="SET NULL"), nullable=True),
    Column("created_at", TS, nullable=False),
    Column("last_seen", TS, nullable=False),
    UniqueConstraint("site_id", "provider", "subject", name="uq_reader_accounts_site_provider"),
)

sign_in_links = Table(
    "sign_in_links",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("site_id", Id, ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("email", String(320), nullable=False),
    # SHA-256 of the link's random part: the link works once, and only until expires_at.
    Column("secret_hash", String(64), nullable=False),
    Column("return_url", String(2048), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("expires_at", TS, nullable=False),
    Column("used_at", TS, nullable=True),
)

#: Each site's learned adjustment on top of the shipped model (``moderation/learning.py``):
#: per-head hashed-feature weights as JSON, versioned; a reset starts a new, empty version.
site_adjustments = Table(
    "site_adjustments",
    metadata,
    Column("site_id", Id, ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True),
    Column("version", Integer, nullable=False, server_default="0"),
    Column("decisions", Integer, nullable=False, server_default="0"),
    Column("data", JSONDoc, nullable=False),
    Column("reset_at", TS, nullable=True),
    Column("updated_at", TS, nullable=False),
)

#: The decisions the adjustment learned from, and the held-out ones it is measured on.
learning_examples = Table(
    "learning_examples",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("site_id", Id, ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("comment_id", Id, ForeignKey("comments.id", ondelete="CASCADE"), nullable=False),
    Column("action", String(16), nullable=False),
    Column("held_out", Boolean, nullable=False),
    Column("created_at", TS, nullable=False),
    Index("ix_learning_examples_site", "site_id", "held_out", "created_at"),
)

#: The signals a sanction also covers, as the moderator chose: a keyed address hash (with an
#: expiry: addresses are shared and change hands), an e-mail hash, a signed-in account. A new
#: author who shares one is held with the reason shown; nobody is merged into the sanctioned one.
sanction_signals = Table(
    "sanction_signals",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("sanction_id", Id, ForeignKey("sanctions.id", ondelete="CASCADE"), nullable=False),
    Column("site_id", Id, ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("value", String(128), nullable=False),
    Column("expires_at", TS, nullable=True),
    CheckConstraint("kind IN ('address', 'email', 'account')", name="kind"),
    Index("ix_sanction_signals_lookup", "site_id", "kind", "value"),
)
