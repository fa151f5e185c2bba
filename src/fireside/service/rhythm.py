"""The space reading (with its weekly series and charts) and the waiting status."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fireside.periods import check_period
from fireside.rhythm import Metrics, Settings, prepare
from fireside.rhythm.metrics import weekly_prepared
from fireside.rhythm.readings import Reading, read
from fireside.rhythm.waiting import Waiting, WaitingFacts, waiting_facts, waiting_from
from fireside.service.files import remember_written

if TYPE_CHECKING:
    import polars as pl

    from fireside.profile import Profile
    from fireside.pronouns import PronounSet
    from fireside.store import Store


@dataclass(frozen=True)
class SpaceReading:
    """Every figure, the reading in words, the weekly series and any charts drawn."""

    metrics: Metrics
    reading: Reading
    weekly: list[dict[str, Any]]
    messages: int  # messages of me and the partner in the period
    charts: list[Path] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = self.metrics.as_json()
        data["weekly"] = [{**row, "week": row["week"].isoformat()} for row in self.weekly]
        data["reading"] = self.reading.as_json()
        if self.charts:
            data["charts"] = [str(p) for p in self.charts]
        return data


def _period(
    store: Store,
    since: date | None,
    until: date | None,
    gap_hours: float = 6.0,
    followup_minutes: float = 30.0,
) -> tuple[Profile, pl.DataFrame, Settings]:
    """The profile, the messages of a period (days in the profile's time zone) and settings."""
    check_period(since, until)
    profile = store.profile_or_default()
    zone = profile.zone
    frame = store.messages(
        since=datetime.combine(since, time(), zone) if since else None,
        until=datetime.combine(until + timedelta(days=1), time(), zone) if until else None,
    )
    settings = Settings(
        gap=timedelta(hours=gap_hours),
        followup=timedelta(minutes=followup_minutes),
        tz=zone,
        period_days=(until - since).days + 1 if since and until else None,
    )
    return profile, frame, settings


def chart_svgs(
    store: Store,
    *,
    since: date | None = None,
    until: date | None = None,
    anonymous: bool = False,
) -> dict[str, str]:
    """The four rhythm charts of a period as SVG text by name (none without messages),
    for a page to show without writing files; ``anonymous``: no names in them."""
    from fireside.rhythm.charts import chart_svgs as draw

    profile, frame, settings = _period(store, since, until)
    if frame.height == 0:
        return {}
    return draw(frame, settings, partner=None if anonymous else profile.partner_name)


def space_reading(
    store: Store,
    *,
    since: date | None = None,
    until: date | None = None,
    gap_hours: float = 6.0,
    followup_minutes: float = 30.0,
    charts: Path | None = None,
    anonymous: bool = False,
) -> SpaceReading:
    """The rhythm of the chats in a period (days in the profile's time zone) and its reading.

    ``charts``: a folder to draw the four SVG charts into (each file readable only by you);
    ``anonymous``: the reading's sentences without the partner's name (for an incognito
    report).
    """
    profile, frame, settings = _period(store, since, until, gap_hours, followup_minutes)
    partner = None if anonymous else profile.partner_name
    if frame.height == 0 and charts is None:  # no messages yet: the same for everyone
        return _no_messages(frame, settings, profile.partner_pronouns, partner)
    prepared = prepare(frame, settings)
    metrics, reading = read(
        frame, settings, pronouns=profile.partner_pronouns, partner=partner, prepared=prepared
    )
    drawn: list[Path] = []
    if charts is not None:
        from fireside.rhythm.charts import write_charts

        drawn = write_charts(frame, charts, settings, partner=profile.partner_name)
        for path in drawn:
            path.chmod(0o600)
            remember_written(path)
    return SpaceReading(metrics, reading, weekly_prepared(prepared).to_dicts(), frame.height, drawn)


def _no_messages(
    frame: pl.DataFrame, settings: Settings, pronouns: PronounSet, partner: str | None
) -> SpaceReading:
    """The reading of a period without messages, computed once per settings and wording (a
    server's new accounts each ask for it on their first pages; it costs a few dozen
    frame operations, and the answer depends on nothing else)."""
    metrics, reading, weekly = _reading_of_nothing(
        settings, pronouns, partner, tuple(frame.schema.items())
    )
    return SpaceReading(metrics, reading, [dict(row) for row in weekly], 0, [])


@lru_cache(maxsize=256)
def _reading_of_nothing(
    settings: Settings, pronouns: PronounSet, partner: str | None, schema: tuple[Any, ...]
) -> tuple[Metrics, Reading, list[dict[str, Any]]]:
    import polars as pl

    frame = pl.DataFrame(schema=dict(schema))
    prepared = prepare(frame, settings)
    metrics, reading = read(frame, settings, pronouns=pronouns, partner=partner, prepared=prepared)
    return metrics, reading, weekly_prepared(prepared).to_dicts()


def waiting_facts_of(store: Store) -> WaitingFacts:
    """What the waiting status needs from the chats, whatever the moment (see WaitingFacts)."""
    profile = store.profile_or_default()
    return waiting_facts(store.messages(), Settings(tz=profile.zone))


def waiting_status(
    store: Store,
    *,
    since: datetime | None = None,
    now: datetime | None = None,
    facts: WaitingFacts | None = None,
) -> Waiting:
    """How long since my unanswered message, against the partner's usual reply times.

    ``since`` without a time zone is read in the profile's. ``facts``: from
    ``waiting_facts_of`` when the caller keeps them (the web app's cache)."""
    profile = store.profile_or_default()
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=profile.zone)
    return waiting_from(
        facts if facts is not None else waiting_facts_of(store),
        now or datetime.now(UTC),
        Settings(tz=profile.zone),
        since=since,
        pronouns=profile.partner_pronouns,
        partner=profile.partner_name,
    )
