"""Rhythm charts as SVG files, drawn offline (Altair + vl-convert; no browser, no network).

Sized for a phone (360 px wide), axes labelled in words, weekdays in calendar order.
Altair and vl-convert come with fireside's default install.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from fireside.errors import FiresideError
from fireside.files import make_private_dirs, write_private_file
from fireside.rhythm.metrics import Settings, prepare, weekly

WIDTH, HEIGHT = 360, 220
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
PEOPLE = {"me": "You", "partner": "Your partner"}
WEEK_AXIS: dict[str, Any] = {"format": "%d %b", "tickCount": {"interval": "week", "step": 1}}
COLOURS = ["#1b7f79", "#d95f02"]  # distinguishable with colour-blindness, and in print


def _libraries() -> tuple[Any, Any]:
    try:
        import altair as alt
        import vl_convert
    except ImportError as exc:
        raise FiresideError(
            "Charts need altair and vl-convert-python, which come with fireside but are "
            "missing here.",
            hint="Reinstall fireside (pip install --force-reinstall fireside), or install "
            "the two packages: pip install altair vl-convert-python",
        ) from exc
    return alt, vl_convert


def write_charts(
    frame: pl.DataFrame, directory: Path, settings: Settings, partner: str | None = None
) -> list[Path]:
    """Write the four charts into ``directory``; returns their paths."""
    drawn = chart_svgs(frame, settings, partner=partner)
    try:
        make_private_dirs(directory)  # a new folder is 0700; an existing one is left alone
    except OSError as exc:
        raise FiresideError(
            f"Could not make the folder {directory} ({exc.strerror or exc}).",
            hint="Choose another folder for --charts.",
        ) from exc
    written = []
    for name, svg in drawn.items():
        # Charts show when you write and who starts: each is a new 0600 file renamed in.
        target = directory / name
        write_private_file(target, svg)
        written.append(target)
    return written


def chart_svgs(
    frame: pl.DataFrame, settings: Settings, partner: str | None = None
) -> dict[str, str]:
    """The four charts as SVG text, by file name (for files or for a web page).

    The specs are not validated against the Vega-Lite schema here: they are fixed by this
    module (a test validates them), and validating a chart's thousands of inline data
    values took seconds a chart."""
    _, vl_convert = _libraries()
    return {
        name: vl_convert.vegalite_to_svg(chart.to_json(validate=False))
        for name, chart in chart_specs(frame, settings, partner).items()
    }


def chart_specs(
    frame: pl.DataFrame, settings: Settings, partner: str | None = None
) -> dict[str, Any]:
    """The four Altair charts, by file name."""
    alt, _ = _libraries()
    if frame.height == 0:
        raise FiresideError("There are no messages to draw yet.", hint="Import a chat first.")
    people = {**PEOPLE, "partner": partner or PEOPLE["partner"]}
    colour = alt.Scale(domain=list(people.values()), range=COLOURS)
    series = weekly(frame, settings).with_columns(
        person=pl.col("role").replace_strict(people), week=pl.col("week").cast(pl.String)
    )
    data = prepare(frame, settings).with_columns(person=pl.col("role").replace_strict(people))
    # Altair's debug mode validates every object as it is made, inline data and all: seconds
    # for a few thousand replies. The specs are validated by a test instead.
    with alt.utils.schemapi.debug_mode(False):
        return {
            "weekly-messages.svg": _line(alt, series, "messages", "Messages per week", colour),
            "weekly-initiation-share.svg": _initiation(alt, series),
            "reply-times.svg": _replies(alt, data, colour),
            "hour-by-weekday.svg": _heatmap(alt, data),
        }


def _values(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dicts()


def _line(alt: Any, series: pl.DataFrame, field: str, title: str, colour: Any) -> Any:
    return (
        alt.Chart(alt.Data(values=_values(series.select("week", "person", field))), title=title)
        .mark_line(point=True)
        .encode(
            x=alt.X("week:T", title="Week starting", axis=WEEK_AXIS),
            y=alt.Y(f"{field}:Q", title=title),
            color=alt.Color(
                "person:N", title=None, scale=colour, legend=alt.Legend(orient="bottom")
            ),
        )
        .properties(width=WIDTH, height=HEIGHT)
    )


def _initiation(alt: Any, series: pl.DataFrame) -> Any:
    share = (
        series.group_by("week")
        .agg(
            mine=pl.col("initiations").filter(pl.col("role") == "me").sum(),
            all=pl.col("initiations").sum(),
        )
        .filter(pl.col("all") > 0)
        .with_columns(share=(pl.col("mine") / pl.col("all") * 100).round(1))
        .sort("week")
    )
    line = (
        alt.Chart(
            alt.Data(values=_values(share.select("week", "share"))),
            title="Conversations you started",
        )
        .mark_line(point=True, color=COLOURS[0])
        .encode(
            x=alt.X("week:T", title="Week starting", axis=WEEK_AXIS),
            y=alt.Y("share:Q", title="Started by you (%)", scale=alt.Scale(domain=[0, 100])),
        )
    )
    even = (
        alt.Chart(alt.Data(values=[{"even": 50}]))
        .mark_rule(strokeDash=[4, 4], color="#888")
        .encode(y="even:Q")
    )
    return (line + even).properties(width=WIDTH, height=HEIGHT)


def _replies(alt: Any, data: pl.DataFrame, colour: Any) -> Any:
    """A box plot per person (whiskers min to max, the box the middle half, a tick at the
    median), from five figures each computed here: a million messages' replies never go
    into the chart's inline data (drawing them took half a minute)."""
    minutes = (pl.col("delta").dt.total_seconds() / 60).clip(lower_bound=0.5)
    box = (
        data.filter(pl.col("is_reply"))
        .group_by("person")
        .agg(
            low=minutes.min(),
            q1=minutes.quantile(0.25, "linear"),
            median=minutes.median(),
            q3=minutes.quantile(0.75, "linear"),
            high=minutes.max(),
        )
        .sort("person")
    )
    base = alt.Chart(alt.Data(values=_values(box)), title="How long replies take").encode(
        y=alt.Y("person:N", title=None)
    )
    axis = alt.X("low:Q", title="Minutes to reply (log scale)", scale=alt.Scale(type="log"))
    whiskers = base.mark_rule(color="black").encode(x=axis, x2="high:Q")
    person = alt.Color("person:N", scale=colour, legend=None)
    middle = base.mark_bar(size=14).encode(x="q1:Q", x2="q3:Q", color=person)
    edge = base.mark_tick(size=14, thickness=2).encode(x="q1:Q", color=person)  # a box of no width
    median = base.mark_tick(color="white", size=14, thickness=1).encode(x="median:Q")
    return (whiskers + edge + middle + median).properties(width=WIDTH, height=120)


def _heatmap(alt: Any, data: pl.DataFrame) -> Any:
    cells = (
        data.with_columns(
            weekday=pl.col("local").dt.weekday().replace_strict(dict(enumerate(WEEKDAYS, 1))),
            hour=pl.col("local").dt.hour(),
        )
        .group_by("weekday", "hour")
        .len("messages")
    )
    return (
        alt.Chart(
            alt.Data(values=_values(cells)),
            title="When you write: hour by weekday",
            width=WIDTH,
            height=HEIGHT,
        )
        .mark_rect()
        .encode(
            x=alt.X("hour:O", title="Hour of the day"),
            y=alt.Y("weekday:N", title=None, sort=WEEKDAYS),
            color=alt.Color("messages:Q", title="Messages", scale=alt.Scale(scheme="blues")),
        )
    )
