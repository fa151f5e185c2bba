"""The JSON lines of `fireside parse`: offsets, roles and the limit."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from fireside.importers import FRAME_SCHEMA
from fireside.importers.jsonlines import offset_text, write_json_lines


@given(st.integers(min_value=-16 * 60, max_value=16 * 60))
def test_offsets_read_back(minutes: int) -> None:
    text = offset_text(minutes)
    sign = -1 if text[0] == "-" else 1
    assert len(text) == 6 and text[3] == ":"
    assert sign * (int(text[1:3]) * 60 + int(text[4:])) == minutes


def frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "line": [1, 2, 3],
            "ts": [datetime(2024, 3, 1, 12, 0, tzinfo=UTC)] * 3,
            "offset_minutes": [-330, 0, 60],
            "sender": ["MAYA", "Sam", "Kit"],
            "kind": ["text", "media", "text"],
            "edited": [False, False, True],
            "text": ['say "hi"\nthen go', "", "ok"],
        },
        schema=FRAME_SCHEMA,
    )


def test_lines_carry_local_time_offset_and_role() -> None:
    out = io.BytesIO()
    assert write_json_lines([frame()], out, me=["maya"], partner="sam") == 3
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["ts"] for r in rows] == [
        "2024-03-01T06:30:00-05:30",
        "2024-03-01T12:00:00+00:00",
        "2024-03-01T13:00:00+01:00",
    ]
    assert [r["role"] for r in rows] == ["me", "partner", "other"]
    assert rows[0]["text"] == 'say "hi"\nthen go'  # escaped and read back whole
    assert set(rows[0]) == {"ts", "sender", "role", "kind", "text"}


def test_the_limit_stops_early() -> None:
    out = io.BytesIO()
    assert write_json_lines([frame(), frame()], out, me=[], partner=None, limit=4) == 4
    assert len(out.getvalue().splitlines()) == 4
    assert b'"role":"other"' in out.getvalue()
