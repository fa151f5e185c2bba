"""Use-cases the CLI and the web app call: one place that wires the store and the domain."""

from __future__ import annotations

from datetime import datetime

from fireside.coach import CheckResult, History, check_message
from fireside.store import Store


def check_draft(
    store: Store,
    text: str,
    *,
    mood: int | None = None,
    at: datetime | None = None,
    history: History | None = None,
) -> CheckResult:
    """Check a draft with the saved profile (pronouns, routine, time zone).

    ``history`` feeds the waiting gate; once chats are imported the store provides it.
    """
    return check_message(
        text, mood=mood, at=at, profile=store.profile_or_default(), history=history
    )
