"""The web's weekly plan on Home (marks remembered), the Report page's two downloads and
the calendar download."""

from __future__ import annotations

import html
import json
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


# ---------------------------------------------------------------- the Plan page's guardrail

GAME = "I'll wait an hour before replying so I don't seem eager"
SINCERE = "I'm going out with my friends this weekend"


def test_the_plan_page_has_the_week_and_the_question(app) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app)
    page = client.get("/plan")
    assert page.status_code == 200
    assert 'id="plan"' in page.text and "What are you thinking of doing?" in page.text
    assert not re.search(r">P\d\d<", page.text)  # the offers' practices by title, as on Home
    assert 'action="/plan/intention#intention"' in page.text  # works without JavaScript
    assert 'hx-post="/plan/intention"' in page.text  # and with htmx
    assert f'name="csrf_token" value="{csrf(app)}"' in page.text
    assert '<a href="/plan" aria-current="page">Plan</a>' in page.text  # in the navigation
    assert 'href="/plan#intention"' in client.get("/").text  # and offered from Home


def test_a_game_is_answered_honestly_with_what_to_try_and_the_practices(app) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app)
    answer = client.post("/plan/intention", data={"csrf_token": csrf(app), "text": GAME})
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    text = html.unescape(answer.text)
    assert "This sounds like timing replies for effect" in text
    assert "What you could try instead" in text and "Reply when it suits you" in text
    assert '<a href="/practices/P01">Be authentic</a>, from Anita Gadhia-Smith' in text
    assert 'id="plan"' in text and GAME in text  # the whole page, the text kept in the box
    assert "the choice is yours" in text


def test_a_sincere_plan_is_simply_yours(app) -> None:  # type: ignore[no-untyped-def]
    answer = signed_in(app).post("/plan/intention", data={"csrf_token": csrf(app), "text": SINCERE})
    assert answer.status_code == 200
    assert "That sounds like a plan of your own" in answer.text
    assert "yours to make" in answer.text and "try instead" not in answer.text


def test_htmx_gets_only_the_answer(app) -> None:  # type: ignore[no-untyped-def]
    answer = signed_in(app).post(
        "/plan/intention",
        data={"csrf_token": csrf(app), "text": GAME},
        headers={"hx-request": "true"},
    )
    assert answer.status_code == 200 and "<html" not in answer.text
    assert answer.text.lstrip().startswith('<div class="answer answer-game">')


def test_an_empty_or_over_long_plan_is_named_kindly(app) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app)
    empty = client.post("/plan/intention", data={"csrf_token": csrf(app), "text": "  "})
    assert empty.status_code == 200 and 'class="answer' not in empty.text
    long = client.post("/plan/intention", data={"csrf_token": csrf(app), "text": "x" * 2001})
    assert long.status_code == 422 and 'role="alert"' in long.text
    assert "reads up to 2000" in long.text
    partial = client.post(
        "/plan/intention",
        data={"csrf_token": csrf(app), "text": "x" * 2001},
        headers={"hx-request": "true"},
    )
    assert partial.status_code == 200 and 'role="alert"' in partial.text  # htmx swaps 2xx


def test_the_intention_needs_the_session_and_the_csrf_token(app) -> None:  # type: ignore[no-untyped-def]
    from tests.webclient import anonymous

    stranger = anonymous(app)
    assert stranger.get("/plan").status_code == 401
    assert stranger.post("/plan/intention", data={"text": GAME}).status_code == 401
    assert stranger.post("/api/v1/intention", json={"text": GAME}).status_code == 401
    client = signed_in(app)
    assert client.post("/plan/intention", data={"text": GAME}).status_code == 403
    assert (
        client.post("/plan/intention", data={"csrf_token": "no", "text": GAME}).status_code == 403
    )
    assert client.post("/api/v1/intention", json={"text": GAME}).status_code == 403


def test_the_intention_is_escaped(app) -> None:  # type: ignore[no-untyped-def]
    hostile = '<script>alert("x")</script> make him jealous <img src=x onerror=alert(1)>'
    client = signed_in(app)
    for headers in ({}, {"hx-request": "true"}):
        answer = client.post(
            "/plan/intention", data={"csrf_token": csrf(app), "text": hostile}, headers=headers
        )
        assert answer.status_code == 200
        assert "<script>alert" not in answer.text and "<img src=x" not in answer.text
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in answer.text


def test_the_intention_is_not_stored(app, fireside_home: Path) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app)
    client.get("/")  # the store exists before
    phrase = "zebra-quartz-7781 so he sees what he is missing"
    client.post("/plan/intention", data={"csrf_token": csrf(app), "text": phrase})
    client.post("/api/v1/intention", json={"text": phrase}, headers={"x-csrf-token": csrf(app)})
    app.state.fireside.close()
    files = [p for p in fireside_home.rglob("*") if p.is_file()]
    assert files and all(b"zebra-quartz" not in p.read_bytes() for p in files)


def test_a_mark_on_the_plan_page_returns_there_and_nowhere_else(app) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app)
    page = client.get("/plan")
    offers = re.findall(r'name="offer_id" value="([^"]+)"', page.text)
    assert 'name="back" value="/plan"' in page.text
    token = csrf(app)
    back = client.post(
        "/plan/mark",
        data={"csrf_token": token, "offer_id": offers[0], "mark": "done", "back": "/plan"},
    )
    assert back.status_code == 303 and back.headers["location"] == "/plan#plan"
    elsewhere = client.post(
        "/plan/mark",
        data={
            "csrf_token": token,
            "offer_id": offers[0],
            "mark": "",
            "back": "https://evil.example/",
        },
    )
    assert elsewhere.headers["location"] == "/#plan"


def test_the_api_reads_an_intention_as_the_cli_prints_it(app) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from fireside.cli import app as cli

    client = signed_in(app)
    headers = {"x-csrf-token": csrf(app)}
    answer = client.post("/api/v1/intention", json={"text": GAME}, headers=headers)
    printed = CliRunner().invoke(cli, ["intention", GAME, "--json"])
    assert answer.status_code == 200 and printed.exit_code == 0, printed.output
    assert answer.json() == json.loads(printed.output)
    assert answer.json()["is_game"] is True and answer.json()["tactic"] == "strategic_delay"
    empty = client.post("/api/v1/intention", json={"text": " "}, headers=headers)
    assert empty.status_code == 422 and empty.json()["error"] == "The intention is empty."
    broken = client.post(
        "/api/v1/intention",
        content=b'{"text": "a \\ud800 b"}',
        headers={**headers, "content-type": "application/json"},
    )
    assert broken.status_code == 422 and broken.json()["error"]  # half a character: refused
