"""Tables, as SQLAlchemy Core metadata. Alembic migrations in ``migrations/`` create them.

Every table carries ``owner_id`` so server mode can scope each query to one account and the
data can later be distributed by owner without a schema change. The embedded single-user
install uses the owner ``local``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

LOCAL_OWNER = "local"

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
