"""Server mode's accounts and sessions: argon2id passwords, opaque session tokens.

- A password is hashed with argon2id (argon2-cffi's defaults, about 0.2 s a hash here) and
  checked with ``verify_password``, which is slow on purpose: faces run it off their event
  loop (the web app queues it, see ``web/login.py``).
- A session is 32 random bytes, given to the browser once as ``NAME:TOKEN``; the database
  keeps only its sha256, with an expiry. A password change or removing the account ends
  every session of that account. The name in the cookie only says whose table row to look
  in: a token is looked up under its own account, so it never opens another's.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from fireside.errors import FiresideError, InvalidValueError, NotFoundError

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from fireside.store import Store

NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
RESERVED = frozenset({"local"})  # the personal install's owner
MIN_PASSWORD = 10
SESSION_DAYS = 14
_hasher: PasswordHasher | None = None


def hasher() -> PasswordHasher:
    global _hasher
    if _hasher is None:
        from argon2 import PasswordHasher

        _hasher = PasswordHasher()  # argon2id with the library's (RFC 9106 low-memory) costs
    return _hasher


def use_hasher(new: PasswordHasher) -> None:
    """Swap the hasher (tests use cheap parameters)."""
    global _hasher
    _hasher = new


def check_name(name: str) -> str:
    if not NAME.fullmatch(name) or name in RESERVED:
        raise InvalidValueError(
            "NAME",
            name,
            "1–64 lower-case letters, digits, dots, dashes or underscores, starting with a "
            "letter or digit (and not 'local')",
        )
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise FiresideError(
            f"That password is shorter than {MIN_PASSWORD} characters.",
            hint="A few unrelated words make a long password that is easy to remember.",
        )
    return password


@dataclass(frozen=True)
class Account:
    name: str
    created_at: str

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "created_at": self.created_at}


def _now() -> datetime:
    return datetime.now(UTC)


def add_account(store: Store, name: str, password: str) -> Account:
    from sqlalchemy.exc import IntegrityError

    from fireside.store import accounts

    check_name(name)
    encoded = hasher().hash(check_password(password))
    now = _now()
    try:
        with store.engine.begin() as connection:
            accounts.add(connection, name, encoded, now)
    except IntegrityError:
        raise FiresideError(
            f"There is already an account called {name}.",
            hint="`fireside accounts list` shows them; choose another name.",
        ) from None
    return Account(name, now.isoformat(timespec="seconds"))


def list_accounts(store: Store) -> list[Account]:
    from fireside.store import accounts

    with store.engine.connect() as connection:
        return [
            Account(name, created.isoformat(timespec="seconds"))
            for name, created in accounts.names(connection)
        ]


def _must_exist(store: Store, name: str) -> None:
    from fireside.store import accounts

    with store.engine.connect() as connection:
        if accounts.password_hash(connection, name) is None:
            raise NotFoundError(
                f"There is no account called {name}.", hint="`fireside accounts list` shows them."
            )


def remove_account(store: Store, name: str) -> dict[str, int]:
    """The account and everything of theirs, in one transaction (as that owner)."""
    from fireside.store import accounts

    _must_exist(store, name)
    with store.for_owner(name).engine.begin() as connection:
        return accounts.remove(connection, name)


def change_password(store: Store, name: str, password: str) -> int:
    """A new password; every session of the account ends. Returns how many ended."""
    from fireside.store import accounts

    _must_exist(store, name)
    encoded = hasher().hash(check_password(password))
    with store.for_owner(name).engine.begin() as connection:
        return accounts.set_password(connection, name, encoded, _now())


# One hash to verify against when the name is unknown, so both answers take as long.
_DUMMY: dict[str, str] = {}


def verify_password(store: Store, name: str, password: str) -> bool:
    """Whether ``password`` is the account's. Slow on purpose (argon2id)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    from fireside.store import accounts

    encoded: str | None = None
    if NAME.fullmatch(name) and name not in RESERVED:
        with store.engine.connect() as connection:
            encoded = accounts.password_hash(connection, name)
    if encoded is None:
        key = str(hasher().time_cost) + ":" + str(hasher().memory_cost)
        if key not in _DUMMY:
            _DUMMY[key] = hasher().hash(secrets.token_hex(16))
        encoded, password = _DUMMY[key], password + "-unknown"
        known = False
    else:
        known = True
    try:
        hasher().verify(encoded, password)
    except (VerificationError, InvalidHashError):
        return False
    return known


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(store: Store, name: str) -> str:
    """A new session for ``name``: the cookie's value (``NAME:TOKEN``)."""
    from fireside.store import accounts

    token = secrets.token_urlsafe(32)
    now = _now()
    with store.for_owner(name).engine.begin() as connection:
        accounts.drop_expired(connection, name, now)
        accounts.add_session(
            connection, name, _digest(token), now, now + timedelta(days=SESSION_DAYS)
        )
    return f"{name}:{token}"


def _split(cookie: str | None) -> tuple[str, str] | None:
    if not cookie or cookie.count(":") != 1:
        return None
    name, token = cookie.split(":")
    if not NAME.fullmatch(name) or name in RESERVED or not 32 <= len(token) <= 64:
        return None
    return name, token


def session_owner(store: Store, cookie: str | None) -> str | None:
    """The account a session cookie belongs to, or None (unknown, ended or expired)."""
    from fireside.store import accounts

    parts = _split(cookie)
    if parts is None:
        return None
    name, token = parts
    with store.for_owner(name).engine.connect() as connection:
        expires = accounts.session_expires(connection, name, _digest(token))
    if expires is None:
        return None
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=UTC)
    return name if expires > _now() else None


def end_session(store: Store, cookie: str | None) -> None:
    from fireside.store import accounts

    parts = _split(cookie)
    if parts is not None:
        name, token = parts
        with store.for_owner(name).engine.begin() as connection:
            accounts.end_session(connection, name, _digest(token))


def session_csrf(cookie: str) -> str:
    """The CSRF token of a session: derived from its secret token, so no row is needed."""
    return hashlib.sha256(b"fireside-csrf:" + cookie.encode()).hexdigest()


# --- failed sign-ins, counted in the database (shared by every worker) -------------------


def name_key(name: str) -> str:
    """What a failed try for the name ``name`` counts against."""
    if NAME.fullmatch(name) and name not in RESERVED:
        return name
    return "?" + hashlib.sha256(name.encode()).hexdigest()[:40]


def address_key(address: str) -> str:
    """What a failed try from ``address`` counts against: a hash (``@`` never starts a name),
    so the table holds no address."""
    return "@" + hashlib.sha256(b"fireside-address:" + address.encode()).hexdigest()[:40]


def failed_signins(store: Store, key: str, window_s: float) -> tuple[int, float]:
    """The failed tries of ``key`` in the last ``window_s`` seconds, and how many seconds
    until the first of them leaves the window."""
    from fireside.store import accounts

    now = _now()
    with store.for_owner(key).engine.connect() as connection:
        count, first = accounts.failures_since(connection, key, now - timedelta(seconds=window_s))
    if first is None:
        return count, 0.0
    if first.tzinfo is None:
        first = first.replace(tzinfo=UTC)
    return count, max(0.0, (first - now).total_seconds() + window_s)


def record_failed_signin(store: Store, key: str, window_s: float) -> None:
    from fireside.store import accounts

    now = _now()
    with store.for_owner(key).engine.begin() as connection:
        accounts.add_failure(
            connection, key, now, secrets.token_hex(8), now - timedelta(seconds=window_s)
        )


def clear_failed_signins(store: Store, key: str) -> None:
    from fireside.store import accounts

    with store.for_owner(key).engine.begin() as connection:
        accounts.clear_failures(connection, key)


def check_server_database(store: Store) -> None:
    """Server mode needs PostgreSQL, as a role that row-level security applies to."""
    from fireside.store.owners import bypasses_row_security

    if store.engine.dialect.name != "postgresql":
        raise FiresideError(
            "Server mode needs a PostgreSQL database.",
            hint="Pass --database-url postgresql+psycopg://USER@HOST/DBNAME.",
        )
    with store.engine.connect() as connection:
        if bypasses_row_security(connection):
            raise FiresideError(
                "This database role is a superuser (or may bypass row-level security), so "
                "PostgreSQL would not keep each account to its own rows.",
                hint="Connect as an ordinary role that owns the database, e.g. "
                "CREATE ROLE fireside LOGIN PASSWORD '…'; CREATE DATABASE fireside OWNER "
                "fireside; then --database-url postgresql+psycopg://fireside:…@HOST/fireside.",
            )
