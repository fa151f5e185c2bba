"""The weekly plan: the stance from the evidence, offers that rotate and are remembered,
the offers' data, ISO weeks, and the CLI's bad input."""

from __future__ import annotations

import json
import string
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from fireside.cli import app
from fireside.errors import ExitCode, InvalidValueError
from fireside.periods import Week, check_period, parse_week
from fireside.planner import Facts, History, Mark, Stance, load_offers, weekly_plan
from fireside.practices import load_catalogue
from fireside.pronouns import PronounSet, render
from fireside.service.base import open_store
from fireside.service.plan import mark_offer
from fireside.service.plan import weekly_plan as plan_for

WEEK = Week(2026, 10)
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)  # a Wednesday of 2026-W10


# --- weeks and periods ---------------------------------------------------------------


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9000, 12, 31)))
def test_every_day_is_in_the_week_its_name_parses_to(day: date) -> None:
    week = parse_week(str(Week.of(day)))
    assert day in week and week.monday.weekday() == 0 and (week.sunday - week.monday).days == 6


@pytest.mark.parametrize("text", ["2026-W54", "2027-W53", "2026-W00", "2026-13", "W05", "next"])
def test_a_week_that_does_not_exist_is_named(text: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        parse_week(text)
    assert caught.value.field == "--week" and text in caught.value.message


def test_2026_has_53_weeks_and_2027_52() -> None:
    assert parse_week("2026-W53").monday == date(2026, 12, 28)
    with pytest.raises(InvalidValueError, match="W01 to W52"):
        parse_week("2027-W53")


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="ends before it starts"):
        check_period(date(2026, 2, 1), date(2026, 1, 1))
    check_period(date(2026, 1, 1), date(2026, 1, 1))


# --- the offers' data ----------------------------------------------------------------


def test_offers_are_well_formed_and_every_stance_has_enough() -> None:
    offers = load_offers()
    ids = [o.id for o in offers]
    assert len(ids) == len(set(ids))
    known = {p.id for p in load_catalogue()}
    for offer in offers:
        assert offer.practices and set(offer.practices) <= known, offer.id
        for pronouns in PronounSet:
            text = render(offer.text, pronouns, "Alex")
            assert "{" not in text and "}" not in text and "`" not in text
    for stance in Stance:
        suited = [o for o in offers if stance in o.stances]
        # two weeks' worth, so the rotation never has to repeat an offer
        assert len(suited) >= 8, stance
        assert any(o.own_life for o in suited), stance


def test_offers_are_offers_not_orders_and_carry_no_guilt() -> None:
    for offer in load_offers():
        lowered = offer.text.lower()
        for word in ("must", "should", "never again", "last week", "streak", "failed", "make him"):
            assert word not in lowered, (offer.id, word)


# --- the stance ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "stance"),
    [
        (Facts(WEEK), Stance.NOT_ENOUGH_DATA),
        (Facts(WEEK, he_seems=("overwhelmed",)), Stance.GIVE_SPACE),
        (Facts(WEEK, he_seems=("lonely",)), Stance.CLOSE_DISTANCE),
        (Facts(WEEK, space="smothering"), Stance.GIVE_SPACE),
        (Facts(WEEK, space="drifting"), Stance.CLOSE_DISTANCE),
        (Facts(WEEK, space="healthy", reciprocity="balanced"), Stance.STEADY),
        (Facts(WEEK, space="healthy", reciprocity="you_carry"), Stance.STEADY),
        # how he seems now outweighs the chats (P36)
        (Facts(WEEK, space="drifting", he_seems=("overwhelmed",)), Stance.GIVE_SPACE),
        (Facts(WEEK, space="smothering", he_seems=("lonely",)), Stance.CLOSE_DISTANCE),
        # signs both ways of equal weight: a steady middle
        (Facts(WEEK, he_seems=("overwhelmed", "lonely")), Stance.STEADY),
        (Facts(WEEK, own_minutes=30, together_minutes=1200, space="smothering"), Stance.GIVE_SPACE),
    ],
)
def test_the_stance_follows_the_evidence(facts: Facts, stance: Stance) -> None:
    plan = weekly_plan(facts, pronouns=PronounSet.SHE, partner="Robin")
    assert plan.stance is stance
    assert plan.why and all(s.endswith(".") for s in plan.why)
    assert MIN <= len(plan.offers) <= MAX
    assert "{" not in " ".join(plan.why)


MIN, MAX = 3, 5


def test_why_says_what_was_seen_in_plain_words() -> None:
    plan = weekly_plan(
        Facts(WEEK, he_seems=("overwhelmed",)), pronouns=PronounSet.SHE, partner="Robin"
    )
    assert any("Robin seemed overwhelmed" in s for s in plan.why)
    plan = weekly_plan(Facts(WEEK, space="smothering"), pronouns=PronounSet.THEY)
    assert any("too little air" in s and "they reply" in s for s in plan.why)


def test_with_no_data_starter_offers_and_one_for_a_life_of_ones_own() -> None:
    plan = weekly_plan(Facts(WEEK))
    starters = {o.id for o in load_offers() if Stance.NOT_ENOUGH_DATA in o.stances}
    assert plan.stance is Stance.NOT_ENOUGH_DATA
    assert {o.id for o in plan.offers} <= starters
    assert any(o.own_life for o in plan.offers)


@pytest.mark.parametrize("space", ["smothering", "drifting", "healthy", "not_enough_data"])
def test_when_own_time_is_low_one_offer_is_always_for_a_life_of_ones_own(space: str) -> None:
    history = History()
    for number in range(1, 9):  # eight weeks running, whatever the rotation picks
        facts = Facts(Week(2026, number), space=space, own_minutes=60, together_minutes=600)
        plan = weekly_plan(facts, history)
        assert plan.own_time_low and plan.offers[0].own_life
        history = History(last_week=frozenset(o.id for o in plan.offers))


@given(
    st.lists(
        st.sampled_from(["smothering", "drifting", "healthy", "not_enough_data"]),
        min_size=2,
        max_size=10,
    ),
    st.sets(st.sampled_from([o.id for o in load_offers()]), max_size=12),
)
def test_offers_never_repeat_two_weeks_running_and_not_for_me_never_returns(
    spaces: list[str], refused: set[str]
) -> None:
    last: frozenset[str] = frozenset()
    offered: dict[str, int] = {}
    for number, space in enumerate(spaces, 1):
        facts = Facts(Week(2026, number), space=space)
        plan = weekly_plan(
            facts, History(last_week=last, not_for_me=frozenset(refused), offered=offered)
        )
        ids = {o.id for o in plan.offers}
        assert MIN <= len(ids) <= MAX
        assert not ids & last and not ids & refused
        last = frozenset(ids)
        for i in ids:
            offered[i] = offered.get(i, 0) + 1


def test_this_weeks_offers_hold_still_while_the_week_lasts() -> None:
    first = weekly_plan(Facts(WEEK, space="healthy"))
    again = weekly_plan(
        Facts(WEEK, space="healthy"), History(this_week=tuple(o.id for o in first.offers))
    )
    assert [o.id for o in again.offers] == [o.id for o in first.offers]


# --- the service and the store -------------------------------------------------------


def test_marks_are_remembered_per_owner_and_next_week_rotates(database_url: str) -> None:
    store = open_store(database_url)
    try:
        plan = plan_for(store, now=NOW)
        assert str(plan.week) == "2026-W10"
        done, refused = plan.offers[0].id, plan.offers[1].id
        assert mark_offer(store, done, "done", now=NOW).mark == "done"
        mark_offer(store, refused, "not-for-me", now=NOW)
        again = plan_for(store, now=NOW)
        marks = {o.id: o.mark for o in again.offers}
        assert marks[done] is Mark.DONE
        # "not for me" makes room for another offer at once; the rest hold still
        assert refused not in marks and len(again.offers) == len(plan.offers)
        kept = [o.id for o in plan.offers if o.id != refused]
        assert [o.id for o in again.offers][: len(kept)] == kept
        later = NOW + timedelta(days=7)
        next_week = plan_for(store, now=later)
        assert not {o.id for o in next_week.offers} & {o.id for o in plan.offers}
        for weeks in range(2, 12):  # "not for me" is never offered again
            assert refused not in {
                o.id for o in plan_for(store, now=NOW + timedelta(weeks=weeks)).offers
            }
        other = type(store)(store.engine, owner_id="someone-else")
        assert other.plan_offers() == []
        assert store.export_all()["plan_offer"]
    finally:
        store.close()


def test_marking_an_offer_that_is_not_this_weeks_is_named(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        with pytest.raises(Exception, match="no offer called"):
            mark_offer(store, "jump-off-a-cliff", "done", now=NOW)
        plan = plan_for(store, now=NOW)
        unused = next(o.id for o in load_offers() if o.id not in {p.id for p in plan.offers})
        with pytest.raises(Exception, match="not one of the offers"):
            mark_offer(store, unused, "done", now=NOW)
        with pytest.raises(InvalidValueError):
            mark_offer(store, plan.offers[0].id, "maybe", now=NOW)
    finally:
        store.close()


# --- the CLI -------------------------------------------------------------------------


def test_plan_json_has_the_documented_fields(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", "--json", "--week", "2026-W10"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["week"] == "2026-W10" and data["stance"] == "not_enough_data"
    assert data["why"] and 3 <= len(data["offers"]) <= 5
    assert {"id", "text", "practices", "experts"} <= set(data["offers"][0])
    assert set(data["offers"][0]["text"]) <= set(string.printable + "’“”–—…éè")


def test_plan_text_marks_and_bad_weeks(runner: CliRunner) -> None:
    shown = runner.invoke(app, ["plan"])
    assert shown.exit_code == 0 and "fireside plan --done" in shown.stdout
    offer = json.loads(runner.invoke(app, ["plan", "--json"]).stdout)["offers"][0]["id"]
    marked = runner.invoke(app, ["plan", "--done", offer])
    assert marked.exit_code == 0 and "(done)" in marked.stdout
    for week in ("2027-W53", "2026-W99", "soon"):
        bad = runner.invoke(app, ["plan", "--week", week])
        assert bad.exit_code == ExitCode.INVALID_INPUT and "--week" in bad.output
    missing = runner.invoke(app, ["plan", "--done", "no-such-offer"])
    assert missing.exit_code == ExitCode.NOT_FOUND and "no offer called" in missing.output
