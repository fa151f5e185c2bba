"""Row-level security on PostgreSQL: the second guard after every query's ``owner_id`` filter.

Each store is seen by one owner. Its engine carries that owner as an execution option, and at
the start of every transaction on PostgreSQL the connection sets ``app.owner`` for that
transaction only (``set_config(..., true)``, like ``SET LOCAL``): it is gone at commit or
rollback, so a pooled connection never carries one person's owner into another's request.
The policies made by migration 0009 let a transaction see and write only the rows whose
``owner_id`` equals ``app.owner``; without it, nothing at all.

Superusers and roles with BYPASSRLS skip every policy, so server mode runs as an ordinary
role (see ``bypasses_row_security``). Table owners are held to the policies too (FORCE).
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, event, text

OWNER_OPTION = "fireside_owner"
SETTING = "app.owner"


def scoped(engine: Engine, owner_id: str) -> Engine:
    """The same pool, seen as ``owner_id``: every transaction on it sets ``app.owner``."""
    return engine.execution_options(**{OWNER_OPTION: owner_id})


def install(engine: Engine) -> None:
    """Set ``app.owner`` at the start of each transaction (PostgreSQL only)."""
    if engine.dialect.name == "postgresql":
        event.listen(engine, "begin", _set_owner)


def _set_owner(connection: Connection) -> None:
    owner = connection.get_execution_options().get(OWNER_OPTION, "")
    raw = connection.connection.dbapi_connection
    assert raw is not None
    # Through the driver: the statement opens the driver's transaction, which SQLAlchemy's
    # own begin (a no-op for psycopg) then uses, so the setting lives exactly as long.
    cursor = raw.cursor()
    try:
        cursor.execute("SELECT set_config(%s, %s, true)", (SETTING, str(owner)))
    finally:
        cursor.close()


def bypasses_row_security(connection: Connection) -> bool:
    """Whether the connected role skips row-level security (a superuser or BYPASSRLS)."""
    row = connection.execute(
        text("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
    ).scalar()
    return bool(row)


def policy_sql(table: str) -> list[str]:
    """The statements that hold ``table`` to its owner's rows (used by the migrations)."""
    check = f"owner_id = current_setting('{SETTING}', true)"
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS owner_only ON {table}",
        f"CREATE POLICY owner_only ON {table} USING ({check}) WITH CHECK ({check})",
    ]
