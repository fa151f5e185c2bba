"""The journal: activities, gestures, his world, strengths, reveals, talks and check-ins.

One table per kind, each keyed by (owner_id, id) with ids counted per owner.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _create(name: str, *columns: sa.Column[object]) -> None:
    op.create_table(
        f"journal_{name}",
        sa.Column("owner_id", sa.String(64), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=False),
        *columns,
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("owner_id", "id", name=f"pk_journal_{name}"),
    )


def upgrade() -> None:
    _create(
        "activity",
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("side", sa.String(8), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("planned", sa.Boolean(), nullable=False),
        sa.Column("for_partner", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text()),
    )
    _create(
        "gesture",
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text()),
        sa.Column("world_id", sa.Integer()),
        sa.Column("strength_id", sa.Integer()),
    )
    _create(
        "his_world",
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("due", sa.Date()),
        sa.Column("followed_up", sa.Date()),
        sa.Column("note", sa.Text()),
    )
    _create(
        "strength",
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("last_said", sa.Date()),
        sa.Column("note", sa.Text()),
    )
    _create(
        "reveal",
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("essential", sa.Boolean(), nullable=False),
        sa.Column("shared", sa.Date()),
        sa.Column("note", sa.Text()),
    )
    _create(
        "talk",
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("weight", sa.String(8), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("planned_for", sa.DateTime(timezone=True)),
        sa.Column("opener", sa.Text()),
        sa.Column("held_on", sa.Date()),
        sa.Column("note", sa.Text()),
    )
    _create(
        "checkin",
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mood", sa.SmallInteger(), nullable=False),
        sa.Column("anxious", sa.SmallInteger()),
        sa.Column("he_seems", sa.String(12)),
        sa.Column("connection", sa.SmallInteger()),
        sa.Column("note", sa.Text()),
    )


def downgrade() -> None:
    for name in ("checkin", "talk", "reveal", "strength", "his_world", "gesture", "activity"):
        op.drop_table(f"journal_{name}")
