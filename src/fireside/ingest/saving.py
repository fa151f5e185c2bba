"""Storing an import: one transaction, the bulk path of each database, and the report's figures."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Connection, delete, func, insert, select, update

from fireside import paths
from fireside.ingest.report import ImportReport, utc_iso
from fireside.store import Store
from fireside.store.schema import chat_import, message
from fireside.store.staging import TABLE as STAGING_TABLE
from fireside.store.staging import staged

INSERT_BATCH = 50_000  # rows per slice written to PostgreSQL's COPY


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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


def save(
    store: Store, path: Path, fmt: str, rows: pl.DataFrame, report: ImportReport, keep: bool
) -> None:
    """Store the prepared rows of one import and fill in the report's figures.

    SQLite gets the rows through a staging file (see fireside.store.staging), PostgreSQL
    through COPY; either way the import's entry and its messages are one transaction.
    """
    table = rows.select(
        pl.col("ts").dt.epoch("ms").alias("ts"), *[c for c in STORED_COLUMNS if c != "ts"]
    )
    if store.engine.dialect.name != "sqlite":
        with store.engine.connect() as connection:
            _write(store, connection, path, fmt, table, report, keep, _insert_through_copy)
        return
    with staged(table, paths.data_dir()) as staging, store.engine.connect() as connection:
        # ATTACH is refused inside a transaction, so it comes before the import's own.
        connection.exec_driver_sql("ATTACH DATABASE ? AS staging", (str(staging),))
        connection.commit()
        try:
            _write(store, connection, path, fmt, table, report, keep, _insert_from_staging_file)
        finally:
            connection.exec_driver_sql("DETACH DATABASE staging")
            connection.commit()


Inserter = Callable[[Connection, str, int, pl.DataFrame], int]


def _write(
    store: Store,
    connection: Connection,
    path: Path,
    fmt: str,
    table: pl.DataFrame,
    report: ImportReport,
    keep: bool,
    insert_rows: Inserter,
) -> None:
    """The import's one transaction: its entry, its new messages, and what they were."""
    with connection.begin():
        created = connection.execute(
            insert(chat_import).values(
                owner_id=store.owner_id,
                source_format=fmt,
                file_name=path.name,
                file_sha256=_sha256(path),
                imported_at=datetime.now(UTC),
                messages=0,
                duplicates=0,
                keep_partner_text=keep,
                problems=[p.as_json() for p in report.problems],
            )
        ).inserted_primary_key
        assert created is not None
        import_id = int(created[0])
        report.imported = insert_rows(connection, store.owner_id, import_id, table)
        report.duplicates = table.height - report.imported
        if report.imported == 0:  # nothing new: leave no empty entry behind
            connection.execute(delete(chat_import).where(chat_import.c.id == import_id))
            return
        first, last = int(table.get_column("ts").min()), int(table.get_column("ts").max())  # type: ignore[arg-type]
        by: list[tuple[Any, ...]]
        if report.imported == table.height:  # all new: the figures are the frame's own
            by = table.group_by("role", "kind").len().rows()
        else:  # some were there already: ask the store which rows are this import's
            mine = (
                message.c.owner_id == store.owner_id,
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
            .where(chat_import.c.id == import_id)
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


def _insert_from_staging_file(
    connection: Connection, owner_id: str, import_id: int, _table: pl.DataFrame
) -> int:
    """SQLite: copy the attached staging table in; rows already stored are skipped.

    The rows arrive in time order and the unique index is led by the time, so they append to
    it: SQLite's default page cache is enough (a 256 MB cache made no difference).
    """
    columns = ", ".join(STORED_COLUMNS)
    result = connection.exec_driver_sql(
        f"INSERT OR IGNORE INTO message (owner_id, import_id, {columns}) "
        f"SELECT ?, ?, {columns} FROM staging.{STAGING_TABLE}",
        (owner_id, import_id),
    )
    return int(result.rowcount)


def _insert_through_copy(
    connection: Connection, owner_id: str, import_id: int, table: pl.DataFrame
) -> int:
    """PostgreSQL: COPY into a temporary table, then one insert; rows already stored skipped.

    The same shape as SQLite's staging file: values travel as one CSV stream written by
    Polars, not as Python objects bound one by one (which took 26 s for a million rows).
    """
    raw = connection.connection.driver_connection
    assert raw is not None
    columns = ", ".join(STORED_COLUMNS)
    with raw.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE staged_message (ts bigint, offset_minutes smallint, "
            "role varchar(8), kind varchar(8), edited boolean, chars integer, words integer, "
            "emoji integer, text text, content_hash bigint) ON COMMIT DROP"
        )
        with cursor.copy(f"COPY staged_message ({columns}) FROM STDIN WITH (FORMAT csv)") as copy:
            for start in range(0, table.height, INSERT_BATCH):
                copy.write(table.slice(start, INSERT_BATCH).write_csv(include_header=False))
        cursor.execute(
            f"INSERT INTO message (owner_id, import_id, {columns}) "
            f"SELECT %s, %s, {columns} FROM staged_message "
            "ON CONFLICT (owner_id, ts, content_hash) DO NOTHING",
            (owner_id, import_id),
        )
        return int(cursor.rowcount)
