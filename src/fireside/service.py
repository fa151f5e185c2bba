"""Use-cases the CLI and the web app call: one place that wires the store and the domain."""

from __future__ import annotations

from datetime import datetime

from fireside.coach import CheckResult, History, check_message
from fireside.profile import Profile
from fireside.store import Store


def check_draft(
    store: Store,
    text: str,
    *,
    mood: int | None = None,
    at: datetime | None = None,
    history: History | None = None,
    profile: Profile | None = None,
) -> CheckResult:
    """Check a draft with the saved profile (pronouns, routine, time zone) and, when chats
    have been imported, the recent history for the waiting gate (unless ``history`` is given).
    Pass ``profile`` when the caller has already read it.
    """
    return check_message(
        text,
        mood=mood,
        at=at,
        profile=profile or store.profile_or_default(),
        history=history if history is not None else store.recent_history(),
    )
