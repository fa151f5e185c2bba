"""Import a chat export into the store: roles, privacy, dedupe, one transaction, a report.

Importers only parse (fireside.importers); everything that touches the store happens here,
once, for every format.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl
from sqlalchemy import Connection, delete, func, insert, select, update

from fireside import paths
from fireside.errors import ExitCode, FiresideError, InvalidValueError, NotFoundError
from fireside.importers import FRAME_SCHEMA, ImportError_, ParseOptions, Problem, open_export
from fireside.importers.columns import with_counts
from fireside.importers.model import DateOrder, Progress
from fireside.ingest_types import Who
from fireside.profile import Profile
from fireside.store import Store
from fireside.store.schema import chat_import, message
from fireside.store.staging import TABLE as STAGING_TABLE
from fireside.store.staging import staged

MAX_PROBLEMS_KEPT = 200
INSERT_BATCH = 50_000
HASH_BATCH = 100_000  # rows mixed at a time


class RoleError(FiresideError):
    """The names given don't say who is who in this chat."""

    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, message: str, participants: Sequence[str], hint: str) -> None:
        super().__init__(message, hint=hint)
        self.participants = list(participants)


Chooser = Callable[[list[str]], Who]  # asks a person who is who, given the participants


@dataclass
class ImportReport:
    format: str
    file: str
    messages: int = 0  # messages read from the file (system notices excluded)
    imported: int = 0  # new messages stored
    duplicates: int = 0  # already in the store, skipped
    by_role: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    first: str | None = None
    last: str | None = None
    problems: list[Problem] = field(default_factory=list)  # the first MAX_PROBLEMS_KEPT
    unreadable: int = 0  # every line that could not be read
    system_lines: int = 0
    import_id: int | None = None
    participants: list[str] = field(default_factory=list)
    kept_partner_text: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "file": self.file,
            "messages": self.messages,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "by_role": self.by_role,
            "by_kind": self.by_kind,
            "first": self.first,
            "last": self.last,
            "problems": [p.as_json() for p in self.problems],
            "unreadable": self.unreadable,
            "system_lines": self.system_lines,
            "import_id": self.import_id,
            "kept_partner_text": self.kept_partner_text,
        }


def parse_options(
    profile: Profile,
    *,
    tz: str | None = None,
    date_order: str | None = None,
    chat: str | None = None,
    encoding: str = "utf-8",
) -> ParseOptions:
    """Reading options from the flags, with the profile's time zone as the default."""
    zone_name = tz or profile.timezone
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidValueError(
            "--tz", zone_name, "an IANA time zone such as Europe/Berlin or America/New_York"
        ) from None
    try:
        order = DateOrder(date_order.lower()) if date_order else None
    except ValueError:
        raise InvalidValueError("--date-order", date_order, "dmy, mdy or ymd") from None
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InvalidValueError(
            "--encoding", encoding, "a Python codec such as utf-8, cp1252 or latin-1"
        ) from None
    return ParseOptions(tz=zone, date_order=order, chat=chat, encoding=encoding)


def assign_roles(
    participants: Sequence[str],
    *,
    me_names: Sequence[str],
    partner: str | None,
    partner_given: bool,
    choose: Chooser | None,
) -> dict[str, str]:
    """Who is me, who is the partner; everyone else is ``other``.

    Names match case-insensitively. In a chat of two where one side is known and the other
    side has no name set anywhere, the other person is the partner. A group chat needs an
    explicit --partner. When the names match no one, ``choose`` asks, or a RoleError lists
    the participants.
    """
    lowered = {p.casefold(): p for p in participants}
    me = [lowered[n.casefold()] for n in me_names if n.casefold() in lowered]
    mate = lowered.get(partner.casefold()) if partner else None
    group = len(participants) > 2
    if group and not partner_given:
        raise RoleError(
            f"This looks like a group chat ({len(participants)} people).",
            participants,
            "fireside measures one relationship: import a group only with --partner NAME "
            "(everyone else is counted as other).",
        )
    if not group and len(participants) == 2:
        if me and mate is None and not partner:
            mate = next(p for p in participants if p not in me)
        elif mate and not me and not me_names:
            me = [next(p for p in participants if p != mate)]
    if (not me or mate is None or mate in me) and choose is not None and participants:
        who = choose(list(participants))
        me, mate = [who.me], who.partner
    if not me or mate is None or mate in me:
        listed = ", ".join(participants[:12]) or "nobody"
        raise RoleError(
            f"fireside can't tell who is who in this chat. Participants: {listed}.",
            participants,
            "Say it with --me NAME and --partner NAME (or set them once with `fireside init`).",
        )
    roles = dict.fromkeys(participants, "other")
    roles.update(dict.fromkeys(me, "me"))
    roles[mate] = "partner"
    return roles


KINDS = {"text": 1, "media": 2, "sticker": 3, "call": 4, "deleted": 5}
MASK64 = (1 << 64) - 1


def _mix(x: pl.Series) -> pl.Series:
    """The splitmix64 finaliser on UInt64 (multiplication wraps; // 2**k is a right shift).

    On Series, step by step: as one expression each step would repeat the ones before it.
    """
    x = (x ^ (x // (1 << 30))) * 0xBF58476D1CE4E5B9
    x = (x ^ (x // (1 << 27))) * 0x94D049BB133111EB
    return x ^ (x // (1 << 31))


def _sender_code(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big")


def _fields_key(part: pl.DataFrame, senders: dict[str, int]) -> pl.Series:
    fields = part.select(
        ts=pl.col("ts").dt.epoch("ms").cast(pl.UInt64),
        sender=pl.col("sender").replace_strict(senders, return_dtype=pl.UInt64),
        kind=pl.col("kind").replace_strict(KINDS, return_dtype=pl.UInt64, default=0),
        lengths=pl.col("chars").cast(pl.UInt64)
        + pl.col("words").cast(pl.UInt64) * (1 << 24)
        + pl.col("emoji").cast(pl.UInt64) * (1 << 44),
    )
    key = _mix(fields.get_column("ts"))
    for name in ("sender", "kind", "lengths"):
        key = _mix(key ^ fields.get_column(name))
    return key


def content_hashes(frame: pl.DataFrame) -> pl.Series:
    """A stable 64-bit key per message: time, sender, kind, lengths and its repeat number.

    The text is deliberately not part of it, so the store never holds a fingerprint of the
    partner's words; repeats of an identical message within the same millisecond are told
    apart by their order, which overlapping exports share. Computed column-wise (splitmix64
    over the fields, blake2b for the few distinct sender names). Stored keys depend on this
    exact recipe: changing it would make re-imports add duplicates, so it must not change.
    """
    senders = {name: _sender_code(name) for name in frame.get_column("sender").unique().to_list()}
    # Mixed a slice at a time: the temporaries of a million rows at once took 80 MB.
    key = pl.concat(
        [_fields_key(part, senders) for part in frame.iter_slices(HASH_BATCH)]
        or [pl.Series(dtype=pl.UInt64)]
    )
    # Number repeats of a key in file order. Almost every key is unique, so only repeated
    # keys are grouped; they are found by sorting (a hash set of every key took 64 MB).
    ordered = key.sort()
    repeated = ordered.filter(ordered == ordered.shift(1)).unique()
    n = pl.Series("n", [0] * key.len(), dtype=pl.UInt64)
    if repeated.len():
        keyed = key.alias("key").to_frame().with_row_index("row")
        repeats = keyed.filter(pl.col("key").is_in(repeated.implode())).with_columns(
            n=pl.int_range(pl.len(), dtype=pl.UInt64).over("key")
        )
        n = n.scatter(repeats.get_column("row"), repeats.get_column("n"))
    final = _mix(key ^ (n + 1)).reinterpret(signed=True)
    return final.alias("content_hash")


def import_chat(
    store: Store,
    path: Path,
    *,
    format: str = "auto",
    me: Sequence[str] | None = None,
    partner: str | None = None,
    chat: str | None = None,
    tz: str | None = None,
    date_order: str | None = None,
    keep_partner_text: bool | None = None,
    encoding: str = "utf-8",
    progress: Progress | None = None,
    choose: Chooser | None = None,
    saving: Callable[[], None] | None = None,
) -> ImportReport:
    """Import one export file. All or nothing: one transaction.

    ``progress`` hears how many bytes have been read; ``saving`` is called once reading is
    done and the messages are being stored.
    """
    profile = store.profile_or_default()
    # An export of many chats (Telegram account, SMS backup) picks one by --chat, else by the
    # partner's name.
    options = parse_options(
        profile,
        tz=tz,
        date_order=date_order,
        chat=chat or partner or profile.partner_name,
        encoding=encoding,
    )
    parsed = open_export(path, options, format=format, progress=progress)
    frames = list(parsed.frames)
    frame = pl.concat(frames) if frames else pl.DataFrame(schema=FRAME_SCHEMA)
    del frames  # (each big intermediate is let go as soon as it is used: a chat is large)
    report = ImportReport(format=parsed.format, file=str(path), system_lines=parsed.system_lines)
    report.problems = parsed.problems[:MAX_PROBLEMS_KEPT]
    report.unreadable = parsed.unreadable
    if frame.height == 0:
        raise ImportError_(
            f"{path}: no messages found ({parsed.unreadable} unreadable lines).",
            hint="Check that this is the export file; `fireside parse FILE` shows what is read.",
        )
    counts = frame.group_by("sender").len().sort("len", descending=True)
    participants = counts.get_column("sender").to_list()
    report.participants = participants
    me_names = list(me) if me else list(profile.my_names)
    if parsed.self_sender:
        me_names.append(parsed.self_sender)
    roles = assign_roles(
        participants,
        me_names=me_names,
        partner=partner or profile.partner_name,
        partner_given=partner is not None,
        choose=choose,
    )
    keep = profile.keep_partner_text if keep_partner_text is None else keep_partner_text
    report.kept_partner_text = keep
    rows = (
        with_counts(frame)
        .with_columns(role=pl.col("sender").replace_strict(roles, return_dtype=pl.String))
        .collect()
    )
    del frame
    rows = rows.with_columns(content_hashes(rows))
    stored_text = (
        pl.when((pl.col("role") == "me") | ((pl.col("role") == "partner") & pl.lit(keep)))
        .then(pl.col("text"))
        .otherwise(None)
    )
    rows = rows.with_columns(text=stored_text)
    report.messages = rows.height
    if saving is not None:
        saving()
    _store(store, path, parsed.format, rows, report, keep)
    return report


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


def _store(
    store: Store, path: Path, fmt: str, rows: pl.DataFrame, report: ImportReport, keep: bool
) -> None:
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
    report.first = _iso(first)
    report.last = _iso(last)


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="seconds")


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


@dataclass(frozen=True)
class ImportRow:
    id: int
    format: str
    file: str
    imported_at: str
    messages: int
    duplicates: int
    first: str | None
    last: str | None

    def as_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


def list_imports(store: Store) -> list[ImportRow]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(chat_import)
            .where(chat_import.c.owner_id == store.owner_id)
            .order_by(chat_import.c.id)
        ).mappings()
        return [
            ImportRow(
                id=r["id"],
                format=r["source_format"],
                file=r["file_name"],
                imported_at=r["imported_at"].isoformat(timespec="seconds")
                if r["imported_at"]
                else "",
                messages=r["messages"],
                duplicates=r["duplicates"],
                first=_iso(r["first_ts"]) if r["first_ts"] is not None else None,
                last=_iso(r["last_ts"]) if r["last_ts"] is not None else None,
            )
            for r in rows
        ]


def forget_import(store: Store, import_id: int) -> int:
    """Remove one import and its messages; returns how many messages went with it."""
    with store.engine.begin() as connection:
        exists = connection.execute(
            select(chat_import.c.id).where(
                chat_import.c.id == import_id, chat_import.c.owner_id == store.owner_id
            )
        ).first()
        if exists is None:
            raise NotFoundError(
                f"There is no import {import_id}.", hint="`fireside imports` lists them."
            )
        removed = connection.execute(
            delete(message).where(
                message.c.import_id == import_id, message.c.owner_id == store.owner_id
            )
        ).rowcount
        connection.execute(delete(chat_import).where(chat_import.c.id == import_id))
    return int(removed or 0)
