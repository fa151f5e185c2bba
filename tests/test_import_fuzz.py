"""Every reader's sniff and read, fed damaged bytes: only fireside's own errors come out.

Hypothesis mutates a small valid export of each format byte by byte (insert, delete, replace,
cut, repeat a piece) and also tries raw bytes. Each format gets a bounded number of tries:
``FIRESIDE_FUZZ_EXAMPLES`` (default 40, about a few seconds a format; CI may run more, about
30 s a format is 600). Every input that once crashed a reader is kept in tests/data/fuzz and
read by every reader on every run.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import sqlite3
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fireside.errors import FiresideError
from fireside.importers import FORMATS, ParseOptions, open_export
from fireside.importers.registry import detect
from fireside.samples.whatsapp_export import write_file

EXAMPLES = int(os.environ.get("FIRESIDE_FUZZ_EXAMPLES", "40"))
REGRESSIONS = Path(__file__).parent / "data" / "fuzz"
OPTIONS = ParseOptions(tz=ZoneInfo("Pacific/Kiritimati"), chat="Sam")


def _seed(fmt: str, directory: Path) -> bytes:
    """A small valid export of ``fmt``."""
    if fmt == "whatsapp":
        path = directory / "seed.txt"
        write_file(path, 25, "ios-en-gb")
        return path.read_bytes()
    if fmt == "signal":
        return b"[2024-01-05 10:11:12] Sam: hi ![p](./a.jpg)\n[2024-01-05 10:12:00] Me: hey (- Sam: \xf0\x9f\x91\x8d -)\nmore\n"
    if fmt == "telegram":
        messages = [
            {
                "id": i,
                "type": "message",
                "date": "2024-01-01T10:00:0" + str(i),
                "date_unixtime": str(1704103200 + i),
                "from": "Sam" if i % 2 else "Maya",
                "from_id": "user1",
                "text": ["a ", {"type": "bold", "text": "b"}],
            }
            for i in range(4)
        ]
        return json.dumps(
            {"name": "Sam", "type": "personal_chat", "id": 1, "messages": messages}
        ).encode()
    if fmt == "messenger":
        messages = [
            {"sender_name": "Sam", "timestamp_ms": 1704103200000 + i, "content": "\u00c3\u00a9"}
            for i in range(4)
        ]
        return json.dumps({"participants": [{"name": "Sam"}], "messages": messages}).encode()
    if fmt == "discord":
        messages = [
            {
                "id": str(i),
                "type": "Default",
                "timestamp": "2024-01-01T10:00:00+00:00",
                "author": {"id": "1", "name": "Sam"},
                "content": "hi",
            }
            for i in range(4)
        ]
        return json.dumps(
            {"guild": {"id": "0"}, "channel": {"id": "1"}, "messages": messages}
        ).encode()
    if fmt == "sms":
        return (
            b'<?xml version="1.0"?><smses count="2"><sms address="+447700900123" date="1704103200000" '
            b'type="1" body="hi" contact_name="Sam"/><mms date="1704103300000" msg_box="2" address="+447700900123">'
            b'<parts><part ct="text/plain" text="&#55357;&#56846;"/></parts></mms></smses>'
        )
    if fmt == "csv":
        return b'timestamp,sender,text\n2024-03-01T10:00:00+00:00,Maya,hi\n2024-03-01T10:00:00,Sam,"a,b"\n'
    if fmt == "imessage":
        path = directory / "seed.db"
        connection = sqlite3.connect(path)
        connection.executescript(
            "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT);"
            "CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, handle_id INTEGER,"
            " is_from_me INTEGER, date INTEGER);"
            "INSERT INTO handle VALUES (1, 'Sam');"
            "INSERT INTO message VALUES (1, 'hi', 1, 0, 730000000), (2, 'hey', 1, 1, 730000100);"
        )
        connection.commit()
        connection.close()
        return path.read_bytes()
    raise AssertionError(fmt)


@st.composite
def _mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        at = draw(st.integers(min_value=0, max_value=max(0, len(data))))
        action = draw(st.sampled_from(["insert", "delete", "replace", "cut", "repeat"]))
        piece = draw(
            st.binary(min_size=1, max_size=8)
            | st.sampled_from(
                [
                    b"[",
                    b"{",
                    b'"',
                    b"\\",
                    b"\n",
                    b"\x00",
                    b"9" * 40,
                    b"\xff\xfe",
                    b"\r\n",
                    b"31/12/9999, ",
                ]
            )
        )
        if action == "insert":
            data[at:at] = piece
        elif action == "delete":
            del data[at : at + len(piece)]
        elif action == "replace":
            data[at : at + len(piece)] = piece
        elif action == "cut":
            del data[at:]
        else:
            data[at:at] = data[at : at + draw(st.integers(min_value=1, max_value=200))] * draw(
                st.integers(min_value=2, max_value=30)
            )
    return bytes(data)


def _read_all(path: Path, fmt: str) -> None:
    """Sniff, then read every frame; a clear FiresideError is a fine answer."""
    with contextlib.suppress(FiresideError):
        detect(path)
    try:
        for frame in open_export(path, OPTIONS, format=fmt).frames:
            assert frame.get_column("ts").null_count() == 0
    except FiresideError:
        pass


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_damaged_bytes_end_in_fireside_errors_only(
    fmt: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    directory = tmp_path_factory.mktemp(f"fuzz-{fmt}")
    seed = _seed(fmt, directory)
    suffix = {"whatsapp": ".txt", "csv": ".csv", "sms": ".xml", "imessage": ".db", "signal": ".md"}
    path = directory / f"message_1{suffix.get(fmt, '.json')}"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(_mutated(seed) | st.binary(max_size=2000))
    def one(data: bytes) -> None:
        path.write_bytes(data)
        _read_all(path, fmt)

    one()
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 300, f"{fmt}: the fuzz run grew the process by {grown_mb:.0f} MB"


def test_a_damaged_zip_ends_in_a_fireside_error(tmp_path: Path) -> None:
    chat = tmp_path / "chat.txt"
    write_file(chat, 200, "android-en-gb")
    packed = tmp_path / "chat.zip"
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(chat, "_chat.txt")
    data = bytearray(packed.read_bytes())
    for at in range(40, len(data) - 30, max(1, len(data) // 40)):
        damaged = bytearray(data)
        damaged[at] ^= 0xFF
        packed.write_bytes(bytes(damaged))
        _read_all(packed, "whatsapp")


@pytest.mark.parametrize("case", sorted(p.name for p in REGRESSIONS.iterdir()))
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_inputs_that_once_crashed_a_reader(case: str, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / case
    path.write_bytes((REGRESSIONS / case).read_bytes())
    _read_all(path, fmt)
