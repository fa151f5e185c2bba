"""Storing an import: rows staged as they are read, then one transaction into the store.

An import never holds the whole chat: each frame, once its roles, privacy and keys are
settled, goes to a stage and is let go. SQLite's stage is a throwaway file written through
ADBC (see fireside.store.staging), copied in with one ``INSERT … SELECT`` inside the import's
transaction; PostgreSQL's is a temporary table filled by COPY inside the transaction itself.
Either way the import's entry and its messages are one transaction: all or nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import polars as pl
from sqlalchemy import Connection, delete, func, insert, select, text, update

from fireside import interrupts, paths
from fireside.ingest.keys import PLACE_BITS, ROLE_CODES
from fireside.ingest.report import ImportReport, utc_iso
from fireside.store import Store
from fireside.store.schema import chat_import, message
from fireside.store.staging import TABLE as STAGING_TABLE
from fireside.store.staging import StagingFile, leftovers_removed

INSERT_BATCH = 50_000  # rows per slice written to PostgreSQL's COPY
ID_LOCK = 0x66697266  # PostgreSQL advisory lock class: numbering one owner's imports

STORED_COLUMNS = [
    "ts",
    "offset_minutes",
    "role",
    "kind",
    "edited",
    "chars",
    "words",
    "emoji",
    "text",
    "content_hash",
]
_COLUMNS = ", ".join(STORED_COLUMNS)
# What a stage holds: the side as first settled and the number within it (see keys.py); the
# final side and the key are made in the one statement that copies the rows in.
STAGED_COLUMNS = [*STORED_COLUMNS[:-1], "n"]
# A later export's word on a message already stored: deleted, or edited. It never turns a
# deleted message back, nor an edited one back to its first words.
_CHANGED = "kind = 'deleted' OR edited"
_CHANGES = (
    "(s.kind = 'deleted' AND message.kind <> 'deleted') "
    "OR (s.edited AND NOT message.edited AND message.kind <> 'deleted')"
)
_UPDATE_SET = (
    "kind = s.kind, edited = s.edited, chars = s.chars, words = s.words, emoji = s.emoji, "
    "text = s.text"
)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Stats:
    """What the staged rows are, counted as they are staged (no second look at them)."""

    rows: int = 0
    by: dict[tuple[str, str], int] = field(default_factory=dict)  # (role, kind) → count
    first: int | None = None
    last: int | None = None

    def add(self, table: pl.DataFrame) -> None:
        if table.height == 0:
            return
        self.rows += table.height
        for role, kind, count in table.group_by("role", "kind").len().iter_rows():
            self.by[(role, kind)] = self.by.get((role, kind), 0) + int(count)
        low, high = int(table.get_column("ts").min()), int(table.get_column("ts").max())  # type: ignore[arg-type]
        self.first = low if self.first is None else min(self.first, low)
        self.last = high if self.last is None else max(self.last, high)

    def relabel(self, renames: dict[str, str]) -> None:
        by: dict[tuple[str, str], int] = {}
        for (role, kind), count in self.by.items():
            key = (renames.get(role, role), kind)
            by[key] = by.get(key, 0) + count
        self.by = by


class Stage(Protocol):
    """Where rows wait, once settled, until the import's one transaction."""

    def append(self, table: pl.DataFrame) -> None: ...
    def staged_counts(self, first: int, last: int) -> dict[tuple[int, str], int]: ...
    def relabel(self, renames: dict[str, str]) -> None: ...
    def clear(self) -> None: ...
    def save(
        self, path: Path, fmt: str, report: ImportReport, keep: bool, stats: Stats
    ) -> None: ...
    def close(self) -> None: ...


def stage_leftovers_removed(store: Store) -> contextlib.AbstractContextManager[None]:
    """Around an import: no staging file of this process outlives it (SQLite's are files)."""
    if store.engine.dialect.name == "sqlite":
        return leftovers_removed(paths.data_dir())
    return contextlib.nullcontext()


def open_stage(store: Store) -> Stage:
    if store.encrypted:
        return _EncryptedStage(store)
    if store.engine.dialect.name == "sqlite":
        return _SQLiteStage(store)
    return _PostgresStage(store)


_COUNTS = "SELECT ts, role, count(*) FROM {table} WHERE ts BETWEEN {a} AND {b} GROUP BY ts, role"


def _select_stored(table: str, renames: dict[str, str], where: str = "true") -> str:
    """The staged rows as the store keeps them: final side, key from side and number."""
    final = {role: renames.get(role, role) for role in ROLE_CODES}
    role = "CASE role " + " ".join(f"WHEN '{a}' THEN '{b}'" for a, b in final.items()) + " END"
    code = "CASE role " + " ".join(f"WHEN '{a}' THEN {ROLE_CODES[b]}" for a, b in final.items())
    columns = ", ".join(STORED_COLUMNS[:-1]).replace("role", f"{role} AS role", 1)
    return (
        f"SELECT {columns}, ({code} END) * {1 << PLACE_BITS} + n AS content_hash "
        f"FROM {table} WHERE {where}"
    )


class _SQLiteStage:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._file = StagingFile(paths.data_dir())
        self._renames: dict[str, str] = {}

    def append(self, table: pl.DataFrame) -> None:
        self._file.append(table)

    def staged_counts(self, first: int, last: int) -> dict[tuple[int, str], int]:
        rows = self._file.query(_COUNTS.format(table=STAGING_TABLE, a="?", b="?"), (first, last))
        return {(int(ts), str(role)): int(n) for ts, role, n in rows}

    def relabel(self, renames: dict[str, str]) -> None:
        self._renames = renames

    def clear(self) -> None:
        self._renames = {}
        directory = self._file.directory
        self._file.remove()  # a new file: nothing of the old one is left in its free pages
        self._file = StagingFile(directory)

    def save(self, path: Path, fmt: str, report: ImportReport, keep: bool, stats: Stats) -> None:
        with self._store.engine.connect() as connection:
            # ATTACH is refused inside a transaction, so it comes before the import's own.
            connection.exec_driver_sql("ATTACH DATABASE ? AS staging", (str(self._file.path),))
            connection.commit()
            try:
                with connection.begin():
                    _write(self._store, connection, path, fmt, report, keep, stats, self._copy_in)
            finally:
                connection.exec_driver_sql("DETACH DATABASE staging")
                connection.commit()

    def _copy_in(self, connection: Connection, owner_id: str, import_id: int) -> tuple[int, int]:
        """Edits and deletions onto the rows they match, then the new rows (time-ordered
        rows append to the index led by the time: SQLite's default page cache is enough)."""
        table = f"staging.{STAGING_TABLE}"
        changed = connection.exec_driver_sql(
            f"UPDATE message SET {_UPDATE_SET} FROM ({_select_stored(table, self._renames, _CHANGED)}) "
            "AS s WHERE message.owner_id = ? AND message.ts = s.ts "
            f"AND message.content_hash = s.content_hash AND ({_CHANGES})",
            (owner_id,),
        ).rowcount
        rows = _select_stored(table, self._renames)
        added = connection.exec_driver_sql(
            f"INSERT OR IGNORE INTO message (owner_id, import_id, {_COLUMNS}) "
            f"SELECT ?, ?, {_COLUMNS} FROM ({rows})",
            (owner_id, import_id),
        ).rowcount
        return int(added), int(changed)

    def close(self) -> None:
        self._file.remove()


class _EncryptedStage(_SQLiteStage):
    """An encrypted SQLite store: the rows wait in memory, never in a plain file on disk,
    and reach the store through an in-memory database attached for the one transaction
    (bound row by row: slower than the staging file)."""

    def __init__(self, store: Store) -> None:  # no staging file
        self._store = store
        self._renames = {}
        self._frames: list[pl.DataFrame] = []

    def append(self, table: pl.DataFrame) -> None:
        self._frames.append(table.select(STAGED_COLUMNS))

    def _all(self) -> pl.DataFrame:
        if not self._frames:
            return pl.DataFrame()
        if len(self._frames) > 1:
            self._frames = [pl.concat(self._frames)]
        return self._frames[0]

    def staged_counts(self, first: int, last: int) -> dict[tuple[int, str], int]:
        frame = self._all()
        if frame.is_empty():
            return {}
        found = (
            frame.filter(pl.col("ts").is_between(first, last)).group_by("ts", "role").len().rows()
        )
        return {(int(ts), str(role)): int(n) for ts, role, n in found}

    def clear(self) -> None:
        self._renames = {}
        self._frames = []

    def save(self, path: Path, fmt: str, report: ImportReport, keep: bool, stats: Stats) -> None:
        frame = self._all()
        with self._store.engine.connect() as connection:
            connection.exec_driver_sql("ATTACH DATABASE ':memory:' AS staging KEY ''")
            connection.commit()
            try:
                raw = connection.connection.driver_connection
                assert raw is not None
                columns = ", ".join(STAGED_COLUMNS)
                raw.execute(f"CREATE TABLE staging.{STAGING_TABLE} ({columns})")
                marks = ", ".join("?" for _ in STAGED_COLUMNS)
                raw.executemany(
                    f"INSERT INTO staging.{STAGING_TABLE} VALUES ({marks})", frame.iter_rows()
                )
                connection.commit()
                with connection.begin():
                    _write(self._store, connection, path, fmt, report, keep, stats, self._copy_in)
            finally:
                connection.exec_driver_sql("DETACH DATABASE staging")
                connection.commit()

    def close(self) -> None:
        self._frames = []


class _PostgresStage:
    """COPY into a temporary table inside the import's transaction, opened at the start.

    Values travel as one CSV stream written by Polars, not as Python objects bound one by
    one (which took 26 s for a million rows).
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._renames: dict[str, str] = {}
        self._connection = store.engine.connect()
        self._transaction = self._connection.begin()
        raw = self._connection.connection.driver_connection
        assert raw is not None
        self._raw: Any = raw
        with raw.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE staged_message (ts bigint, offset_minutes smallint, "
                "role varchar(8), kind varchar(8), edited boolean, chars integer, "
                "words integer, emoji integer, text text, n bigint) ON COMMIT DROP"
            )

    def append(self, table: pl.DataFrame) -> None:
        with (
            self._raw.cursor() as cursor,
            cursor.copy(
                f"COPY staged_message ({', '.join(STAGED_COLUMNS)}) FROM STDIN WITH (FORMAT csv)"
            ) as copy,
        ):
            for start in range(0, table.height, INSERT_BATCH):
                copy.write(table.slice(start, INSERT_BATCH).write_csv(include_header=False))

    def staged_counts(self, first: int, last: int) -> dict[tuple[int, str], int]:
        with self._raw.cursor() as cursor:
            cursor.execute(_COUNTS.format(table="staged_message", a="%s", b="%s"), (first, last))
            return {(int(ts), str(role)): int(n) for ts, role, n in cursor.fetchall()}

    def relabel(self, renames: dict[str, str]) -> None:
        self._renames = renames

    def clear(self) -> None:
        self._renames = {}
        with self._raw.cursor() as cursor:
            cursor.execute("TRUNCATE staged_message")

    def save(self, path: Path, fmt: str, report: ImportReport, keep: bool, stats: Stats) -> None:
        _write(self._store, self._connection, path, fmt, report, keep, stats, self._copy_in)
        self._transaction.commit()

    def _copy_in(self, _connection: Connection, owner_id: str, import_id: int) -> tuple[int, int]:
        with self._raw.cursor() as cursor:
            changes = _select_stored("staged_message", self._renames, _CHANGED)
            cursor.execute(
                f"UPDATE message SET {_UPDATE_SET} FROM ({changes}) AS s "
                "WHERE message.owner_id = %s AND message.ts = s.ts "
                f"AND message.content_hash = s.content_hash AND ({_CHANGES})",
                (owner_id,),
            )
            changed = int(cursor.rowcount)
            rows = _select_stored("staged_message", self._renames)
            cursor.execute(
                f"INSERT INTO message (owner_id, import_id, {_COLUMNS}) "
                f"SELECT %s, %s, {_COLUMNS} FROM ({rows}) AS s "
                "ON CONFLICT (owner_id, ts, content_hash) DO NOTHING",
                (owner_id, import_id),
            )
            return int(cursor.rowcount), changed

    def close(self) -> None:
        if self._transaction.is_active:
            self._transaction.rollback()
        self._connection.close()


Inserter = Callable[[Connection, str, int], tuple[int, int]]  # → (rows added, rows updated)


def _write(
    store: Store,
    connection: Connection,
    path: Path,
    fmt: str,
    report: ImportReport,
    keep: bool,
    stats: Stats,
    insert_rows: Inserter,
) -> None:
    """Inside the import's one transaction: its entry, its new messages, what they were.

    Import ids are numbered per owner (1, 2, 3 … for each person)."""
    owner = store.owner_id
    if connection.dialect.name == "postgresql":  # one numbering at a time per owner
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:k, hashtext(:o))"), {"k": ID_LOCK, "o": owner}
        )
    next_id = (
        select(func.coalesce(func.max(chat_import.c.id), 0) + 1)
        .where(chat_import.c.owner_id == owner)
        .scalar_subquery()
    )
    created = connection.execute(
        insert(chat_import)
        .values(
            id=next_id,
            owner_id=owner,
            source_format=fmt,
            file_name=path.name,
            file_sha256=_sha256(path),
            imported_at=datetime.now(UTC),
            messages=0,
            duplicates=0,
            keep_partner_text=keep,
            problems=[p.as_json() for p in report.problems],
        )
        .returning(chat_import.c.id)
    ).scalar_one()
    import_id = int(created)
    this_import = (chat_import.c.owner_id == owner, chat_import.c.id == import_id)
    report.imported, report.updated = insert_rows(connection, owner, import_id)
    report.duplicates = stats.rows - report.imported
    if report.imported == 0:  # nothing new: leave no empty entry behind
        connection.execute(delete(chat_import).where(*this_import))
        interrupts.check()
        return
    assert stats.first is not None and stats.last is not None
    first, last = stats.first, stats.last
    by: list[tuple[Any, ...]]
    if report.imported == stats.rows:  # all new: the figures are the staged rows' own
        by = [(role, kind, count) for (role, kind), count in stats.by.items()]
    else:  # some were there already: ask the store which rows are this import's
        mine = (
            message.c.owner_id == owner,
            message.c.import_id == import_id,
            message.c.ts.between(first, last),
        )
        first, last = connection.execute(
            select(func.min(message.c.ts), func.max(message.c.ts)).where(*mine)
        ).one()
        by = [
            tuple(row)
            for row in connection.execute(
                select(message.c.role, message.c.kind, func.count())
                .where(*mine)
                .group_by(message.c.role, message.c.kind)
            )
        ]
    connection.execute(
        update(chat_import)
        .where(*this_import)
        .values(
            messages=report.imported,
            duplicates=report.duplicates,
            first_ts=first,
            last_ts=last,
        )
    )
    report.import_id = import_id
    for role, kind, count in by:
        report.by_role[role] = report.by_role.get(role, 0) + count
        report.by_kind[kind] = report.by_kind.get(kind, 0) + count
    report.first = utc_iso(first)
    report.last = utc_iso(last)
    interrupts.check()  # a Ctrl-C swallowed on the way here still stops it before the commit
