"""The web's weekly plan on Home (marks remembered), the Report page's two downloads and
the calendar download."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fireside.service.sample import open_sample
from tests.webclient import csrf, make_app, signed_in


@pytest.fixture
def app():  # type: ignore[no-untyped-def]
    return make_app()


def test_home_shows_the_plan_and_remembers_a_mark(app) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app)
    page = client.get("/")
    assert page.status_code == 200 and 'id="plan"' in page.text
    offers = re.findall(r'name="offer_id" value="([^"]+)"', page.text)
    assert 3 <= len(offers) <= 5
    marked = client.post(
        "/plan/mark", data={"csrf_token": csrf(app), "offer_id": offers[0], "mark": "done"}
    )
    assert marked.status_code == 303 and marked.headers["location"] == "/#plan"
    assert "(done)" in client.get("/").text
    refused = client.post(
        "/plan/mark", data={"csrf_token": csrf(app), "offer_id": offers[1], "mark": "not_for_me"}
    )
    assert refused.status_code == 303
    assert f'value="{offers[1]}"' not in client.get("/").text  # replaced at once
    without_token = client.post("/plan/mark", data={"offer_id": offers[0], "mark": "done"})
    assert without_token.status_code == 403
    unknown = client.post(
        "/plan/mark", data={"csrf_token": csrf(app), "offer_id": "nope", "mark": "done"}
    )
    assert unknown.status_code == 404


def test_offers_name_their_practices_by_title_and_expert(app) -> None:  # type: ignore[no-untyped-def]
    from fireside.practices import load_catalogue

    page = signed_in(app).get("/").text
    plan = page[page.index('id="plan"') : page.index("</section>", page.index('id="plan"'))]
    links = re.findall(r'<a href="/practices/(P\d+)">([^<]+)</a> \(([^)]+)\)', plan)
    assert links, "each offer credits its practices"
    book = {p.id: p for p in load_catalogue()}
    for pid, title, expert in links:
        assert title != pid and expert == book[pid].expert.name
    assert not re.search(r">P\d\d<", plan)  # never a bare id for people


def test_the_report_page_downloads_pdf_html_and_the_calendar(app) -> None:  # type: ignore[no-untyped-def]
    open_sample().close()  # before set-up the pages read the sample
    client = signed_in(app)
    page = client.get("/report")
    assert page.status_code == 200 and 'value="pdf"' in page.text and "calendar.ics" in page.text
    pdf = client.get("/report/download", params={"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert "attachment" in pdf.headers["content-disposition"]
    html = client.get("/report/download", params={"format": "html", "incognito": "true"})
    assert html.status_code == 200 and html.text.count("<svg") == 4
    assert "Sam" not in html.text and "Maya" not in html.text
    ics = client.get("/report/calendar.ics")
    assert ics.status_code == 200 and ics.text.startswith("BEGIN:VCALENDAR")
    backwards = client.get(
        "/report/download", params={"since": "2023-03-01", "until": "2023-01-01"}
    )
    assert backwards.status_code == 422 and "ends before it starts" in backwards.text
    empty = client.get("/report/download", params={"since": "2001-01-01", "until": "2001-02-01"})
    assert empty.status_code == 422 and "nothing to report" in empty.text


def test_the_report_page_needs_the_session(app) -> None:  # type: ignore[no-untyped-def]
    from tests.webclient import anonymous

    assert anonymous(app).get("/report/download?format=html").status_code == 401
    assert anonymous(app).get("/report/calendar.ics").status_code == 401


def test_hostile_names_are_escaped_in_the_report(tmp_path: Path) -> None:
    from fireside.service.base import open_store
    from fireside.service.report import build_report, render_report
    from tests.reports_data import ME, PARTNER, chat, profile

    store = open_store(f"sqlite:///{tmp_path / 'h.db'}")
    try:
        from fireside.ingest import import_chat

        store.save_profile(profile().model_copy(update={"partner_name": HOSTILE}))
        import_chat(store, chat(tmp_path), tz="Europe/London", me=[ME], partner=PARTNER)
        html = render_report(build_report(store), "html").data.decode()
        assert "<img src=x" not in html and "&lt;img src=x" in html
        assert "<script" not in html
    finally:
        store.close()


HOSTILE = "Q <img src=x onerror=alert(1)>"


def test_the_api_gives_the_plan_and_takes_a_mark(app) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app)
    data = client.get("/api/v1/plan").json()
    assert {"week", "stance", "why", "offers"} <= set(data) and data["offers"]
    offer = data["offers"][0]["id"]
    headers = {"x-csrf-token": csrf(app)}
    marked = client.post(
        "/api/v1/plan/marks", json={"offer_id": offer, "mark": "done"}, headers=headers
    )
    assert marked.status_code == 200 and marked.json()["mark"] == "done"
    assert client.get("/api/v1/plan").json()["offers"][0]["mark"] == "done"
    assert client.get("/api/v1/plan", params={"week": "2027-W53"}).status_code == 422
    assert (
        client.post("/api/v1/plan/marks", json={"offer_id": offer, "mark": "done"}).status_code
        == 403
    )
