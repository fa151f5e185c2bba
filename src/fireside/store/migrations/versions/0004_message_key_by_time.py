"""One index on message: (owner_id, ts, content_hash), unique.

It replaces the unique index on (owner_id, content_hash) and the index on (owner_id, ts).
The dedupe key is random, so keeping it in an index of its own meant an insert at a random
place for every message; led by the time, new messages land at the end of the index, and
the same index serves every query by time. The key already includes the time, so
uniqueness is unchanged.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ux_message_owner_ts_hash", "message", ["owner_id", "ts", "content_hash"], unique=True
    )
    op.drop_index("ux_message_owner_hash", table_name="message")
    op.drop_index("ix_message_owner_ts", table_name="message")


def downgrade() -> None:
    op.create_index("ix_message_owner_ts", "message", ["owner_id", "ts"])
    op.create_index("ux_message_owner_hash", "message", ["owner_id", "content_hash"], unique=True)
    op.drop_index("ux_message_owner_ts_hash", table_name="message")
