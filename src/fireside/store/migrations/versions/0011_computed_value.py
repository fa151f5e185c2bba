"""Values computed from a person's data, shared by the server's workers.

One row per owner and value (the whole history's reading, its charts, the waiting facts…),
as JSON, with the data version it was computed from. Under row-level security like a
person's rows.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from fireside.store.owners import policy_sql

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "computed_value",
        sa.Column("owner_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("data_version", sa.String(200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("owner_id", "name", name="pk_computed_value"),
    )
    if op.get_bind().dialect.name == "postgresql":
        for statement in policy_sql("computed_value"):
            op.execute(statement)


def downgrade() -> None:
    op.drop_table("computed_value")
