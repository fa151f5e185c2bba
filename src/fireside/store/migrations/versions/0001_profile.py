"""The profile: the two people and the partner's routine.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "profile",
        sa.Column("owner_id", sa.String(64), nullable=False),
        sa.Column("my_names", sa.JSON(), nullable=False),
        sa.Column("partner_name", sa.Text()),
        sa.Column("partner_pronouns", sa.String(8), nullable=False),
        sa.Column("workdays", sa.String(40), nullable=False),
        sa.Column("work_end", sa.String(5), nullable=False),
        sa.Column("commute_minutes", sa.Integer(), nullable=False),
        sa.Column("bedtime", sa.String(5), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("keep_partner_text", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("owner_id", name="pk_profile"),
    )


def downgrade() -> None:
    op.drop_table("profile")
