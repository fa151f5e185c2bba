"""The web app's pages and JSON API through the in-process client (no browser)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from fireside.samples.whatsapp_export import write_file
from tests.webclient import csrf, make_app, signed_in

SRC = Path(__file__).resolve().parents[1] / "src" / "fireside"
HOSTILE_ME = 'Maya <script>alert("me")</script>'
HOSTILE_PARTNER = "Sam <img src=x onerror=alert(1)>"
HOSTILE_TEXT = '<script>alert("text")</script> and <img src=x onerror=alert(2)>'


@pytest.fixture
def app():  # type: ignore[no-untyped-def]
    return make_app()


def _set_up(client, token: str, **extra: str) -> None:  # type: ignore[no-untyped-def]
    form = {
        "csrf_token": token,
        "my_names": "Maya",
        "partner_name": "Sam",
        "partner_pronouns": "he",
        "workdays": ["mon", "tue"],
        "work_end": "17:30",
        "commute_minutes": "30",
        "bedtime": "23:00",
        "timezone": "London",
        **extra,
    }
    response = client.post("/setup", data=form)
    assert response.status_code == 303, response.text


def test_the_web_face_imports_only_the_service_layer() -> None:
    """The web app reaches the data only through fireside.service (even for type hints)."""
    allowed = (
        "fireside.web",
        "fireside.service",
        "fireside.errors",
        "fireside.paths",
        "fireside.__version__",
    )
    for path in (SRC / "web").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {
            id(n)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for child in node.body
            for n in ast.walk(child)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("fireside")
            ):
                names = (
                    [f"fireside.{a.name}" for a in node.names]
                    if node.module == "fireside"
                    else [node.module]
                )
                for name in names:
                    assert not name.startswith(
                        ("fireside.store", "fireside.ingest", "fireside.importers")
                    ), (path, name)
                    if id(node) not in typing_only:
                        assert name.startswith(allowed), (path, name)


def test_before_set_up_the_pages_show_a_marked_sample_that_one_click_removes(app) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app)
    home = client.get("/")
    assert "This is a sample" in home.text and "Maya and Sam" in home.text
    gone = client.post("/sample/remove", data={"csrf_token": csrf(app)})
    assert gone.status_code == 303
    assert "This is a sample" not in client.get("/").text


def test_set_up_finds_the_time_zone_by_city_and_ends_the_sample(app) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app)
    assert "America/New_York" in client.get("/setup/zones?q=New York").text
    _set_up(client, csrf(app), timezone="new york")
    assert "This is a sample" not in client.get("/").text
    assert 'value="America/New_York"' in client.get("/settings").text


def test_set_up_with_a_bad_value_names_the_field_and_keeps_the_answers(app) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app)
    response = client.post(
        "/setup", data={"csrf_token": csrf(app), "partner_name": "Sam", "timezone": "Atlantis"}
    )
    assert response.status_code == 422
    assert "timezone" in response.text and 'value="Sam"' in response.text


def test_the_coach_highlights_explains_and_offers_a_rewrite_without_javascript(app) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app)
    page = client.post(
        "/coach",
        data={"csrf_token": csrf(app), "text": "Why haven't you called me yet?", "mood": "3"},
    )
    assert page.status_code == 200
    assert '<mark class="flag"' in page.text
    assert "A gentler way to say it" in page.text and "data-copy" in page.text
    assert '<a href="/practices/P' in page.text  # the practice, linked by its title
    partial = client.post(
        "/coach",
        data={"csrf_token": csrf(app), "text": "Don't you miss me?"},
        headers={"hx-request": "true"},
    )
    assert "<html" not in partial.text and "What fireside noticed" in partial.text


def test_practices_search_tags_and_one_page_credit_the_expert_and_article(app) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app)
    assert (
        "Keep it about you" in client.get("/practices?q=text him").text
        or client.get("/practices?q=text him").status_code == 200
    )
    page = client.get("/practices/P08").text
    assert "Michelle Henderson" in page and "Things To Do To Make Him Miss You" in page
    assert ".txt" not in page
    unknown = client.get("/practices/P99")
    assert unknown.status_code == 404


def _import(client, token: str, path: Path, **fields: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    with path.open("rb") as handle:
        response = client.post(
            "/api/v1/imports",
            headers={"x-csrf-token": token},
            data=fields,
            files={"file": (path.name, handle, "text/plain")},
        )
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_the_api_imports_lists_reads_and_the_reading_is_computed_once_per_change(
    app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app)
    token = csrf(app)
    _set_up(client, token)
    export = tmp_path / "WhatsApp Chat with Sam.txt"
    write_file(export, 4000)
    report = _import(client, token, export, me="Maya", partner="Sam", tz="Europe/London")
    assert report["imported"] == 4000 and report["kept_partner_text"] is False
    assert [row["messages"] for row in client.get("/api/v1/imports").json()] == [4000]
    cache = app.state.fireside.cache
    first = client.get("/api/v1/reading").json()
    computed = cache.computed
    for _ in range(3):
        assert client.get("/api/v1/reading").json() == first
    assert cache.computed == computed  # not recomputed per request
    assert first["messages"]["me"] + first["messages"]["partner"] == 4000
    client.post("/import/1/forget", data={"csrf_token": token})
    after = client.get("/api/v1/reading").json()
    assert after["messages"]["me"] == 0  # a change of the data is seen at once


def test_the_import_flow_with_who_is_who_through_pages(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import time

    client = signed_in(app)
    token = csrf(app)
    _set_up(client, token, my_names="Someone Else", partner_name="Nobody")
    export = tmp_path / "chat.txt"
    write_file(export, 500)
    with export.open("rb") as handle:
        started = client.post(
            "/import", data={"csrf_token": token}, files={"file": ("chat.txt", handle)}
        )
    assert started.status_code == 303
    job = started.headers["location"]
    for _ in range(100):
        page = client.get(job)
        if "Which one is you?" in page.text:
            break
        time.sleep(0.05)
    assert "Which one is you?" in page.text and "Maya" in page.text
    upload = page.text.split('name="upload" value="')[1].split('"')[0]
    done = client.post(
        "/import/confirm",
        data={
            "csrf_token": token,
            "upload": upload,
            "me": "Maya",
            "partner": "Sam",
            "date_order": "dmy",
        },
    )
    for _ in range(100):
        page = client.get(done.headers["location"])
        if "Done." in page.text:
            break
        time.sleep(0.05)
    assert "500 new messages saved" in page.text
    assert "message text was not kept" in page.text


def test_export_downloads_everything_and_erase_needs_the_typed_word(app) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app)
    token = csrf(app)
    _set_up(client, token)
    export = client.post("/settings/export", data={"csrf_token": token})
    assert export.status_code == 200 and "attachment" in export.headers["content-disposition"]
    assert json.loads(export.text)["tables"]["profile"][0]["partner_name"] == "Sam"
    refused = client.post("/settings/erase", data={"csrf_token": token, "confirm": "yes"})
    assert refused.status_code == 400 and "Nothing was erased" in refused.text
    erased = client.post("/settings/erase", data={"csrf_token": token, "confirm": "erase"})
    assert erased.status_code == 200 and "Everything is erased" in erased.text
    assert (
        json.loads(client.post("/settings/export", data={"csrf_token": token}).text)["tables"][
            "profile"
        ]
        == []
    )


def test_the_api_check_and_practices(app) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app)
    token = csrf(app)
    result = client.post(
        "/api/v1/check",
        json={"text": "Don't you miss me?", "mood": 2},
        headers={"x-csrf-token": token},
    ).json()
    assert result["findings"] and result["findings"][0]["label"] == "spotlight_question"
    bad = client.post(
        "/api/v1/check", json={"text": "hi", "mood": 9}, headers={"x-csrf-token": token}
    )
    assert bad.status_code == 422 and bad.json()["problems"]
    found = client.get("/api/v1/practices?q=jealous").json()
    assert found and "id" in found[0]
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/check", "/api/v1/reading", "/api/v1/imports", "/api/v1/practices"} <= set(
        spec["paths"]
    )
    assert not any(p.startswith("/coach") for p in spec["paths"])
    assert client.get("/docs").status_code == 404  # no docs page pulling assets from a CDN


def test_hostile_names_and_texts_are_escaped_on_every_page(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app)
    token = csrf(app)
    _set_up(client, token, my_names=HOSTILE_ME, partner_name=HOSTILE_PARTNER)
    export = tmp_path / "hostile.txt"
    lines = []
    for day in range(1, 28):
        lines.append(f"{day:02d}/01/2024, 10:00 - {HOSTILE_ME}: {HOSTILE_TEXT}")
        lines.append(f"{day:02d}/01/2024, 10:05 - {HOSTILE_PARTNER}: {HOSTILE_TEXT}")
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _import(client, token, export, me=HOSTILE_ME, partner=HOSTILE_PARTNER, keep_partner_text="true")
    pages = [
        "/",
        "/coach?text=" + HOSTILE_TEXT,
        "/rhythm",
        "/import",
        "/practices",
        "/practices/P08",
        "/settings",
        "/setup",
        "/ground",
        "/import/1/forget",
    ]
    for path in pages:
        text = client.get(path).text
        assert "<script>alert" not in text and "<img src=x" not in text, path
    checked = client.post("/coach", data={"csrf_token": token, "text": HOSTILE_TEXT}).text
    assert "<script>alert" not in checked and "&lt;script&gt;" in checked
    for name in ("weekly-messages.svg", "reply-times.svg"):
        svg = client.get(f"/rhythm/charts/{name}").text
        assert not re.search(r"<(script|img|foreignObject)\b", svg), name
        assert "&lt;" in svg  # the names are there, as text
