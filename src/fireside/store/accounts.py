"""Accounts and sessions as plain rows (server mode). Hashing and rules live in the service."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select, update

from fireside.store.everything import erase_rows
from fireside.store.schema import account, session, signin_failure


def password_hash(connection: Connection, owner_id: str) -> str | None:
    return connection.execute(
        select(account.c.password_hash).where(account.c.owner_id == owner_id)
    ).scalar()


def add(connection: Connection, owner_id: str, encoded: str, now: datetime) -> None:
    connection.execute(
        insert(account).values(
            owner_id=owner_id, password_hash=encoded, created_at=now, password_changed_at=now
        )
    )


def names(connection: Connection) -> list[tuple[str, datetime]]:
    rows = connection.execute(
        select(account.c.owner_id, account.c.created_at).order_by(account.c.owner_id)
    )
    return [(str(name), created) for name, created in rows]


def set_password(connection: Connection, owner_id: str, encoded: str, now: datetime) -> int:
    """A new hash; every session of the account ends. Returns the sessions ended."""
    connection.execute(
        update(account)
        .where(account.c.owner_id == owner_id)
        .values(password_hash=encoded, password_changed_at=now)
    )
    return end_all_sessions(connection, owner_id)


def remove(connection: Connection, owner_id: str) -> dict[str, int]:
    """The account, its sessions and every row of its data. Returns rows per table."""
    counts = erase_rows(connection, owner_id)
    counts["session"] = end_all_sessions(connection, owner_id)
    counts["account"] = connection.execute(
        delete(account).where(account.c.owner_id == owner_id)
    ).rowcount
    return counts


def add_session(
    connection: Connection, owner_id: str, token_hash: str, now: datetime, expires: datetime
) -> None:
    connection.execute(
        insert(session).values(
            owner_id=owner_id, token_hash=token_hash, created_at=now, expires_at=expires
        )
    )


def session_expires(connection: Connection, owner_id: str, token_hash: str) -> datetime | None:
    return connection.execute(
        select(session.c.expires_at).where(
            session.c.owner_id == owner_id, session.c.token_hash == token_hash
        )
    ).scalar()


def end_session(connection: Connection, owner_id: str, token_hash: str) -> None:
    connection.execute(
        delete(session).where(session.c.owner_id == owner_id, session.c.token_hash == token_hash)
    )


def end_all_sessions(connection: Connection, owner_id: str) -> int:
    return int(connection.execute(delete(session).where(session.c.owner_id == owner_id)).rowcount)


def drop_expired(connection: Connection, owner_id: str, now: datetime) -> None:
    connection.execute(
        delete(session).where(session.c.owner_id == owner_id, session.c.expires_at <= now)
    )


def failures_since(
    connection: Connection, owner_id: str, since: datetime
) -> tuple[int, datetime | None]:
    """How many failed sign-ins ``owner_id`` (a key) has had since ``since``, and the first."""
    count, first = connection.execute(
        select(func.count(), func.min(signin_failure.c.failed_at)).where(
            signin_failure.c.owner_id == owner_id, signin_failure.c.failed_at > since
        )
    ).one()
    return int(count), first


def add_failure(
    connection: Connection, owner_id: str, at: datetime, tag: str, keep_since: datetime
) -> None:
    """One more failed try for the key; its tries from before ``keep_since`` go."""
    connection.execute(
        delete(signin_failure).where(
            signin_failure.c.owner_id == owner_id, signin_failure.c.failed_at <= keep_since
        )
    )
    connection.execute(insert(signin_failure).values(owner_id=owner_id, failed_at=at, tag=tag))


def clear_failures(connection: Connection, owner_id: str) -> None:
    connection.execute(delete(signin_failure).where(signin_failure.c.owner_id == owner_id))
