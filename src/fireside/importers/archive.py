"""Reading inside .zip exports safely: size caps, no path traversal, nothing extracted to disk."""

from __future__ import annotations

import codecs
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import IO

from fireside.importers.model import ImportError_

MAX_MEMBER_BYTES = 2 << 30  # 2 GiB uncompressed for one chat file
MAX_RATIO = 200  # uncompressed / compressed; beyond this a member is treated as a zip bomb


def check_member(path: Path, info: zipfile.ZipInfo) -> None:
    name = PurePosixPath(info.filename)
    if name.is_absolute() or ".." in name.parts or "\\" in info.filename:
        raise ImportError_(
            f"{path}: the archive holds an unsafe path {info.filename!r}; nothing was read.",
            hint="Export the chat again from the app, or unzip it yourself and import the .txt.",
        )
    compressed = max(info.compress_size, 1)
    if info.file_size > MAX_MEMBER_BYTES or info.file_size / compressed > MAX_RATIO:
        raise ImportError_(
            f"{path}: {info.filename!r} would expand to {info.file_size:,} bytes "
            f"from {info.compress_size:,}; that looks like a zip bomb, so nothing was read.",
            hint="If this really is your export, unzip it yourself and import the chat file.",
        )


class Member:
    """A member being read; a damaged one (bad CRC, broken deflate data) is a clear error."""

    def __init__(self, path: Path, info: zipfile.ZipInfo, handle: IO[bytes]) -> None:
        self._path = path
        self._info = info
        self._handle = handle

    def read(self, size: int = -1) -> bytes:
        try:
            return self._handle.read(size)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise ImportError_(
                f"{self._path}: {self._info.filename!r} inside the archive is damaged ({exc}).",
                hint="Export the chat again, or unzip it yourself and import the chat file; "
                "nothing was imported.",
            ) from None

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> Member:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_member(path: Path, wanted: tuple[str, ...]) -> tuple[Member, zipfile.ZipInfo]:
    """Open the first member whose file name ends with one of ``wanted`` (checked first)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ImportError_(
            f"{path}: not a readable zip archive ({exc}).", hint="Export it again."
        ) from exc
    for info in archive.infolist():
        check_member(path, info)
    for info in archive.infolist():
        if not info.is_dir() and info.filename.lower().endswith(wanted):
            try:
                handle = archive.open(info)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError) as exc:
                raise ImportError_(
                    f"{path}: can't open {info.filename!r} inside the archive ({exc}).",
                    hint="Export the chat again, or unzip it yourself and import the chat file.",
                ) from None
            return Member(path, info, handle), info
    names = ", ".join(i.filename for i in archive.infolist()[:8])
    raise ImportError_(
        f"{path}: no chat file inside the archive (found: {names or 'nothing'}).",
        hint="WhatsApp archives hold _chat.txt or 'WhatsApp Chat with ….txt'.",
    )


def utf16_of(head: bytes) -> str | None:
    """The UTF-16 codec a file's first bytes show, by byte order mark or by shape, or None.

    Some phones write WhatsApp exports in UTF-16. Without a mark, text that is mostly ASCII
    has a zero in every other byte: the odd bytes (little-endian) or the even ones (big).
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # (the codec reads the mark and drops it)
    sample = head[: 4096 - 4096 % 2]
    if len(sample) < 16:
        return None
    half = len(sample) // 2
    if sample[1::2].count(0) > 0.9 * half and sample[0::2].count(0) < 0.1 * half:
        return "utf-16-le"
    if sample[0::2].count(0) > 0.9 * half and sample[1::2].count(0) < 0.1 * half:
        return "utf-16-be"
    return None


class Transcoded:
    """A UTF-16 (or other) byte stream read as UTF-8, a block at a time."""

    def __init__(self, handle: IO[bytes] | Member, encoding: str) -> None:
        self._handle = handle
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        self._encoding = encoding

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        try:
            return self._decoder.decode(data, final=not data).encode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportError_(
                f"not valid {self._encoding} text ({exc.reason}).",
                hint="Name the file's encoding with --encoding if it is another; "
                "nothing was imported.",
            ) from None

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> Transcoded:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
