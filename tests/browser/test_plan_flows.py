"""The Plan page in a real browser: "What are you thinking of doing?" with htmx and without
JavaScript, hostile text shown as text, and axe on the page with an answer on it (issue 14)."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import SECRET, axe_check, shoot

GAME = "I'll wait an hour before replying so I don't seem eager"
SINCERE = "I'm going out with my friends this weekend"


def test_the_plan_page_answers_a_game_honestly_and_a_plan_of_your_own_simply(
    site: Any, server: str
) -> None:
    site.goto(f"{server}/")
    site.get_by_role("navigation", name="Main").get_by_role("link", name="Plan").click()
    site.wait_for_url(f"{server}/plan")
    expect(site.get_by_role("heading", name="What are you thinking of doing?")).to_be_visible()
    assert site.locator("#plan ol.offers > li").count() >= 3  # the week's plan is here too
    box = site.get_by_label("Your plan")
    box.fill(GAME)
    site.get_by_role("button", name="Think it through").click()
    answer = site.locator("#answer")
    expect(answer.get_by_role("heading", name=re.compile("This sounds like"))).to_be_visible()
    assert site.url == f"{server}/plan"  # htmx: only the answer changed
    expect(answer).to_contain_text("What you could try instead")
    link = answer.get_by_role("link", name="Be authentic")
    assert link.get_attribute("href") == "/practices/P01"
    expect(answer).to_contain_text("from Anita Gadhia-Smith")
    assert box.input_value() == GAME  # still there to change
    shoot(site, "plan-game")
    assert axe_check(site) == []
    box.fill(SINCERE)
    site.get_by_role("button", name="Think it through").click()
    expect(
        answer.get_by_role("heading", name="That sounds like a plan of your own")
    ).to_be_visible()
    expect(answer).not_to_contain_text("try instead")
    shoot(site, "plan-yours")
    site.set_viewport_size({"width": 360, "height": 800})
    assert site.evaluate("document.documentElement.scrollWidth <= 360 + 1")
    site.set_viewport_size({"width": 1280, "height": 900})


def test_hostile_text_in_the_box_is_only_text(site: Any, server: str) -> None:
    alerts: list[str] = []
    site.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    site.goto(f"{server}/plan")
    hostile = '<script>alert("x")</script> so he gets jealous <img src=x onerror=alert(1)>'
    site.get_by_label("Your plan").fill(hostile)
    site.get_by_role("button", name="Think it through").click()
    answer = site.locator("#answer")
    expect(answer).to_contain_text('<script>alert("x")</script>')  # shown, as text
    assert site.locator("#answer script, #answer img").count() == 0
    assert alerts == []


def test_the_plan_page_works_without_javascript(browser: Any, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{server}/login?token={SECRET}")
        page.goto(f"{server}/plan")
        page.get_by_label("Your plan").fill(GAME)
        page.get_by_role("button", name="Think it through").click()
        page.wait_for_url(f"{server}/plan/intention#intention")
        expect(page.get_by_role("heading", name=re.compile("This sounds like"))).to_be_visible()
        assert page.get_by_label("Your plan").input_value() == GAME
        shoot(page, "plan-no-js")
    finally:
        context.close()
