"""postgres_fdw: one owner's messages on another server (issue 15, "beyond one server").

    .venv/bin/python benchmarks/bench_fdw.py

Not a timed test. Starts two throwaway PostgreSQL servers (as the tests do): A holds
fireside's database (migrated with ``message`` hash-partitioned by owner in 2), B holds
partition 1. It shows, and prints:

1. that PostgreSQL 15 refuses a foreign partition under fireside's schema as it is (the
   primary key on the partitioned ``message`` is a unique index, and a foreign table cannot
   carry one);
2. with that key moved down into each partition (local: a primary key; remote: a primary key
   on B), partition 1 becomes a foreign table on B, and for each owner EXPLAIN shows the
   query touching exactly one partition, so one server; reading through fireside's Store
   (row-level security on A's parent table) gives each owner their rows;
3. that fireside's import then fails, because its ``ON CONFLICT (owner_id, ts,
   content_hash)`` needs that unique index on the parent.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

COLUMNS = (
    "owner_id varchar(64) NOT NULL, import_id integer NOT NULL, ts bigint NOT NULL, "
    "offset_minutes smallint NOT NULL, role varchar(8) NOT NULL, kind varchar(8) NOT NULL, "
    "edited boolean NOT NULL, chars integer NOT NULL, words integer NOT NULL, "
    "emoji integer NOT NULL, text text, content_hash bigint NOT NULL"
)


def main() -> None:
    import os
    import tempfile

    os.environ.setdefault("FIRESIDE_HOME", tempfile.mkdtemp(prefix="fireside-bench-fdw-"))
    from tests import pg
    from tests.serverkit import add_accounts, app_database, chat_file

    from fireside.errors import FiresideError
    from fireside.service import chats
    from fireside.store import open_store

    with pg.server() as a_admin, pg.server() as b_admin:
        a_databases = app_database(a_admin, partitions=2)
        a_url = next(a_databases)
        b_databases = app_database(b_admin)
        b_url = next(b_databases)
        b_port = b_admin.rsplit(":", 1)[1].split("/")[0]
        a_super = create_engine(
            a_admin.rsplit("/", 1)[0] + "/" + a_url.rsplit("/", 1)[1], isolation_level="AUTOCOMMIT"
        )
        b_app = create_engine(b_url, isolation_level="AUTOCOMMIT")
        with b_app.connect() as b:
            b.execute(text(f"CREATE TABLE message_p1 ({COLUMNS}, PRIMARY KEY (owner_id, ts, content_hash))"))  # fmt: skip
        with a_super.connect() as a:
            a.execute(text("CREATE EXTENSION postgres_fdw"))
            a.execute(text(f"CREATE SERVER shard_b FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '{b_port}', dbname '{b_url.rsplit('/', 1)[1]}')"))  # fmt: skip
            a.execute(text("CREATE USER MAPPING FOR fireside_app SERVER shard_b OPTIONS (user 'fireside_app', password_required 'false')"))  # fmt: skip
            a.execute(text("GRANT USAGE ON FOREIGN SERVER shard_b TO fireside_app"))
        a_app = create_engine(a_url, isolation_level="AUTOCOMMIT")
        attach = (
            "CREATE FOREIGN TABLE message_p1 PARTITION OF message "
            "FOR VALUES WITH (MODULUS 2, REMAINDER 1) SERVER shard_b"
        )
        with a_app.connect() as a:
            a.execute(text("ALTER TABLE message DETACH PARTITION message_p1"))
            a.execute(text("DROP TABLE message_p1"))
            try:
                a.execute(text(attach))
                print("1. attached under the primary key (unexpected)")
            except Exception as exc:
                print("1. with fireside's schema:", str(exc).splitlines()[0].split(") ", 1)[-1])
            a.execute(text("ALTER TABLE message DROP CONSTRAINT fk_message_owner_id_chat_import"))
            a.execute(text("ALTER TABLE message DROP CONSTRAINT pk_message"))
            a.execute(text("ALTER TABLE message_p0 ADD PRIMARY KEY (owner_id, ts, content_hash)"))
            a.execute(text(attach))
            print("2. key moved into the partitions: partition 1 is now a foreign table on B")
        names = [f"owner{n}" for n in range(6)]
        add_accounts(a_url, *names)
        placed: dict[str, str] = {}
        for name in names:
            with open_store(a_url, owner_id=name) as store, store.engine.begin() as connection:
                connection.execute(text(
                    "INSERT INTO chat_import (owner_id, id, source_format, file_name, file_sha256,"
                    " imported_at, messages, duplicates, keep_partner_text, problems) VALUES"
                    " (:o, 1, 'csv', 'x', 'x', now(), 3, 0, false, '[]')"), {"o": name})  # fmt: skip
                for ts in (1, 2, 3):
                    connection.execute(text(
                        "INSERT INTO message VALUES (:o, 1, :ts, 0, 'me', 'text', false, 2, 1, 0,"
                        " 'hi', :ts)"), {"o": name, "ts": ts})  # fmt: skip
                plan = connection.execute(
                    text("EXPLAIN SELECT * FROM message WHERE owner_id = :o"), {"o": name}
                ).scalars().all()  # fmt: skip
                scans = [line.strip() for line in plan if "Scan" in line]
                placed[name] = "B (foreign)" if any("Foreign" in s for s in scans) else "A (local)"
                assert len(scans) == 1, plan
            with open_store(a_url, owner_id=name) as store:  # after the commit
                rows = store.messages().height
            print(f"   {name}: its query scans one partition, on {placed[name]}: {scans[0]}; "
                  f"Store.messages() gives {rows} rows")  # fmt: skip
        with b_app.connect() as b:
            on_b = b.execute(text("SELECT owner_id, count(*) FROM message_p1 GROUP BY 1 ORDER BY 1")).all()  # fmt: skip
        print("   rows kept on B:", dict(on_b))
        folder = Path(tempfile.mkdtemp())
        with open_store(a_url, owner_id="owner0") as store:
            try:
                chats.import_export(store, chat_file(folder, "X", 20), me=["MeX"], partner="PalX")
                print("3. import worked (unexpected)")
            except FiresideError as exc:
                print("3. fireside's import on this layout:", exc.message[:160])
            except Exception as exc:
                print(
                    "3. fireside's import on this layout:",
                    type(exc).__name__,
                    str(exc).splitlines()[0][:160],
                )
        for each in (a_app, b_app, a_super):
            each.dispose()
        next(a_databases, None)
        next(b_databases, None)


if __name__ == "__main__":
    main()
