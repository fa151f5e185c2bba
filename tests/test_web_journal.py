"""The journal in the web app (in-process client): pages, forms, the balance on Home, and
the JSON API for each kind (list, add, edit, delete) and GET /api/v1/balance."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.webclient import csrf, make_app, signed_in

KINDS = ["activities", "gestures", "his-world", "strengths", "reveals", "talks", "checkins"]
ADD = {
    "activities": {"title": "pottery", "minutes": "1h30", "side": "mine", "category": "hobby"},
    "gestures": {"kind": "thanks", "note": "for the soup"},
    "his-world": {"title": "exam", "due": "in 3d"},
    "strengths": {"title": "patient"},
    "reveals": {"title": "I have a daughter", "essential": True},
    "talks": {"topic": "money", "opener": "I'd love to talk about money", "at": "sat 15:00"},
    "checkins": {"mood": 3, "he_seems": "stressed"},
}
EDIT = {
    "activities": ({"minutes": 50}, "minutes", 50),
    "gestures": ({"note": "for dinner"}, "note", "for dinner"),
    "his-world": ({"title": "the big exam"}, "title", "the big exam"),
    "strengths": ({"title": "kind"}, "title", "kind"),
    "reveals": ({"essential": False}, "essential", False),
    "talks": ({"topic": "the budget"}, "topic", "the budget"),
    "checkins": ({"mood": "1"}, "mood", 1),
}


@pytest.fixture
def client() -> tuple[TestClient, str]:
    app = make_app()
    client = signed_in(app)
    token = csrf(app)
    form = {
        "csrf_token": token,
        "my_names": "Maya",
        "partner_name": "Sam",
        "partner_pronouns": "she",
        "workdays": ["mon", "tue", "wed", "thu", "fri"],
        "work_end": "17:30",
        "commute_minutes": "30",
        "bedtime": "23:00",
        "timezone": "London",
    }
    assert client.post("/setup", data=form).status_code == 303
    return client, token


@pytest.mark.parametrize("kind", KINDS)
def test_the_api_lists_adds_edits_and_deletes_each_kind(client: Any, kind: str) -> None:
    http, token = client
    headers = {"X-CSRF-Token": token}
    added = http.post(f"/api/v1/{kind}", json=ADD[kind], headers=headers)
    assert added.status_code == 201, added.text
    entry = added.json()["entry"]
    assert entry["id"] == 1
    assert [e["id"] for e in http.get(f"/api/v1/{kind}").json()["entries"]] == [1]
    changes, field, value = EDIT[kind]
    edited = http.patch(f"/api/v1/{kind}/1", json=changes, headers=headers)
    assert edited.status_code == 200, edited.text
    assert edited.json()["entry"][field] == value
    assert http.delete(f"/api/v1/{kind}/1", headers=headers).json()["deleted"] is True
    assert http.get(f"/api/v1/{kind}").json()["entries"] == []
    assert http.delete(f"/api/v1/{kind}/1", headers=headers).status_code == 404


def test_the_api_names_bad_input_and_writes_nothing(client: Any) -> None:
    http, token = client
    headers = {"X-CSRF-Token": token}
    for body, named in [
        ({"title": "x", "minutes": "-5", "side": "mine"}, "minutes"),
        ({"title": "x", "minutes": 30, "side": "mine", "category": "sprot"}, "category"),
        ({"title": "", "minutes": 30, "side": "mine"}, "title"),
        ({"title": "x", "side": "mine"}, "minutes is missing"),
        ({"title": "x", "minutes": 30, "side": "mine", "colour": "red"}, "colour"),
        ({"title": "x", "minutes": 30, "side": "mine", "on": "31/02"}, "on"),
    ]:
        answer = http.post("/api/v1/activities", json=body, headers=headers)
        assert answer.status_code == 422, body
        assert named in answer.json()["error"] and answer.json()["hint"]
    assert http.get("/api/v1/activities").json()["entries"] == []
    assert http.post("/api/v1/activities", json=ADD["activities"]).status_code == 403  # no token


def test_the_balance_over_the_api_and_on_home(client: Any) -> None:
    http, token = client
    headers = {"X-CSRF-Token": token}
    http.post("/api/v1/reveals", json=ADD["reveals"], headers=headers)
    http.post("/api/v1/activities", json=ADD["activities"], headers=headers)
    reading = http.get("/api/v1/balance").json()
    assert reading["own_minutes"] == 90 and reading["essentials_unshared"] == ["I have a daughter"]
    assert http.get("/api/v1/balance", params={"since": "nonsense"}).status_code == 422
    home = http.get("/").text
    assert "A life of your own" in home and "She has a right to know" in home


def test_logging_and_checking_in_through_the_journal_page(client: Any) -> None:
    http, token = client
    page = http.get("/journal")
    assert page.status_code == 200 and 'action="/journal/activity"' in page.text
    done = http.post(
        "/journal/activity",
        data={"csrf_token": token, "title": "pottery", "minutes": "90", "side": "mine"},
    )
    assert done.status_code == 303 and done.headers["location"] == "/journal?saved=activity"
    assert "pottery" in http.get("/journal").text
    refused = http.post(
        "/journal/activity",
        data={"csrf_token": token, "title": "x", "minutes": "-3", "side": "mine"},
    )
    assert refused.status_code == 422 and "minutes" in refused.text and "1 to 1440" in refused.text
    checked = http.post(
        "/journal/checkin",
        data={"csrf_token": token, "mood": "1", "anxious": "4", "he_seems": "lonely"},
    )
    assert checked.status_code == 200 and "grounding" in checked.text
    assert "close the distance" in checked.text
    assert len(http.get("/api/v1/activities").json()["entries"]) == 1


def test_his_world_reveals_and_talks_pages(client: Any) -> None:
    http, token = client
    form = {"csrf_token": token}
    assert (
        http.post(
            "/journal/his-world", data={**form, "title": "exam", "due": "2030-01-04"}
        ).status_code
        == 303
    )
    assert http.post("/journal/his-world/1/followed-up", data=form).status_code == 303
    assert http.post("/journal/strengths", data={**form, "title": "patient"}).status_code == 303
    assert http.post("/journal/strengths/1/said", data=form).status_code == 303
    world = http.get("/journal/his-world").text
    assert "followed up" in world and "last said" in world
    assert (
        http.post(
            "/journal/reveals", data={**form, "title": "I have a daughter", "essential": "true"}
        ).status_code
        == 303
    )
    assert "right to know" in http.get("/journal/reveals").text
    planned = http.post(
        "/journal/talks",
        data={
            **form,
            "topic": "money",
            "opener": "I'd love to talk about money",
            "at": "2030-01-08T17:45",
        },
    )
    assert planned.status_code == 200 and "unwind" in planned.text  # a Tuesday after work
    replanned = http.post("/journal/talks/1/plan", data={**form, "at": "2030-01-05T15:00"})
    assert "calm moment" in replanned.text
    assert http.post("/journal/talks/1/hold", data=form).status_code == 303
    drafted = http.post("/journal/space-message", data={**form, "doing": "at my class"})
    assert "at my class" in drafted.text and "P33" in drafted.text


def test_journal_pages_escape_what_people_type(client: Any) -> None:
    http, token = client
    hostile = '<script>alert("x")</script>'
    http.post(
        "/journal/activity",
        data={"csrf_token": token, "title": hostile, "minutes": "30", "side": "mine"},
    )
    http.post("/journal/reveals", data={"csrf_token": token, "title": hostile, "essential": "true"})
    for path in ("/journal", "/journal/reveals", "/"):
        text = http.get(path).text
        assert hostile not in text and "&lt;script&gt;" in text, path
