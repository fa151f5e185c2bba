"""Encryption at rest for the SQLite store: SQLCipher (``sqlcipher3``) with a key from the
passphrase through argon2id and a salt stored beside the store (``fireside.db.salt``, 0600).

- Whether a file is encrypted is read from the file itself: a plain SQLite file starts with
  ``SQLite format 3``; an encrypted one is random bytes from the first page on.
- ``unlock(path, passphrase)`` derives the key, checks it opens the file and keeps it in this
  process's memory (never on disk), so every engine opened on that path afterwards uses it.
- The raw 256-bit key is handed to SQLCipher as ``x'…'``, so SQLCipher does not run its own
  key derivation on top of ours.
- ``encrypt``/``decrypt`` convert a store in place: a new file written next to it with
  ``sqlcipher_export``, checked (every table's row count), then renamed over the old one.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from pathlib import Path
from typing import Any

from fireside.errors import FiresideError, StoreError

SALT_SUFFIX = ".salt"
PLAIN_HEADER = b"SQLite format 3\x00"
KDF = {"kdf": "argon2id", "time_cost": 3, "memory_cost": 65536, "parallelism": 2}
_keys: dict[str, bytes] = {}


class PassphraseNeeded(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} is encrypted: fireside needs its passphrase.",
            hint="Type it when asked, or set FIRESIDE_PASSPHRASE for scripts.",
        )


class WrongPassphrase(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"That passphrase does not open {path}.",
            hint="Check the passphrase (it is case-sensitive) and try again. Without it the "
            "store cannot be read: fireside keeps no copy of it.",
        )


def salt_path(path: Path) -> Path:
    return path.with_name(path.name + SALT_SUFFIX)


def is_encrypted(path: Path) -> bool:
    """An existing file that is not plain SQLite, with a salt beside it."""
    if not path.exists() or path.stat().st_size == 0 or not salt_path(path).exists():
        return False
    with path.open("rb") as handle:
        header = handle.read(len(PLAIN_HEADER))
    return header != PLAIN_HEADER


def key_for(path: Path) -> bytes | None:
    return _keys.get(str(path.resolve()))


def forget_keys() -> None:
    _keys.clear()


def adopt_keys(keys: dict[str, bytes]) -> None:
    """Use keys handed over (through a local pipe) by the process that started this one, so
    a worker process opens the same encrypted store without asking for the passphrase."""
    _keys.update(keys)


def _read_salt(path: Path) -> dict[str, Any]:
    try:
        found: dict[str, Any] = json.loads(salt_path(path).read_text(encoding="ascii"))
        bytes.fromhex(found["salt"])
        return found
    except (OSError, ValueError, KeyError) as exc:
        raise StoreError(
            f"The salt file {salt_path(path)} that unlocks {path} is missing or damaged.",
            hint="Restore it from the backup you made with `fireside backup` "
            "(it is the .salt file beside the copy).",
        ) from exc


def _write_salt(path: Path) -> dict[str, Any]:
    params = {**KDF, "salt": secrets.token_hex(16)}
    target = salt_path(path)
    temporary = target.with_name(target.name + f".{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        json.dump(params, handle)
    temporary.replace(target)
    return params


def derive(passphrase: str, params: dict[str, Any]) -> bytes:
    """argon2id: slow on purpose (about a quarter of a second), so guessing is slow too."""
    from argon2.low_level import Type, hash_secret_raw

    if not passphrase:
        raise FiresideError("The passphrase is empty.", hint="Choose a passphrase of a few words.")
    return hash_secret_raw(
        passphrase.encode(),
        bytes.fromhex(params["salt"]),
        time_cost=int(params["time_cost"]),
        memory_cost=int(params["memory_cost"]),
        parallelism=int(params["parallelism"]),
        hash_len=32,
        type=Type.ID,
    )


def connect(path: Path | str, key: bytes | None, **kwargs: Any) -> Any:
    """A sqlcipher3 connection, keyed (``key`` None: a plain SQLite file)."""
    from sqlcipher3 import dbapi2

    connection = dbapi2.connect(str(path), **kwargs)
    connection.execute("PRAGMA cipher_log_level = NONE")  # or it prints ERROR CORE lines
    if key is not None:
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return connection


def _check(path: Path, key: bytes) -> None:
    from sqlcipher3 import dbapi2

    connection = connect(path, key)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi2.DatabaseError:
        raise WrongPassphrase(path) from None
    finally:
        connection.close()


def unlock(path: Path, passphrase: str) -> None:
    """Check the passphrase against the encrypted file and keep its key for this process."""
    key = derive(passphrase, _read_salt(path))
    _check(path, key)
    _keys[str(path.resolve())] = key


def prepare_new(path: Path, passphrase: str) -> None:
    """A store not made yet will be made encrypted with this passphrase."""
    if path.exists() and path.stat().st_size:
        raise StoreError(
            f"{path} already exists.",
            hint="`fireside encrypt` encrypts an existing store in place.",
        )
    params = _write_salt(path)
    _keys[str(path.resolve())] = derive(passphrase, params)


def _counts(connection: Any) -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: connection.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _convert(path: Path, source_key: bytes | None, target_key: bytes | None) -> None:
    """Write ``path`` anew under ``target_key``, check it, and swap it in."""
    building = path.with_name(path.name + ".converting")
    with contextlib.suppress(FileNotFoundError):
        building.unlink()
    fd = os.open(building, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    source = connect(path, source_key, isolation_level=None)
    try:
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = _counts(source)
        key_sql = f"x'{target_key.hex()}'" if target_key is not None else ""
        source.execute(f'ATTACH DATABASE ? AS converted KEY "{key_sql}"', (str(building),))
        source.execute("SELECT sqlcipher_export('converted')")
        version = source.execute("PRAGMA user_version").fetchone()[0]
        source.execute(f"PRAGMA converted.user_version = {int(version)}")
        source.execute("DETACH DATABASE converted")
    finally:
        source.close()
    check = connect(building, target_key)
    try:
        after = _counts(check)
    finally:
        check.close()
    if after != before:
        building.unlink()
        raise StoreError(
            "The converted copy did not match the store, so nothing was changed.",
            hint="Run the command again; if it keeps happening, make a backup and report it.",
        )
    building.replace(path)
    for suffix in ("-wal", "-shm"):  # the old file's; the new one starts without them
        with contextlib.suppress(FileNotFoundError):
            Path(str(path) + suffix).unlink()


def encrypt(path: Path, passphrase: str) -> None:
    if is_encrypted(path):
        raise StoreError(f"{path} is already encrypted.", hint="Nothing to do.")
    params = _write_salt(path)  # a salt beside a plain file is ignored until the swap
    key = derive(passphrase, params)
    _convert(path, None, key)
    _keys[str(path.resolve())] = key


def decrypt(path: Path) -> None:
    key = key_for(path)
    if key is None:
        raise PassphraseNeeded(path)
    _convert(path, key, None)
    _keys.pop(str(path.resolve()), None)
    with contextlib.suppress(FileNotFoundError):
        salt_path(path).unlink()


def backup(path: Path, target: Path) -> None:
    """A consistent copy of the store while it is in use: SQLite's online backup, or for an
    encrypted store ``sqlcipher_export`` under the same key (with the salt copied beside)."""
    key = key_for(path) if is_encrypted(path) else None
    if is_encrypted(path) and key is None:
        raise PassphraseNeeded(path)
    building = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        building.unlink()
    fd = os.open(building, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    try:
        source = connect(path, key, isolation_level=None)
        try:
            if key is None:
                destination = connect(building, None)
                try:
                    source.backup(destination)
                finally:
                    destination.close()
            else:
                source.execute("BEGIN")  # one read snapshot for the whole copy
                source.execute(
                    f"ATTACH DATABASE ? AS copy KEY \"x'{key.hex()}'\"", (str(building),)
                )
                source.execute("SELECT sqlcipher_export('copy')")
                source.execute("COMMIT")
                source.execute("DETACH DATABASE copy")
        finally:
            source.close()
        if key is not None:
            salt = salt_path(target)
            salt.write_bytes(salt_path(path).read_bytes())
            salt.chmod(0o600)
        building.replace(target)
    except BaseException:
        building.unlink(missing_ok=True)
        raise
