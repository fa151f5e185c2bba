"""WhatsApp import: every locale, golden files, hostile files, properties, and nothing lost."""

from __future__ import annotations

import itertools
import json
import os
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from fireside.cli import app
from fireside.errors import ExitCode
from fireside.importers import DateOrder, ParseOptions, open_export
from fireside.importers.whatsapp import read as read_whatsapp
from fireside.importers.whatsapp_kinds import markers
from fireside.samples.whatsapp_export import (
    LOCALES,
    TrueMessage,
    format_message,
    write_export,
    write_file,
)

DATA = Path(__file__).parent / "data" / "whatsapp"
MARKER_TEXTS = {t for values in markers().values() for t in values if isinstance(t, str)}
UTC = ZoneInfo("UTC")


def parse(path: Path, **options: object) -> tuple[pl.DataFrame, object]:
    parsed = open_export(path, ParseOptions(tz=options.pop("tz", UTC), **options))  # type: ignore[arg-type]
    frames = list(parsed.frames)
    return (pl.concat(frames) if frames else pl.DataFrame()), parsed


def as_truth(frame: pl.DataFrame) -> list[tuple[object, ...]]:
    return [
        (
            r["ts"].replace(tzinfo=None) + timedelta(minutes=r["offset_minutes"]),
            r["sender"],
            r["kind"],
            r["edited"],
            r["text"],
        )
        for r in frame.iter_rows(named=True)
    ]


# ---------------------------------------------------------------- generated exports, every locale


@pytest.mark.parametrize("locale", sorted(LOCALES))
@pytest.mark.parametrize("crlf, bom", [(False, False), (True, True)])
def test_every_locale_reads_back_exactly(
    tmp_path: Path, locale: str, crlf: bool, bom: bool
) -> None:
    loc = LOCALES[locale]
    truth = list(
        __import__("fireside.samples.whatsapp_export", fromlist=["conversation"]).conversation(
            500, seed=3, seconds=loc.platform == "ios"
        )
    )
    path = tmp_path / "chat.txt"
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_export(handle, truth, loc, crlf=crlf, bom=bom)
    frame, parsed = parse(path)
    assert as_truth(frame) == [(t.local, t.sender, t.kind, t.edited, t.text) for t in truth]
    assert parsed.system_lines == 1 and parsed.problems == []  # type: ignore[attr-defined]


def test_a_zip_export_reads_like_the_txt_inside(tmp_path: Path) -> None:
    text_file = tmp_path / "chat.txt"
    truth = write_file(text_file, 200, "ios-en-gb")
    archive = tmp_path / "WhatsApp Chat - Sam.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(text_file, "_chat.txt")
        zf.writestr("00000012-PHOTO-2023-01-02-08-00-00.jpg", b"\xff\xd8fake")
    frame, _ = parse(archive)
    assert frame.height == len(truth)


def test_big_files_stream_across_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("fireside.importers.whatsapp.CHUNK_BYTES", 4096)  # many small chunks
    path = tmp_path / "chat.txt"
    truth = write_file(path, 3000, "android-en-gb")
    frame, _ = parse(path)
    assert as_truth(frame) == [(t.local, t.sender, t.kind, t.edited, t.text) for t in truth]


# ---------------------------------------------------------------- golden files


@pytest.mark.parametrize(
    "name", sorted(p.stem for p in DATA.glob("*.txt") if p.stem != "ambiguous")
)
def test_golden_parse_output(runner: CliRunner, name: str) -> None:
    result = runner.invoke(app, ["parse", str(DATA / f"{name}.txt"), "--tz", "UTC"])
    assert result.exit_code == 0, result.stderr
    golden = DATA / f"{name}.expected.jsonl"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(result.stdout)
    assert result.stdout == golden.read_text(), (
        f"regenerate with UPDATE_GOLDEN=1 if intended: {name}"
    )


def test_parse_stores_nothing_and_reads_the_profile_once_there_is_one(
    runner: CliRunner, fireside_home: Path
) -> None:
    export = str(DATA / "android-en-gb.txt")
    before = runner.invoke(app, ["parse", export, "--tz", "UTC", "--limit", "3"])
    assert before.exit_code == 0, before.stderr
    assert not (fireside_home / "fireside.db").exists()  # no database made just to parse
    assert {json.loads(line)["role"] for line in before.stdout.splitlines()} == {"other"}

    assert (
        runner.invoke(app, ["init", "--me", "Maya", "--partner", "Sam", "--tz", "UTC"]).exit_code
        == 0
    )
    after = runner.invoke(app, ["parse", export, "--limit", "3"])
    rows = [json.loads(line) for line in after.stdout.splitlines()]
    assert {row["role"] for row in rows} <= {"me", "partner"}
    assert all(row["ts"].endswith("+00:00") for row in rows)  # the profile's zone


def test_ambiguous_dates_stop_and_ask_and_the_flag_settles_it(runner: CliRunner) -> None:
    result = runner.invoke(app, ["parse", str(DATA / "ambiguous.txt")])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "ambiguous" in result.stderr and "--date-order" in result.stderr
    dmy = runner.invoke(
        app, ["parse", str(DATA / "ambiguous.txt"), "--date-order", "dmy", "--tz", "UTC"]
    )
    mdy = runner.invoke(
        app, ["parse", str(DATA / "ambiguous.txt"), "--date-order", "mdy", "--tz", "UTC"]
    )
    assert json.loads(dmy.stdout.splitlines()[0])["ts"].startswith("2023-02-01")
    assert json.loads(mdy.stdout.splitlines()[0])["ts"].startswith("2023-01-02")


def test_chronology_settles_dates_that_never_pass_12(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"  # 10/01 .. 12/01 then 01/02: only day-first keeps time order
    path.write_text(
        "10/01/2023, 10:00 - A: a\n11/01/2023, 10:00 - B: b\n01/02/2023, 10:00 - A: c\n"
    )
    frame, _ = parse(path)
    assert frame.get_column("ts").dt.month().to_list() == [1, 1, 2]


# ---------------------------------------------------------------- time zones and DST


def test_times_are_read_in_the_profile_zone_and_dst_never_goes_backwards(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"  # London clocks go back at 02:00 BST on 29 Oct 2023
    path.write_text(
        "29/10/2023, 00:50 - A: before\n29/10/2023, 01:20 - B: first 01:20\n"
        "29/10/2023, 01:10 - A: second 01:10, after the change\n29/10/2023, 09:00 - B: morning\n"
    )
    frame, _ = parse(path, tz=ZoneInfo("Europe/London"))
    ts = frame.get_column("ts").to_list()
    assert all(later >= earlier for earlier, later in itertools.pairwise(ts))
    assert frame.get_column("offset_minutes").to_list()[0] == 60
    assert frame.get_column("offset_minutes").to_list()[-1] == 0


# ---------------------------------------------------------------- hostile and broken files


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "is empty"),
        (bytes(range(256)) * 40, "binary"),
        (b'{"messages": []}', "does not recognise this file"),
        (b"hello\nthis is just a note\n", "does not recognise this file"),
    ],
)
def test_files_that_are_not_chats_are_named(
    runner: CliRunner, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes(content)
    result = runner.invoke(app, ["import", str(path), "--me", "A", "--partner", "B"])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert message in result.stderr and "Traceback" not in result.stderr


def test_invalid_utf8_names_the_line_and_the_encoding_option(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "chat.txt"
    path.write_bytes(b"31/12/2023, 21:07 - A: hi\n31/12/2023, 21:08 - B: caf\xe9\n")
    result = runner.invoke(app, ["import", str(path), "--me", "A", "--partner", "B"])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "line 2: not valid utf-8" in result.stderr and "--encoding" in result.stderr
    fixed = runner.invoke(
        app, ["import", str(path), "--me", "A", "--partner", "B", "--encoding", "cp1252", "--json"]
    )
    assert fixed.exit_code == 0 and json.loads(fixed.stdout)["imported"] == 2


def test_a_bad_byte_deep_in_a_big_file_names_its_line_and_nothing_is_stored(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("fireside.importers.whatsapp.CHUNK_BYTES", 4096)  # parsed on the pool
    path = tmp_path / "chat.txt"
    write_file(path, 3000, "android-en-gb")
    lines = path.read_bytes().split(b"\n")
    bad = 2500  # a line far past the first block
    lines[bad - 1] = lines[bad - 1] + b" caf\xe9"
    path.write_bytes(b"\n".join(lines))
    result = runner.invoke(app, ["import", str(path), "--me", "Maya"])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert f"line {bad}: not valid utf-8" in result.stderr
    assert json.loads(runner.invoke(app, ["imports", "--json"]).stdout) == []


def test_an_endless_message_is_refused_not_held_in_memory(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("fireside.importers.whatsapp.CHUNK_BYTES", 4096)
    monkeypatch.setattr("fireside.importers.whatsapp.MAX_MESSAGE_BYTES", 64 * 1024)
    path = tmp_path / "chat.txt"
    path.write_text("31/12/2023, 21:07 - A: hi\n" + "and then more\n" * 20_000)
    args = ["import", str(path), "--format", "whatsapp", "--me", "A", "--partner", "B"]
    result = runner.invoke(app, args)
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "line 1: a message longer than" in result.stderr


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_zip_with_a_traversal_path_is_refused_before_anything_is_read(
    runner: CliRunner, tmp_path: Path
) -> None:
    archive = _zip(tmp_path / "evil.zip", {"../../etc/evil.txt": b"31/12/2023, 21:07 - A: hi\n"})
    result = runner.invoke(app, ["import", str(archive), "--me", "A", "--partner", "B"])
    assert result.exit_code == ExitCode.INVALID_INPUT and "unsafe path" in result.stderr
    assert not (tmp_path.parent / "etc").exists()


def test_zip_bomb_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    archive = _zip(tmp_path / "bomb.zip", {"_chat.txt": b"0" * (50 << 20)})
    result = runner.invoke(app, ["import", str(archive), "--me", "A", "--partner", "B"])
    assert result.exit_code == ExitCode.INVALID_INPUT and "zip bomb" in result.stderr


def test_a_few_bad_lines_never_abort_many_good_ones(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    write_file(path, 400, "android-en-gb")
    text = path.read_text().replace("\n", "\n31/02/2023, 10:00 - A: impossible date\n", 1)
    path.write_text(text)
    result = runner.invoke(app, ["import", str(path), "--me", "Maya", "--partner", "Sam", "--json"])
    report = json.loads(result.stdout)
    assert report["imported"] == 400
    assert report["problems"] == [
        {"line": 2, "reason": "date or time not understood: 31/02/2023, 10:00"}
    ]


# ---------------------------------------------------------------- properties

SAFE = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
            blacklist_characters="\u200e\u200f\u202a\u202b\u202c\u202d\u202e",
        ),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(
        lambda s: (
            s
            and not s[0].isdigit()
            and not s.startswith(("[", "<", "~"))
            and ": " not in s
            and s.lower().rstrip(".") not in MARKER_TEXTS
        )  # a typed "image omitted" reads as one
    )
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=2000))
def test_the_parser_never_raises_on_arbitrary_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "any.txt"
    path.write_text(text, encoding="utf-8")
    parsed = read_whatsapp(path, ParseOptions(tz=UTC, date_order=DateOrder.DMY))
    for frame in parsed.frames:
        assert frame.columns == ["line", "ts", "offset_minutes", "sender", "kind", "edited", "text"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    locale=st.sampled_from(sorted(LOCALES)),
    bodies=st.lists(
        st.tuples(st.sampled_from(["Ann", "Bo Li", "Zoë 🌸"]), SAFE), min_size=1, max_size=30
    ),
    start=st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2030, 1, 1)),
    gaps=st.lists(st.integers(0, 3 * 24 * 3600), min_size=30, max_size=30),
)
def test_parse_format_parse_is_stable(
    tmp_path: Path, locale: str, bodies: list[tuple[str, str]], start: datetime, gaps: list[int]
) -> None:
    loc = LOCALES[locale]
    moment = start.replace(microsecond=0, second=0 if loc.platform == "android" else start.second)
    truth = []
    for (sender, body), gap in zip(bodies, gaps, strict=False):
        moment += timedelta(seconds=gap if loc.platform == "ios" else gap - gap % 60)
        truth.append(TrueMessage(moment, sender, "text", False, body))
    text = "\n".join(format_message(m, loc) for m in truth) + "\n"
    path = tmp_path / "chat.txt"
    path.write_text(text, encoding="utf-8")
    order = {"android-ymd": DateOrder.YMD, "android-iso": DateOrder.YMD}.get(locale)
    if order is None:
        order = DateOrder.MDY if "en-us" in locale else DateOrder.DMY
    frame, _ = parse(path, date_order=order)
    assert as_truth(frame) == [(t.local, t.sender, t.kind, t.edited, t.text) for t in truth]


def test_the_cli_lists_every_registered_format() -> None:
    from fireside.cli.chats import FORMAT_NAMES
    from fireside.importers import FORMATS

    assert set(FORMAT_NAMES) == set(FORMATS)


# ---------------------------------------------------------------- the plain-text fast path


def _marker_words() -> list[str]:
    m = markers()
    keys = ("media_android", "media_ios", "sticker", "deleted", "calls", "system_exact")
    words = [w for k in keys for w in m[k]] + list(m["system_contains"])
    words += [f"photo.jpg {s}" for s in m["attached_android_suffixes"]]
    words += [f"{p} 0001-PHOTO.jpg>" for p in m["attached_ios_prefixes"]]
    words += [f"fine {s}" for s in m["edited_suffixes"]]
    return words


_case = st.sampled_from([str, str.upper, str.title, str.capitalize, str.swapcase])
_body = st.one_of(
    st.text(max_size=60),
    st.builds(lambda w, f: f(w), st.sampled_from(_marker_words()), _case),
    st.builds(
        lambda a, w, b, f: f"{a}{f(w)}{b}",
        st.sampled_from(["", "\u200e", " ", "so "]),
        st.sampled_from(_marker_words()),
        st.sampled_from(["", ".", " ", "\nwith a caption"]),
        _case,
    ),
    st.none(),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_body, min_size=1, max_size=40))
def test_the_plain_text_fast_path_agrees_with_the_full_classification(
    bodies: list[str | None],
) -> None:
    from fireside.importers.whatsapp_kinds import CLASSIFIED, classify, classify_all

    frame = pl.DataFrame(
        {
            "line": range(1, len(bodies) + 1),
            "sender": ["\u200eSam"] * len(bodies),
            "body": bodies,
        },
        schema={"line": pl.Int64, "sender": pl.String, "body": pl.String},
    )
    columns = ["line", "body", *CLASSIFIED]
    assert classify(frame).select(columns).to_dicts() == (
        classify_all(frame).select(columns).to_dicts()
    )


# ---------------------------------------------------------------- blocks


_header = st.builds(
    lambda day, hour, minute, who, body: (
        f"{day:02d}/01/2023, {hour:02d}:{minute:02d} - {who}: {body}"
    ),
    st.integers(1, 28),
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from(["Ann", "Bo Li", "Zoë 🌸", "\u200eAnn"]),
    st.text(max_size=20).map(lambda s: s.replace("\n", " ").replace("\r", " ")),
)
_other = st.text(max_size=30).map(lambda s: s.replace("\n", " ").replace("\r", " "))


def _read_in_blocks(path: Path, chunk: int) -> tuple[list[dict[str, object]], list[object], int]:
    import fireside.importers.whatsapp as whatsapp

    original = whatsapp.CHUNK_BYTES
    whatsapp.CHUNK_BYTES = chunk
    try:
        parsed = read_whatsapp(path, ParseOptions(tz=UTC, date_order=DateOrder.DMY))
        frames = list(parsed.frames)
    finally:
        whatsapp.CHUNK_BYTES = original
    rows = pl.concat(frames).to_dicts() if frames else []
    return rows, parsed.problems, parsed.system_lines


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.one_of(_header, _header, _other, st.just("")), min_size=1, max_size=60))
def test_small_blocks_on_the_pool_read_exactly_like_one_block(
    tmp_path: Path, lines: list[str]
) -> None:
    path = tmp_path / "chat.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _read_in_blocks(path, 64) == _read_in_blocks(path, 1 << 20)


def test_every_unreadable_line_is_counted_though_only_the_first_are_listed(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("fireside.importers.whatsapp.CHUNK_BYTES", 4096)  # many blocks
    good = "".join(
        f"01/03/2024, 10:{m:02d} - {'Maya' if m % 2 else 'Sam'}: hi\n" for m in range(60)
    )
    bad = "31/02/2024, 10:00 - Sam: impossible\n" * 1500  # no 31 February
    path = tmp_path / "chat.txt"
    path.write_text(good + bad, encoding="utf-8")
    result = runner.invoke(app, ["import", str(path), "--me", "Maya", "--json"])
    report = json.loads(result.stdout)
    assert report["imported"] == 60 and report["unreadable"] == 1500
    assert len(report["problems"]) == 200 and report["problems"][0]["line"] == 61
    result = runner.invoke(app, ["import", str(path), "--me", "Maya"])
    assert "1,500 lines could not be read" in result.stdout and "… and 1,480 more" in result.stdout


# ---------------------------------------------------------------- times of day

_clock_text = st.one_of(
    st.builds(
        lambda h, m, s, sep: f"{h:02d}{sep}{m:02d}" + ("" if s is None else f"{sep}{s:02d}"),
        st.integers(0, 30),
        st.integers(0, 70),
        st.none() | st.integers(0, 70),
        st.sampled_from([":", "."]),
    ),
    st.builds(
        lambda h, m, gap, half: f"{h}:{m:02d}{gap}{half}",
        st.integers(0, 13),
        st.integers(0, 59),
        st.sampled_from(["", " ", "\u202f", "\u00a0"]),
        st.sampled_from(["AM", "pm", "a.m.", "p. m."]),
    ),
    st.text(alphabet="0123456789:. +-apm\u202f", max_size=10),
    st.builds(  # near-misses of the plain shapes: unpadded fields, spaces around them
        lambda before, h, m, sec, after: (
            f"{before}{h}:{m}" + ("" if sec is None else f":{sec}") + after
        ),
        st.sampled_from(["", " ", "  "]),
        st.integers(0, 24),
        st.integers(0, 60),
        st.none() | st.integers(0, 60),
        st.sampled_from(["", " "]),
    ),
    st.none(),
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["08:00:14", "21:07", "9:41 PM", None]), st.lists(_clock_text, max_size=30))
@example("08:00:14", ["00:00", "00:00:60"])  # a 60th second was read as the next minute
def test_times_read_row_by_row_agree_with_the_full_pattern(
    first: str | None, times: list[str | None]
) -> None:
    from fireside.importers.whatsapp_dates import _by_distinct_value, seconds_of_day

    # The first time decides whether rows are read directly; the rest test that reading.
    column = pl.Series("time", [first, *times], dtype=pl.String)
    assert seconds_of_day(column).to_list() == _by_distinct_value(column).to_list()
