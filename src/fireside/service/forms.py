"""What the web's forms and pages need from the data, as text: the profile's fields as a
form shows them, and the title of the article a practice comes from."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fireside.store import Store


def profile_form(store: Store) -> dict[str, str]:
    """The saved profile (or the defaults) as the text each form field shows."""
    data = store.profile_or_default().as_json()
    return {
        "my_names": ", ".join(data["my_names"]),
        "partner_name": data["partner_name"] or "",
        "partner_pronouns": data["partner_pronouns"],
        "workdays": ",".join(data["workdays"]),
        "work_end": data["work_end"],
        "commute_minutes": str(data["commute_minutes"]),
        "bedtime": data["bedtime"],
        "timezone": data["timezone"],
    }


@cache
def all_timezones() -> tuple[str, ...]:
    """Every Area/City time zone name (and UTC), for a picker's list."""
    from zoneinfo import available_timezones

    return tuple(sorted(z for z in available_timezones() if "/" in z or z == "UTC"))


def article_title(seed: str) -> str:
    """The seed article's title, for crediting a practice (never its file name)."""
    from fireside.practices.catalogue import article_title as title

    return title(seed)
