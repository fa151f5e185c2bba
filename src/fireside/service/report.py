"""The report for a counsellor: fill the model from the store, render HTML or PDF, write it.

``build_report`` gathers the period's rhythm, journal and plan; ``render_report`` turns it
into the bytes of a self-contained ``.html`` or a ``.pdf``; ``write_report`` writes those
whole or not at all (a temporary file, then a rename), readable only by you.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fireside.errors import InvalidValueError
from fireside.periods import EmptyPeriodError, check_period, parse_day
from fireside.reports.model import (
    BalanceSection,
    Chart,
    CheckinWeek,
    Figure,
    PracticeTried,
    Report,
    RhythmSection,
    TalkHeld,
    WeekStance,
)
from fireside.service.files import check_output_path, remember_written, write_private
from fireside.wording import hours, per_week, plural

if TYPE_CHECKING:
    from fireside.service.rhythm import SpaceReading
    from fireside.store import Store

DEFAULT_DAYS = 84  # twelve weeks
FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf"}
CAPTIONS = {
    "weekly-messages.svg": "Messages per week, for each of them.",
    "weekly-initiation-share.svg": "The share of conversations the person started, week by "
    "week; the dashed line is half.",
    "reply-times.svg": "How long replies take, for each of them (log scale).",
    "hour-by-weekday.svg": "When they write: messages by hour of the day and weekday.",
}
SPACE_WORDS = {
    "smothering": "too little air",
    "healthy": "healthy space",
    "drifting": "too much air",
    "not_enough_data": "not enough history yet",
}
RECIPROCITY_WORDS = {
    "balanced": "the effort goes both ways",
    "you_carry": "the person carries more of the effort",
    "partner_carries": "the partner carries more of the effort",
    "not_enough_data": "not enough history yet",
}


@dataclass(frozen=True)
class Rendered:
    kind: str  # html | pdf
    data: bytes
    report: Report

    @property
    def media_type(self) -> str:
        return "application/pdf" if self.kind == "pdf" else "text/html; charset=utf-8"

    def file_name(self) -> str:
        return f"fireside-report-{self.report.since}-to-{self.report.until}.{self.kind}"


@dataclass(frozen=True)
class Written:
    path: Path
    kind: str
    size: int
    report: Report

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "format": self.kind, "bytes": self.size} | {
            "report": self.report.as_json()
        }


def _last_day_with_data(store: Store, today: date) -> date:
    """The last day with a message or a journal entry (in the profile's zone), never after
    today; today when there is nothing yet."""
    from fireside.service.journal import entries

    profile = store.profile_or_default()
    days: list[date] = []
    newest = store.recent_turns(1)
    if newest:
        days.append(
            datetime.fromtimestamp(newest[-1][0] / 1000, UTC).astimezone(profile.zone).date()
        )
    journal = entries(store)
    days += [a.on for a in journal.activities]
    days += [c.at.astimezone(profile.zone).date() for c in journal.checkins]
    days += [t.held_on for t in journal.talks if t.held_on is not None]
    past = [d for d in days if d <= today]
    return max(past) if past else today


def period(
    store: Store, since: date | None, until: date | None, *, today: date
) -> tuple[date, date]:
    """The report's days: the given ones, else the twelve weeks to the last message."""
    check_period(since, until)
    if until is None:
        until = today if since is not None else _last_day_with_data(store, today)
        check_period(since, until, fields=("--since", "--until (today)"))
    if since is None:
        since = until - timedelta(days=DEFAULT_DAYS - 1)
    return since, until


def _figures(reading: SpaceReading) -> tuple[Figure, ...]:
    m = reading.metrics

    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.0%}"

    def minutes(value: float | None) -> str:
        return "—" if value is None else f"{value:g} min"

    return (
        Figure("Messages", f"{m.messages['me']:,}", f"{m.messages['partner']:,}"),
        Figure("Conversations started", str(m.initiations["me"]), str(m.initiations["partner"])),
        Figure(
            "Half of the replies within",
            minutes(m.replies["me"].median_minutes),
            minutes(m.replies["partner"].median_minutes),
        ),
        Figure(
            "Nine replies in ten within",
            minutes(m.replies["me"].p90_minutes),
            minutes(m.replies["partner"].p90_minutes),
        ),
        Figure(
            "Turns with a follow-up text",
            pct(m.followup_rate["me"]),
            pct(m.followup_rate["partner"]),
        ),
        Figure(
            "Messages late at night",
            pct(m.late_night_share["me"]),
            pct(m.late_night_share["partner"]),
        ),
    )


def _rhythm(store: Store, since: date, until: date, incognito: bool) -> RhythmSection | None:
    from fireside.service.rhythm import chart_svgs, space_reading

    reading = space_reading(store, since=since, until=until, anonymous=incognito)
    if reading.messages == 0:
        return None
    r, m = reading.reading, reading.metrics
    svgs = chart_svgs(store, since=since, until=until, anonymous=incognito)
    facts = (
        f"{plural(m.conversations, 'conversation')}; in touch {per_week(m.contact_days_per_week)}.",
        f"The longest silence was {hours(m.longest_silence_hours)}; "
        f"{plural(m.silences_over_48h, 'silence')} lasted more than two days.",
    )
    return RhythmSection(
        messages=reading.messages,
        space=r.space,
        space_words=SPACE_WORDS.get(r.space, r.space),
        reciprocity=r.reciprocity,
        reciprocity_words=RECIPROCITY_WORDS.get(r.reciprocity, r.reciprocity),
        summary=r.summary,
        reciprocity_why=r.reciprocity_why,
        trend=r.trend,
        heuristic=r.heuristic,
        practices=r.practices,
        figures=_figures(reading),
        facts=facts,
        charts=tuple(Chart(name, CAPTIONS.get(name, name), svg) for name, svg in svgs.items()),
    )


def _practices_tried(store: Store, since: date, until: date) -> tuple[PracticeTried, ...]:
    """The practices behind the plan's offers marked done in weeks of the period."""
    from fireside.periods import weeks_between
    from fireside.planner import load_offers
    from fireside.practices import load_catalogue

    weeks = {str(w) for w in weeks_between(since, until)}
    offers = {o.id: o for o in load_offers()}
    counts: Counter[str] = Counter()
    for row in store.plan_offers():
        if row["week"] in weeks and row["mark"] == "done" and row["offer_id"] in offers:
            counts.update(offers[row["offer_id"]].practices)
    catalogue = load_catalogue(store.profile_or_default().partner_pronouns)
    return tuple(
        PracticeTried(pid, catalogue.get(pid).title, catalogue.get(pid).expert.name, times)
        for pid, times in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )


def _journal_sections(store: Store, since: date, until: date, incognito: bool) -> dict[str, Any]:
    """The balance, check-ins week by week and talks of the period, from the journal.
    Incognito: no titles, topics, notes or sentences (they may hold names and notes)."""
    from fireside.journal import Period, TalkStatus, Voice, balance
    from fireside.journal.model import Category
    from fireside.periods import Week
    from fireside.service.journal import entries

    profile = store.profile_or_default()
    zone = profile.zone
    journal = entries(store)
    window = Period(since, until)
    found: dict[str, Any] = {
        "journal": any(
            (journal.activities, journal.checkins, journal.talks, journal.gestures, journal.world)
        )
    }
    logged = [a for a in journal.activities if a.on in window]
    if logged:
        voice = Voice(profile.partner_pronouns, None if incognito else profile.partner_name)
        reading = balance(journal, window, voice)
        found["balance"] = BalanceSection(
            own_hours_per_week=reading.own_hours_per_week,
            together_hours_per_week=reading.together_hours_per_week,
            plans_kept=reading.plans.kept,
            plans_dropped=reading.plans.dropped,
            dropped_for_partner=reading.plans.dropped_for_partner,
            together_kinds=tuple(
                c.value.replace("_", " ") for c in reading.together_categories if c in Category
            ),
            sentences=() if incognito else tuple(s.text for s in reading.sentences),
        )
    weeks: dict[Week, list[Any]] = {}
    for checkin in journal.checkins:
        day = checkin.at.astimezone(zone).date()
        if day in window:
            weeks.setdefault(Week.of(day), []).append(checkin)

    def mean(values: list[int | None]) -> float | None:
        known = [v for v in values if v is not None]
        return round(sum(known) / len(known), 1) if known else None

    found["checkins"] = tuple(
        CheckinWeek(
            week=str(week),
            monday=week.monday,
            count=len(items),
            mood=mean([c.mood for c in items]),
            anxious=mean([c.anxious for c in items]),
            connection=mean([c.connection for c in items]),
            he_seems=tuple(
                Counter(
                    c.he_seems.value.replace("_", " ").replace("dont know", "not sure")
                    for c in items
                    if c.he_seems is not None
                ).most_common()
            ),
        )
        for week, items in sorted(weeks.items())
    )
    found["talks"] = tuple(
        TalkHeld(t.held_on, t.weight.value, None if incognito else t.topic)
        for t in sorted(journal.talks, key=lambda t: t.held_on or t.on)
        if t.status is TalkStatus.HELD and t.held_on is not None and t.held_on in window
    )
    found["talks_queued"] = sum(
        1 for t in journal.talks if t.status in (TalkStatus.QUEUED, TalkStatus.PLANNED)
    )
    return found


def build_report(
    store: Store,
    *,
    since: date | None = None,
    until: date | None = None,
    incognito: bool = False,
    now: datetime | None = None,
) -> Report:
    """The report of a period (default: the twelve weeks to the last message).

    ``incognito`` leaves out every name, message text, note and his-world entry: only
    counts, categories and charts. A period with nothing in it is refused (exit code 4)."""
    from fireside.service.plan import stances

    profile = store.profile_or_default()
    moment = (now or datetime.now(UTC)).astimezone(profile.zone)
    today = moment.date()
    since, until = period(store, since, until, today=today)
    rhythm = _rhythm(store, since, until, incognito)
    practices = _practices_tried(store, since, until)
    report = Report(
        since=since,
        until=until,
        made_at=moment,
        incognito=incognito,
        for_whom=None if incognito else (profile.my_names[0] if profile.my_names else None),
        partner=None if incognito else profile.partner_name,
        rhythm=rhythm,
        practices=practices,
        **_journal_sections(store, since, until, incognito),
    )
    if report.empty:
        raise EmptyPeriodError(
            f"There is nothing to report from {since} to {until}: no messages, check-ins or "
            "journal entries in those days.",
            hint="Choose another period with --since and --until, or import a chat first.",
        )
    found = stances(store, since, until, today=today, incognito=incognito)
    return Report(
        **{
            **report.__dict__,
            "stances": tuple(
                WeekStance(str(s.week), s.week.monday, s.stance, _stance_words(s.stance), s.why)
                for s in found
            ),
        }
    )


def _stance_words(stance: str) -> str:
    from fireside.planner import stance_words

    return "Not enough to go on" if stance == "not_enough_data" else stance_words(stance)


def format_of(target: Path) -> str:
    kind = FORMATS.get(target.suffix.lower())
    if kind is None:
        raise InvalidValueError(
            "--out", str(target), "a file name ending in .html or .pdf (report.html, report.pdf)"
        )
    return kind


def render_report(report: Report, kind: str) -> Rendered:
    from fireside.reports.html import render_html

    if kind == "pdf":
        from fireside.reports.pdf import render_pdf

        return Rendered("pdf", render_pdf(report), report)
    if kind == "html":
        return Rendered("html", render_html(report).encode("utf-8"), report)
    raise InvalidValueError("format", kind, "html, pdf")


def report_file(
    store: Store,
    kind: str,
    *,
    since: date | str | None = None,
    until: date | str | None = None,
    incognito: bool = False,
    now: datetime | None = None,
    fields: tuple[str, str] = ("since", "until"),
) -> Rendered:
    """The report as the bytes of a download (the web's two buttons); days as dates or as
    typed (``2026-03-01``), ``fields`` naming them in an error."""
    if kind not in ("html", "pdf"):
        raise InvalidValueError("format", kind, "html, pdf")
    if isinstance(since, str):
        since = parse_day(since, fields[0])
    if isinstance(until, str):
        until = parse_day(until, fields[1])
    check_period(since, until, fields=fields)
    report = build_report(store, since=since, until=until, incognito=incognito, now=now)
    return render_report(report, kind)


def write_report(
    store: Store,
    target: Path,
    *,
    since: date | str | None = None,
    until: date | str | None = None,
    incognito: bool = False,
    now: datetime | None = None,
    fields: tuple[str, str] = ("--since", "--until"),
) -> Written:
    """Write the report to ``target`` (``.html`` or ``.pdf``), readable only by you, whole
    or not at all. The path is checked before any work is done."""
    check_output_path(target)
    kind = format_of(target)
    rendered = report_file(
        store, kind, since=since, until=until, incognito=incognito, now=now, fields=fields
    )
    write_private(target, rendered.data)
    remember_written(target)
    return Written(target, kind, len(rendered.data), rendered.report)
