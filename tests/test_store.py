"""The store on SQLite and on a real PostgreSQL: migrations, profile, export and erase."""

from __future__ import annotations

import multiprocessing
import stat
from datetime import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from fireside.errors import StoreError
from fireside.profile import Profile
from fireside.pronouns import PronounSet
from fireside.store import migrate, open_store
from fireside.store.engine import make_engine
from fireside.store.schema import metadata


def test_fresh_database_is_created_at_head(database_url: str) -> None:
    with open_store(database_url) as store, store.engine.connect() as connection:
        assert migrate.current_revision(connection) == migrate.HEAD_REVISION
        assert set(metadata.tables) <= set(inspect(connection).get_table_names())


def test_head_revision_constant_matches_alembic() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert script.get_current_head() == migrate.HEAD_REVISION


def test_schema_matches_the_migrations(database_url: str) -> None:
    """Autogenerate finds nothing to do: tables in schema.py and migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with open_store(database_url) as store, store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), metadata)
    assert diff == []


def test_upgrade_from_the_first_migration_keeps_data(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate.upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO profile (owner_id, my_names, partner_name, partner_pronouns, workdays,"
                " work_end, commute_minutes, bedtime, timezone, keep_partner_text, updated_at)"
                " VALUES ('local', '[\"Anna\"]', 'Ben', 'he', 'mon,tue', '18:00', 20, '23:00',"
                " 'Europe/Berlin', false, CURRENT_TIMESTAMP)"
            )
        )
    engine.dispose()
    with open_store(database_url) as store:
        profile = store.profile()
    assert profile is not None
    assert profile.partner_name == "Ben" and profile.work_end == time(18)


def test_profile_round_trip(database_url: str) -> None:
    with open_store(database_url) as store:
        assert store.profile() is None
        profile = Profile(
            my_names=["Anna", "Anna B"],
            partner_name="Ben",
            partner_pronouns=PronounSet.THEY,
            timezone="America/New_York",
            work_end=time(18, 15),
        )
        store.save_profile(profile)
        store.save_profile(profile.with_value("commute-minutes", "50"))
    with open_store(database_url) as store:
        saved = store.profile()
    assert saved == profile.with_value("commute-minutes", "50")


def test_owners_are_kept_apart(database_url: str) -> None:
    with open_store(database_url, owner_id="a") as a, open_store(database_url, owner_id="b") as b:
        a.save_profile(Profile(partner_name="Ben"))
        assert b.profile() is None
        b.save_profile(Profile(partner_name="Cleo"))
        b.erase_all()
        assert a.profile() is not None and a.profile().partner_name == "Ben"  # type: ignore[union-attr]


def test_export_and_erase_everything(database_url: str) -> None:
    with open_store(database_url) as store:
        store.save_profile(Profile(partner_name="Ben"))
        exported = store.export_all()
        assert exported["profile"][0]["partner_name"] == "Ben"
        assert store.erase_all()["profile"] == 1
        assert store.profile() is None
        assert all(rows == [] for rows in store.export_all().values())


def test_sqlite_uses_wal_and_a_busy_timeout(fireside_home: Path) -> None:
    with open_store() as store, store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 10_000
        assert connection.execute(text("PRAGMA secure_delete")).scalar() == 1
    assert stat.S_IMODE((fireside_home / "fireside.db").stat().st_mode) == 0o600
    assert stat.S_IMODE(fireside_home.stat().st_mode) == 0o700


def _hammer(url: str, name: str) -> None:
    with open_store(url) as store:
        for i in range(40):
            store.save_profile(Profile(partner_name=f"{name}{i}"))
            assert store.profile() is not None


def test_two_processes_at_once_do_not_corrupt_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/shared.db"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_hammer, args=(url, n)) for n in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [w.exitcode for w in workers] == [0, 0]
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    engine.dispose()


def test_unreachable_database_is_a_clear_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(f"sqlite:///{tmp_path}/no/such/dir/x.db")
    assert "does not exist" in caught.value.message
    (tmp_path / "a-folder.db").mkdir()
    with pytest.raises(StoreError, match="Could not open the database"):
        open_store(f"sqlite:///{tmp_path}/a-folder.db")


def test_a_file_that_is_not_a_database_is_named(tmp_path: Path) -> None:
    garbage = tmp_path / "notes.db"
    garbage.write_bytes(b"these are my notes, not a database" * 100)
    with pytest.raises(StoreError, match="not a fireside database"):
        open_store(f"sqlite:///{garbage}")
    assert garbage.read_bytes().startswith(b"these are my notes")


def test_not_a_url_is_a_clear_store_error() -> None:
    with pytest.raises(StoreError, match="not a database URL"):
        open_store("definitely not a url")


@pytest.mark.parametrize("partitions", [0, 3])
def test_upgrade_to_owner_keys_keeps_imports_and_messages(
    database_url: str, partitions: int
) -> None:
    """0004 → 0009 (keys led by owner_id) keeps every import and message, on both databases,
    and on PostgreSQL optionally makes message hash-partitioned by owner."""
    if partitions and not database_url.startswith("postgresql"):
        pytest.skip("partitions are a PostgreSQL option")
    engine = make_engine(database_url)
    migrate.upgrade(engine, "0004")
    with engine.begin() as connection:
        for owner, number in (("local", 1), ("ann", 2)):
            connection.execute(
                text(
                    "INSERT INTO chat_import (id, owner_id, source_format, file_name, file_sha256,"
                    " imported_at, messages, duplicates, keep_partner_text, problems) VALUES"
                    " (:id, :o, 'whatsapp', 'c.txt', 'x', CURRENT_TIMESTAMP, 2, 0, false, '[]')"
                ),
                {"id": number, "o": owner},
            )
            for ts in (1000, 2000):
                connection.execute(
                    text(
                        "INSERT INTO message (owner_id, import_id, ts, offset_minutes, role, kind,"
                        " edited, chars, words, emoji, text, content_hash) VALUES"
                        " (:o, :i, :ts, 0, 'me', 'text', false, 2, 1, 0, 'hi', :ts)"
                    ),
                    {"o": owner, "i": number, "ts": ts},
                )
    migrate.upgrade(engine, message_partitions=partitions)
    engine.dispose()
    for owner in ("local", "ann"):
        with open_store(database_url, owner_id=owner) as store:
            assert store.messages().height == 2
            assert [row["id"] for row in store.export_all()["chat_import"]] == [
                1 if owner == "local" else 2
            ]
    with open_store(database_url, owner_id="ann") as store:
        from fireside.service.chats import forget_import

        assert forget_import(store, 2) == 2  # the cascade and the owner keys agree
        if partitions:
            with store.engine.connect() as connection:
                kind = connection.execute(
                    text("SELECT relkind FROM pg_class WHERE relname = 'message'")
                ).scalar()
            assert kind == "p"


def test_the_owner_keys_go_back_for_one_owner_with_data(database_url: str) -> None:
    """Downgrading past the owner keys keeps a single owner's imports and messages."""
    from alembic import command

    with open_store(database_url) as store, store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO chat_import (owner_id, id, source_format, file_name, file_sha256,"
                " imported_at, messages, duplicates, keep_partner_text, problems) VALUES"
                " ('local', 1, 'csv', 'c.txt', 'x', CURRENT_TIMESTAMP, 1, 0, false, '[]')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO message (owner_id, import_id, ts, offset_minutes, role, kind,"
                " edited, chars, words, emoji, text, content_hash) VALUES"
                " ('local', 1, 5, 0, 'me', 'text', false, 2, 1, 0, 'hi', 7)"
            )
        )
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    with open_store(database_url) as store:  # and up again
        assert store.messages().height == 1
