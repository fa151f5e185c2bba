"""The store: SQLite by default, PostgreSQL by URL; migrated on open.

>>> store = open_store()          # doctest: +SKIP
>>> store.profile()               # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError, SQLAlchemyError

from fireside.errors import StoreError
from fireside.profile import Profile
from fireside.store import migrate, owners
from fireside.store.engine import make_engine, read_only_file, resolve_url
from fireside.store.everything import erase_rows, export_rows
from fireside.store.failures import explain, first_line
from fireside.store.profiles import read_profile, write_profile
from fireside.store.schema import LOCAL_OWNER

if TYPE_CHECKING:
    import polars as pl

_ID_ATTEMPTS = 5


class Store:
    """One database, seen by one owner (``local`` on a personal install).

    ``engine`` is the shared engine; the store's own ``self.engine`` is the same pool seen as
    this owner (PostgreSQL's row-level security then keeps every transaction to their rows).
    ``for_owner`` gives another owner's store over the same pool (server mode, per request).
    """

    def __init__(self, engine: Engine, *, owner_id: str = LOCAL_OWNER) -> None:
        self._shared = engine
        self.engine = owners.scoped(engine, owner_id)
        self.owner_id = owner_id
        self._owns_pool = True

    def for_owner(self, owner_id: str) -> Store:
        """The store of ``owner_id`` over this one's pool; closing it leaves the pool open."""
        other = Store(self._shared, owner_id=owner_id)
        other._owns_pool = False
        return other

    def read_once(self) -> Store:
        """This store for one page's worth of reading: the profile, the data version, the
        journal's rows and the whole history's messages are read once and kept until
        something is written through it (a page asks for the profile half a dozen times).
        For one request in one thread, that reads (an import writes through the engine,
        which this would not see); never kept. On a store that already is one, itself."""
        if isinstance(self, _ReadOnce):
            return self
        other = _ReadOnce(self._shared, owner_id=self.owner_id)
        other._owns_pool = False
        return other

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Connection]:
        """A connection to read through (its transaction ends with it)."""
        with self.engine.connect() as connection:
            yield connection

    @contextlib.contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A connection in a transaction that commits at the end (or rolls back on an error)."""
        with self.engine.begin() as connection:
            yield connection

    def release(self) -> None:
        """Give back what this store holds for one request (see ``read_once``); a no-op here."""

    @property
    def encrypted(self) -> bool:
        """An SQLCipher store (encrypted at rest)."""
        dbapi = self.engine.dialect.dbapi
        return dbapi is not None and dbapi.__name__.startswith("sqlcipher3")

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def profile(self) -> Profile | None:
        """The saved profile, or None before ``fireside init``."""
        with self._reading() as connection:
            return read_profile(connection, self.owner_id)

    def profile_or_default(self) -> Profile:
        return self.profile() or Profile()

    def save_profile(self, profile: Profile) -> None:
        with self._writing() as connection:
            write_profile(connection, self.owner_id, profile)

    def recent_turns(self, limit: int) -> list[tuple[int, bool]]:
        """(epoch ms, mine) of the newest ``limit`` messages of me and the partner, oldest first."""
        from fireside.store.history import recent_turns

        with self._reading() as connection:
            return recent_turns(connection, self.owner_id, limit)

    def messages(
        self, *, since: datetime | None = None, until: datetime | None = None
    ) -> pl.DataFrame:
        """ts (UTC), role and words of every message of me and the partner in the period."""
        from fireside.store.messages import load_messages  # Polars only for the rhythm

        with self._reading() as connection:
            return load_messages(connection, self.owner_id, since=since, until=until)

    def plan_offers(self) -> list[dict[str, Any]]:
        """Every weekly-plan offer row (week, offer_id, position, mark), oldest week first."""
        from fireside.store.plans import offer_rows

        with self._reading() as connection:
            return offer_rows(connection, self.owner_id)

    def record_plan_offers(self, week: str, offer_ids: Sequence[str]) -> None:
        from fireside.store.plans import record_offers

        with self._writing() as connection:
            record_offers(connection, self.owner_id, week, offer_ids)

    def mark_plan_offer(self, week: str, offer_id: str, mark: str | None) -> bool:
        from fireside.store.plans import mark_offer

        with self._writing() as connection:
            return mark_offer(connection, self.owner_id, week, offer_id, mark)

    def data_version(self) -> str:
        """A fingerprint that changes with every import, forget, erase or profile save."""
        from fireside.store.version import data_version

        with self._reading() as connection:
            return data_version(connection, self.owner_id)

    def computed_value(self, name: str) -> tuple[str, str] | None:
        """(data version, JSON text) of a value computed from this owner's data, or None."""
        from fireside.store.computed import read_value

        with self._reading() as connection:
            return read_value(connection, self.owner_id, name)

    def keep_computed_value(self, name: str, version: str, payload: str) -> None:
        """Keep a value computed from the data at ``version`` (JSON text) for other processes;
        values of other versions go."""
        from fireside.store.computed import write_value

        with self._writing() as connection:
            write_value(connection, self.owner_id, name, version, payload)

    def journal_rows(self, kind: str) -> list[dict[str, Any]]:
        """Every journal row of one kind (``activity``, ``gesture``, …), oldest first."""
        from fireside.store import journal

        with self._reading() as connection:
            return journal.rows(connection, self.owner_id, kind)

    def journal_rows_of_every_kind(self) -> dict[str, list[dict[str, Any]]]:
        """``journal_rows`` of each kind, read in one transaction (a page that needs several
        kinds pays for one connection, not one per kind)."""
        from fireside.store import journal

        with self._reading() as connection:
            return journal.rows_of_every_kind(connection, self.owner_id)

    def journal_row(self, kind: str, entry_id: int) -> dict[str, Any] | None:
        from fireside.store import journal

        with self._reading() as connection:
            return journal.row(connection, self.owner_id, kind, entry_id)

    def add_journal_row(self, kind: str, values: dict[str, Any]) -> int:
        """Add a journal row; returns its id (counted per owner)."""
        from fireside.store import journal

        for attempt in range(_ID_ATTEMPTS):
            try:
                with self._writing() as connection:
                    return journal.insert_row(connection, self.owner_id, kind, values)
            except IntegrityError:  # another writer took the same id first
                if attempt == _ID_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def update_journal_row(self, kind: str, entry_id: int, values: dict[str, Any]) -> bool:
        from fireside.store import journal

        with self._writing() as connection:
            return journal.update_row(connection, self.owner_id, kind, entry_id, values)

    def delete_journal_row(self, kind: str, entry_id: int) -> bool:
        from fireside.store import journal

        with self._writing() as connection:
            return journal.delete_row(connection, self.owner_id, kind, entry_id)

    def export_all(self) -> dict[str, list[dict[str, object]]]:
        """Every row this owner has, per table, ready for JSON."""
        with self._reading() as connection:
            return export_rows(connection, self.owner_id)

    def row_counts(self) -> dict[str, int]:
        """How many rows this owner has, per table (counted, not read)."""
        from fireside.store.everything import count_rows

        with self._reading() as connection:
            return count_rows(connection, self.owner_id)

    def erase_all(self) -> dict[str, int]:
        """Delete everything this owner has, in one transaction. Returns rows per table."""
        with self._writing() as connection:
            return erase_rows(connection, self.owner_id)

    def close(self) -> None:
        self.release()
        if self._owns_pool:
            self._shared.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_store(url: str | None = None, *, owner_id: str = LOCAL_OWNER) -> Store:
    """Open (and create or upgrade) the database at ``url``; see ``resolve_url`` for defaults."""
    engine = make_engine(url)
    where = f"the database {engine.url.render_as_string(hide_password=True)}"
    try:
        migrate.upgrade(engine)
    except StoreError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        raise explain(exc, where) or StoreError(
            f"Could not open {where}: {first_line(exc)}",
            hint="Check that the path or server exists and that you may write to it.",
        ) from exc
    except DatabaseError as exc:
        engine.dispose()
        raise explain(exc, where) or StoreError(
            f"{engine.url.render_as_string(hide_password=True)} is not a fireside database "
            f"({first_line(exc)}).",
            hint="Point --database-url at another file, or move this one aside.",
        ) from exc
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(
            f"The database could not be prepared: {first_line(exc)}",
            hint="Run again with --traceback and report it if it keeps happening.",
        ) from exc
    _make_private(engine)
    return Store(engine, owner_id=owner_id)


def _make_private(engine: Engine) -> None:
    """A SQLite file of fireside's holds private material: readable by its owner only.

    (Only files this process may change: a read-only store is read, never altered.)
    """
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if database and database != ":memory:":
        for suffix in ("", "-wal", "-shm", ".migrate-lock"):
            path = Path(database + suffix)
            with contextlib.suppress(OSError):
                if path.exists() and path.stat().st_mode & 0o077 and not read_only_file(path):
                    path.chmod(0o600)


__all__ = ["LOCAL_OWNER", "Store", "open_store", "resolve_url"]


class _ReadOnce(Store):
    """See ``Store.read_once``: reads kept, any write through it forgets them.

    On PostgreSQL it also holds one connection from its first read until ``release``: a page
    makes a dozen reads and a few writes, and each transaction of its own costs three round
    trips more than its statements (BEGIN, setting the owner, the rollback or commit), which
    in a burst of pages is most of a page's time. Its reads share one transaction (READ
    COMMITTED: each statement sees what was committed before it, so nothing is read stale);
    a write commits it. SQLite keeps a connection per call: a read transaction held open
    there would keep its snapshot and could not be upgraded to a write while another
    connection writes.
    """

    def __init__(self, engine: Engine, *, owner_id: str = LOCAL_OWNER) -> None:
        super().__init__(engine, owner_id=owner_id)
        self._kept: dict[object, Any] = {}
        self._hold = engine.dialect.name == "postgresql"
        self._held: Connection | None = None

    def _connection(self) -> Connection:
        if self._held is None:
            self._held = self.engine.connect()
        return self._held

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Connection]:
        with self._through_held(super()._reading, commit=False) as connection:
            yield connection

    @contextlib.contextmanager
    def _writing(self) -> Iterator[Connection]:
        with self._through_held(super()._writing, commit=True) as connection:
            yield connection

    @contextlib.contextmanager
    def _through_held(
        self,
        otherwise: Callable[[], contextlib.AbstractContextManager[Connection]],
        *,
        commit: bool,
    ) -> Iterator[Connection]:
        """The held connection (``otherwise``'s when not holding); an error rolls its
        transaction back, ``commit`` commits it at the end."""
        if not self._hold:
            with otherwise() as connection:
                yield connection
            return
        connection = self._connection()
        try:
            yield connection
        except BaseException:
            self._end(connection, commit=False)
            raise
        if commit:
            self._end(connection, commit=True)

    def _end(self, connection: Connection, *, commit: bool) -> None:
        """End the held transaction; a connection that fails to is given up, not reused."""
        try:
            if commit:
                connection.commit()
            else:
                connection.rollback()
        except BaseException:
            self.release()
            raise

    def release(self) -> None:
        """Give the held connection back to the pool (its open transaction rolled back);
        the store reads with a connection per call from then on (a late caller never
        holds one again that nobody releases)."""
        held, self._held, self._hold = self._held, None, False
        if held is not None:
            held.close()

    def _once(self, key: object, read: Callable[[], Any]) -> Any:
        if key not in self._kept:
            self._kept[key] = read()
        return self._kept[key]

    def profile(self) -> Profile | None:
        return self._once("profile", super().profile)  # type: ignore[no-any-return]

    def data_version(self) -> str:
        return self._once("version", super().data_version)  # type: ignore[no-any-return]

    def nothing_imported(self) -> bool:
        """No import, so no message, at the data version read once (a new account's first
        pages then ask the database nothing about messages)."""
        from fireside.store.version import nothing_imported

        return nothing_imported(self.data_version())

    def messages(
        self, *, since: datetime | None = None, until: datetime | None = None
    ) -> pl.DataFrame:
        if self.nothing_imported():
            from fireside.store.messages import no_messages

            return no_messages()
        if since is not None or until is not None:
            return super().messages(since=since, until=until)
        return self._once("messages", super().messages)  # type: ignore[no-any-return]

    def recent_turns(self, limit: int) -> list[tuple[int, bool]]:
        return [] if self.nothing_imported() else super().recent_turns(limit)

    def journal_rows(self, kind: str) -> list[dict[str, Any]]:
        from fireside.store.journal import table_of

        table_of(kind)  # an unknown kind is refused as before
        every = self._once("journal", super().journal_rows_of_every_kind)
        return [dict(row) for row in every[kind]]  # each caller its own copy

    def save_profile(self, profile: Profile) -> None:
        self._kept.clear()
        super().save_profile(profile)

    def add_journal_row(self, kind: str, values: dict[str, Any]) -> int:
        self._kept.clear()
        return super().add_journal_row(kind, values)

    def update_journal_row(self, kind: str, entry_id: int, values: dict[str, Any]) -> bool:
        self._kept.clear()
        return super().update_journal_row(kind, entry_id, values)

    def delete_journal_row(self, kind: str, entry_id: int) -> bool:
        self._kept.clear()
        return super().delete_journal_row(kind, entry_id)

    def erase_all(self) -> dict[str, int]:
        self._kept.clear()
        return super().erase_all()
