"""The journal in a real browser: log an activity, check in, plan a talk (issue 13).

Each flow takes a few taps; the server is the session's (tests/browser/conftest.py)."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import axe_check, shoot


def test_adding_an_activity_takes_a_few_taps(site: Any, server: str) -> None:
    site.goto(f"{server}/journal")
    site.get_by_label("What it was").fill("Dinner at Luigi's")
    site.get_by_role("radio", name="Together").check()
    site.get_by_role("radio", name="1 h 30").check()
    site.get_by_label("What kind of time").select_option("date")
    site.get_by_role("button", name="Log it").click()
    site.wait_for_url(re.compile(r"/journal\?saved=activity$"))
    expect(site.get_by_role("status").get_by_text("Logged.")).to_be_visible()
    row = site.get_by_role("row", name=re.compile("Dinner at Luigi's"))
    expect(row).to_contain_text("together")
    expect(row).to_contain_text("90")
    shoot(site, "journal")


def test_a_bad_activity_is_named_and_nothing_is_saved(site: Any, server: str) -> None:
    site.goto(f"{server}/journal")
    site.get_by_label("What it was").fill("a long walk")
    site.get_by_text("More: a plan, a dropped plan, another day").click()
    site.get_by_role("radio", name="Planned").check()
    site.get_by_label("I dropped it to be free for my partner").check()
    site.get_by_role("button", name="Log it").click()
    expect(site.get_by_role("alert")).to_contain_text("for-partner")
    assert site.get_by_role("row", name=re.compile("a long walk")).count() == 0
    # the refused form answers 422, which Chromium logs; anything else still fails the test
    site.errors[:] = [e for e in site.errors if "status of 422" not in e]


def test_a_check_in_offers_grounding_and_room(site: Any, server: str) -> None:
    site.goto(f"{server}/journal")
    site.get_by_role("group", name=re.compile("My mood")).get_by_role("radio", name="1").check()
    site.get_by_role("group", name=re.compile("How anxious")).get_by_role("radio", name="4").check()
    site.get_by_label("How my partner seems").select_option("overwhelmed")
    site.get_by_role("button", name="Check in").click()
    notes = site.get_by_role("status").filter(has_text="grounding")
    expect(notes).to_contain_text("a little room")
    shoot(site, "journal-checkin")


def test_planning_a_talk_checks_the_timing_and_offers_a_calmer_moment(
    site: Any, server: str
) -> None:
    site.goto(f"{server}/journal/talks")
    site.get_by_label("What it's about").fill("sharing costs")
    site.get_by_label("How you'd start, from your side (optional)").fill(
        "I've been thinking about how we share costs, and I'd love to talk it through."
    )
    site.get_by_label("When (optional)").fill("2030-01-08T17:45")  # a Tuesday, just after work
    site.get_by_role("button", name="Save and check the timing").click()
    checked = site.locator("section[role=status]")
    expect(checked).to_contain_text("unwind")
    expect(checked).to_contain_text("A calmer moment might be")
    expect(checked).to_contain_text("speaks from your side")
    site.get_by_label("Plan it for").first.fill("2030-01-12T15:00")  # a Saturday afternoon
    site.get_by_role("button", name="Plan").first.click()
    expect(site.locator("section[role=status]")).to_contain_text("calm moment")
    shoot(site, "journal-talks")


def test_the_journal_pages_have_no_serious_accessibility_problems(site: Any, server: str) -> None:
    found = {}
    for path in ("/journal", "/journal/his-world", "/journal/reveals", "/journal/talks"):
        site.goto(f"{server}{path}")
        problems = axe_check(site)
        if problems:
            found[path] = problems
        site.set_viewport_size({"width": 360, "height": 800})
        assert site.evaluate("document.documentElement.scrollWidth <= 360 + 1"), path
        site.set_viewport_size({"width": 1280, "height": 900})
    assert found == {}
