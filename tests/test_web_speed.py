"""The web app's speed by design: imports through the web run in a low-priority worker
process (service/background.py) — the upload still answers the report, all or nothing; a
failure answers exactly as it did in-process; and the reading the first pages show was
computed by that process, not by them — and a page reads what it needs once."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest

from fireside.errors import FiresideError
from fireside.samples.whatsapp_export import write_file
from fireside.service import background, base, chats
from fireside.service import profile as profiles
from fireside.web.app import STATUS
from tests.webclient import csrf, make_app, signed_in


@pytest.fixture
def app():  # type: ignore[no-untyped-def]
    return make_app()


def _set_up(client, token: str) -> None:  # type: ignore[no-untyped-def]
    form = {"csrf_token": token, "my_names": "Maya", "partner_name": "Sam", "timezone": "London"}
    assert client.post("/setup", data=form).status_code == 303


def _upload(client, token: str, path: Path, **fields: str):  # type: ignore[no-untyped-def]
    with path.open("rb") as handle:
        return client.post(
            "/api/v1/imports",
            headers={"x-csrf-token": token},
            data=fields,
            files={"file": (path.name, handle, "text/plain")},
        )


def _messages(app) -> int:  # type: ignore[no-untyped-def]
    rows = chats.list_imports(app.state.fireside.store)
    return sum(row.messages for row in rows)


def test_an_upload_answers_the_report_and_the_pages_after_it_compute_nothing(
    app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app)
    token = csrf(app)
    _set_up(client, token)
    export = tmp_path / "WhatsApp Chat with Sam.txt"
    write_file(export, 3000)
    response = _upload(client, token, export, me="Maya", partner="Sam", tz="Europe/London")
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["imported"] == 3000 and report["import_id"] == 1
    assert _messages(app) == 3000
    cache = app.state.fireside.cache
    computed = cache.computed
    for path in ("/", "/rhythm", "/api/v1/reading"):
        assert client.get(path).status_code == 200, path
    checked = client.post(
        "/api/v1/check", json={"text": "Don't you miss me?"}, headers={"x-csrf-token": token}
    )
    assert checked.status_code == 200
    # The reading, this week's plan window, the waiting facts and the check's context were
    # computed by the worker process that imported, and handed over with the report.
    assert cache.computed == computed
    deadline = time.monotonic() + 60  # the charts follow, drawn by the same pool
    while "charts" not in cache.kinds("local") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert client.get("/rhythm/charts/weekly-messages.svg").status_code == 200
    assert cache.computed == computed
    reading = client.get("/api/v1/reading").json()
    assert reading["messages"]["me"] + reading["messages"]["partner"] == 3000


def _truncated_telegram(folder: Path, messages: int = 4000) -> Path:
    path = folder / "result.json"
    chat = {
        "name": "Sam",
        "type": "personal_chat",
        "id": 4242,
        "messages": [
            {
                "id": n,
                "type": "message",
                "date": f"2024-03-{1 + n // 1440:02d}T{n // 60 % 24:02d}:{n % 60:02d}:00",
                "date_unixtime": str(1709251200 + 60 * n),
                "from": "Maya" if n % 2 else "Sam",
                "from_id": "user1" if n % 2 else "user2",
                "text": f"message {n}",
            }
            for n in range(messages)
        ],
    }
    text = json.dumps(chat, indent=1)
    path.write_text(text[: len(text) * 9 // 10], encoding="utf-8")  # cut off near the end
    return path


def _ambiguous_whatsapp(folder: Path) -> Path:
    path = folder / "chat.txt"
    lines = [f"0{d}/0{d + 1}/2024, 10:0{d} - {'Maya' if d % 2 else 'Sam'}: hi" for d in range(1, 8)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "make", [_truncated_telegram, _ambiguous_whatsapp], ids=["cut-off", "date-order"]
)
def test_a_failed_background_import_answers_as_in_process_and_saves_nothing(
    app, tmp_path: Path, make
) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    with base.open_store(f"sqlite:///{tmp_path}/in-process.db") as store:
        profiles.save_profile_answers(
            store, {"my_names": "Maya", "partner_name": "Sam", "timezone": "London"}
        )
        with pytest.raises(FiresideError) as raised:
            chats.import_export(store, path, me=["Maya"], partner="Sam")
    expected = raised.value
    client = signed_in(app)
    token = csrf(app)
    _set_up(client, token)
    response = _upload(client, token, path, me="Maya", partner="Sam")
    assert response.status_code == STATUS.get(expected.exit_code, 400), response.text
    answer = response.json()  # the same words (the file is named where the upload was kept)
    staged = re.sub(rf"/\S*/{re.escape(path.name)}", "FILE", answer["error"])
    assert staged == expected.message.replace(str(path), "FILE")
    assert answer["hint"] == expected.hint and set(answer) == {"error", "hint"}
    assert _messages(app) == 0 and chats.list_imports(app.state.fireside.store) == []


# --- the pool itself -------------------------------------------------------------------


def _niceness(*, progress, saving) -> int:  # type: ignore[no-untyped-def]
    progress(1, 2)
    saving()
    progress(2, 2)
    return os.nice(0)


def _dies(*, progress, saving) -> None:  # type: ignore[no-untyped-def]  # noqa: ARG001
    os._exit(3)


def _fails(*, progress, saving) -> None:  # type: ignore[no-untyped-def]  # noqa: ARG001
    raise FiresideError("That file is not a chat export.", hint="Try another file.")


def test_work_runs_at_a_lower_priority_and_reports_progress_here() -> None:
    pool = background.Background(1)
    heard: list[object] = []
    try:
        niceness = pool.submit(
            _niceness,
            progress=lambda d, t: heard.append((d, t)),
            saving=lambda: heard.append("saving"),
        ).result(timeout=120)
        deadline = time.monotonic() + 10  # reports travel apart from the result
        while (2, 2) not in heard and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        pool.shutdown()
    assert niceness >= os.nice(0) + min(background.NICE, 19 - os.nice(0))
    assert heard == [(1, 2), "saving", (2, 2)]  # in order, here


def _memory_setting(*, progress: object, saving: object) -> str | None:  # noqa: ARG001
    import os

    return os.environ.get(background.JEMALLOC_ENV)


def test_a_worker_gives_polars_memory_back_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker's frames are returned to the system when freed, not kept for ten seconds on
    top of the next task's (its peak for a million messages: benchmarks/RESULTS.md)."""
    import polars  # noqa: F401  (as in a server: its defaults are in the variable already)

    monkeypatch.setenv(background.JEMALLOC_ENV, "dirty_decay_ms:500,muzzy_decay_ms:1000")
    pool = background.Background(1)
    try:
        found = pool.submit(_memory_setting).result(timeout=120)
        assert found is not None and found.endswith(",dirty_decay_ms:0,muzzy_decay_ms:0")
    finally:
        pool.shutdown()


def test_an_error_keeps_its_words_and_a_dead_worker_is_named_then_replaced() -> None:
    pool = background.Background(1)
    try:
        with pytest.raises(FiresideError, match="not a chat export") as failed:
            pool.submit(_fails).result(timeout=120)
        assert failed.value.hint == "Try another file."
        inner = pool.submit(_dies)
        outer = background._chained(inner, lambda r: r, lambda: None)
        with pytest.raises(background.BackgroundStopped):
            outer.result(timeout=120)
        assert pool.submit(_niceness).result(timeout=120) >= 0  # a new pool took over
        assert pool.started == 2
    finally:
        pool.shutdown()


def test_an_idle_pool_stops_and_starts_again_when_needed() -> None:
    pool = background.Background(1, idle_seconds=0.2)
    try:
        pool.submit(_niceness).result(timeout=120)
        deadline = time.monotonic() + 10
        while pool.alive and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not pool.alive  # its memory went back
        pool.submit(_niceness).result(timeout=120)
        assert pool.started == 2
    finally:
        pool.shutdown()


def test_a_worker_ends_when_the_server_that_started_it_is_killed(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    script = tmp_path / "server.py"
    script.write_text(
        "import sys\n"
        "from fireside.service import background\n"
        "from tests.test_web_speed import _worker_pid\n"
        "if __name__ == '__main__':\n"
        "    pool = background.Background(1)\n"
        "    print(pool.submit(_worker_pid).result(timeout=120), flush=True)\n"
        "    sys.stdin.read()\n",
        encoding="utf-8",
    )
    root = Path(__file__).resolve().parents[1]
    server = subprocess.Popen(
        [sys.executable, str(script)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        text=True,
    )
    assert server.stdout is not None
    worker = int(server.stdout.readline())
    server.send_signal(signal.SIGKILL)
    server.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _alive(worker):
        time.sleep(0.1)
    assert not _alive(worker)


def _worker_pid(*, progress, saving) -> int:  # type: ignore[no-untyped-def]  # noqa: ARG001
    return os.getpid()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its parent (now init) has to reap it


def test_the_settings_page_counts_rows_without_reading_every_message(
    app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from fireside.store import Store

    client = signed_in(app)
    token = csrf(app)
    _set_up(client, token)
    export = tmp_path / "WhatsApp Chat with Sam.txt"
    write_file(export, 300)
    assert _upload(client, token, export, me="Maya", partner="Sam").status_code == 200

    def read_everything(_: Store) -> None:
        raise AssertionError("the page read every row to count them")

    monkeypatch.setattr(Store, "export_all", read_everything)
    page = client.get("/settings")
    assert page.status_code == 200 and "readable only by you" in page.text


def test_home_reads_the_data_version_and_the_journal_once_and_writes_nothing(
    app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import Engine, event

    client = signed_in(app)
    token = csrf(app)
    _set_up(client, token)
    export = tmp_path / "WhatsApp Chat with Sam.txt"
    write_file(export, 300)
    assert _upload(client, token, export, me="Maya", partner="Sam").status_code == 200
    client.get("/")  # this week's offers recorded once
    statements: list[str] = []

    def note(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(Engine, "before_cursor_execute", note)  # every engine of the process
    try:
        assert client.get("/").status_code == 200
    finally:
        event.remove(Engine, "before_cursor_execute", note)
    versions = [s for s in statements if "max(chat_import.id)" in s]
    assert len(versions) == 1  # the reading, the waiting and the plan's window: one version
    assert not [s for s in statements if s.startswith(("UPDATE", "INSERT", "DELETE"))]
    # the plan's facts and the balance share one read of the journal (its counters first: a
    # kind nobody has written is not read at all)
    journal = [s for s in statements if "FROM journal_counter" in s]
    assert len(journal) == 1
    assert not [s for s in statements if "FROM journal_checkin" in s]


def test_a_store_read_once_forgets_what_it_read_when_written_through(
    tmp_path: Path,
) -> None:
    from fireside.profile import Profile

    with base.open_store(f"sqlite:///{tmp_path}/once.db") as store:
        once = store.read_once()
        assert once.profile() is None
        store.save_profile(Profile(partner_name="Sam"))  # written elsewhere: not seen here
        assert once.profile() is None and store.profile() is not None
        once.save_profile(Profile(partner_name="Alex"))  # written through it: read again
        found = once.profile()
        assert found is not None and found.partner_name == "Alex"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FIRESIDE_IMPORT_NICE", "20"),
        ("FIRESIDE_IMPORT_PROCESSES", "0"),
        ("FIRESIDE_CHECK_THREADS", "lots"),
    ],
)
def test_a_bad_speed_setting_is_named_when_the_app_starts(
    name: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(FiresideError, match=name) as raised:
        make_app()
    assert raised.value.hint and "unset it" in raised.value.hint


def test_while_an_import_runs_pages_show_the_reading_from_before_it() -> None:
    from fireside.service.cache import ReadingCache

    cache = ReadingCache()
    before = ("db", "ann", "v1", "reading", None, None)
    cache.put(before, "the reading before the import")
    after = ("db", "ann", "v2", "reading", None, None)  # its rows are in: the version moved
    cache.changing("ann")
    assert cache.get(after, lambda: "computed again") == "the reading before the import"
    assert cache.get(("db", "bob", "v2", "reading", None, None), lambda: "bob's") == "bob's"
    cache.changing("ann", done=True)  # the import's report: its own values are in by now
    assert cache.get(after, lambda: "computed") == "computed"


def test_a_value_asked_for_at_once_is_computed_once() -> None:
    import threading

    from fireside.service.cache import ReadingCache

    cache = ReadingCache()
    started, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def slow() -> str:
        calls.append(1)
        started.set()
        release.wait(10)
        return "charts"

    answers: list[str] = []
    first = threading.Thread(target=lambda: answers.append(cache.get(("k",), slow)))
    first.start()
    started.wait(10)
    others = [
        threading.Thread(target=lambda: answers.append(cache.get(("k",), slow))) for _ in range(3)
    ]
    for each in others:
        each.start()
    time.sleep(0.1)
    release.set()
    for each in [first, *others]:
        each.join(10)
    assert answers == ["charts"] * 4 and len(calls) == 1 and cache.computed == 1


def test_after_a_first_import_a_page_waits_for_the_workers_values() -> None:
    """The import's report comes as soon as its rows are saved; a page asking for a value the
    worker is still computing (nothing from before to show) waits for it, not computing it a
    second time beside the worker."""
    import threading

    from fireside.service.cache import ReadingCache

    cache = ReadingCache()
    key = ("db", "ann", "v1", "reading", None, None)
    cache.changing("ann")
    cache.warming("ann")
    answers: list[str] = []
    page = threading.Thread(target=lambda: answers.append(cache.get(key, lambda: "computed")))
    page.start()
    time.sleep(0.2)
    assert page.is_alive() and not answers  # waiting
    cache.put(key, "the worker's")
    cache.warming("ann", done=True)
    page.join(10)
    assert answers == ["the worker's"] and cache.computed == 0
    # a value the worker does not compute is computed once its values are in
    other = ("db", "ann", "v1", "reading", "2026-11-01", None)
    assert cache.get(other, lambda: "computed") == "computed"
    cache.changing("ann", done=True)
