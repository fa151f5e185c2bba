"""Values one server worker computes are read, not computed again, by the others.

Two ``ReadingCache`` objects over one database stand for two uvicorn workers (each has a
cache of its own); the value goes through the ``computed_value`` table between them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from fastapi import FastAPI

from fireside.samples.whatsapp_export import write_file
from fireside.service import cache, chats, computed
from fireside.service.cache import ReadingCache
from fireside.service.computed import SharedValues
from fireside.store import Store, open_store
from tests.serverkit import add_accounts, chat_file, server_app, sign_in


@pytest.fixture
def store(tmp_path: Path) -> Store:
    export = tmp_path / "WhatsApp Chat with Sam.txt"
    write_file(export, 1500)
    opened = open_store(f"sqlite:///{tmp_path / 'shared.db'}")
    chats.import_export(opened, export, me=["Maya"], partner="Sam", tz="Europe/London")
    return opened


def worker(store: Store) -> ReadingCache:
    return ReadingCache(shared=SharedValues(store.for_owner))


def test_every_kind_kept_comes_back_equal(store: Store, tmp_path: Path) -> None:
    lines = (tmp_path / "WhatsApp Chat with Sam.txt").read_text(encoding="utf-8").splitlines()
    bodies = {line.split(": ", 1)[1] for line in lines if ": " in line}
    words = {body for body in bodies if len(body.split()) >= 3 and "<" not in body}
    assert len(words) > 100
    entries = cache.warm_entries(store) + cache.chart_entries(store)
    assert {str(key[3]) for key, _ in entries} == {
        "reading",
        "waiting-facts",
        "check-context",
        "charts",
    }
    for key, value in entries:
        kind = str(key[3])
        payload = computed.encode(kind, value)
        assert computed.decode(kind, payload) == value, kind
        assert not [w for w in words if w in payload]  # figures and names, never a message


def test_a_second_worker_reads_what_the_first_computed(store: Store) -> None:
    first, second = worker(store), worker(store)
    reading = cache.space_reading(first, store)
    charts = cache.chart_svgs(first, store)
    facts = cache.waiting_facts(first, store)
    assert first.computed == 3 and first.shared and first.shared.kept == 3
    assert cache.space_reading(second, store) == reading
    assert cache.chart_svgs(second, store) == charts
    assert cache.waiting_facts(second, store) == facts
    assert second.computed == 0 and second.shared and second.shared.loaded == 3


def test_a_value_of_older_data_is_never_used(store: Store, tmp_path: Path) -> None:
    first, second = worker(store), worker(store)
    before = cache.space_reading(first, store)
    more = tmp_path / "WhatsApp Chat with Sam (2).txt"
    write_file(more, 400, seed=11, start=datetime(2024, 3, 4, 9, 0))
    chats.import_export(
        store, more, me=["Maya"], partner="Sam", tz="Europe/London", date_order="dmy"
    )
    after = cache.space_reading(second, store)
    assert second.computed == 1 and after != before
    assert second.shared and second.shared.loaded == 0


def test_forgetting_an_import_or_erasing_drops_every_value(store: Store, tmp_path: Path) -> None:
    more = tmp_path / "WhatsApp Chat with Sam (2).txt"
    write_file(more, 400, seed=11, start=datetime(2024, 3, 4, 9, 0))
    chats.import_export(
        store, more, me=["Maya"], partner="Sam", tz="Europe/London", date_order="dmy"
    )
    first = worker(store)
    cache.space_reading(first, store)
    assert store.computed_value("reading||") is not None
    chats.forget_import(store, 1)
    assert store.computed_value("reading||") is None
    cache.space_reading(first, store)
    assert store.computed_value("reading||") is not None
    store.erase_all()
    assert store.computed_value("reading||") is None


def test_an_owner_with_nothing_imported_is_not_kept_in_the_table(store: Store) -> None:
    """Their values cost nothing to compute (no messages): no worker reads or writes them."""
    chats.forget_import(store, 1)
    first, second = worker(store), worker(store)
    reading = cache.space_reading(first, store)
    assert reading.messages == 0 and cache.waiting_facts(first, store).empty
    assert (
        store.computed_value("reading||") is None and store.computed_value("waiting-facts") is None
    )
    assert cache.space_reading(second, store) == reading
    assert second.shared and second.shared.loaded == 0 and first.shared and first.shared.kept == 0


def test_values_are_not_exported_as_the_persons_data(store: Store) -> None:
    cache.space_reading(worker(store), store)
    assert "computed_value" not in store.export_all()
    assert "computed_value" not in store.row_counts()


def test_a_value_that_cannot_be_read_back_is_computed_again(store: Store) -> None:
    version = store.data_version()
    store.keep_computed_value("reading||", version, '{"not": "a reading"}')
    second = worker(store)
    cache.space_reading(second, store)
    assert second.computed == 1 and second.shared and second.shared.loaded == 0


def test_a_value_quicker_to_compute_than_to_fetch_is_not_written(store: Store) -> None:
    quick = ReadingCache(shared=SharedValues(store.for_owner, min_seconds=60.0))
    cache.space_reading(quick, store)
    assert store.computed_value("reading||") is None
    assert quick.shared and quick.shared.kept == 0


@pytest.mark.postgres
def test_two_server_workers_compute_a_persons_pages_once(
    postgres_server: str, tmp_path: Path
) -> None:
    from tests.serverkit import app_database

    databases = app_database(postgres_server, partitions=0)
    url = next(databases)
    try:
        add_accounts(url, "ann")
        with open_store(url, owner_id="ann") as ann_store:
            chats.import_export(
                ann_store, chat_file(tmp_path, "AAA", 60), me=["MeAAA"], partner="PalAAA"
            )
        one, two = server_app(url), server_app(url)  # two workers: two processes' apps
        for app in (one, two):  # this small chat's reading is quick: keep it all the same
            app.state.fireside.cache.shared.min_seconds = 0.0
        assert sign_in(one, "ann").get("/").status_code == 200
        done = one.state.fireside.cache.computed
        assert done > 0
        page = sign_in(two, "ann").get("/")
        assert page.status_code == 200
        shared = two.state.fireside.cache.shared
        assert two.state.fireside.cache.computed == 0  # read from the database, not computed
        assert shared.loaded == done
        _close(one, two)
    finally:
        next(databases, None)


def _close(*apps: FastAPI) -> None:
    for app in apps:
        app.state.fireside.close()
