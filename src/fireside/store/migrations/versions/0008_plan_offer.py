"""The weekly plan's offers: offered per week, and marked done or not for me.

Keyed by (owner_id, week, offer_id), so each owner's plan is their own.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_offer",
        sa.Column("owner_id", sa.String(64), nullable=False),
        sa.Column("week", sa.String(8), nullable=False),
        sa.Column("offer_id", sa.String(64), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("mark", sa.String(12)),
        sa.Column("offered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("owner_id", "week", "offer_id", name="pk_plan_offer"),
    )


def downgrade() -> None:
    op.drop_table("plan_offer")
