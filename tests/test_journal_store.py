"""The journal in the store, on SQLite and PostgreSQL: migrations, every kind through the
service, owners apart, export and erase, imports forget leaves it, bad input writes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text

from fireside.errors import InvalidValueError, NotFoundError
from fireside.profile import Profile
from fireside.service import data as data_service
from fireside.service import journal
from fireside.store import Store, migrate, open_store
from fireside.store.engine import make_engine
from fireside.store.schema import JOURNAL_TABLES

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)  # a Tuesday


@pytest.fixture
def store(database_url: str) -> Store:
    opened = open_store(database_url)
    opened.save_profile(
        Profile(timezone="Europe/London", partner_name="Sam", work_end=time(17, 30))
    )
    yield opened  # type: ignore[misc]
    opened.close()


def fill(store: Store) -> None:
    journal.add_activity(store, "pottery", minutes="1h30", side="mine", category="hobby", now=NOW)
    journal.add_activity(
        store, "book club", minutes=60, side="mine", status="dropped", for_partner=True, now=NOW
    )
    journal.add_world_item(store, "exam", due="fri", now=NOW)
    journal.add_gesture(store, "listened", about=1, note="asked how it went", now=NOW)
    journal.add_strength(store, "patient", now=NOW)
    journal.say_strength(store, 1, now=NOW)
    journal.add_reveal(store, "I have a daughter", essential=True, now=NOW)
    journal.add_talk(
        store, "money", opener="I'd love to talk about how we share costs", at="17:45", now=NOW
    )
    journal.checkin(store, mood=3, anxious=1, he_seems="stressed", connection=3, now=NOW)


def test_the_migration_adds_the_journal_to_an_existing_database(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate.upgrade(engine, "0004")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO profile (owner_id, my_names, partner_name, partner_pronouns, workdays,"
                " work_end, commute_minutes, bedtime, timezone, keep_partner_text, updated_at)"
                " VALUES ('local', '[\"Anna\"]', 'Ben', 'he', 'mon,tue', '18:00', 20, '23:00',"
                " 'Europe/Berlin', false, CURRENT_TIMESTAMP)"
            )
        )
        assert not inspect(connection).has_table("journal_activity")
    engine.dispose()
    with open_store(database_url) as store:
        assert store.profile().partner_name == "Ben"  # type: ignore[union-attr]
        journal.add_activity(store, "run", minutes=30, side="mine", now=NOW)
        with store.engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            assert {t.name for t in JOURNAL_TABLES.values()} <= tables
            for table in JOURNAL_TABLES.values():
                primary = inspect(connection).get_pk_constraint(table.name)["constrained_columns"]
                assert primary == ["owner_id", "id"]


def test_the_downgrade_removes_only_the_journal(database_url: str) -> None:
    from alembic import command

    with open_store(database_url) as store:
        store.save_profile(Profile(partner_name="Ben"))
        config = migrate.alembic_config()
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0004")
        with store.engine.connect() as connection:
            assert not inspect(connection).has_table("journal_talk")
        assert store.profile().partner_name == "Ben"  # type: ignore[union-attr]


def test_every_kind_round_trips(store: Store) -> None:
    fill(store)
    everything = journal.entries(store)
    assert [a.title for a in everything.activities] == ["pottery", "book club"]
    assert everything.gestures[0].world_id == 1 and everything.gestures[1].strength_id == 1
    assert (
        everything.world[0].due is not None and everything.world[0].due.isoformat() == "2026-12-04"
    )
    talk = everything.talks[0]
    assert talk.planned_for == datetime(
        2026, 12, 1, 17, 45, tzinfo=UTC
    )  # London is UTC in December
    assert talk.status.value == "planned"
    assert everything.checkins[0].at == NOW and everything.checkins[0].he_seems.value == "stressed"  # type: ignore[union-attr]
    assert journal.list_strengths(store).as_json()["entries"][0]["last_said"] == "2026-12-01"


def test_balance_through_the_service(store: Store) -> None:
    fill(store)
    reading = journal.journal_balance(store, now=NOW)
    assert reading.own_minutes == 90 and reading.plans.dropped_for_partner == 1
    assert reading.essentials_unshared == ("I have a daughter",)
    assert reading.his_world_followed_up == 1 and reading.gestures == 2
    assert (reading.since.isoformat(), reading.until.isoformat()) == ("2026-11-04", "2026-12-01")
    narrow = journal.journal_balance(store, since="2026-11-20", until="2026-11-25", now=NOW)
    assert narrow.own_minutes == 0 and narrow.gestures == 0
    with pytest.raises(InvalidValueError, match="since"):
        journal.journal_balance(store, since="2026-12-05", until="2026-12-01", now=NOW)


def test_edit_and_delete(store: Store) -> None:
    fill(store)
    edited = journal.edit_activity(store, 2, status="done", now=NOW)
    assert edited.entry.kept and not edited.entry.for_partner  # type: ignore[attr-defined]
    planned = journal.plan_talk(store, 1, at="sat 15:00", now=NOW)
    assert planned.check is not None and planned.check.good_timing
    unplanned = journal.edit_talk(store, 1, at="none", now=NOW)
    assert unplanned.entry.status.value == "queued" and unplanned.entry.planned_for is None  # type: ignore[attr-defined]
    held = journal.hold_talk(store, 1, now=NOW)
    assert held.entry.status.value == "held"  # type: ignore[attr-defined]
    shared = journal.edit_reveal(store, 1, shared="today", now=NOW)
    assert shared.notes == ()
    assert journal.delete_world_item(store, 1).as_json() == {
        "kind": "his_world",
        "id": 1,
        "deleted": True,
    }
    assert journal.entries(store).gestures[0].world_id is None  # the gesture stays, about nothing
    with pytest.raises(NotFoundError, match="no his-world entry 1"):
        journal.edit_world_item(store, 1, title="x")
    with pytest.raises(NotFoundError):
        journal.delete_activity(store, 99)
    with pytest.raises(NotFoundError):
        journal.add_gesture(store, "listened", about=7, now=NOW)  # no such item: nothing written
    assert len(journal.entries(store).gestures) == 2


BAD_INPUT: list[tuple[Any, str]] = [
    (lambda s: journal.add_activity(s, "x", minutes="-5", side="mine"), "minutes"),
    (lambda s: journal.add_activity(s, "x", minutes="99999", side="mine"), "minutes"),
    (
        lambda s: journal.add_activity(s, "x", minutes=30, side="mine", category="sprot"),
        "category",
    ),
    (lambda s: journal.add_activity(s, "x", minutes=30, side="mine", status="maybe"), "status"),
    (lambda s: journal.add_activity(s, "x", minutes=30, side="mine", on="31/02/2026"), "on"),
    (lambda s: journal.add_activity(s, "", minutes=30, side="mine"), "title"),
    (lambda s: journal.add_gesture(s, "hug"), "kind"),
    (lambda s: journal.add_talk(s, "x", at="whenever"), "at"),
    (lambda s: journal.add_talk(s, "x", weight="medium"), "weight"),
    (lambda s: journal.checkin(s, mood=9), "mood"),
    (lambda s: journal.checkin(s, mood=2, he_seems="grumpy"), "he-seems"),
    (lambda s: journal.edit_activity(s, 1, minutes="0"), "minutes"),
]


def test_bad_input_writes_nothing(store: Store) -> None:
    """One database for all the cases: each is refused, named, and leaves every row as it was."""
    journal.add_activity(store, "run", minutes=30, side="mine", now=NOW)
    before = store.export_all()
    for action, field in BAD_INPUT:
        with pytest.raises(InvalidValueError) as caught:
            action(store)
        assert caught.value.field == field
        assert store.export_all() == before, field


def test_owners_are_kept_apart(database_url: str) -> None:
    with open_store(database_url, owner_id="a") as a, open_store(database_url, owner_id="b") as b:
        journal.add_activity(a, "run", minutes=30, side="mine", now=NOW)
        journal.add_activity(b, "swim", minutes=40, side="mine", now=NOW)
        assert [e.id for e in journal.list_activities(a).entries] == [1]  # ids counted per owner
        assert [e.id for e in journal.list_activities(b).entries] == [1]
        assert journal.list_activities(a).entries[0].title == "run"  # type: ignore[attr-defined]
        journal.delete_activity(b, 1)
        assert len(journal.list_activities(a).entries) == 1
        b.erase_all()
        assert len(journal.list_activities(a).entries) == 1


def test_export_and_erase_cover_every_entry(store: Store) -> None:
    fill(store)
    document = data_service.export_everything(store).document
    for kind, table in JOURNAL_TABLES.items():
        assert document["tables"][table.name], kind
    assert document["tables"]["journal_talk"][0]["opener"].startswith("I'd love")
    erased = data_service.erase_everything(store)
    assert all(erased.per_table[t.name] >= 1 for t in JOURNAL_TABLES.values())
    assert all(rows == [] for rows in store.export_all().values())


def test_forgetting_an_import_leaves_the_journal(store: Store, tmp_path: Path) -> None:
    from fireside.samples.whatsapp_export import write_file
    from fireside.service import chats

    fill(store)
    before = {t.name: store.export_all()[t.name] for t in JOURNAL_TABLES.values()}
    export = tmp_path / "chat.txt"
    write_file(export, 40)
    report = chats.import_export(store, export, me=["Maya"], partner="Sam", tz="Europe/London")
    assert report.import_id is not None and report.imported > 0
    assert chats.forget_import(store, report.import_id) > 0
    after = {t.name: store.export_all()[t.name] for t in JOURNAL_TABLES.values()}
    assert after == before
