"""Profile values: parsed from what people type, refused clearly when wrong."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fireside.errors import InvalidValueError
from fireside.profile import Profile
from fireside.profile_text import Weekday, parse_clock, parse_workdays
from fireside.pronouns import PronounSet


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mon-fri", ["mon", "tue", "wed", "thu", "fri"]),
        ("Mon, Wed, Fri", ["mon", "wed", "fri"]),
        ("fri-mon", ["fri", "sat", "sun", "mon"]),
        ("saturday,sunday", ["sat", "sun"]),
        ("none", []),
    ],
)
def test_workdays(text: str, expected: list[str]) -> None:
    assert [d.value for d in parse_workdays(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("18:00", time(18)),
        ("6pm", time(18)),
        ("6:30 p.m.", time(18, 30)),
        ("12am", time(0)),
        ("7", time(7)),
    ],
)
def test_clock(text: str, expected: time) -> None:
    assert parse_clock(text) == expected


@given(st.integers(0, 23), st.integers(0, 59))
def test_clock_round_trips(hour: int, minute: int) -> None:
    assert parse_clock(f"{hour:02d}:{minute:02d}") == time(hour, minute)


@pytest.mark.parametrize(
    "key, value, field",
    [
        ("partner-pronouns", "it", "partner-pronouns"),
        ("work-end", "25:00", "work-end"),
        ("work_end", "soon", "work-end"),
        ("commute-minutes", "-5", "commute-minutes"),
        ("commute-minutes", "lots", "commute-minutes"),
        ("timezone", "Mars/Olympus", "timezone"),
        ("workdays", "mon-funday", "workdays"),
        ("keep-partner-text", "maybe", "keep-partner-text"),
        ("shoe-size", "9", "profile key"),
    ],
)
def test_bad_values_name_the_field_and_what_is_allowed(key: str, value: str, field: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Profile().with_value(key, value)
    assert caught.value.field == field
    assert caught.value.hint and caught.value.hint.startswith("Allowed:")


def test_values_are_set_and_normalised() -> None:
    profile = (
        Profile()
        .with_value("my-names", " Anna ,Anna B., Anna ")
        .with_value("partner-pronouns", "They")
        .with_value("workdays", "sun,mon")
        .with_value("work-end", "6pm")
        .with_value("commute-minutes", "45")
        .with_value("timezone", "Europe/Berlin")
        .with_value("keep-partner-text", "yes")
    )
    assert profile.my_names == ["Anna", "Anna B."]
    assert profile.partner_pronouns is PronounSet.THEY
    assert profile.workdays == [Weekday.MON, Weekday.SUN]
    assert profile.decompress_until == time(18, 45)
    assert profile.keep_partner_text is True
    assert profile.as_json()["work_end"] == "18:00"


def test_decompress_window_never_passes_midnight() -> None:
    late = Profile(work_end=time(23, 0), commute_minutes=120)
    assert late.decompress_until == time(23, 59)


def test_every_profile_field_is_described_for_typing_and_nothing_else() -> None:
    from fireside.profile_text import FIELD_HELP

    # the field texts live apart from the model (no pydantic for --help); they must not drift
    assert set(FIELD_HELP) == set(Profile.model_fields)
