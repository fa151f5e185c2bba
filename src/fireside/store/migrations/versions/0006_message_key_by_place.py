"""Every stored dedupe key moved to the place recipe: role and number among same-time messages.

The first recipe mixed the time, the sender, the kind and the lengths of the text, so an edit
or a deletion in a later export made a new key and the message was stored again. The new key
is role code × 2**40 + the message's number among the messages of that role at that time, in
the order they were stored (the order of the file). Computed here in SQL with a window, once.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

PLACE = 1 << 40


def upgrade() -> None:
    op.execute(
        "UPDATE message SET content_hash = placed.key FROM ("
        "SELECT id, (CASE role WHEN 'me' THEN 1 WHEN 'partner' THEN 2 ELSE 3 END) "
        f"* {PLACE} + (row_number() OVER (PARTITION BY owner_id, ts, role ORDER BY id) - 1) "
        "AS key FROM message) AS placed WHERE message.id = placed.id"
    )


def downgrade() -> None:
    # The first recipe needs the senders' names, which are not stored: keys stay as they are.
    pass
