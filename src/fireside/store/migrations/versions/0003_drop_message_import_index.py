"""Drop the index on message.import_id.

Only forgetting an import and counting what one import added use it, and both scan quickly;
maintaining it cost about a quarter of the time of importing a million messages.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_message_import_id", table_name="message")


def downgrade() -> None:
    op.create_index("ix_message_import_id", "message", ["import_id"])
