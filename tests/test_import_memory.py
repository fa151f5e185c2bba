"""Import memory is bounded whatever the file's size; damaged and random files end clearly.

Each command runs in a child process under an address-space cap (tests/memcap.py).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from fireside.errors import ExitCode
from fireside.samples.whatsapp_export import write_file
from tests.memcap import run_fireside


def test_import_memory_does_not_grow_with_the_chat(tmp_path: Path) -> None:
    # The whole chat used to be held at once: three and a half times the messages, +100 MB at this
    # size (and a 1.5 GB export aborted at 6 GB). Streamed, the peak stays about where it
    # was (it moves by some 20 MB either way with the timing of allocations).
    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    write_file(small, 150_000, "android-en-gb")
    write_file(large, 550_000, "android-en-gb")
    peaks = []
    for path in (small, large):
        home = tmp_path / f"home-{path.stem}"
        os.environ["FIRESIDE_HOME"] = str(home)  # (the fixture restores it afterwards)
        done = run_fireside(
            ["import", str(path), "--me", "Maya", "--tz", "UTC"], budget_mb=400, timeout=300
        )
        assert done.returncode == ExitCode.OK, done.stderr
        peaks.append(done.peak_mb)
    assert peaks[1] - peaks[0] < 50, peaks


def test_a_zip_whose_crc_lies_is_a_clear_error(tmp_path: Path) -> None:
    chat = tmp_path / "chat.txt"
    write_file(chat, 3000, "android-en-gb")
    path = tmp_path / "chat.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.write(chat, "WhatsApp Chat with Sam.txt")
    data = bytearray(path.read_bytes())
    at = data.find(b"Sam: ", 20_000)  # a byte of the member's content, well inside it
    data[at] ^= 0x20
    path.write_bytes(bytes(data))
    done = run_fireside(["import", str(path), "--me", "Maya", "--tz", "UTC"], budget_mb=200)
    assert done.returncode == ExitCode.INVALID_INPUT, done.stderr
    assert "inside the archive is damaged" in done.stderr
    assert "Bad CRC" in done.stderr


@pytest.fixture(scope="module")
def random_bytes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("random") / "noise.bin"
    with path.open("wb") as handle:
        for _ in range(24):
            handle.write(os.urandom(1 << 20))
    return path


@pytest.mark.parametrize(
    "fmt, encoding",
    [
        *(
            (f, "utf-8")
            for f in ("csv", "messenger", "signal", "whatsapp", "telegram", "discord", "sms")
        ),
        # Latin-1 reads any byte as a character: the readers' own bounds must hold.
        *((f, "latin-1") for f in ("csv", "signal", "whatsapp", "telegram")),
    ],
)
def test_random_bytes_forced_through_any_format_end_clearly_in_little_memory(
    random_bytes: Path, fmt: str, encoding: str
) -> None:
    # 24 MB of noise; 2 GB of it used 4.3 GB and ended in exit 70 for CSV.
    done = run_fireside(
        [
            "import",
            str(random_bytes),
            "--format",
            fmt,
            "--encoding",
            encoding,
            "--me",
            "Maya",
            "--partner",
            "Sam",
            "--tz",
            "UTC",
        ],
        budget_mb=200,
    )
    assert done.returncode == ExitCode.INVALID_INPUT, done.stderr
    assert "unexpected problem" not in done.stderr
