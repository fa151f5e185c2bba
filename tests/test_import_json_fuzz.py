"""JSON exports with fields of the wrong type: problems reported, never a crash."""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fireside.errors import FiresideError
from fireside.importers import ParseOptions, open_export

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(["2024-03-01T17:00:00+00:00", "1709312400", "1709312400000", "Default"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)

TELEGRAM_KEYS = [
    "id",
    "type",
    "date",
    "date_unixtime",
    "from",
    "text",
    "media_type",
    "photo",
    "edited",
]
DISCORD_KEYS = [
    "id",
    "type",
    "timestamp",
    "content",
    "author",
    "attachments",
    "stickers",
    "timestampEdited",
]
META_KEYS = [
    "sender_name",
    "timestamp_ms",
    "content",
    "photos",
    "is_unsent",
    "sticker",
    "type",
    "call_duration",
]


def messages(keys: list[str]) -> st.SearchStrategy[list[object]]:
    message = st.fixed_dictionaries({}, optional=dict.fromkeys(keys, values))
    return st.lists(st.one_of(message, values), max_size=8)


def read_all(path: Path, fmt: str) -> None:
    try:
        parsed = open_export(path, ParseOptions(tz=ZoneInfo("Europe/London")), format=fmt)
        for frame in parsed.frames:
            assert frame.get_column("ts").null_count() == 0
            assert frame.get_column("offset_minutes").null_count() == 0
    except FiresideError:
        pass  # a clear, named error is a fine answer to a damaged file


SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(messages(TELEGRAM_KEYS))
def test_telegram_never_crashes(tmp_path: Path, items: list[object]) -> None:
    path = tmp_path / "result.json"
    path.write_text(
        json.dumps({"name": "Sam", "type": "personal_chat", "id": 1, "messages": items})
    )
    read_all(path, "telegram")


@SETTINGS
@given(messages(DISCORD_KEYS))
def test_discord_never_crashes(tmp_path: Path, items: list[object]) -> None:
    path = tmp_path / "dm.json"
    path.write_text(json.dumps({"guild": {}, "channel": {}, "messages": items}))
    read_all(path, "discord")


@SETTINGS
@given(messages(META_KEYS))
def test_messenger_never_crashes(tmp_path: Path, items: list[object]) -> None:
    path = tmp_path / "message_1.json"
    path.write_text(json.dumps({"participants": [], "messages": items, "title": "Sam"}))
    read_all(path, "messenger")


line_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60).map(
    lambda s: s.replace("\r", "")
)


@SETTINGS
@given(st.lists(line_text, max_size=12))
def test_csv_never_crashes(tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "chat.csv"
    path.write_text("timestamp,sender,text\n" + "\n".join(lines), encoding="utf-8")
    read_all(path, "csv")


@SETTINGS
@given(
    st.lists(
        st.one_of(
            line_text,
            st.builds(
                lambda d, t, who, text: f"[{d} {t}] {who}: {text}",
                st.sampled_from(
                    ["2024-03-01", "2024-13-45", "0000-00-00", "9999-12-31", "2024-3-1"]
                ),
                st.sampled_from(["17:00", "17:00:59", "99:99", "7:5"]),
                st.text(max_size=10),
                line_text,
            ),
        ),
        max_size=12,
    )
)
def test_signal_never_crashes(tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "chat.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    read_all(path, "signal")
