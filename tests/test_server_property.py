"""Server mode, property-based: no page or API answer of one account ever carries another's
data (Hypothesis), and the JSON API keeps its OpenAPI contract as a signed-in user
(schemathesis). Both on the throwaway PostgreSQL, as an ordinary role."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from fireside.profile import Profile
from fireside.service import chats
from fireside.store import open_store
from fireside.web.security import COOKIE
from tests.serverkit import (
    ORIGIN,
    add_accounts,
    app_database,
    chat_file,
    csrf_of,
    server_app,
    sign_in,
)
from tests.test_web_security import _routes

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True, scope="module")
def _coach_loaded() -> None:
    """The app loads the coach in a thread of its own when it starts. Loaded here first, that
    thread has nothing to do while Hypothesis runs: its imports alongside Hypothesis's own
    parsing had Hypothesis see a partly initialised numpy ("no attribute 'ndarray'") and hit
    CPython 3.11's "AST constructor recursion depth mismatch" (a SystemError of two threads
    building ASTs at once, python/cpython#106905)."""
    from fireside.service import coach

    coach.warm_up()


@pytest.fixture(scope="module")
def shared_url(postgres_server: str) -> Iterator[str]:
    yield from app_database(postgres_server)


@pytest.fixture(scope="module")
def shared_app(shared_url: str) -> FastAPI:
    return server_app(shared_url)


def _get_paths(app: FastAPI) -> list[str]:
    """Every GET route: the OpenAPI document's and the pages', with their ids filled in."""
    document = app.openapi()
    found = [path for path, item in document["paths"].items() if "get" in item]
    found = ["/api/v1" + p if not p.startswith("/api/v1") else p for p in found]
    for path, methods in _routes(app.routes):
        if "GET" in methods and not path.startswith("/api/v1"):
            found.append(path)
    filled = []
    for path in found:
        if "{job_id}" in path:
            continue  # jobs are covered by their own owner check in test_server
        path = path.replace("{import_id}", "1").replace("{practice_id}", "P08")
        if "{name}" in path:
            filled += [
                path.replace("{name}", n) for n in ("weekly-messages.svg", "reply-times.svg")
            ]
        else:
            filled.append(path)
    return sorted(set(filled) | {"/api/v1/openapi.json", "/api/v1/reading?since=2024-03-01"})


people = st.lists(
    st.tuples(
        st.lists(st.integers(min_value=4, max_value=60), max_size=2),  # their imports' sizes
        st.booleans(),  # set up a profile (named with their marker)?
    ),
    min_size=2,
    max_size=3,
)


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(people)
def test_no_answer_ever_carries_another_owners_marker(
    shared_app: FastAPI, shared_url: str, plan: list[tuple[list[int], bool]]
) -> None:
    owners = {f"p{uuid.uuid4().hex[:10]}": f"MK{uuid.uuid4().hex[:8].upper()}" for _ in plan}
    add_accounts(shared_url, *owners)
    with tempfile.TemporaryDirectory() as folder:
        for (owner, marker), (sizes, with_profile) in zip(owners.items(), plan, strict=True):
            with open_store(shared_url, owner_id=owner) as store:
                if with_profile:
                    store.save_profile(
                        Profile(my_names=[f"Me{marker}"], partner_name=f"Pal{marker}")
                    )
                for number, size in enumerate(sizes):
                    path = chat_file(Path(folder), f"{marker}{number}", size)
                    if number == 0:  # through the web: the worker process warms the cache
                        continue
                    chats.import_export(
                        store, path, me=[f"Me{marker}{number}"], partner=f"Pal{marker}{number}"
                    )
            if sizes:
                client = sign_in(shared_app, owner)
                path = chat_file(Path(folder), f"{marker}0", sizes[0])
                response = client.post(
                    "/api/v1/imports",
                    data={"me": f"Me{marker}0", "partner": f"Pal{marker}0"},
                    files={"file": (path.name, path.read_bytes(), "text/plain")},
                    headers={"x-csrf-token": csrf_of(client)},
                )
                assert response.status_code == 200, response.text
    paths = _get_paths(shared_app)
    assert "/api/v1/imports" in paths and "/rhythm" in paths
    for (owner, marker), (sizes, _) in zip(owners.items(), plan, strict=True):
        client = sign_in(shared_app, owner)
        others = [m for o, m in owners.items() if o != owner]
        assert (marker in client.get("/api/v1/imports").text) == bool(sizes)  # not vacuous
        for path in paths:
            response = client.get(path)
            assert response.status_code < 500, (path, response.status_code)
            for other in others:
                assert other not in response.text, (owner, path)
        export = client.post("/settings/export", data={"csrf_token": csrf_of(client)})
        assert export.status_code == 200
        assert not any(other in export.text for other in others)


# --- schemathesis: the API's contract, signed in ---------------------------------------

_signed: dict[str, Any] = {}
HOST = ORIGIN.removeprefix("http://")


@pytest.fixture
def api_schema(shared_app: FastAPI, shared_url: str) -> Any:
    if not _signed:
        add_accounts(shared_url, "schema-user")
        client = sign_in(shared_app, "schema-user")
        _signed.update(
            cookies={COOKIE: client.cookies[COOKIE]},
            headers={"origin": ORIGIN, "host": HOST, "x-csrf-token": csrf_of(client)},
        )
    return schemathesis.openapi.from_asgi(
        "/api/v1/openapi.json", shared_app, headers={"host": HOST}, cookies=_signed["cookies"]
    )


def test_the_api_keeps_its_contract_signed_in(api_schema: Any) -> None:
    """Each operation of /api/v1/openapi.json with generated requests: never a 500, every
    answer matches the schema (schemathesis' strategies, run by Hypothesis directly)."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 5
    answered: list[int] = []

    for operation in operations:

        @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            response = case.call(headers=_signed["headers"], cookies=_signed["cookies"])
            case.validate_response(
                response,
                checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
            )
            assert response.status_code != 401, response.text[:200]
            answered.append(response.status_code)

        run()
    assert sum(200 <= code < 300 for code in answered) >= len(operations)  # not all refusals
