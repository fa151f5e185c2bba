"""Hostile JSON: deep nesting, huge numbers, huge texts. A clear refusal, never a crash.

Each case runs the real command in a child process under a memory cap (tests/memcap.py),
so "no input may crash the process" and "memory stays bounded" are what is checked.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fireside.errors import ExitCode
from fireside.importers import ImportError_, jsonstream
from tests.memcap import run_fireside

TELEGRAM_HEAD = (
    '{"name": "Sam", "type": "personal_chat", "id": 1, "messages": [{"id": 1, '
    '"type": "message", "date": "2024-01-01T10:00:00", "date_unixtime": "1704103200", '
    '"from": "Sam", "from_id": "user1", "text": '
)
DISCORD_HEAD = (
    '{"guild": {"id": "0", "name": "Direct Messages"}, "channel": {"id": "1", '
    '"type": "DirectTextChat", "name": "Sam"}, "messages": [{"id": "2", "type": "Default", '
    '"timestamp": "2024-01-01T10:00:00+00:00", "author": {"id": "3", "name": "Sam"}, '
    '"content": '
)
MESSENGER_HEAD = (
    '{"participants": [{"name": "Sam"}, {"name": "Maya"}], "messages": [{"sender_name": '
    '"Sam", "timestamp_ms": 1704103200000, "content": '
)
HEADS = {"telegram": TELEGRAM_HEAD, "discord": DISCORD_HEAD, "messenger": MESSENGER_HEAD}
TAIL = "}]}"


def _write(tmp_path: Path, fmt: str, value: str, name: str = "export.json") -> Path:
    path = tmp_path / name
    path.write_text(HEADS[fmt] + value + TAIL, encoding="utf-8")
    return path


def _import(path: Path, fmt: str = "auto", budget_mb: int = 200) -> tuple[int, str]:
    done = run_fireside(
        ["import", str(path), "--format", fmt, "--me", "Maya", "--partner", "Sam", "--tz", "UTC"],
        budget_mb=budget_mb,
    )
    return done.returncode, done.stderr


@pytest.mark.parametrize("fmt", sorted(HEADS))
def test_deep_nesting_is_refused_with_its_place_in_bounded_memory(tmp_path: Path, fmt: str) -> None:
    # 100,000 arrays deep (200 KB): ijson's paths grew with depth squared, to 24 GB.
    depth = 100_000
    path = _write(tmp_path, fmt, "[" * depth + "]" * depth)
    code, err = _import(path, fmt)
    assert code == ExitCode.INVALID_INPUT, err
    head = HEADS[fmt]
    open_before = head.count("[") + head.count("{") - head.count("]") - head.count("}")
    at = len(head) + jsonstream.MAX_DEPTH - open_before
    assert f"byte {at:,}" in err
    assert "nests more than 64 levels" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("fmt", sorted(HEADS))
@pytest.mark.parametrize("digits", [4_301, 200_000])
def test_a_huge_integer_is_refused_not_a_crash(tmp_path: Path, fmt: str, digits: int) -> None:
    # ijson 3.6's C backend crashed (SIGSEGV) turning more than 4,300 digits into an int.
    path = _write(tmp_path, fmt, '"hi", "extra": ' + "7" * digits)
    code, err = _import(path, fmt)
    assert code == ExitCode.INVALID_INPUT, err
    assert "a number has more than 100 digits" in err


def test_a_huge_integer_early_in_the_file_is_refused_when_sniffing_too(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(
        '{"guild": {"id": ' + "9" * 5000 + '}, "channel": {}, "messages": []}', encoding="utf-8"
    )
    code, err = _import(path)
    assert code == ExitCode.INVALID_INPUT, err


def test_long_integers_within_the_limit_are_read(tmp_path: Path) -> None:
    # Past 64 bits, but a number Python reads: the message is kept.
    path = _write(tmp_path, "discord", '"hi", "extra": ' + "9" * 60)
    done = run_fireside(["parse", str(path), "--tz", "UTC"], budget_mb=100)
    assert done.returncode == ExitCode.OK, done.stderr
    assert '"sender":"Sam"' in done.stdout.replace(" ", "")


def test_a_float_beyond_any_range_is_a_clear_message(tmp_path: Path) -> None:
    path = _write(tmp_path, "discord", '"hi", "extra": 1e99999999999999999999')
    code, err = _import(path, "discord")
    assert code == ExitCode.INVALID_INPUT, err
    assert "a number too large" in err


@pytest.mark.parametrize("fmt", sorted(HEADS))
def test_a_text_past_the_limit_is_refused_without_holding_it(tmp_path: Path, fmt: str) -> None:
    size = jsonstream.MAX_STRING_BYTES + (1 << 20)
    path = _write(tmp_path, fmt, '"' + "a" * size + '"')
    code, err = _import(path, fmt, budget_mb=120)
    assert code == ExitCode.INVALID_INPUT, err
    assert "one text is longer than 1 MB" in err


def test_one_message_past_the_item_limit_is_refused(tmp_path: Path) -> None:
    # Many small pieces: as Python objects, about twenty times the bytes they take.
    pieces = ",".join(["{}"] * (jsonstream.MAX_ITEM_BYTES // 3 + 1000))
    path = _write(tmp_path, "telegram", "[" + pieces + "]")
    code, err = _import(path, "telegram", budget_mb=200)
    assert code == ExitCode.INVALID_INPUT, err
    assert "one item is longer than 4 MB" in err


# ----------------------------------------------------------------------------- the guard

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.sampled_from('ab"\\[]{}é\n 0'), max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=30,
)


def _feed(data: bytes, cuts: list[int], item_depth: int | None = None) -> jsonstream.Guard:
    guard = jsonstream.Guard(Path("x.json"), item_depth)
    points = sorted({min(c, len(data)) for c in cuts})
    start = 0
    for point in [*points, len(data)]:
        guard.check(data[start:point])
        start = point
    return guard


@settings(max_examples=300, deadline=None)
@given(json_values, st.lists(st.integers(min_value=0, max_value=400), max_size=6))
def test_the_guard_passes_ordinary_json_cut_anywhere(value: object, cuts: list[int]) -> None:
    data = json.dumps({"messages": [value]}, ensure_ascii=False).encode()
    guard = _feed(data, cuts, item_depth=3)
    assert guard.state.depth == 0
    assert not guard.state.in_string


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=80),
    st.text(alphabet=st.sampled_from('a"\\[]{}'), max_size=6),
    st.lists(st.integers(min_value=0, max_value=300), max_size=6),
)
def test_the_guard_finds_the_bracket_past_the_depth(
    extra: int, noise: str, cuts: list[int]
) -> None:
    depth = jsonstream.MAX_DEPTH + extra
    head = json.dumps(noise) + ","
    data = ("[" + head + "[" * (depth - 1) + "]" * depth).encode()
    with pytest.raises(ImportError_) as caught:
        _feed(data, cuts)
    assert f"byte {len(head.encode()) + jsonstream.MAX_DEPTH:,}:" in caught.value.message


def test_the_guard_allows_the_limit_itself() -> None:
    depth = jsonstream.MAX_DEPTH
    _feed(("[" * depth + "]" * depth).encode(), [10, 33])


def test_an_account_export_with_a_big_chat_lists_and_reads_it(tmp_path: Path) -> None:
    # The chats' names are read first: a chat's messages array past the 4 MB item limit
    # must not stop that (the limit is on one message, not on one chat).
    messages = [
        {
            "id": i,
            "type": "message",
            "date": "2024-01-01T10:00:00",
            "date_unixtime": str(1704103200 + i),
            "from": "Sam" if i % 2 else "Maya",
            "from_id": "user1",
            "text": "a fairly ordinary message of some length " * 3,
        }
        for i in range(40_000)
    ]
    account = {
        "personal_information": {},
        "chats": {
            "list": [
                {"name": "Family", "id": 1, "messages": messages[:10]},
                {"name": "Sam", "id": 2, "messages": messages},
            ]
        },
    }
    path = tmp_path / "result.json"
    path.write_text(json.dumps(account), encoding="utf-8")
    assert path.stat().st_size > 2 * jsonstream.MAX_ITEM_BYTES
    done = run_fireside(["parse", str(path), "--chat", "Sam", "--tz", "UTC"], budget_mb=200)
    assert done.returncode == ExitCode.OK, done.stderr
    assert len(done.stdout.splitlines()) == 40_000
