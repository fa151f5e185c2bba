"""One damaged WhatsApp date affects its own line only: reported with its number, left out."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fireside.importers import ParseOptions, open_export
from fireside.samples.whatsapp_export import write_file

UTC = ZoneInfo("UTC")


def _damage(path: Path, line_no: int, new_date: str) -> str:
    """Put ``new_date`` in place of the date on line ``line_no`` (1-based); the old date."""
    lines = path.read_text(encoding="utf-8").split("\n")
    old, rest = lines[line_no - 1].split(",", 1)
    lines[line_no - 1] = new_date + "," + rest
    path.write_text("\n".join(lines), encoding="utf-8")
    return old


def _header_lines(path: Path) -> list[int]:
    lines = path.read_text(encoding="utf-8").split("\n")
    return [i for i, line in enumerate(lines, 1) if line[:2].isdigit() and " - " in line]


def _read(path: Path, fmt: str = "auto") -> tuple[pl.DataFrame, object]:
    parsed = open_export(path, ParseOptions(tz=UTC), format=fmt)
    frames = list(parsed.frames)
    return pl.concat(frames), parsed


@pytest.mark.parametrize("new_date", ["01/01/2098", "31/12/9999", "01/01/1995", "15/06/2037"])
@pytest.mark.parametrize("where", ["early", "middle", "last"])
def test_one_far_date_leaves_only_its_line_out(
    tmp_path: Path, new_date: str, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("fireside.importers.whatsapp.CHUNK_BYTES", 8192)  # many block edges
    path = tmp_path / "chat.txt"
    write_file(path, 2000, "android-en-gb")
    clean, _ = _read(path)
    heads = _header_lines(path)
    line_no = {"early": heads[4], "middle": heads[len(heads) // 2], "last": heads[-4]}[where]
    _damage(path, line_no, new_date)
    frame, parsed = _read(path)
    assert frame.height == clean.height - 1
    assert line_no not in frame.get_column("line").to_list()
    # Every other message keeps its time exactly.
    expected = clean.filter(pl.col("line") != line_no)
    assert frame.get_column("ts").to_list() == expected.get_column("ts").to_list()
    noted = [p for p in parsed.problems if p.line == line_no]  # type: ignore[attr-defined]
    assert noted and "date far from the messages around it" in noted[0].reason


def test_a_block_edge_cannot_hide_a_far_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("fireside.importers.whatsapp.CHUNK_BYTES", 4096)
    path = tmp_path / "chat.txt"
    write_file(path, 1500, "android-en-gb")
    clean, _ = _read(path)
    # Damage a line at every block edge we can find: the first header after each 4 KB.
    data = path.read_bytes()
    heads = _header_lines(path)
    offsets = [0]
    for line in data.split(b"\n"):
        offsets.append(offsets[-1] + len(line) + 1)
    chosen = []
    for edge in range(4096, len(data), 4096 * 5):
        line_no = next(h for h in heads if offsets[h - 1] >= edge)
        chosen.append(line_no)
        _damage(path, line_no, "01/01/2098")
    frame, parsed = _read(path)
    assert frame.height == clean.height - len(chosen)
    kept = set(frame.get_column("line").to_list())
    assert kept.isdisjoint(chosen)
    expected = clean.filter(~pl.col("line").is_in(chosen))
    assert frame.get_column("ts").to_list() == expected.get_column("ts").to_list()
    assert {p.line for p in parsed.problems} >= set(chosen)  # type: ignore[attr-defined]


@settings(max_examples=25, deadline=None)
# (Line 1 is a notice and line 2 the first message, which has nothing before it to be judged
# against; the last two messages have too few after them to be called far ahead.)
@given(st.integers(min_value=2, max_value=296), st.sampled_from(["01/01/2098", "02/02/1991"]))
def test_any_one_line_damaged_keeps_every_other_time(
    tmp_path_factory: pytest.TempPathFactory, index: int, new_date: str
) -> None:
    path = tmp_path_factory.mktemp("w") / "chat.txt"
    write_file(path, 300, "android-en-gb")
    clean, _ = _read(path)
    line_no = _header_lines(path)[index]
    _damage(path, line_no, new_date)
    frame, _ = _read(path)
    expected = clean.filter(pl.col("line") != line_no)
    assert frame.get_column("ts").to_list() == expected.get_column("ts").to_list()


def _many_short_lines(path: Path, lines: int) -> None:
    body = "\n".join(["a"] * lines)
    path.write_text(
        "13/03/2024, 10:00 - Sam: start\n" + f"13/03/2024, 10:01 - Maya: {body}\n"
        "13/03/2024, 10:02 - Sam: end\n",
        encoding="utf-8",
    )


def test_one_message_of_many_short_lines_reads_in_linear_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each read looked at every line of the message so far again: 16 MB took 44 s.
    import time

    monkeypatch.setattr("fireside.importers.whatsapp.CHUNK_BYTES", 4096)
    seconds = []
    for lines in (40_000, 160_000):
        path = tmp_path / f"chat-{lines}.txt"
        _many_short_lines(path, lines)
        start = time.perf_counter()
        frame, _ = _read(path, "whatsapp")
        seconds.append(time.perf_counter() - start)
        assert frame.height == 3
        assert frame.get_column("text")[1].count("\n") == lines - 1
    assert seconds[1] < 8 * seconds[0] + 0.5, seconds  # four times the lines: about four times
