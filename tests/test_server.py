"""Server mode on a real PostgreSQL: accounts, sign-in, sessions, CSRF and row-level security."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine, insert, select, text, update
from sqlalchemy.exc import ProgrammingError
from starlette.testclient import TestClient
from typer.testing import CliRunner

from fireside.cli import app as cli
from fireside.errors import FiresideError
from fireside.service import accounts, chats
from fireside.store import open_store
from fireside.store.schema import chat_import, message, metadata, profile, session
from fireside.web.security import COOKIE
from fireside.web.signin import PER_ACCOUNT
from tests.serverkit import (
    ORIGIN,
    PASSWORD,
    add_accounts,
    anonymous,
    app_database,
    chat_file,
    csrf_of,
    login_csrf,
    server_app,
    sign_in,
)
from tests.test_web_security import _state_changing_routes

pytestmark = pytest.mark.postgres


@pytest.fixture(params=[0, 4], ids=["plain", "partitioned"])
def server_url(request: pytest.FixtureRequest, postgres_server: str) -> Iterator[str]:
    yield from app_database(postgres_server, partitions=request.param)


@pytest.fixture
def app(server_url: str) -> FastAPI:
    add_accounts(server_url, "ann", "bob")
    return server_app(server_url)


def _import(url: str, owner: str, folder: Path, marker: str, count: int = 40) -> None:
    with open_store(url, owner_id=owner) as store:
        chats.import_export(
            store, chat_file(folder, marker, count), me=[f"Me{marker}"], partner=f"Pal{marker}"
        )


# --- keys and row-level security -------------------------------------------------------


def test_every_key_and_unique_constraint_leads_with_owner_id() -> None:
    for table in metadata.sorted_tables:
        assert "owner_id" in table.c, table.name
        assert table.primary_key.columns.keys()[0] == "owner_id", table.name
        for index in table.indexes:
            if index.unique:
                assert "owner_id" in index.columns, (table.name, index.name)


def test_row_level_security_is_forced_on_every_table_of_a_persons_data(server_url: str) -> None:
    with open_store(server_url) as store, store.engine.connect() as connection:
        flags = dict(
            connection.execute(
                text(
                    "SELECT c.relname, c.relrowsecurity AND c.relforcerowsecurity FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"
                )
            ).all()
        )
    for table in metadata.sorted_tables:
        if table.name != "account":  # the directory of accounts itself (see docs/server.md)
            assert flags[table.name], table.name
    assert all(v for k, v in flags.items() if k.startswith("message_p"))


def test_the_policy_alone_keeps_each_owner_to_their_rows(server_url: str, tmp_path: Path) -> None:
    add_accounts(server_url, "ann", "bob")
    _import(server_url, "ann", tmp_path, "AAA")
    _import(server_url, "bob", tmp_path, "BBB", count=30)
    with open_store(server_url, owner_id="ann") as ann:
        with ann.engine.connect() as connection:  # no owner filter at all
            owners = {row.owner_id for row in connection.execute(select(message))}
            imports = connection.execute(select(chat_import.c.owner_id)).scalars().all()
            texts = connection.execute(select(message.c.text)).scalars().all()
        assert owners == {"ann"} and imports == ["ann"]
        assert not any("BBB" in (t or "") for t in texts)
        with (
            pytest.raises(ProgrammingError, match="row-level security"),
            ann.engine.begin() as connection,
        ):
            connection.execute(
                insert(profile).values(
                    owner_id="bob",
                    my_names=["x"],
                    partner_pronouns="he",
                    workdays="",
                    work_end="17:00",
                    commute_minutes=0,
                    bedtime="23:00",
                    timezone="UTC",
                    keep_partner_text=False,
                    updated_at=datetime.now(UTC),
                )
            )
        with ann.engine.begin() as connection:  # an unfiltered delete touches only ann's
            connection.execute(message.delete())
    with open_store(server_url, owner_id="bob") as bob, bob.engine.connect() as connection:
        assert len(connection.execute(select(message)).all()) == 30


def test_without_an_owner_a_connection_sees_nothing(server_url: str, tmp_path: Path) -> None:
    add_accounts(server_url, "ann")
    _import(server_url, "ann", tmp_path, "AAA")
    engine = create_engine(server_url)
    with engine.connect() as connection:
        assert connection.execute(select(message)).all() == []
    engine.dispose()


def test_a_superuser_is_refused_for_server_mode(postgres_url: str) -> None:
    with open_store(postgres_url) as store, pytest.raises(FiresideError, match="superuser"):
        accounts.check_server_database(store)


# --- accounts on the command line ------------------------------------------------------


def test_accounts_add_list_remove_on_the_command_line(server_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["--database-url", server_url, "accounts"]
    accounts.use_hasher(accounts.hasher())  # the CLI hashes for real: once is fine
    added = runner.invoke(cli, [*base, "add", "cara"], input=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    assert PASSWORD not in added.output
    again = runner.invoke(cli, [*base, "add", "cara"], input=PASSWORD + "\n")
    assert again.exit_code == 1 and "already" in again.output
    short = runner.invoke(cli, [*base, "add", "dan"], input="short\n")
    assert short.exit_code == 1 and "shorter" in short.output
    bad = runner.invoke(cli, [*base, "add", "Bad Name"], input=PASSWORD + "\n")
    assert bad.exit_code == 4
    listed = runner.invoke(cli, [*base, "list", "--json"])
    assert [a["name"] for a in __import__("json").loads(listed.output)] == ["cara"]
    _import(server_url, "cara", tmp_path, "CCC")
    refused = runner.invoke(cli, [*base, "remove", "cara"], input="")
    assert refused.exit_code == 1
    removed = runner.invoke(cli, [*base, "remove", "cara", "--yes"])
    assert removed.exit_code == 0, removed.output
    with open_store(server_url, owner_id="cara") as store, store.engine.connect() as connection:
        assert connection.execute(select(message)).all() == []
        assert connection.execute(select(chat_import)).all() == []
    assert runner.invoke(cli, [*base, "remove", "cara", "--yes"]).exit_code == 3


def test_the_password_is_never_an_argument() -> None:
    result = CliRunner().invoke(cli, ["accounts", "add", "cara", "--password", "x" * 12])
    assert result.exit_code == 2


# --- sign-in and sessions -------------------------------------------------------------


def test_sign_in_sets_an_opaque_strict_httponly_cookie_stored_as_a_hash(
    app: FastAPI, server_url: str
) -> None:
    client = anonymous(app)
    client.headers["origin"] = ORIGIN
    response = client.post(
        "/login", data={"username": "ann", "password": PASSWORD, "csrf_token": login_csrf(client)}
    )
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(COOKIE))
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    value = client.cookies[COOKIE]
    token = value.split(":")[1]
    with open_store(server_url, owner_id="ann") as store, store.engine.connect() as connection:
        stored = connection.execute(select(session.c.token_hash)).scalars().all()
    assert len(stored) == 1 and token not in stored[0] and len(stored[0]) == 64
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(("name", "password"), [("ann", "wrong password!"), ("nobody", PASSWORD)])
def test_a_wrong_password_or_unknown_name_is_401_and_no_session(
    app: FastAPI, name: str, password: str
) -> None:
    client = anonymous(app)
    client.headers["origin"] = ORIGIN
    response = client.post(
        "/login", data={"username": name, "password": password, "csrf_token": login_csrf(client)}
    )
    assert response.status_code == 401 and "password don&#39;t match" in response.text
    assert COOKIE not in client.cookies
    assert client.get("/").status_code == 401


def test_sign_in_is_rate_limited_per_account(app: FastAPI) -> None:
    client = anonymous(app)
    client.headers["origin"] = ORIGIN
    token = login_csrf(client)
    for _ in range(PER_ACCOUNT):
        bad = {"username": "ann", "password": "not it at all", "csrf_token": token}
        assert client.post("/login", data=bad).status_code == 401
    good = {"username": "ann", "password": PASSWORD, "csrf_token": token}
    limited = client.post("/login", data=good)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    other = client.post("/login", data={**good, "username": "bob"})  # bob is not locked out
    assert other.status_code == 303


def test_sign_in_is_rate_limited_per_address(app: FastAPI) -> None:
    app.state.signin.addresses.allowed = 3
    client = anonymous(app)
    client.headers["origin"] = ORIGIN
    token = login_csrf(client)
    for name in ("x1", "x2", "x3"):
        data = {"username": name, "password": "not it at all", "csrf_token": token}
        assert client.post("/login", data=data).status_code == 401
    data = {"username": "ann", "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=data).status_code == 429


def test_the_limits_are_shared_by_every_worker(server_url: str) -> None:
    add_accounts(server_url, "ann")
    workers = [server_app(server_url), server_app(server_url)]  # two workers' memories
    clients = [anonymous(worker) for worker in workers]
    tokens = []
    for client in clients:
        client.headers["origin"] = ORIGIN
        tokens.append(login_csrf(client))
    for number in range(PER_ACCOUNT):  # the tries alternate between the two workers
        bad = {"username": "ann", "password": "not it at all", "csrf_token": tokens[number % 2]}
        assert clients[number % 2].post("/login", data=bad).status_code == 401
    for client, token in zip(clients, tokens, strict=True):
        good = {"username": "ann", "password": PASSWORD, "csrf_token": token}
        limited = client.post("/login", data=good)
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    with open_store(server_url) as store, store.engine.connect() as connection:
        rows = connection.execute(text("SELECT owner_id FROM signin_failure")).scalars().all()
    assert rows == []  # without an owner set, row-level security shows none of them
    with open_store(server_url, owner_id="ann") as store, store.engine.connect() as connection:
        rows = connection.execute(text("SELECT owner_id FROM signin_failure")).scalars().all()
    assert rows == ["ann"] * PER_ACCOUNT  # the address's rows are under its hash, not here


def test_an_expired_session_is_not_a_session(app: FastAPI, server_url: str) -> None:
    client = sign_in(app, "ann")
    with open_store(server_url, owner_id="ann") as store, store.engine.begin() as connection:
        connection.execute(update(session).values(expires_at=datetime.now(UTC) - timedelta(1)))
    assert client.get("/").status_code == 401


def test_a_password_change_or_removal_revokes_sessions(app: FastAPI, server_url: str) -> None:
    ann, bob = sign_in(app, "ann"), sign_in(app, "bob")
    with open_store(server_url) as store:
        assert accounts.change_password(store, "ann", "a new long password") == 1
        assert ann.get("/").status_code == 401 and bob.get("/").status_code == 200
        accounts.remove_account(store, "bob")
    assert bob.get("/").status_code == 401
    sign_in(app, "ann", "a new long password")


def test_sign_out_ends_the_session_in_the_database(app: FastAPI) -> None:
    client = sign_in(app, "ann")
    kept = client.cookies[COOKIE]
    response = client.post("/logout", data={"csrf_token": csrf_of(client)})
    assert response.status_code == 303
    replay = anonymous(app)
    replay.cookies.set(COOKIE, kept)
    assert replay.get("/").status_code == 401


def test_one_accounts_cookie_never_works_for_another(app: FastAPI) -> None:
    ann = sign_in(app, "ann")
    sign_in(app, "bob")
    _, token = ann.cookies[COOKIE].split(":")
    for forged in (f"bob:{token}", f"local:{token}", token, f"ann:{token}x", "ann:"):
        client = anonymous(app)
        client.cookies.set(COOKIE, forged)
        assert client.get("/").status_code == 401, forged
        assert client.get("/api/v1/imports").status_code == 401, forged


def test_pages_without_a_session_say_to_sign_in(app: FastAPI) -> None:
    response = anonymous(app).get("/rhythm")
    assert response.status_code == 401 and 'href="/login"' in response.text
    api = anonymous(app).get("/api/v1/reading")
    assert api.status_code == 401 and api.json()["hint"] == "Sign in at /login."


def test_the_local_secret_is_not_used_in_server_mode(app: FastAPI) -> None:
    from fireside.web.security import secret_path

    assert app.state.keys is None and not secret_path().exists()
    assert anonymous(app).get("/login?token=anything").status_code == 200  # just the form


# --- CSRF, as in local mode -------------------------------------------------------------


def test_every_form_and_call_needs_the_sessions_csrf_token(app: FastAPI) -> None:
    ann, bob = sign_in(app, "ann"), sign_in(app, "bob")
    bobs = csrf_of(bob)
    assert csrf_of(ann) != bobs
    routes = _state_changing_routes(app)
    assert ("POST", "/login") in routes and len(routes) >= 10
    for method, path in routes:
        if path == "/login":
            continue
        for data in ({"confirm": "erase"}, {"csrf_token": "nope"}, {"csrf_token": bobs}):
            response = ann.request(method, path, data=data)
            assert response.status_code == 403, (method, path, data)
    assert ann.get("/settings").status_code == 200  # still signed in, nothing erased


def test_the_sign_in_form_needs_its_own_token_and_origin(app: FastAPI) -> None:
    client = anonymous(app)
    good = {"username": "ann", "password": PASSWORD, "csrf_token": login_csrf(client)}
    assert (
        client.post("/login", data=good, headers={"origin": "http://evil.example"}).status_code
        == 403
    )
    assert (
        client.post(
            "/login", data={**good, "csrf_token": "x" * 43}, headers={"origin": ORIGIN}
        ).status_code
        == 403
    )
    fresh = anonymous(app)  # a form posted without the cookie the form page set
    assert fresh.post("/login", data=good, headers={"origin": ORIGIN}).status_code == 403


# --- the same pages as local mode, each person's own -----------------------------------


def test_each_account_sees_only_their_own_pages(
    app: FastAPI, server_url: str, tmp_path: Path
) -> None:
    _import(server_url, "ann", tmp_path, "AAA")
    _import(server_url, "bob", tmp_path, "BBB")
    ann = sign_in(app, "ann")
    imports = ann.get("/api/v1/imports").json()
    assert len(imports) == 1 and "AAA" in imports[0]["file"] and imports[0]["id"] == 1
    for path in ("/", "/rhythm", "/import", "/settings", "/coach"):
        page = ann.get(path)
        assert page.status_code == 200, path
        assert "BBB" not in page.text and "Sign out ann" in page.text
    assert ann.get("/import/1/forget").status_code == 200
    bob = sign_in(app, "bob")
    assert bob.post("/import/1/forget", data={"csrf_token": csrf_of(bob)}).status_code == 303
    assert len(ann.get("/api/v1/imports").json()) == 1  # bob forgot his own import 1


def test_erase_as_an_account_removes_only_their_rows_and_keeps_them_signed_in(
    app: FastAPI, server_url: str, tmp_path: Path
) -> None:
    _import(server_url, "ann", tmp_path, "AAA")
    _import(server_url, "bob", tmp_path, "BBB")
    ann = sign_in(app, "ann")
    settings = ann.get("/settings")
    assert "no other account can see it" in settings.text and str(tmp_path) not in settings.text
    erased = ann.post("/settings/erase", data={"csrf_token": csrf_of(ann), "confirm": "erase"})
    assert erased.status_code == 200, erased.text
    assert ann.get("/api/v1/imports").json() == []
    assert len(sign_in(app, "bob").get("/api/v1/imports").json()) == 1


def test_serve_server_refuses_sqlite_a_missing_url_and_a_superuser(
    postgres_url: str, fireside_home: Path
) -> None:
    runner = CliRunner()
    missing = runner.invoke(cli, ["serve", "--server", "--no-browser"])
    assert missing.exit_code == 1 and "--database-url" in missing.output
    fireside_home.mkdir(parents=True, exist_ok=True)
    sqlite = runner.invoke(
        cli, ["--database-url", f"sqlite:///{fireside_home}/x.db", "serve", "--server"]
    )
    assert sqlite.exit_code == 1 and "PostgreSQL" in sqlite.output
    superuser = runner.invoke(cli, ["--database-url", postgres_url, "serve", "--server"])
    assert superuser.exit_code == 1 and "superuser" in superuser.output


def test_an_import_id_beyond_the_column_is_not_found_not_a_crash(
    app: FastAPI, server_url: str
) -> None:
    ann = sign_in(app, "ann")
    assert ann.get("/import/2147483648/forget").status_code == 404
    forget = ann.post("/import/99999999999/forget", data={"csrf_token": csrf_of(ann)})
    assert forget.status_code == 404
    result = CliRunner().invoke(
        cli, ["--database-url", server_url, "imports", "forget", "2147483648"]
    )
    assert result.exit_code == 3 and "There is no import" in result.output


def test_one_accounts_import_leaves_the_others_readings_cached(
    app: FastAPI, server_url: str, tmp_path: Path
) -> None:
    _import(server_url, "bob", tmp_path, "BBB")
    ann, bob = sign_in(app, "ann"), sign_in(app, "bob")
    assert bob.get("/").status_code == 200
    upload = chat_file(tmp_path, "AAA", 30)
    response = ann.post(
        "/api/v1/imports",
        data={"me": "MeAAA", "partner": "PalAAA"},
        files={"file": (upload.name, upload.read_bytes(), "text/plain")},
        headers={"x-csrf-token": csrf_of(ann)},
    )
    assert response.status_code == 200, response.text
    computed = app.state.fireside.cache.computed
    assert bob.get("/").status_code == 200
    assert app.state.fireside.cache.computed == computed  # bob's reading was still there


def _statements_of_home(client: TestClient) -> list[str]:
    """Every SQL statement run while ``client`` gets Home (which must answer 200)."""
    from sqlalchemy import Engine, event

    statements: list[str] = []

    def note(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(Engine, "before_cursor_execute", note)
    try:
        assert client.get("/").status_code == 200
    finally:
        event.remove(Engine, "before_cursor_execute", note)
    return statements


def test_a_page_reads_the_profile_and_the_data_version_once(
    app: FastAPI, server_url: str, tmp_path: Path
) -> None:
    _import(server_url, "ann", tmp_path, "AAA")
    ann = sign_in(app, "ann")
    ann.post("/setup", data={"csrf_token": csrf_of(ann), "my_names": "MeAAA", "timezone": "UTC"})
    assert ann.get("/").status_code == 200
    statements = _statements_of_home(ann)
    assert len([s for s in statements if s.startswith("SELECT profile.owner_id")]) == 1
    assert len([s for s in statements if "max(chat_import.id)" in s]) == 1


def test_home_reads_every_kind_of_journal_entry_in_one_transaction(
    app: FastAPI, server_url: str, tmp_path: Path
) -> None:
    """On PostgreSQL each transaction costs round trips of its own (the owner is set first):
    the plan's journal is read in one, not one per table, and only the kinds that ann has
    ever written (her counters) are read at all."""
    from sqlalchemy import Engine, event

    from fireside.service import journal

    _import(server_url, "ann", tmp_path, "AAA")
    with open_store(server_url, owner_id="ann") as store:
        journal.add_activity(store, "pottery", minutes=90, side="mine")
        journal.checkin(store, mood=3, anxious=1, he_seems="stressed", connection=3)
    ann = sign_in(app, "ann")
    assert ann.get("/").status_code == 200
    begun = [0]
    journal_reads: list[int] = []
    tables: set[str] = set()

    def begin(*_: object) -> None:
        begun[0] += 1

    def note(*args: object) -> None:
        if str(args[2]).startswith("SELECT journal_"):
            journal_reads.append(begun[0])
            tables.update(re.findall(r"\bFROM (journal_\w+)", str(args[2])))

    event.listen(Engine, "begin", begin)
    event.listen(Engine, "before_cursor_execute", note)
    try:
        assert ann.get("/").status_code == 200
    finally:
        event.remove(Engine, "begin", begin)
        event.remove(Engine, "before_cursor_execute", note)
    assert len(set(journal_reads)) == 1  # one transaction
    # the counters, then the two kinds ann has: the activity log and the check-ins
    assert len(journal_reads) == 3
    assert tables == {"journal_counter", "journal_activity", "journal_checkin"}, tables


def test_a_first_home_is_three_transactions_and_gives_its_connection_back(app: FastAPI) -> None:
    """A page's reads and writes share one held connection: the session check, the page's
    reads, and what it reads after writing this week's offers (before, a new account's first
    Home made eleven transactions); when the page is answered, nothing is left checked out."""
    from sqlalchemy import Engine, event

    assert sign_in(app, "bob").get("/").status_code == 200  # what any first Home shares
    ann = sign_in(app, "ann")  # a new account: the first Home writes this week's offers
    begun = [0]

    def begin(*_: object) -> None:
        begun[0] += 1

    event.listen(Engine, "begin", begin)
    try:
        page = ann.get("/")
    finally:
        event.remove(Engine, "begin", begin)
    assert page.status_code == 200
    assert begun[0] <= 3
    pool = app.state.fireside.store.engine.pool
    assert pool.checkedout() == 0
    for path in ("/rhythm", "/journal", "/plan", "/api/v1/imports"):
        assert ann.get(path).status_code == 200, path
        assert pool.checkedout() == 0, path


def test_a_first_home_of_nothing_imported_asks_nothing_of_messages(app: FastAPI) -> None:
    """An account without an import has no messages: its first Home reads neither the message
    table nor the values other workers computed, and writes none of its own there."""
    assert sign_in(app, "bob").get("/").status_code == 200
    ann = sign_in(app, "ann")
    statements = _statements_of_home(ann)
    assert any("max(chat_import.id)" in s for s in statements)  # it did look at its imports
    assert not [s for s in statements if "FROM message" in s or "computed_value" in s]


def test_a_held_read_sees_what_another_connection_committed_since(server_url: str) -> None:
    """READ COMMITTED: a request's held transaction never reads stale rows, and its own
    writes commit (another connection sees them at once)."""
    from fireside.profile import Profile

    add_accounts(server_url, "ann")
    with open_store(server_url) as shared:
        mine = shared.for_owner("ann").read_once()
        other = shared.for_owner("ann")
        assert mine.journal_row("activity", 1) is None  # the held transaction has begun
        entry = other.add_journal_row(
            "activity",
            {
                "title": "Pottery",
                "side": "mine",
                "minutes": 90,
                "on": datetime(2026, 11, 2).date(),
                "category": "creative",
                "status": "done",
                "planned": False,
                "for_partner": False,
            },
        )
        assert mine.journal_row("activity", entry) is not None
        mine.save_profile(Profile(my_names=["Ann"], timezone="UTC"))
        assert other.profile() is not None and other.profile().my_names == ["Ann"]  # type: ignore[union-attr]
        with pytest.raises(FiresideError):  # an unknown kind: refused, the connection stays good
            mine.journal_rows("nonsense")
        assert mine.profile() is not None
        mine.release()
        assert shared.engine.pool.checkedout() == 0
        assert mine.profile() is not None  # after release: a connection per call, given back
        assert shared.engine.pool.checkedout() == 0


def test_a_journal_id_beyond_the_column_is_not_found_not_a_crash(app: FastAPI) -> None:
    """Found by schemathesis: PATCH /api/v1/talks/2147483648 was a 500 on PostgreSQL."""
    ann = sign_in(app, "ann")
    token = {"x-csrf-token": csrf_of(ann)}
    assert ann.patch("/api/v1/talks/2147483648", json={}, headers=token).status_code == 404
    assert ann.delete("/api/v1/talks/99999999999", headers=token).status_code == 404
