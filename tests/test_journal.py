"""The journal's domain: entries check themselves, values read as typed, talk timing, the
space message, and the wording's rules (offers, never streaks, scores, guilt or quotas)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fireside.coach import check_message
from fireside.errors import ExitCode, InvalidValueError
from fireside.journal import (
    Activity,
    Category,
    Checkin,
    Side,
    Status,
    Talk,
    TalkStatus,
    Weight,
    check_talk,
    space_message,
)
from fireside.journal import text as typed
from fireside.journal.wording import wording
from fireside.practices import load_catalogue
from fireside.profile import Profile
from fireside.pronouns import PRONOUNS, PronounSet
from fireside.timing import Moment, moment

LONDON = ZoneInfo("Europe/London")
TUESDAY = date(2026, 12, 1)  # a workday
PROFILE = Profile(timezone="Europe/London", work_end=time(17, 30), commute_minutes=30)


# ---------------------------------------------------------------- entries check themselves


@pytest.mark.parametrize(
    "make, field",
    [
        (lambda: Activity("", Side.MINE, 30, TUESDAY), "title"),
        (lambda: Activity("  ", Side.MINE, 30, TUESDAY), "title"),
        (lambda: Activity("run", Side.MINE, 0, TUESDAY), "minutes"),
        (lambda: Activity("run", Side.MINE, -5, TUESDAY), "minutes"),
        (lambda: Activity("run", Side.MINE, 100_000, TUESDAY), "minutes"),
        (lambda: Activity("run", "yours", 30, TUESDAY), "side"),  # type: ignore[arg-type]
        (
            lambda: Activity(
                "run", Side.TOGETHER, 30, TUESDAY, Category.SPORT, Status.DROPPED, for_partner=True
            ),
            "for-partner",
        ),
        (lambda: Activity("run", Side.MINE, 30, TUESDAY, for_partner=True), "for-partner"),
        (lambda: Checkin(datetime(2026, 12, 1, tzinfo=UTC), 5), "mood"),
        (lambda: Checkin(datetime(2026, 12, 1, tzinfo=UTC), 2, anxious=-1), "anxious"),
        (lambda: Checkin(datetime(2026, 12, 1), 2), "at"),  # no time zone
        (lambda: Talk("money", TUESDAY, status=TalkStatus.PLANNED), "status"),
    ],
)
def test_bad_entries_name_the_field(make: object, field: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        make()  # type: ignore[operator]
    assert caught.value.field == field
    assert caught.value.exit_code == ExitCode.INVALID_INPUT


def test_a_plan_done_is_a_plan_kept_and_leaving_dropped_clears_for_partner() -> None:
    plan = Activity("pottery", Side.MINE, 90, TUESDAY, status=Status.DROPPED, for_partner=True)
    assert plan.planned and not plan.kept
    kept = plan.with_changes({"status": Status.DONE})
    assert kept.kept and not kept.for_partner
    assert not Activity("pottery", Side.MINE, 90, TUESDAY).kept  # logged after, not a plan


def test_rows_round_trip() -> None:
    talk = Talk(
        "money",
        TUESDAY,
        Weight.HEAVY,
        TalkStatus.PLANNED,
        datetime(2026, 12, 5, 15, tzinfo=UTC),
        "I'd love to talk",
        id=3,
    )
    again = Talk.from_row(
        {**talk.as_row(), "id": 3, "owner_id": "local", "planned_for": datetime(2026, 12, 5, 15)}
    )
    assert again == talk


# ---------------------------------------------------------------- values as typed


@pytest.mark.parametrize(
    "text, minutes",
    [("90", 90), ("45m", 45), ("1h", 60), ("1h30", 90), ("1.5h", 90), (" 2h ", 120)],
)
def test_minutes_as_people_type_them(text: str, minutes: int) -> None:
    assert typed.minutes(text) == minutes


@pytest.mark.parametrize("text", ["", "-5", "0", "abc", "25h", "1441", "h", "1.5"])
def test_bad_minutes_say_what_is_allowed(text: str) -> None:
    with pytest.raises(InvalidValueError, match="minutes") as caught:
        typed.minutes(text)
    assert "1 to 1440" in caught.value.allowed


@given(st.text(max_size=12))
def test_minutes_either_read_or_explain(text: str) -> None:
    try:
        value = typed.minutes(text)
    except InvalidValueError as exc:
        assert exc.field == "minutes"
    else:
        assert 1 <= value <= 1440


@given(st.integers(0, 1440), st.integers(0, 59))
def test_hours_and_minutes_read_back(hours: int, minutes: int) -> None:
    total = hours * 60 + minutes
    if 1 <= total <= 1440:
        assert typed.minutes(f"{hours}h{minutes}") == total


@pytest.mark.parametrize(
    "text, expected",
    [
        ("today", TUESDAY),
        ("yesterday", TUESDAY - timedelta(days=1)),
        ("tomorrow", TUESDAY + timedelta(days=1)),
        ("3d ago", TUESDAY - timedelta(days=3)),
        ("in 2 days", TUESDAY + timedelta(days=2)),
        ("mon", date(2026, 11, 30)),
        ("Tuesday", TUESDAY),
        ("fri", date(2026, 11, 27)),
        ("2026-11-03", date(2026, 11, 3)),
    ],
)
def test_days_as_people_type_them(text: str, expected: date) -> None:
    assert typed.day(text, TUESDAY) == expected


def test_a_weekday_ahead_is_the_next_one() -> None:
    assert typed.day("fri", TUESDAY, ahead=True) == date(2026, 12, 4)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_iso_days_read_back(day: date) -> None:
    assert typed.day(day.isoformat(), TUESDAY) == day


@given(st.text(max_size=15))
def test_a_day_either_reads_or_explains(text: str) -> None:
    try:
        typed.day(text, TUESDAY)
    except InvalidValueError as exc:
        assert exc.field == "on" and "2026-11-30" in exc.allowed


def test_times_for_a_talk() -> None:
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    assert typed.when("19:30", now, LONDON) == datetime(2026, 12, 1, 19, 30, tzinfo=LONDON)
    assert typed.when("sat 3pm", now, LONDON) == datetime(2026, 12, 5, 15, tzinfo=LONDON)
    assert typed.when("tomorrow 18:00", now, LONDON) == datetime(2026, 12, 2, 18, tzinfo=LONDON)
    assert typed.when("2026-12-05 19:30", now, LONDON) == datetime(
        2026, 12, 5, 19, 30, tzinfo=LONDON
    )
    # a weekday whose time has passed today means next week
    assert typed.when("tue 9:00", now, LONDON) == datetime(2026, 12, 8, 9, tzinfo=LONDON)
    with pytest.raises(InvalidValueError, match="at"):
        typed.when("whenever", now, LONDON)


def test_choices_read_loosely_and_name_what_is_allowed() -> None:
    assert typed.choice("category", "Self care", Category) is Category.SELF_CARE
    assert typed.choice("category", "self-care", Category) is Category.SELF_CARE
    with pytest.raises(InvalidValueError) as caught:
        typed.choice("category", "sprot", Category)
    assert caught.value.allowed.startswith("hobby, friends, family, class, sport, self-care")


# ---------------------------------------------------------------- timing, one place


@pytest.mark.parametrize(
    "clock, expected",
    [
        (time(12, 0), Moment.AT_WORK),
        (time(17, 45), Moment.DECOMPRESS),
        (time(18, 29), Moment.DECOMPRESS),
        (time(18, 30), Moment.FREE),
        (time(22, 40), Moment.LATE),  # half an hour before an 23:00 bedtime
        (time(2, 0), Moment.LATE),
    ],
)
def test_moments_of_a_workday(clock: time, expected: Moment) -> None:
    assert moment(datetime.combine(TUESDAY, clock, LONDON), PROFILE) is expected


def test_a_weekend_afternoon_is_free() -> None:
    assert moment(datetime(2026, 12, 5, 17, 45, tzinfo=LONDON), PROFILE) is Moment.FREE


def test_the_coach_and_the_talk_planner_agree_on_the_decompress_window() -> None:
    at = datetime.combine(TUESDAY, time(17, 50), LONDON)
    coach = check_message("We need to talk about money.", at=at, profile=PROFILE)
    assert "timing" in {n.kind for n in coach.notes}
    talk = Talk("money", TUESDAY, planned_for=at.astimezone(UTC), status=TalkStatus.PLANNED)
    assert check_talk(talk, PROFILE, now=at - timedelta(days=1)).moment is Moment.DECOMPRESS


def test_an_i_statement_opener_planned_in_his_decompress_window() -> None:
    at = datetime.combine(TUESDAY, time(17, 45), LONDON)
    talk = Talk(
        "sharing costs",
        TUESDAY,
        status=TalkStatus.PLANNED,
        planned_for=at.astimezone(UTC),
        opener="I've been thinking about how we share costs, and I'd love to talk it through.",
    )
    checked = check_talk(talk, PROFILE, now=at - timedelta(hours=6))
    keys = [n.key for n in checked.notes]
    assert checked.moment is Moment.DECOMPRESS and not checked.good_timing
    assert "decompress" in keys and "i_statement" in keys
    assert checked.opener is not None and "i_statement" in checked.opener.labels
    # the calmer moment offered is after the window, still that evening, and really is calm
    assert checked.better == datetime.combine(TUESDAY, time(18, 30), LONDON)
    assert moment(checked.better, PROFILE) is Moment.FREE
    decompress = next(n for n in checked.notes if n.key == "decompress")
    assert {"P14", "P15"} <= set(decompress.practices)


def test_a_light_talk_fits_any_moment_and_an_opener_without_i_is_offered_one() -> None:
    at = datetime.combine(TUESDAY, time(17, 45), LONDON)
    talk = Talk(
        "the weekend",
        TUESDAY,
        Weight.LIGHT,
        TalkStatus.PLANNED,
        at,
        "Why do you never plan anything?",
    )
    checked = check_talk(talk, PROFILE, now=at - timedelta(hours=1))
    assert checked.good_timing
    assert "no_i_statement" in [n.key for n in checked.notes]
    assert checked.opener is not None and checked.opener.findings  # the coach flags "never"


# ---------------------------------------------------------------- the space message (P33)


@pytest.mark.parametrize("pronouns", list(PronounSet))
@pytest.mark.parametrize(
    "doing, back",
    [
        (None, None),
        ("at my pottery class tonight", None),
        (None, "tomorrow"),
        ("with friends", "on Sunday"),
    ],
)
def test_every_space_message_reads_clean_to_the_coach(
    pronouns: PronounSet, doing: str | None, back: str | None
) -> None:
    profile = Profile(timezone="UTC", partner_pronouns=pronouns, partner_name="Sam")
    drafted = space_message(profile, doing=doing, back=back)
    assert drafted.check.verdict.value == "send", drafted.check.findings
    assert "isn't about anything between us" in drafted.draft
    assert "P33" in drafted.why.practices
    if doing:
        assert doing in drafted.draft
    if back:
        assert back in drafted.draft


# ---------------------------------------------------------------- the wording's rules

FORBIDDEN = re.compile(
    r"\b(must|should|need to|have to|streak|score|haven't logged|failed|lazy|quota|"
    r"every day|at least)\b",
    re.I,
)


def _texts(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [t for value in node.values() for t in _texts(value)]
    if isinstance(node, list):
        return [t for value in node for t in _texts(value)]
    return []


def test_the_wording_offers_and_never_orders_counts_or_scores() -> None:
    for text in _texts(wording()):
        assert not FORBIDDEN.search(text), text


def test_every_practice_the_wording_cites_exists() -> None:
    known = {p.id for p in load_catalogue().practices}
    cited = {p for text in _practice_lists(wording()) for p in text}
    assert cited and cited <= known


def _practice_lists(node: object) -> list[list[str]]:
    if isinstance(node, dict):
        found = [node["practices"]] if "practices" in node else []
        return found + [p for value in node.values() for p in _practice_lists(value)]
    return []


@pytest.mark.parametrize("pronouns", list(PronounSet))
def test_every_sentence_fills_for_every_pronoun(pronouns: PronounSet) -> None:
    words = PRONOUNS[pronouns].placeholders("Sam")
    values = {
        "hours": "2 hours",
        "count": "2",
        "category": "a hobby",
        "weeks": 4,
        "ideas": "a walk",
        "title": "exam",
        "day": "Fri 4 Dec",
        "titles": '"x"',
        "state": "stressed",
        "when": "Sat",
        "doing": "out",
        "back": "later",
    }
    for text in _texts(wording()):
        filled = text.format(**words, **values)
        assert "{" not in filled
