"""Files fireside writes outside its data folder (charts, exports), remembered so that
`erase` can say which ones it leaves behind. The list holds paths only, in the data folder."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from fireside import paths
from fireside.files import write_private_file

LEDGER = "written-files.json"


def _ledger() -> Path:
    return paths.data_dir() / LEDGER


def remember_written(path: Path) -> None:
    """Note a file written outside the data folder (nothing is noted for files inside it)."""
    target = path.resolve()
    home = paths.data_dir().resolve()
    if target.is_relative_to(home):
        return
    known = written_files(existing_only=False)
    if target in known:
        return
    known.append(target)
    write_private_file(_ledger(), json.dumps([str(p) for p in known], ensure_ascii=False, indent=1))


def written_files(*, existing_only: bool = True) -> list[Path]:
    """Files fireside wrote outside its data folder (those still there, by default)."""
    try:
        names = json.loads(_ledger().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found = [Path(n) for n in names if isinstance(n, str)]
    return [p for p in found if p.exists()] if existing_only else found


def forget_written() -> None:
    with contextlib.suppress(FileNotFoundError):
        _ledger().unlink()
