"""Every key led by owner_id; accounts and sessions; row-level security on PostgreSQL.

- ``chat_import``: the key is (owner_id, id), ids numbered per owner (no shared sequence, so
  an id never tells one person how much another imported).
- ``message``: the surrogate id goes (nothing used it); the dedupe key (owner_id, ts,
  content_hash) becomes the primary key, and the link to its import is (owner_id, import_id).
- ``account`` and ``session`` for server mode.
- PostgreSQL: row-level security (enabled and forced) on every table of a person's data and
  on ``session``: a transaction sees only the rows of ``app.owner`` (see store/owners.py).
- PostgreSQL, when asked (``message_partitions`` in the Alembic attributes, or
  ``FIRESIDE_MESSAGE_PARTITIONS``): ``message`` is made hash-partitioned by owner_id in that
  many partitions (docs/scaling.md).

SQLite cannot change a primary key in place: the two tables are rebuilt in an order that
never lets the cascade from ``chat_import`` touch the copied messages.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

from fireside.store.owners import policy_sql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

OWNED = ("profile", "chat_import", "message", "session")
MESSAGE_COLUMNS = (
    "owner_id, import_id, ts, offset_minutes, role, kind, edited, chars, words, emoji, text, "
    "content_hash"
)
IMPORT_COLUMNS = (
    "owner_id, id, source_format, file_name, file_sha256, imported_at, messages, duplicates, "
    "first_ts, last_ts, keep_partner_text, problems"
)


def _chat_import_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("owner_id", sa.String(64), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("source_format", sa.String(32), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("messages", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("first_ts", sa.BigInteger()),
        sa.Column("last_ts", sa.BigInteger()),
        sa.Column("keep_partner_text", sa.Boolean(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
    ]


def _chat_import(name: str) -> None:
    op.create_table(
        name,
        *_chat_import_columns(),
        sa.PrimaryKeyConstraint("owner_id", "id", name="pk_chat_import"),
    )


def _message_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("owner_id", sa.String(64), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("ts", sa.BigInteger(), nullable=False),
        sa.Column("offset_minutes", sa.SmallInteger(), nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("edited", sa.Boolean(), nullable=False),
        sa.Column("chars", sa.Integer(), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.Column("emoji", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text()),
        sa.Column("content_hash", sa.BigInteger(), nullable=False),
    ]


def _auth_tables() -> None:
    op.create_table(
        "account",
        sa.Column("owner_id", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("owner_id", name="pk_account"),
    )
    op.create_table(
        "session",
        sa.Column("owner_id", sa.String(64), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("owner_id", "token_hash", name="pk_session"),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["account.owner_id"],
            name="fk_session_owner_id_account",
            ondelete="CASCADE",
        ),
    )


def _sqlite() -> None:
    # Renaming first: SQLite rewrites message_old's reference to chat_import_old, and the
    # new tables are made empty, so no delete cascades into a copied row.
    op.rename_table("message", "message_old")
    op.rename_table("chat_import", "chat_import_old")
    _chat_import("chat_import")
    op.create_table(
        "message",
        *_message_columns(),
        sa.PrimaryKeyConstraint("owner_id", "ts", "content_hash", name="pk_message"),
        sa.ForeignKeyConstraint(
            ["owner_id", "import_id"],
            ["chat_import.owner_id", "chat_import.id"],
            name="fk_message_owner_id_chat_import",
            ondelete="CASCADE",
        ),
    )
    op.execute(
        f"INSERT INTO chat_import ({IMPORT_COLUMNS}) SELECT {IMPORT_COLUMNS} FROM chat_import_old"
    )
    op.execute(
        f"INSERT INTO message ({MESSAGE_COLUMNS}) SELECT {MESSAGE_COLUMNS} FROM message_old "
        "ORDER BY owner_id, ts, content_hash"
    )
    op.drop_table("message_old")
    op.drop_table("chat_import_old")


def partitions_wanted() -> int:
    import os

    wanted = context.config.attributes.get("message_partitions")
    if wanted is None:
        wanted = os.environ.get("FIRESIDE_MESSAGE_PARTITIONS") or 0
    return int(wanted)


def _postgresql() -> None:
    op.execute("ALTER TABLE message DROP CONSTRAINT fk_message_import_id_chat_import")
    op.execute("ALTER TABLE chat_import DROP CONSTRAINT pk_chat_import")
    op.execute("ALTER TABLE chat_import ALTER COLUMN id DROP DEFAULT")
    op.execute("DROP SEQUENCE IF EXISTS chat_import_id_seq")
    op.execute("DROP INDEX IF EXISTS ix_chat_import_owner_id")
    op.execute("ALTER TABLE chat_import ADD CONSTRAINT pk_chat_import PRIMARY KEY (owner_id, id)")
    partitions = partitions_wanted()
    owned = list(OWNED)
    if partitions:
        op.execute("ALTER TABLE message RENAME TO message_old")
        op.execute("ALTER TABLE message_old RENAME CONSTRAINT pk_message TO pk_message_old")
        op.execute("DROP INDEX ux_message_owner_ts_hash")
        columns = ", ".join(
            sa.schema.CreateColumn(c).compile(dialect=op.get_bind().dialect).string
            for c in _message_columns()
        )
        op.execute(
            f"CREATE TABLE message ({columns}, "
            "CONSTRAINT pk_message PRIMARY KEY (owner_id, ts, content_hash)) "
            "PARTITION BY HASH (owner_id)"
        )
        for number in range(partitions):
            op.execute(
                f"CREATE TABLE message_p{number} PARTITION OF message "
                f"FOR VALUES WITH (MODULUS {partitions}, REMAINDER {number})"
            )
            owned.append(f"message_p{number}")
        op.execute(
            f"INSERT INTO message ({MESSAGE_COLUMNS}) SELECT {MESSAGE_COLUMNS} FROM message_old"
        )
        op.execute("DROP TABLE message_old")
    else:
        op.execute("ALTER TABLE message DROP CONSTRAINT pk_message")
        op.execute("ALTER TABLE message DROP COLUMN id")
        op.execute(
            "ALTER TABLE message ADD CONSTRAINT pk_message PRIMARY KEY (owner_id, ts, content_hash)"
        )
        op.execute("DROP INDEX ux_message_owner_ts_hash")
    op.execute(
        "ALTER TABLE message ADD CONSTRAINT fk_message_owner_id_chat_import "
        "FOREIGN KEY (owner_id, import_id) REFERENCES chat_import (owner_id, id) ON DELETE CASCADE"
    )
    _auth_tables()
    # Every table that has an owner (whatever earlier migrations made, partitions included),
    # except the directory of accounts itself.
    found = op.get_bind().execute(
        sa.text(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND column_name = 'owner_id' AND table_name <> 'account'"
        )
    )
    for table in sorted({*owned, *(row[0] for row in found)}):
        for statement in policy_sql(table):
            op.execute(statement)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgresql()
    else:
        _sqlite()
        _auth_tables()


def _old_message_table(name: str) -> None:
    op.create_table(
        name,
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        *_message_columns(),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["chat_import.id"],
            name="fk_message_import_id_chat_import",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_message"),
    )


def _ids_are_unique_across_owners() -> None:
    clashes = (
        op.get_bind()
        .execute(sa.text("SELECT count(*) - count(DISTINCT id) FROM chat_import"))
        .scalar()
    )
    if clashes:
        raise RuntimeError(
            "Several owners have imports with the same id; the older schema numbers imports "
            "once for everyone, so this database cannot go back. Restore a backup instead."
        )


def _downgrade_sqlite() -> None:
    _ids_are_unique_across_owners()
    op.drop_table("session")
    op.drop_table("account")
    op.rename_table("message", "message_new")
    op.rename_table("chat_import", "chat_import_new")
    op.create_table(
        "chat_import",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        *[c for c in _chat_import_columns() if c.name != "id"],
        sa.PrimaryKeyConstraint("id", name="pk_chat_import"),
    )
    op.create_index("ix_chat_import_owner_id", "chat_import", ["owner_id"])
    _old_message_table("message")
    op.execute(
        f"INSERT INTO chat_import ({IMPORT_COLUMNS}) SELECT {IMPORT_COLUMNS} FROM chat_import_new"
    )
    op.execute(
        f"INSERT INTO message ({MESSAGE_COLUMNS}) SELECT {MESSAGE_COLUMNS} FROM message_new "
        "ORDER BY owner_id, ts, content_hash"
    )
    op.drop_table("message_new")
    op.drop_table("chat_import_new")
    op.create_index(
        "ux_message_owner_ts_hash", "message", ["owner_id", "ts", "content_hash"], unique=True
    )


def _downgrade_postgresql() -> None:
    partitioned = (
        op.get_bind()
        .execute(sa.text("SELECT relkind = 'p' FROM pg_class WHERE relname = 'message'"))
        .scalar()
    )
    if partitioned:
        raise RuntimeError(
            "message is partitioned; the older schema has no partitions. Restore a backup instead."
        )
    _ids_are_unique_across_owners()
    found = op.get_bind().execute(
        sa.text(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relrowsecurity"
        )
    )
    for (table,) in found.all():
        op.execute(f"DROP POLICY IF EXISTS owner_only ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.drop_table("session")
    op.drop_table("account")
    op.execute("ALTER TABLE message DROP CONSTRAINT fk_message_owner_id_chat_import")
    op.execute("ALTER TABLE message DROP CONSTRAINT pk_message")
    op.execute(
        "CREATE UNIQUE INDEX ux_message_owner_ts_hash ON message (owner_id, ts, content_hash)"
    )
    op.execute("ALTER TABLE message ADD COLUMN id BIGSERIAL")
    op.execute("ALTER TABLE message ADD CONSTRAINT pk_message PRIMARY KEY (id)")
    op.execute("ALTER TABLE chat_import DROP CONSTRAINT pk_chat_import")
    op.execute("CREATE SEQUENCE chat_import_id_seq OWNED BY chat_import.id")
    op.execute(
        "SELECT setval('chat_import_id_seq', coalesce((SELECT max(id) FROM chat_import), 0) + 1,"
        " false)"
    )
    op.execute("ALTER TABLE chat_import ALTER COLUMN id SET DEFAULT nextval('chat_import_id_seq')")
    op.execute("ALTER TABLE chat_import ADD CONSTRAINT pk_chat_import PRIMARY KEY (id)")
    op.execute("CREATE INDEX ix_chat_import_owner_id ON chat_import (owner_id)")
    op.execute(
        "ALTER TABLE message ADD CONSTRAINT fk_message_import_id_chat_import "
        "FOREIGN KEY (import_id) REFERENCES chat_import (id) ON DELETE CASCADE"
    )


def downgrade() -> None:
    """Back to the single-owner keys, when the ids allow it (one owner, or ids that never
    clash) and message is not partitioned; otherwise a clear refusal."""
    if op.get_bind().dialect.name == "postgresql":
        _downgrade_postgresql()
    else:
        _downgrade_sqlite()
