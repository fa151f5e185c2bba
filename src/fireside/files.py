"""Writing files that hold private material: whole or not at all, readable only by you.

Every file fireside writes for you (an export, the rhythm charts, the settings) goes through
``write_private_file`` (or ``private_file`` to write as you go): the content goes into a new
file in the target's own folder, created 0600, flushed to the disk, then renamed over the
target. So

- a reader never sees half a file, and a crash leaves the old file (or none), never a torn one;
- an existing file is replaced by a new one, whatever its mode was (0644 stays no more);
- a symlink at the target is replaced itself, never followed: the file it pointed at is
  left untouched (rename works on the name, not on what the name points to).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from fireside.errors import FiresideError

PRIVATE_DIR_MODE = 0o700


def make_private_dirs(path: Path) -> Path:
    """Create ``path`` and any missing parents, each 0700; an existing folder is left as is.

    Raises ``OSError`` as ``mkdir`` does (``FileExistsError`` when a part is a file).
    """
    if path.is_dir():
        return path
    missing = [path, *(p for p in path.parents if not p.exists())]
    for folder in reversed(missing):  # the outermost first
        folder.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
    return path


@contextlib.contextmanager
def private_file(target: Path) -> Iterator[IO[bytes]]:
    """A binary handle whose content replaces ``target`` when the block ends without error.

    On an error (or Ctrl-C) inside the block the new file is removed and ``target`` is as it
    was. ``OSError`` while writing becomes a ``FiresideError`` naming the file.
    """
    target = Path(target)
    if target.is_dir():  # (is_dir follows a symlink: a link to a folder is refused too)
        raise FiresideError(f"{target} is a folder.", hint="Give the name of a file to write.")
    folder = target.parent
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _cannot_write(target, exc) from exc
    temporary = Path(name)  # mkstemp made it 0600, opened with O_EXCL: it is new and ours
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        temporary.replace(target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise _cannot_write(target, exc) from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(folder)


def write_private_file(target: Path, content: str | bytes, *, encoding: str = "utf-8") -> Path:
    """Write ``content`` to ``target`` atomically, readable only by you (see the module)."""
    data = content.encode(encoding) if isinstance(content, str) else content
    with private_file(target) as stream:
        stream.write(data)
    return Path(target)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system lets a folder be synced)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _cannot_write(target: Path, exc: OSError) -> FiresideError:
    reason = exc.strerror or str(exc) or type(exc).__name__
    return FiresideError(
        f"Could not write {target}: {reason}.",
        hint="Check that the folder exists, that you may write there and that the disk has "
        "room, or choose another path. Nothing was changed.",
    )
