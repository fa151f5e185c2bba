"""Encryption at rest: an SQLCipher store unlocked by a passphrase (argon2id, stored salt)."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fireside.cli import app as cli
from fireside.store import cipher
from tests.serverkit import chat_file

PASSPHRASE = "a tin of blue paint"
MARK = "Qzxv"  # in both names and in my own text


@pytest.fixture(autouse=True)
def _no_keys_left() -> None:
    cipher.forget_keys()  # each test is a new process as far as the keys go


@pytest.fixture
def database(fireside_home: Path) -> Path:
    return fireside_home / "fireside.db"


def run(*args: str, passphrase: str | None = PASSPHRASE, input: str | None = None):  # type: ignore[no-untyped-def]
    cipher.forget_keys()
    env = {"FIRESIDE_PASSPHRASE": passphrase} if passphrase else {}
    return CliRunner().invoke(cli, list(args), env=env, input=input)


def init_encrypted() -> None:
    result = run(
        "init", "--encrypt", "--no-interactive", "--me", f"Me{MARK}", "--partner", f"Pal{MARK}",
        "--tz", "UTC",
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def import_chat(tmp_path: Path) -> None:
    path = chat_file(tmp_path, MARK, 200)
    result = run("import", str(path), "--me", f"Me{MARK}", "--partner", f"Pal{MARK}")
    assert result.exit_code == 0, result.output


def readable(path: Path) -> str:
    """What `strings` finds in the file and its WAL."""
    found = []
    for each in (path, Path(f"{path}-wal")):
        if each.exists():
            found.append(subprocess.run(["strings", "-n", "4", str(each)], capture_output=True, text=True, check=True).stdout)  # fmt: skip
    return "\n".join(found)


@pytest.mark.skipif(shutil.which("strings") is None, reason="needs binutils' strings")
def test_after_an_import_the_file_shows_no_name_no_text_and_no_header(
    database: Path, tmp_path: Path
) -> None:
    init_encrypted()
    import_chat(tmp_path)
    listed = run("imports", "--json")
    assert listed.exit_code == 0 and json.loads(listed.output)[0]["messages"] == 200
    text = readable(database)
    assert MARK not in text and "note" not in text and "SQLite format 3" not in text
    assert database.read_bytes()[:16] != cipher.PLAIN_HEADER
    salt = cipher.salt_path(database)
    assert stat.S_IMODE(salt.stat().st_mode) == 0o600
    assert PASSPHRASE not in salt.read_text()
    assert not list(database.parent.glob(".import-staging-*"))


def test_every_command_works_on_an_encrypted_store(tmp_path: Path) -> None:
    init_encrypted()
    import_chat(tmp_path)
    for args in (["rhythm", "--json"], ["waiting"], ["info"], ["profile"], ["check", "hi"]):
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)
    exported = run("export", str(tmp_path / "out.json"))
    assert exported.exit_code == 0, exported.output
    assert MARK in (tmp_path / "out.json").read_text()


def test_a_wrong_passphrase_is_a_clear_message_and_exit_5() -> None:
    init_encrypted()
    result = run("imports", passphrase="not the passphrase")
    assert result.exit_code == 5
    assert "That passphrase does not open" in result.output
    assert "file is not a database" not in result.output and "Traceback" not in result.output


def test_without_a_terminal_or_the_variable_it_says_what_to_do() -> None:
    init_encrypted()
    result = run("imports", passphrase=None)
    assert result.exit_code == 1 and "FIRESIDE_PASSPHRASE" in result.output


def test_encrypt_and_decrypt_convert_in_place(database: Path, tmp_path: Path) -> None:
    assert run("init", "--no-interactive", "--me", f"Me{MARK}", "--partner", "Pal", "--tz", "UTC").exit_code == 0  # fmt: skip
    import_chat(tmp_path)
    assert database.read_bytes()[:16] == cipher.PLAIN_HEADER
    encrypted = run("encrypt")
    assert encrypted.exit_code == 0, encrypted.output
    assert database.read_bytes()[:16] != cipher.PLAIN_HEADER and MARK not in readable(database)
    assert json.loads(run("imports", "--json").output)[0]["messages"] == 200
    assert run("imports", passphrase="wrong one!").exit_code == 5
    again = run("encrypt")
    assert again.exit_code == 5 and "already encrypted" in again.output
    decrypted = run("decrypt")
    assert decrypted.exit_code == 0, decrypted.output
    assert database.read_bytes()[:16] == cipher.PLAIN_HEADER
    assert not cipher.salt_path(database).exists()
    assert json.loads(run("imports", "--json", passphrase=None).output)[0]["messages"] == 200
    assert not list(database.parent.glob("*.converting"))


def test_backup_is_a_consistent_copy_and_stays_encrypted(tmp_path: Path) -> None:
    init_encrypted()
    import_chat(tmp_path)
    target = tmp_path / "copy.db"
    made = run("backup", str(target))
    assert made.exit_code == 0, made.output
    assert target.read_bytes()[:16] != cipher.PLAIN_HEADER and MARK not in readable(target)
    assert cipher.salt_path(target).exists()
    copy = run("--database-url", f"sqlite:///{target}", "imports", "--json")
    assert copy.exit_code == 0 and json.loads(copy.output)[0]["messages"] == 200


def test_backup_of_a_plain_store(tmp_path: Path) -> None:
    assert run("init", "--no-interactive", "--me", "Me", "--partner", "Pal", "--tz", "UTC").exit_code == 0  # fmt: skip
    target = tmp_path / "plain-copy.db"
    assert run("backup", str(target), passphrase=None).exit_code == 0
    assert target.read_bytes()[:16] == cipher.PLAIN_HEADER
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.postgres
def test_backup_on_postgresql_says_to_use_pg_dump(postgres_url: str, tmp_path: Path) -> None:
    result = run("--database-url", postgres_url, "backup", str(tmp_path / "x.db"))
    assert result.exit_code == 1 and "pg_dump" in result.output


def test_the_web_app_opens_an_encrypted_store_once_unlocked_and_imports_into_it(
    tmp_path: Path, fireside_home: Path
) -> None:
    init_encrypted()
    from fireside.service import base
    from tests.webclient import make_app, signed_in

    cipher.forget_keys()
    assert base.needs_passphrase()
    base.unlock(None, PASSPHRASE)
    app = make_app()
    client = signed_in(app)
    page = client.get("/settings")
    assert page.status_code == 200 and f"Pal{MARK}" in page.text
    # An upload is imported by a worker process, which is handed the key (not the passphrase).
    upload = chat_file(tmp_path, MARK, 50)
    response = client.post(
        "/api/v1/imports",
        data={"me": f"Me{MARK}", "partner": f"Pal{MARK}"},
        files={"file": (upload.name, upload.read_bytes(), "text/plain")},
        headers={"x-csrf-token": app.state.keys.csrf},
    )
    assert response.status_code == 200 and response.json()["imported"] == 50, response.text
    assert client.get("/api/v1/imports").json()[0]["messages"] == 50
    assert MARK not in readable(fireside_home / "fireside.db")
