"""Sample data shipped with fireside, for the demo and for trying things out."""

from __future__ import annotations

import tomllib
from datetime import datetime, time
from importlib import resources

from fireside.profile import Profile
from fireside.profile_text import Weekday
from fireside.pronouns import PronounSet


def sample_profile() -> Profile:
    """Maya and Sam: the couple of every fireside example."""
    return Profile(
        my_names=["Maya"],
        partner_name="Sam",
        partner_pronouns=PronounSet.HE,
        workdays=[Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI],
        work_end=time(17, 30),
        commute_minutes=45,
        bedtime=time(23, 30),
        timezone="Europe/London",
    )


def sample_drafts() -> list[tuple[str, datetime | None]]:
    """A few drafts for the demo: (text, when it would be sent)."""
    raw = tomllib.loads(resources.files("fireside.samples").joinpath("drafts.toml").read_text())
    return [
        (d["text"], datetime.fromisoformat(d["at"]) if "at" in d else None) for d in raw["draft"]
    ]
