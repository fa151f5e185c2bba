"""A store with a chat of two people with names found nowhere else, for the report tests."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from fireside.profile import Profile
from fireside.pronouns import PronounSet
from fireside.samples.whatsapp_export import LOCALES, conversation, write_export

ME, PARTNER = "Zebulonia", "Quillonard"
START = datetime(2024, 1, 15, 8, 0)


def profile() -> Profile:
    return Profile(
        my_names=[ME],
        partner_name=PARTNER,
        partner_pronouns=PronounSet.HE,
        work_end=time(17, 30),
        timezone="Europe/London",
    )


def chat(tmp_path: Path, count: int = 3000) -> Path:
    path = tmp_path / f"WhatsApp Chat with {PARTNER}.txt"
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_export(
            handle,
            conversation(count, me=ME, partner=PARTNER, start=START),
            LOCALES["android-en-gb"],
            chat_name=PARTNER,
        )
    return path


def filled_store(database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    from fireside.ingest import import_chat
    from fireside.service.base import open_store

    store = open_store(database_url)
    store.save_profile(profile())
    import_chat(store, chat(tmp_path), tz="Europe/London")
    return store
