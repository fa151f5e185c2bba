"""Files fireside writes for you (exports, reports, calendars, charts).

``write_private`` writes one whole or not at all, readable only by you, and says plainly
what is wrong with a path a person gave (a missing folder, a folder that is not writable).
Files written outside the data folder are remembered so that `erase` can say which ones it
leaves behind; the list holds paths only, in the data folder.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
from pathlib import Path

from fireside import paths
from fireside.errors import ExitCode, FiresideError
from fireside.files import write_private_file

LEDGER = "written-files.json"


class OutputPathError(FiresideError):
    """A file cannot be written where a person asked (their input, so exit code 4)."""

    exit_code = ExitCode.INVALID_INPUT


def check_output_path(target: Path) -> None:
    """Fail early, before any work, when ``target`` cannot be written: its folder is
    missing or not writable, or it is itself a folder."""
    folder = target.parent
    if target.is_dir():
        raise OutputPathError(
            f"{target} is a folder, not a file.", hint="Give a file name inside it."
        )
    if not folder.exists():
        raise OutputPathError(
            f"The folder {folder} does not exist.",
            hint="Create it first, or choose a file in a folder that exists.",
        )
    if not folder.is_dir():
        raise OutputPathError(f"{folder} is not a folder.", hint="Choose another path.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputPathError(
            f"fireside may not write in the folder {folder}.",
            hint="Choose a folder of your own, such as your home folder.",
        )


def write_private(target: Path, data: bytes | str) -> None:
    """Write ``data`` to ``target`` readable only by you (0600), whole or not at all, after
    checking the path is one a person can write (exit 4 if not): ``fireside.files`` writes a
    temporary file in the same folder, fsyncs it and renames it into place."""
    check_output_path(target)
    try:
        write_private_file(target, data)
    except FiresideError as exc:
        if isinstance(exc.__cause__, OSError):
            raise _path_error(target, exc.__cause__) from exc.__cause__
        raise


def _path_error(target: Path, exc: OSError) -> FiresideError:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputPathError(
            f"fireside may not write {target} ({exc.strerror}).",
            hint="Choose a folder of your own, such as your home folder.",
        )
    if exc.errno == errno.ENOSPC:
        return FiresideError(
            f"The disk is full: {target} was not written.", hint="Free some space."
        )
    return OutputPathError(
        f"Could not write {target}: {exc.strerror}.", hint="Choose another path."
    )


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
