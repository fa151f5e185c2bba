"""Files handed over by a face (a web upload) kept privately until they are imported.

An upload is streamed to a file only you can read in the data folder, with a size cap;
what it is (zip rules, format by content) is checked by the importers exactly as for a
file named on the command line.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Iterable
from pathlib import Path

from fireside import paths
from fireside.errors import FiresideError, InvalidValueError

UPLOADS = "uploads"
MAX_UPLOAD_BYTES = 1024 * 1024 * 1024  # 1 GiB: ten years of a chat is well under this


class UploadTooLarge(InvalidValueError):
    def __init__(self, limit: int) -> None:
        super().__init__("file", "the upload", f"a file of at most {limit // (1024 * 1024)} MB")
        self.message = f"The file is larger than {limit // (1024 * 1024)} MB."
        self.hint = "Export a shorter stretch of the chat, or import it with `fireside import`."


def _folder() -> Path:
    return paths.ensure_private_dir(paths.data_dir() / UPLOADS)


def _safe_name(name: str) -> str:
    base = Path(name.replace("\\", "/")).name or "upload"
    return re.sub(r"[^\w.\- ]", "_", base)[:120] or "upload"


def stage_upload(chunks: Iterable[bytes], name: str, *, limit: int = MAX_UPLOAD_BYTES) -> Path:
    """Write the chunks to a private file (0600) named like the original; returns its path.
    Over ``limit`` bytes nothing is kept and UploadTooLarge is raised."""
    folder = _folder() / secrets.token_hex(8)
    folder.mkdir(mode=0o700)
    target = folder / _safe_name(name)
    size = 0
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise UploadTooLarge(limit)
                handle.write(chunk)
    except BaseException:
        discard_upload(target)
        raise
    if size == 0:
        discard_upload(target)
        raise FiresideError("The file is empty.", hint="Choose the export file again.")
    return target


def find_upload(token: str) -> Path:
    """The staged file for a token given out by ``upload_token``."""
    if not re.fullmatch(r"[0-9a-f]{16}", token):
        raise FiresideError("That upload is not known.", hint="Upload the file again.")
    folder = _folder() / token
    files = list(folder.iterdir()) if folder.is_dir() else []
    if not files:
        raise FiresideError("That upload is gone.", hint="Upload the file again.")
    return files[0]


def upload_token(path: Path) -> str:
    return path.parent.name


def discard_upload(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    with contextlib.suppress(OSError):
        path.parent.rmdir()


def discard_all_uploads() -> None:
    folder = paths.data_dir() / UPLOADS
    if folder.is_dir():
        for each in folder.iterdir():
            for file in each.iterdir() if each.is_dir() else []:
                discard_upload(file)
            with contextlib.suppress(OSError):
                each.rmdir()
