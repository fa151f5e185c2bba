"""The first hour of a new user (issue 12, section 4), fixed in the shared use-cases."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from fireside import names
from fireside.cli import app
from fireside.date_hints import suggest_date_order
from fireside.importers import DateOrder
from fireside.wording import humanise, per_week, plural
from fireside.zones import find_timezones, resolve_timezone


@pytest.mark.parametrize(
    ("chat_name", "profile_name"),
    [
        ("Sammy 💕", "Sammy"),
        ("Alex Smith", "Alex"),
        ("ALEX", "alex"),
        ("Samantha", "Sam"),
        ("❤️ Maya ❤️", "maya"),
        ("Jean-Luc", "jean luc"),
    ],
)
def test_contact_names_match_the_profile(chat_name: str, profile_name: str) -> None:
    assert names.matches(chat_name, profile_name)


@pytest.mark.parametrize(
    ("chat_name", "profile_name"), [("Al", "Alex"), ("Bob", "Rob"), ("💕", "Sammy")]
)
def test_different_people_do_not_match(chat_name: str, profile_name: str) -> None:
    assert not names.matches(chat_name, profile_name)


def test_a_loose_match_must_point_at_one_person() -> None:
    assert names.find(["Sam Smith", "Sam Jones"], ["Sam"]) == []
    assert names.find(["Sam", "Samantha"], ["Sam"]) == ["Sam"]  # exact wins


@given(st.text())
@example("K:\u0331")  # a dropped symbol between a letter and its combining mark
def test_folding_is_stable(name: str) -> None:
    assert names.fold(names.fold(name)) == names.fold(name)


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("london", "Europe/London"),
        ("new york", "America/New_York"),
        ("Europe/london", "Europe/London"),
        ("EST", "America/New_York"),
        ("Europe/Berlin", "Europe/Berlin"),
        ("utc", "UTC"),
    ],
)
def test_time_zones_as_people_type_them(typed: str, zone: str) -> None:
    assert resolve_timezone(typed) == zone
    assert zone in find_timezones(typed)


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        resolve_timezone("Atlantis")


def test_durations_and_counts_in_words() -> None:
    assert humanise(timedelta(hours=8135.32)) == "about 11 months"
    assert humanise(timedelta(days=985)) == "about 3 years"
    assert humanise(timedelta(days=20)) == "about 3 weeks"
    assert humanise(timedelta(minutes=1)) == "1 minute"
    assert per_week(5.98) == "about 6 days a week"
    assert plural(1, "conversation") == "1 conversation"
    assert plural(2, "person") == "2 people"


def test_date_order_hints() -> None:
    assert suggest_date_order("America/Chicago", "x.txt").order is DateOrder.MDY  # type: ignore[union-attr]
    assert suggest_date_order("Europe/London", "WhatsApp Chat with Sam.txt").order is DateOrder.DMY  # type: ignore[union-attr]
    hint = suggest_date_order("America/Chicago", "WhatsApp Chat mit Sam.txt")
    assert hint is not None and hint.order is DateOrder.DMY and "German" in hint.reason


AMBIGUOUS = (
    "01/02/2023, 21:07 - Maya: hi\n03/04/2023, 21:08 - Sam: hey\n05/06/2023, 09:00 - Maya: again\n"
)


def test_an_ambiguous_date_order_offers_both_readings(tmp_path: Path) -> None:
    from fireside.service.chats import preview_export

    export = tmp_path / "WhatsApp Chat with Sam.txt"
    export.write_text(AMBIGUOUS)
    preview = preview_export(None, export, tz="America/New_York", me=["Maya"])
    choice = preview.date_choice
    assert choice is not None and choice.examples == ("01/02/2023", "03/04/2023", "05/06/2023")
    firsts = {r.order.value: r.first[0].ts[:10] for r in choice.readings}
    assert firsts == {"dmy": "2023-02-01", "mdy": "2023-01-02"}
    assert [r.order.value for r in choice.readings if r.suggested] == ["mdy"]
    assert preview.who is not None and preview.who.partner == "Sam"


def test_the_ambiguous_date_error_names_both_readings(tmp_path: Path, runner: CliRunner) -> None:
    export = tmp_path / "chat.txt"
    export.write_text(AMBIGUOUS)
    result = runner.invoke(app, ["import", str(export), "--me", "Maya", "--tz", "UTC"])
    assert result.exit_code != 0
    assert ",," not in result.stderr
    assert "--date-order dmy reads the first message as 2023-02-01" in result.stderr


def test_partner_alone_is_enough_in_a_chat_of_two(tmp_path: Path, runner: CliRunner) -> None:
    export = tmp_path / "chat.txt"
    export.write_text("31/12/2023, 21:07 - Maya 🌸: hi\n31/12/2023, 21:08 - Sam Smith: hey\n")
    assert (
        runner.invoke(
            app, ["init", "--me", "Someone", "--partner", "Sam", "--no-interactive"]
        ).exit_code
        == 0
    )
    result = runner.invoke(
        app, ["import", str(export), "--partner", "Sam", "--json", "--tz", "UTC"]
    )
    assert result.exit_code == 0, result.output
    assert '"me": 1' in result.stdout and '"partner": 1' in result.stdout


def test_init_from_an_empty_pipe_refuses(runner: CliRunner) -> None:
    result = runner.invoke(app, ["init"], input="")
    assert result.exit_code != 0 and "got no answers" in result.stderr
    assert runner.invoke(app, ["profile", "--json"]).stdout.count('"saved": false') == 1


def test_init_reads_answers_from_a_pipe(runner: CliRunner) -> None:
    result = runner.invoke(app, ["init"], input="Maya\nSam\nshe\n\n\n\n\nlondon\n")
    assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["profile", "--json"]).stdout
    assert '"partner_pronouns": "she"' in shown and '"timezone": "Europe/London"' in shown


def test_waiting_says_hers_and_that_the_data_is_old() -> None:
    import polars as pl

    from fireside.pronouns import PronounSet
    from fireside.rhythm import Settings
    from fireside.rhythm.waiting import waiting

    start = datetime(2023, 3, 1, 12, tzinfo=UTC)
    frame = pl.DataFrame(
        {"ts": [start, start + timedelta(minutes=5)], "role": ["me", "partner"], "words": [1, 1]}
    )
    recent = waiting(frame, start + timedelta(hours=1), Settings(), pronouns=PronounSet.SHE)
    assert "the last word was hers" in recent.message
    old = waiting(frame, start + timedelta(days=985), Settings(), pronouns=PronounSet.SHE)
    assert "ends on 1 March 2023" in old.message and "985" not in old.message
    mine = frame.with_columns(role=pl.lit("me"))
    stale = waiting(mine, start + timedelta(days=985), Settings())
    assert "ends on 1 March 2023" in stale.message and "days" not in stale.message


def test_exports_are_private_and_erase_names_what_it_leaves(
    tmp_path: Path, runner: CliRunner
) -> None:
    target = tmp_path / "out" / "export.json"
    target.parent.mkdir()
    assert runner.invoke(app, ["export", str(target)]).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    result = runner.invoke(app, ["erase", "--yes"])
    assert result.exit_code == 0 and str(target) in result.stdout
    assert "holds nothing" not in result.stdout


def test_the_trend_compares_only_with_weeks_that_have_history() -> None:
    import polars as pl

    from fireside.rhythm import Settings
    from fireside.rhythm.readings import read

    end = datetime(2024, 6, 1, 20, tzinfo=UTC)
    recent = [end - timedelta(days=d, hours=h) for d in range(49) for h in (0, 1)]
    one_old = [end - timedelta(days=100)]  # a single message many weeks back
    stamps = sorted(one_old + recent)
    frame = pl.DataFrame(
        {
            "ts": stamps,
            "role": ["me" if i % 2 else "partner" for i in range(len(stamps))],
            "words": [3] * len(stamps),
        }
    )
    _, reading = read(frame, Settings())
    fall = reading.evidence["recent_vs_earlier_fall"]
    assert fall is not None and abs(fall["me"]) < 1  # per week with history (12 weeks: -2.9)
    assert "twelve" not in reading.trend and "earlier weeks that have messages" in reading.trend
    assert reading.reciprocity_why.startswith("You started")
