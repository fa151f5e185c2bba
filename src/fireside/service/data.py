"""Your data in your hands: what fireside holds and where, export it, erase it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fireside import __version__, paths
from fireside.service.files import forget_written, remember_written, write_private, written_files

if TYPE_CHECKING:
    from fireside.store import Store

EXPORT_FORMAT = 1


@dataclass(frozen=True)
class Info:
    version: str
    data_dir: str
    database: str
    rows: dict[str, int]
    written_outside: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "data_dir": self.data_dir,
            "database": self.database,
            "rows": self.rows,
            "written_outside": self.written_outside,
        }


def info(store: Store) -> Info:
    counts = store.row_counts()  # counted by the database: the messages are not read
    return Info(
        __version__,
        str(paths.data_dir()),
        store.url,
        counts,
        [str(p) for p in written_files()],
    )


@dataclass(frozen=True)
class Export:
    document: dict[str, Any]
    rows: int

    def text(self) -> str:
        return json.dumps(self.document, ensure_ascii=False, indent=2) + "\n"

    def as_json(self) -> dict[str, Any]:
        return self.document


def export_everything(store: Store) -> Export:
    """Everything fireside holds about you, as one JSON document."""
    tables = store.export_all()
    document = {
        "format": EXPORT_FORMAT,
        "fireside_version": __version__,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": tables,
    }
    return Export(document, sum(len(r) for r in tables.values()))


def write_export(store: Store, target: Path) -> Export:
    """Write the export to ``target`` readable only by you (0600), whole or not at all;
    a file outside the data folder is remembered so that ``erase`` can name it."""
    export = export_everything(store)
    write_private_text(target, export.text())
    remember_written(target)
    return export


def write_private_text(target: Path, text: str) -> None:
    """Write ``text`` to ``target``: a new 0600 file, fsynced, renamed into place (never
    through a symlink); see ``fireside.files``, which every written file goes through."""
    write_private(target, text)


@dataclass(frozen=True)
class Erased:
    rows: int
    per_table: dict[str, int]
    left_behind: list[str]  # files fireside wrote outside its folder that still exist

    def as_json(self) -> dict[str, Any]:
        return {"rows": self.rows, "per_table": self.per_table, "left_behind": self.left_behind}


def erase_everything(store: Store, *, local_files: bool = True) -> Erased:
    """Delete every row (one transaction) and what a killed import may have left; list the
    files fireside wrote outside its folder (charts, exports), which it does not delete.
    ``local_files=False`` (an account on a server): the rows only; the server's files are
    not that person's."""
    from fireside.service.coach import forget_drafts
    from fireside.store.staging import sweep

    counts = store.erase_all()
    forget_drafts()  # the coach's memory of recent sentences goes too
    if not local_files:
        return Erased(sum(counts.values()), counts, [])
    sweep(paths.data_dir())
    left = [str(p) for p in written_files()]
    forget_written()
    return Erased(sum(counts.values()), counts, left)
