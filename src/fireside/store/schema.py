"""Tables, as SQLAlchemy Core metadata. Alembic migrations in ``migrations/`` create them.

Every table carries ``owner_id``, first in its primary key and in every unique constraint,
so server mode can scope each query to one account (and PostgreSQL's row-level security can
check it, see ``store/owners.py``), and the data can be distributed by owner without a schema
change. The embedded single-user install uses the owner ``local``.

Ids are numbered per owner (an import's id is 1, 2, 3 … for each person), so an id never
tells one person how much another has stored.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    Text,
)

LOCAL_OWNER = "local"
MAX_ID = 2**31 - 1  # ids are INTEGER columns: a larger number names no row (and PostgreSQL
# would refuse to compare with it), so lookups answer "not found" before asking
# Server-side tables: accounts and their sessions. Never exported, never erased by "erase
# everything" (that is the person's data; removing the account is ``accounts remove``).
AUTH_TABLES = frozenset({"account", "session", "signin_failure"})
# Values computed from a person's data and kept for the server's other workers: erased with
# the person's data and with every change of it, never exported (they are not data of theirs).
DERIVED_TABLES = frozenset({"computed_value"})

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

profile = Table(
    "profile",
    metadata,
    Column("owner_id", String(64), primary_key=True, default=LOCAL_OWNER),
    Column("my_names", JSON, nullable=False),
    Column("partner_name", Text),
    Column("partner_pronouns", String(8), nullable=False),
    Column("workdays", String(40), nullable=False),  # "mon,tue,wed"
    Column("work_end", String(5), nullable=False),  # "17:30"
    Column("commute_minutes", Integer, nullable=False),
    Column("bedtime", String(5), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("keep_partner_text", Boolean, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

chat_import = Table(
    "chat_import",
    metadata,
    Column("owner_id", String(64), nullable=False),
    Column("id", Integer, nullable=False, autoincrement=False),  # per owner, see ingest/saving
    Column("source_format", String(32), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("file_sha256", String(64), nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("messages", Integer, nullable=False),  # rows this import added
    Column("duplicates", Integer, nullable=False),  # rows already in the store, skipped
    Column("first_ts", BigInteger),  # epoch milliseconds, UTC
    Column("last_ts", BigInteger),
    Column("keep_partner_text", Boolean, nullable=False),
    Column("problems", JSON, nullable=False),  # [{line, reason}], capped
    PrimaryKeyConstraint("owner_id", "id", name="pk_chat_import"),
)

# One row per message. ts is epoch milliseconds in UTC; offset_minutes is the sender's wall
# clock offset from UTC as read from the export. The partner's text is NULL unless the person
# chose to keep it. content_hash makes re-importing the same or an overlapping export idempotent.
# The key (owner_id, ts, content_hash) is the dedupe key and, led by the time within an owner,
# new messages append to it (see migrations 0004 and 0009).
message = Table(
    "message",
    metadata,
    Column("owner_id", String(64), nullable=False),
    Column("import_id", Integer, nullable=False),  # not indexed: see migration 0003
    Column("ts", BigInteger, nullable=False),
    Column("offset_minutes", SmallInteger, nullable=False),
    Column("role", String(8), nullable=False),  # me | partner | other
    Column("kind", String(8), nullable=False),  # text | media | sticker | call | deleted
    Column("edited", Boolean, nullable=False),
    Column("chars", Integer, nullable=False),
    Column("words", Integer, nullable=False),
    Column("emoji", Integer, nullable=False),
    Column("text", Text),
    Column("content_hash", BigInteger, nullable=False),
    PrimaryKeyConstraint("owner_id", "ts", "content_hash", name="pk_message"),
    ForeignKeyConstraint(
        ["owner_id", "import_id"],
        ["chat_import.owner_id", "chat_import.id"],
        name="fk_message_owner_id_chat_import",
        ondelete="CASCADE",
    ),
)

# Server mode: one row per account. The owner id is the account's name (checked by
# service/accounts: lower-case letters, digits, dot, dash, underscore).
account = Table(
    "account",
    metadata,
    Column("owner_id", String(64), nullable=False),
    Column("password_hash", Text, nullable=False),  # argon2id, encoded with its parameters
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("password_changed_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("owner_id", name="pk_account"),
)

# A signed-in browser: the sha256 of its opaque random token (the token itself is only in
# the cookie), with an expiry. Changing the password or removing the account deletes them.
session = Table(
    "session",
    metadata,
    Column("owner_id", String(64), nullable=False),
    Column("token_hash", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("owner_id", "token_hash", name="pk_session"),
    ForeignKeyConstraint(
        ["owner_id"], ["account.owner_id"], name="fk_session_owner_id_account", ondelete="CASCADE"
    ),
)

# A failed sign-in, counted against its key (the name tried, or "@" and a hash of the
# address): shared by every server worker, so the limits hold however many there are.
signin_failure = Table(
    "signin_failure",
    metadata,
    Column("owner_id", String(64), nullable=False),
    Column("failed_at", DateTime(timezone=True), nullable=False),
    Column("tag", String(16), nullable=False),  # random: two tries in one instant are two
    PrimaryKeyConstraint("owner_id", "failed_at", "tag", name="pk_signin_failure"),
)


# The journal (fireside.journal): one table per kind of entry. Ids are counted per owner (in
# journal_counter), so the owner leads every primary key and one account's ids say nothing
# about another's.
# Choices are stored as their words (``self_care``); dates as dates; times in UTC.
def _journal(name: str, *columns: Column[object]) -> Table:
    return Table(
        f"journal_{name}",
        metadata,
        Column("owner_id", String(64), primary_key=True),
        Column("id", Integer, primary_key=True, autoincrement=False),
        *columns,
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
    )


journal_activity = _journal(
    "activity",
    Column("title", Text, nullable=False),
    Column("side", String(8), nullable=False),  # mine | together
    Column("minutes", Integer, nullable=False),
    Column("on", Date, nullable=False),
    Column("category", String(16), nullable=False),
    Column("status", String(8), nullable=False),  # planned | done | dropped
    Column("planned", Boolean, nullable=False),  # began as a plan
    Column("for_partner", Boolean, nullable=False),  # dropped to be available for the partner
    Column("note", Text),
)
journal_gesture = _journal(
    "gesture",
    Column("type", String(16), nullable=False),
    Column("on", Date, nullable=False),
    Column("note", Text),
    Column("world_id", Integer),  # the his-world item it followed up, if any
    Column("strength_id", Integer),  # the strength said out loud, if any
)
journal_his_world = _journal(
    "his_world",
    Column("title", Text, nullable=False),
    Column("type", String(16), nullable=False),  # interest | like | said | date
    Column("on", Date, nullable=False),  # when it came up
    Column("due", Date),  # the day itself, for a date that matters to the partner
    Column("followed_up", Date),
    Column("note", Text),
)
journal_strength = _journal(
    "strength",
    Column("title", Text, nullable=False),
    Column("on", Date, nullable=False),
    Column("last_said", Date),
    Column("note", Text),
)
journal_reveal = _journal(
    "reveal",
    Column("title", Text, nullable=False),
    Column("on", Date, nullable=False),
    Column("essential", Boolean, nullable=False),
    Column("shared", Date),
    Column("note", Text),
)
journal_talk = _journal(
    "talk",
    Column("topic", Text, nullable=False),
    Column("on", Date, nullable=False),
    Column("weight", String(8), nullable=False),  # light | heavy
    Column("status", String(8), nullable=False),  # queued | planned | held | let_go
    Column("planned_for", DateTime(timezone=True)),
    Column("opener", Text),
    Column("held_on", Date),
    Column("note", Text),
)
journal_checkin = _journal(
    "checkin",
    Column("at", DateTime(timezone=True), nullable=False),
    Column("mood", SmallInteger, nullable=False),
    Column("anxious", SmallInteger),
    Column("he_seems", String(12)),
    Column("connection", SmallInteger),
    Column("note", Text),
)

# The last id given to each kind of entry, per owner: ids are never given twice, even after
# the newest entry is deleted (an id in a saved link or an API client always means one entry).
journal_counter = Table(
    "journal_counter",
    metadata,
    Column("owner_id", String(64), primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("last_id", Integer, nullable=False),
)

JOURNAL_TABLES: dict[str, Table] = {
    "activity": journal_activity,
    "gesture": journal_gesture,
    "his_world": journal_his_world,
    "strength": journal_strength,
    "reveal": journal_reveal,
    "talk": journal_talk,
    "checkin": journal_checkin,
}

# The weekly plan's offers: which were offered in a week (so the next week rotates) and what
# was marked (done, or not for me: never offered again). week is the ISO week, "2026-W05".
plan_offer = Table(
    "plan_offer",
    metadata,
    Column("owner_id", String(64), primary_key=True),
    Column("week", String(8), primary_key=True),
    Column("offer_id", String(64), primary_key=True),
    Column("position", SmallInteger, nullable=False),
    Column("mark", String(12)),  # done | not_for_me | NULL
    Column("offered_at", DateTime(timezone=True), nullable=False),
    Column("marked_at", DateTime(timezone=True)),
)

# Readings and charts computed from a person's data (see service/computed.py), as JSON, under
# the data version they were computed from: every worker of a server reads them instead of
# computing them again. Figures and names only: never a message's text.
computed_value = Table(
    "computed_value",
    metadata,
    Column("owner_id", String(64), primary_key=True),
    Column("name", String(200), primary_key=True),  # what it is: "reading", "charts|…"
    Column("data_version", String(200), nullable=False),
    Column("payload", Text, nullable=False),
    Column("computed_at", DateTime(timezone=True), nullable=False),
)
