"""The profile: read it, set a field, save a set of answers, find a time zone."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fireside.profile import Profile
from fireside.profile_text import FIELD_HELP
from fireside.zones import find_timezones as _find_timezones

if TYPE_CHECKING:
    from fireside.store import Store

# (profile field, question) in the order a setup asks them (`fireside init`, the web's first run)
QUESTIONS: tuple[tuple[str, str], ...] = (
    ("my_names", "Your name(s) as they appear in your chats, separated by commas"),
    ("partner_name", "Your partner's name"),
    ("partner_pronouns", "Your partner's pronouns (he/she/they)"),
    ("workdays", "Days your partner usually works (e.g. mon-fri)"),
    ("work_end", "When your partner's work usually ends (e.g. 17:30)"),
    ("commute_minutes", "Your partner's commute home, in minutes"),
    ("bedtime", "Your partner's usual bedtime (e.g. 23:00)"),
    ("timezone", "Your time zone (a city such as London, or e.g. Europe/Berlin)"),
)
FIELDS = tuple(FIELD_HELP)


@dataclass(frozen=True)
class ProfileView:
    profile: Profile
    saved: bool  # False before the first setup: these are the defaults

    def as_json(self) -> dict[str, Any]:
        return {**self.profile.as_json(), "saved": self.saved}


def field_name(key: str) -> str:
    """``work-end`` -> ``work_end``."""
    return key.strip().lower().replace("-", "_")


def as_text(profile: Profile, field: str) -> str:
    """A field as a person would type it (for a prompt's default or a form's value)."""
    value = profile.as_json()[field_name(field)]
    if isinstance(value, list):
        return ", ".join(value)
    return "" if value is None else str(value)


def get_profile(store: Store | None) -> ProfileView:
    saved = store.profile() if store else None
    return ProfileView(saved or Profile(), saved is not None)


def set_profile_field(store: Store, key: str, value: str) -> Profile:
    """Change one field from its text; InvalidValueError names the field and what it takes."""
    updated = store.profile_or_default().with_value(key, value)
    store.save_profile(updated)
    return updated


def apply_answers(profile: Profile, answers: Mapping[str, str | None]) -> Profile:
    """``profile`` with each answered field set from its text (None: keep it)."""
    for field, text in answers.items():
        if text is not None:
            profile = profile.with_value(field, text)
    return profile


def save_profile_answers(store: Store, answers: Mapping[str, str | None]) -> Profile:
    """Set several fields at once (a setup form, `init`'s flags) and save; all or nothing."""
    updated = apply_answers(store.profile_or_default(), answers)
    store.save_profile(updated)
    return updated


def save_profile(store: Store, profile: Profile) -> Profile:
    store.save_profile(profile)
    return profile


def find_timezones(query: str, *, limit: int = 20) -> list[str]:
    """Time zones for a picker: ``London``, ``new york``, ``est`` all find theirs."""
    return _find_timezones(query, limit=limit)
