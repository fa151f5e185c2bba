"""Formats fireside can import, recognised by content rather than by file name."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fireside.importers import csvfile, discord, imessage, meta, signal, sms, telegram, whatsapp
from fireside.importers.model import ImportError_, Parsed, ParseOptions, Progress, Reader


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    sniff: Callable[[str], bool]  # looks at the first 64 KB as text
    read: Reader
    sniff_file: Callable[[Path], bool] | None = None  # for binary formats (a SQLite database)


FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> None:
    FORMATS[fmt.name] = fmt


# Signal first: its lines are a subset of WhatsApp's shapes (see signal.sniff).
register(
    Format(signal.FORMAT, "Signal chat.md as written by signal-export", signal.sniff, signal.read)
)
register(
    Format(
        whatsapp.FORMAT,
        "WhatsApp 'Export chat' (.txt or .zip; Android and iOS)",
        whatsapp.sniff,
        whatsapp.read,
    )
)
register(
    Format(
        telegram.FORMAT,
        "Telegram Desktop JSON (a chat's result.json or a whole-account export; --chat picks one)",
        telegram.sniff,
        telegram.read,
    )
)
register(
    Format(
        meta.FORMAT,
        "Facebook Messenger or Instagram JSON (message_1.json; its message_N.json siblings are merged)",
        meta.sniff,
        meta.read,
    )
)
register(
    Format(discord.FORMAT, "Discord JSON from DiscordChatExporter", discord.sniff, discord.read)
)
register(
    Format(
        sms.FORMAT,
        "Android 'SMS Backup & Restore' XML (--chat picks the conversation)",
        sms.sniff,
        sms.read,
    )
)
register(
    Format(
        imessage.FORMAT,
        "iMessage chat.db (or sms.db from an iPhone backup), read-only; --chat picks the number",
        lambda _head: False,
        imessage.read,
        sniff_file=imessage.sniff_file,
    )
)
register(
    Format(
        csvfile.FORMAT,
        "CSV with columns timestamp,sender,text (ISO-8601 times)",
        csvfile.sniff,
        csvfile.read,
    )
)

SNIFF_BYTES = 64 << 10


def _head(path: Path) -> str:
    if zipfile.is_zipfile(path):
        from fireside.importers import archive

        member, _ = archive.open_member(path, (".txt",))
        with member:
            data = member.read(SNIFF_BYTES)
    else:
        with path.open("rb") as handle:
            data = handle.read(SNIFF_BYTES)
    from fireside.importers.archive import utf16_of

    return data.decode(utf16_of(data) or "utf-8", errors="replace")


def detect(path: Path) -> Format:
    if not path.exists():
        raise ImportError_(f"{path} does not exist.", hint="Check the path.")
    if path.is_dir():
        raise ImportError_(f"{path} is a folder.", hint="Give the export file itself.")
    if path.stat().st_size == 0:
        raise ImportError_(
            f"{path} is empty.", hint="Export the chat again; the file has no content."
        )
    for fmt in FORMATS.values():
        if fmt.sniff_file is not None and fmt.sniff_file(path):
            return fmt
    head = _head(path)
    if "\x00" in head[:4096]:
        raise ImportError_(
            f"{path} is not a chat export fireside can read (it looks like binary data).",
            hint="Supported: " + ", ".join(FORMATS) + ". See `fireside import --help`.",
        )
    for fmt in FORMATS.values():
        if fmt.sniff(head):
            return fmt
    raise ImportError_(
        f"{path}: fireside does not recognise this file's format.",
        hint="Supported: " + ", ".join(FORMATS) + ". If it is one of these, name it with --format.",
    )


def open_export(
    path: Path, options: ParseOptions, *, format: str = "auto", progress: Progress | None = None
) -> Parsed:
    """Parse ``path`` with the named format, or the one its content shows."""
    if format == "auto":
        fmt = detect(path)
    elif format in FORMATS:
        fmt = FORMATS[format]
        if not path.is_file():
            raise ImportError_(f"{path} is not a file.", hint="Check the path.")
    else:
        raise ImportError_(
            f"Unknown format {format!r}.", hint="Formats: auto, " + ", ".join(FORMATS) + "."
        )
    return fmt.read(path, options, progress)
