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
import tempfile
from pathlib import Path

from fireside import paths
from fireside.errors import ExitCode, FiresideError

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
    """Write ``data`` to ``target`` readable only by you (0600), whole or not at all: a
    temporary file in the same folder, then a rename. A half-written file never appears."""
    check_output_path(target)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".fireside-")
    except OSError as exc:
        raise _path_error(target, exc) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).chmod(0o600)
        Path(temporary).replace(target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise _path_error(target, exc) from exc
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
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
    ledger = _ledger()
    temporary = ledger.with_suffix(".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump([str(p) for p in known], handle, ensure_ascii=False, indent=1)
    temporary.replace(ledger)


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
