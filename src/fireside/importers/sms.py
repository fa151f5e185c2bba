"""Android "SMS Backup & Restore" XML (``<smses>`` with ``<sms>`` and ``<mms>`` elements).

See ../shared/formats/CHAT-EXPORTS.md, section 5. The backup holds every conversation on the
phone, so one is chosen by contact name or number (``--chat``, else ``--partner``, else the
profile's partner). Sent messages are you; received ones are the contact.

Streamed: the file passes through a filter that drops ``data="…"`` attributes (base64 media
that can run to gigabytes) before the XML parser sees them, and turns the app's numeric
references to UTF-16 surrogate halves (``&#55357;&#56846;``, rejected by strict parsers) into
the character they encode. Elements are cleared as soon as they are read.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import polars as pl

from fireside.importers.columns import MAX_EPOCH_MS, from_epoch_ms, to_schema
from fireside.importers.model import (
    ImportError_,
    Parsed,
    ParseOptions,
    Problem,
    Progress,
    streamed,
)

FORMAT = "sms"
SELF = "Me"  # the label for your own messages; fireside.ingest knows it is you
CHUNK = 1 << 20
SURROGATE_PAIR = re.compile(rb"&#(5[5-6]\d{3});&#(5[6-7]\d{3});")
LONE_SURROGATE = re.compile(rb"&#(5[5-7]\d{3});")
DATA_ATTRIBUTE = b' data="'


def sniff(head: str) -> bool:
    return "<smses" in head[:4096]


def read(path: Path, options: ParseOptions, progress: Progress | None = None) -> Parsed:
    parsed = streamed(FORMAT, _frames, path, options, progress)
    parsed.self_sender = SELF
    return parsed


class _Filtered:
    """A file-like view of the backup without media payloads and with valid references."""

    def __init__(self, raw: IO[bytes], progress: Progress | None, total: int) -> None:
        self._raw = raw
        self._progress = progress
        self._total = total
        self._done = 0
        self._pending = b""
        self._in_data = False
        self._eof = False

    def read(self, _size: int = -1) -> bytes:
        out = b""
        while not out and not (self._eof and not self._pending):
            block = self._raw.read(CHUNK)
            self._done += len(block)
            if self._progress:
                self._progress(min(self._done, self._total), self._total)
            if not block:
                self._eof = True
            data = self._pending + block
            cut = len(data) if self._eof else _safe_cut(data)
            ready, self._pending = data[:cut], data[cut:]
            out = self._strip_media(ready)
        return _fix_references(out)

    def _strip_media(self, data: bytes) -> bytes:
        pieces: list[bytes] = []
        position = 0
        while position < len(data):
            if self._in_data:
                end = data.find(b'"', position)
                if end < 0:
                    return b"".join(pieces)
                position, self._in_data = end + 1, False
                continue
            start = data.find(DATA_ATTRIBUTE, position)
            if start < 0:
                pieces.append(data[position:])
                break
            pieces.append(data[position:start])
            position, self._in_data = start + len(DATA_ATTRIBUTE), True
        return b"".join(pieces)


TOKEN_WINDOW = 32  # longer than any token that must stay whole: ' data="' or '&#55357;&#56856;'


def _safe_cut(data: bytes) -> int:
    """Where a block may end without splitting an attribute or a character reference.

    Cut before the first space or "&" of the last few bytes, but never between the two halves
    of a surrogate pair ("&#55357;&#56856;": the second "&" follows a ";").
    """
    for i in range(max(0, len(data) - TOKEN_WINDOW), len(data)):
        if data[i : i + 1] == b" " or (data[i : i + 1] == b"&" and data[i - 1 : i] != b";"):
            return i
    return len(data)


def _fix_references(data: bytes) -> bytes:
    def pair(match: re.Match[bytes]) -> bytes:
        high, low = int(match[1]), int(match[2])
        if not (0xD800 <= high <= 0xDBFF and 0xDC00 <= low <= 0xDFFF):
            return match[0]
        code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        return b"&#%d;" % code

    def lone(match: re.Match[bytes]) -> bytes:
        return b"&#65533;" if 0xD800 <= int(match[1]) <= 0xDFFF else match[0]

    return LONE_SURROGATE.sub(lone, SURROGATE_PAIR.sub(pair, data))


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)[-9:]


def _millis(value: str | None) -> int | None:
    if not value or not value.lstrip("-").isdigit():
        return None
    stamp = int(value)
    ms = stamp * 1000 if abs(stamp) < 10**11 else stamp  # some converters write seconds
    return ms if abs(ms) < MAX_EPOCH_MS else None


def _frames(
    path: Path, options: ParseOptions, progress: Progress | None, parsed: Parsed
) -> Iterator[pl.DataFrame]:
    total = path.stat().st_size
    rows: dict[str, list[Any]] = {
        "line": [],
        "ms": [],
        "contact": [],
        "number": [],
        "sent": [],
        "kind": [],
        "text": [],
    }
    index = 0
    with path.open("rb") as raw:
        try:
            for _event, element in ET.iterparse(_Filtered(raw, progress, total), events=("end",)):
                if element.tag not in ("sms", "mms"):
                    continue
                index += 1
                _collect(element, index, rows, parsed)
                element.clear()
        except ET.ParseError as exc:
            line, column = exc.position
            raise ImportError_(
                f"{path}: line {line}, column {column}: the XML is broken or cut off ({exc}).",
                hint="Make a new backup with SMS Backup & Restore; nothing was imported.",
            ) from None
    if not rows["line"]:
        return
    conversations = Counter(zip(rows["contact"], rows["number"], strict=True))
    wanted = options.chat
    if wanted is None:
        listed = ", ".join(f"{c or n} ({count})" for (c, n), count in conversations.most_common(12))
        raise ImportError_(
            f"{path}: this backup holds {len(conversations)} conversations: {listed}.",
            hint="Pick one with --chat NAME or NUMBER (or --partner NAME).",
        )
    key = wanted.casefold()
    digits = _digits(wanted)
    keep = [
        (c.casefold() == key) or (bool(digits) and _digits(n) == digits)
        for c, n in zip(rows["contact"], rows["number"], strict=True)
    ]
    if not any(keep):
        raise ImportError_(
            f"{path}: no conversation with {wanted!r}.",
            hint="Conversations: "
            + ", ".join(f"{c or n}" for (c, n), _ in conversations.most_common(12))
            + ".",
        )
    frame = pl.DataFrame(rows).filter(pl.Series(keep))
    name = next((c for c, k in zip(rows["contact"], keep, strict=True) if k and c), wanted)
    frame = from_epoch_ms(frame, options.tz.key).with_columns(
        sender=pl.when(pl.col("sent")).then(pl.lit(SELF)).otherwise(pl.lit(name)),
        edited=pl.lit(False),
    )
    yield to_schema(frame, sort=True)


def _collect(element: ET.Element, index: int, rows: dict[str, list[Any]], parsed: Parsed) -> None:
    attrs = element.attrib
    ms = _millis(attrs.get("date"))
    if ms is None:
        parsed.note(Problem(index, f"{element.tag} without a date"))
        return
    if element.tag == "sms":
        kind_code = attrs.get("type")
        if kind_code not in ("1", "2"):  # drafts, outbox, failed, queued: never sent or received
            return
        sent = kind_code == "2"
        text = attrs.get("body") or ""
        kind = "text"
    else:
        box = attrs.get("msg_box")
        if box not in ("1", "2"):
            return
        sent = box == "2"
        texts = [p.get("text") or "" for p in element.iter("part") if p.get("ct") == "text/plain"]
        media = any(
            p.get("ct") not in ("text/plain", "application/smil") for p in element.iter("part")
        )
        text = "\n".join(t for t in texts if t)
        kind = "media" if media and not text else "text"
    rows["line"].append(index)
    rows["ms"].append(ms)
    rows["contact"].append(
        (attrs.get("contact_name") or "").strip()
        if attrs.get("contact_name") not in (None, "(Unknown)")
        else ""
    )
    rows["number"].append(attrs.get("address") or "")
    rows["sent"].append(sent)
    rows["kind"].append(kind)
    rows["text"].append("" if text == "null" else text)
