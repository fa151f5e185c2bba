"""Failed sign-ins, kept in the database so every server worker counts the same tries.

One row per failed try, under the key it counts against: the account name tried, or
``@`` and a hash of the address (never the address itself). Rows older than the window are
deleted as new ones come. Under row-level security like a person's rows: a transaction sees
only the key it set as its owner.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from fireside.store.owners import policy_sql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signin_failure",
        sa.Column("owner_id", sa.String(64), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tag", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("owner_id", "failed_at", "tag", name="pk_signin_failure"),
    )
    if op.get_bind().dialect.name == "postgresql":
        for statement in policy_sql("signin_failure"):
            op.execute(statement)


def downgrade() -> None:
    op.drop_table("signin_failure")
