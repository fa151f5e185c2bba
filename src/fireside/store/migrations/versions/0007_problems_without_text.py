"""Problem records keep a line number and a reason, never the line's own words.

Imports before this one noted an unreadable line with its first 40 characters ("not a
message line: '…'") and a damaged field with its value ("time not understood: '…'"), and
``chat_import.problems`` kept them, while the import said the partner's text was not stored.
Each such reason is cut back to its fixed words.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

FIXED = {
    "not a message line": "not a message line (no date and sender before it)",
    "time not understood": "time not understood",
    "not an ISO-8601 time": "not an ISO-8601 time, or one out of range",
}


def _clean(reason: str) -> str:
    for start, fixed in FIXED.items():
        if reason.startswith(start + ":"):
            return fixed
    return reason


def upgrade() -> None:
    connection = op.get_bind()
    imports = sa.table("chat_import", sa.column("id", sa.Integer), sa.column("problems", sa.JSON))
    for row_id, problems in connection.execute(sa.select(imports.c.id, imports.c.problems)):
        listed: list[dict[str, Any]] = (
            json.loads(problems) if isinstance(problems, str) else list(problems or [])
        )
        cleaned = [{**p, "reason": _clean(str(p.get("reason", "")))} for p in listed]
        if cleaned != listed:
            connection.execute(
                sa.update(imports).where(imports.c.id == row_id).values(problems=cleaned)
            )


def downgrade() -> None:
    pass  # the words are gone, as intended
