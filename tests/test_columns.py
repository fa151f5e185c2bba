"""Shared importer columns: the fast wall-clock conversion agrees with the plain one."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from fireside.importers.columns import localise, localised

ZONES = [
    "UTC",
    "Europe/London",
    "America/New_York",
    "Australia/Lord_Howe",  # a 30-minute change
    "America/Santiago",  # changes at midnight
    "Asia/Kolkata",
    "Pacific/Apia",  # skipped a whole day in 2011
]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(ZONES),
    st.lists(
        st.datetimes(min_value=datetime(2009, 1, 1), max_value=datetime(2030, 12, 31)),
        min_size=1,
        max_size=60,
    ),
    st.booleans(),
)
def test_the_fast_conversion_equals_the_plain_one(
    zone: str, times: list[datetime], around_changes: bool
) -> None:
    if around_changes:  # crowd the times into the hours around common clock changes
        times = [
            t.replace(month=3 + 7 * (t.month % 2), day=t.day % 7 + 25, hour=t.hour % 4)
            for t in times
        ]
    local = pl.Series("local", times, dtype=pl.Datetime("ms"))
    utc, offset = localise(pl.col("local"), zone)
    expected = local.to_frame().select(ts=utc, offset_minutes=offset)
    assert localised(local, zone).to_dicts() == expected.to_dicts()


def _change_days(zone: str, year: int) -> list[date]:
    tz = ZoneInfo(zone)
    days = [date(year, 1, 1) + timedelta(days=n) for n in range(366)]
    return [
        d
        for d in days
        if datetime.combine(d, time.min, tz).utcoffset()
        != datetime.combine(d, time.max, tz).utcoffset()
    ]


def test_every_half_hour_around_each_clock_change_agrees() -> None:
    for zone in ZONES:
        days = _change_days(zone, 2021) + _change_days(zone, 2011)
        assert days or zone in ("UTC", "Asia/Kolkata"), zone
        times = [
            datetime.combine(d + timedelta(days=shift), time.min) + timedelta(minutes=30 * k)
            for d in days
            for shift in (-1, 0, 1)
            for k in range(48)
        ] or [datetime(2021, 6, 1, 12)]
        local = pl.Series("local", times, dtype=pl.Datetime("ms"))
        utc, offset = localise(pl.col("local"), zone)
        expected = local.to_frame().select(ts=utc, offset_minutes=offset)
        assert localised(local, zone).to_dicts() == expected.to_dicts(), zone
