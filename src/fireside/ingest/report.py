"""What an import reports: counts by role and kind, the span, and the lines it could not read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fireside.importers import Problem

MAX_PROBLEMS_KEPT = 200  # unreadable lines listed in the report (all are counted)


@dataclass
class ImportReport:
    format: str
    file: str
    messages: int = 0  # messages read from the file (system notices excluded)
    imported: int = 0  # new messages stored
    duplicates: int = 0  # already in the store, skipped (or updated, see below)
    updated: int = 0  # stored messages this export shows deleted or edited since
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
            "updated": self.updated,
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


def utc_iso(ms: int) -> str:
    """Epoch milliseconds as an ISO-8601 UTC time to the second."""
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="seconds")
