"""The sample: Maya and Sam's made-up chats, for looking around before setting up.

It lives in a database of its own (``sample.db`` in the data folder), so your own data
never mixes with it, and removing it is deleting that one file.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from fireside import paths

if TYPE_CHECKING:
    from fireside.store import Store

SAMPLE_FILE = "sample.db"
SAMPLE_MESSAGES = 20_000  # about ten weeks of a close couple's chat


def sample_path() -> Path:
    return paths.data_dir() / SAMPLE_FILE


def has_sample() -> bool:
    return sample_path().exists()


def open_sample() -> Store:
    """The sample store, made on first use (the sample profile and a sample WhatsApp chat)."""
    from fireside.store import open_store

    target = sample_path()
    if target.exists():
        return open_store(f"sqlite:///{target}")
    from fireside.ingest import import_chat
    from fireside.samples import sample_profile
    from fireside.samples.whatsapp_export import write_file

    building = target.with_name(SAMPLE_FILE + ".building")
    with contextlib.suppress(FileNotFoundError):
        building.unlink()
    store = open_store(f"sqlite:///{building}")
    try:
        profile = sample_profile()
        store.save_profile(profile)
        with tempfile.TemporaryDirectory(dir=paths.data_dir()) as folder:
            export = Path(folder) / "WhatsApp Chat with Sam.txt"
            write_file(export, SAMPLE_MESSAGES, "android-en-gb")
            import_chat(store, export, tz=profile.timezone)
    finally:
        store.close()
    building.replace(target)  # whole or not at all
    return open_store(f"sqlite:///{target}")


DISMISSED = "sample-dismissed"


def sample_wanted() -> bool:
    """True until the sample has been removed once (or set-up is done)."""
    return not (paths.data_dir() / DISMISSED).exists()


def remove_sample(store: Store | None = None) -> None:
    """Delete the sample for good (closing ``store`` first when it is the open sample)."""
    if store is not None:
        store.close()
    (paths.data_dir() / DISMISSED).touch(mode=0o600)
    target = sample_path()
    for suffix in ("", "-wal", "-shm", ".migrate-lock"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(target) + suffix).unlink()
