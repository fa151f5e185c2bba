"""One test per flow in a real browser (Debian's Chromium), screenshots at 360 and 1280 px,
and axe-core on every page. The tests share one server and run in this order."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import axe_check, shoot

HOSTILE_ME = 'Maya <script>alert("me")</script>'
HOSTILE_PARTNER = "Sam <img src=x onerror=alert(1)>"
HOSTILE_TEXT = '<script>alert("t")</script> hi <img src=x onerror=alert(2)>'
PAGES = [
    "/",
    "/plan",
    "/coach",
    "/rhythm",
    "/import",
    "/practices",
    "/practices/P08",
    "/report",
    "/settings",
    "/setup",
    "/ground",
]


def test_01_first_run_shows_the_sample_then_set_up_finds_london(site: Any, server: str) -> None:
    site.goto(f"{server}/")
    expect(site.get_by_text("This is a sample.")).to_be_visible()
    shoot(site, "home-sample")
    site.get_by_role("link", name="Set up your own").click()
    site.get_by_label("Your name as it appears in your chats").fill("Maya")
    site.get_by_label("Your partner's name, as in your chats").fill("Sam")
    site.get_by_label("Pronouns fireside uses for your partner").select_option("he")
    zone = site.get_by_label("Your time zone: type your city")
    zone.fill("London")
    site.get_by_role("button", name="Europe/London").click()
    assert zone.input_value() == "Europe/London"
    shoot(site, "setup")
    site.get_by_role("button", name="Save and start").click()
    site.wait_for_url(re.compile(r"/\?saved=1$"))
    expect(site.get_by_text("This is a sample.")).not_to_be_visible()


def test_02_import_with_who_is_who_and_the_date_order(
    site: Any, server: str, tmp_path: Path
) -> None:
    export = tmp_path / "WhatsApp Chat with Sam.txt"
    # No day above 12 and out of order either way? Dates 01/02 .. 12/02 in time order read
    # fine both ways, so the order must be chosen.
    lines = []
    for day in range(1, 13):
        lines.append(f"{day:02d}/02/2024, 09:00 - Maya Smith: morning {day}")
        lines.append(f"{day:02d}/02/2024, 09:05 - Sam 💕: hello {day}")
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    site.goto(f"{server}/import")
    site.get_by_label("The export file").set_input_files(str(export))
    site.get_by_role("button", name="Upload and read it").click()
    site.get_by_text("Which one is you?").wait_for()
    shoot(site, "import-who")
    site.get_by_role("group", name="Which one is you?").get_by_role(
        "radio", name=re.compile("Maya Smith")
    ).check()
    site.get_by_role("group", name="Which one is your partner?").get_by_role(
        "radio", name=re.compile("Sam")
    ).check()
    dates = site.get_by_role("group", name="How does your phone write dates?")
    assert dates.get_by_text("2024-02-01 09:00").count() >= 1  # day first: 1 February
    assert dates.get_by_text("2024-01-02 09:00").count() >= 1  # month first: 2 January
    dates.get_by_role("radio", name=re.compile("Day first")).check()
    site.get_by_role("button", name="Import").click()
    site.get_by_text("Done.").wait_for()
    expect(site.get_by_text("24 new messages saved")).to_be_visible()
    shoot(site, "import-report")


def test_03_live_check_as_you_type(site: Any, server: str) -> None:
    site.goto(f"{server}/coach")
    site.get_by_label("Your draft").press_sequentially("Why haven't you called me yet?", delay=5)
    site.get_by_text("What fireside noticed").wait_for(timeout=5000)
    assert site.locator("mark.flag").count() >= 1
    expect(site.get_by_role("heading", name="A gentler way to say it")).to_be_visible()
    link = site.locator(".practice-ref a").first
    assert link.get_attribute("href", timeout=1000).startswith("/practices/P")
    site.get_by_label("How do you feel right now?").select_option("3")
    shoot(site, "coach")


def test_04_grounding_breathes_in_4_and_out_6(site: Any, server: str) -> None:
    site.goto(f"{server}/ground")
    box = site.locator(".ground")
    assert box.get_attribute("data-inhale") == "4" and box.get_attribute("data-exhale") == "6"
    assert site.locator(".breath.running").count() == 1
    duration = site.evaluate(
        "getComputedStyle(document.querySelector('.breath')).animationDuration"
    )
    assert duration == "10s"
    word = site.locator("[data-breath-word]")
    assert word.inner_text() == "Breathe in…"
    expect(word).to_contain_text("out", timeout=6000)
    site.emulate_media(reduced_motion="reduce")
    still = site.evaluate("getComputedStyle(document.querySelector('.breath')).animationName")
    assert still == "none"
    shoot(site, "ground")


def test_05_rhythm_charts_are_drawn(site: Any, server: str) -> None:
    site.goto(f"{server}/rhythm")
    images = site.locator(".charts img")
    assert images.count() == 4
    for index in range(4):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True, timeout=20000)
        assert image.evaluate("img => img.naturalWidth") > 0
    site.get_by_label("Period", exact=True).select_option("4w")
    site.get_by_role("button", name="Show").click()
    assert "period=4w" in site.url
    site.goto(f"{server}/rhythm")
    shoot(site, "rhythm")


def test_06_practice_search(site: Any, server: str) -> None:
    site.goto(f"{server}/practices")
    site.get_by_role("searchbox", name="Search").fill("jealous")
    expect(site.locator(".practices li")).not_to_have_count(36, timeout=5000)
    first = site.locator(".practices li h2 a").first
    first.click()
    assert re.search(r"/practices/P\d\d$", site.url)
    expect(site.get_by_text(re.compile(r"in the article “"))).to_be_visible()
    shoot(site, "practice")


def test_07_no_serious_accessibility_problems_on_any_page(site: Any, server: str) -> None:
    found = {}
    for path in PAGES:
        site.goto(f"{server}{path}")
        problems = axe_check(site)
        if problems:
            found[path] = problems
        site.set_viewport_size({"width": 360, "height": 800})
        assert site.evaluate("document.documentElement.scrollWidth <= 360 + 1"), path
        site.set_viewport_size({"width": 1280, "height": 900})
    assert found == {}


def test_08_hostile_names_and_texts_never_run(site: Any, server: str, tmp_path: Path) -> None:
    alerts: list[str] = []
    site.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    site.goto(f"{server}/settings")
    site.get_by_label("Your name as it appears in your chats").fill(HOSTILE_ME)
    site.get_by_label("Your partner's name, as in your chats").fill(HOSTILE_PARTNER)
    site.get_by_role("button", name="Save").click()
    export = tmp_path / "hostile.txt"
    lines = []
    for day in range(13, 28):
        lines.append(f"{day:02d}/03/2024, 10:00 - {HOSTILE_ME}: {HOSTILE_TEXT}")
        lines.append(f"{day:02d}/03/2024, 10:05 - {HOSTILE_PARTNER}: {HOSTILE_TEXT}")
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    site.goto(f"{server}/import")
    site.get_by_label("The export file").set_input_files(str(export))
    site.get_by_label("Also keep the text of my partner's messages").check()
    site.get_by_role("button", name="Upload and read it").click()
    site.get_by_text("Which one is you?").wait_for()
    site.get_by_role("button", name="Import").click()
    site.get_by_text("Done.").wait_for()
    site.goto(f"{server}/coach")
    site.get_by_label("Your draft").fill(HOSTILE_TEXT)
    site.get_by_role("button", name="Check it").click()
    site.get_by_text("What fireside noticed").wait_for()
    for path in [*PAGES, "/import/1/forget"]:
        site.goto(f"{server}{path}")
        assert site.locator("img[src=x]").count() == 0, path
    assert alerts == []


def test_09_export_download(site: Any, server: str) -> None:
    site.goto(f"{server}/settings")
    with site.expect_download() as info:
        site.get_by_role("button", name="Download everything (JSON)").click()
    download = info.value
    assert download.suggested_filename.startswith("fireside-export-")
    assert '"tables"' in Path(download.path()).read_text(encoding="utf-8")
    shoot(site, "settings")


def test_09b_the_plan_remembers_a_mark_and_the_report_downloads(site: Any, server: str) -> None:
    site.goto(f"{server}/")
    plan = site.locator("#plan")
    first = plan.locator("ol.offers > li").first
    first.get_by_role("button", name="Done").click()
    site.wait_for_url(f"{server}/#plan")
    assert "(done)" in plan.locator("ol.offers > li").first.inner_text()
    shoot(site, "home-plan")
    site.goto(f"{server}/report")
    with site.expect_download() as info:
        site.get_by_role("button", name="Download as PDF").click()
    pdf = info.value
    assert pdf.suggested_filename.endswith(".pdf")
    assert Path(pdf.path()).read_bytes().startswith(b"%PDF-")
    with site.expect_download() as info:
        site.get_by_role("link", name="Download the calendar (.ics)").click()
    assert Path(info.value.path()).read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    shoot(site, "report")


def test_10_forget_after_confirmation_then_erase_after_typing(site: Any, server: str) -> None:
    site.goto(f"{server}/import")
    site.get_by_role("link", name="Forget…").first.click()
    site.get_by_role("button", name="Yes, forget it").click()
    expect(site.get_by_text("Forgotten:")).to_be_visible()
    site.goto(f"{server}/settings")
    site.get_by_label("To confirm, type the word erase").fill("erase")
    site.get_by_role("button", name="Erase everything").click()
    expect(site.get_by_role("heading", name="Everything is erased")).to_be_visible()
