"""Talks (P14 P15 P16), the space message (P33) and what a check-in suggests (P36, P06).

The timing comes from ``fireside.timing`` (the same function as the coach's timing gate);
openers and drafts are checked by the coach itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from fireside.coach import CheckResult, check_message
from fireside.journal.model import Checkin, HeSeems, Talk, TalkStatus, Weight
from fireside.journal.wording import Sentence, Voice, wording
from fireside.timing import Moment, local_time, moment

if TYPE_CHECKING:
    from fireside.profile import Profile

STEP = timedelta(minutes=30)
SEARCH = timedelta(days=8)
EARLIEST_HOUR, LATEST_HOUR = 10, 21  # a suggested moment is between 10:00 and 21:00
GROUNDING_AT = 3  # anxious or activated at 3 or 4 offers the grounding routine


@dataclass(frozen=True)
class TalkCheck:
    """The timing of a talk and its opener, as offers."""

    talk: Talk
    moment: Moment | None  # None while no time is chosen
    better: datetime | None  # a calmer moment, when the chosen one is not
    opener: CheckResult | None
    notes: tuple[Sentence, ...]
    local: datetime | None = None  # the chosen time on the profile's clock

    @property
    def good_timing(self) -> bool:
        return self.talk.weight is Weight.LIGHT or self.moment is Moment.FREE

    def as_json(self) -> dict[str, Any]:
        return {
            "talk": self.talk.as_json(),
            "planned_for_local": self.local.isoformat(timespec="minutes") if self.local else None,
            "moment": self.moment.value if self.moment else None,
            "good_timing": self.good_timing,
            "better": self.better.isoformat(timespec="minutes") if self.better else None,
            "opener": self.opener.as_json() if self.opener else None,
            "notes": [n.as_json() for n in self.notes],
        }


def next_calm_moment(after: datetime, profile: Profile) -> datetime | None:
    """The first half hour from ``after`` that is a free moment for the partner, between
    10:00 and 21:00 on the profile's clock; None if none in the next eight days."""
    local = local_time(after, profile)
    start = local.replace(minute=0 if local.minute == 0 else 30, second=0, microsecond=0)
    if start < local:
        start += STEP
    candidate = start
    while candidate - start <= SEARCH:
        if (
            EARLIEST_HOUR <= candidate.hour < LATEST_HOUR
            and moment(candidate, profile) is Moment.FREE
        ):
            return candidate
        candidate += STEP
    return None


def check_talk(talk: Talk, profile: Profile, *, now: datetime) -> TalkCheck:
    """Is the chosen time a calm moment for a heavy talk, and does the opener speak from my
    side? Light talks fit almost any moment."""
    voice = Voice(profile.partner_pronouns, profile.partner_name)
    notes: list[Sentence] = []
    found = moment(talk.planned_for, profile) if talk.planned_for else None
    better = None
    if talk.weight is Weight.LIGHT:
        notes.append(voice.say("talk", "light"))
    elif talk.planned_for is None:
        notes.append(voice.say("talk", "unplanned"))
        better = next_calm_moment(now, profile)
    elif talk.planned_for < now and talk.status is TalkStatus.PLANNED:
        notes.append(voice.say("talk", "past"))
        better = next_calm_moment(now, profile)
    elif found is Moment.FREE:
        notes.append(voice.say("talk", "free"))
    else:
        assert found is not None
        notes.append(voice.say("talk", found.value))
        better = next_calm_moment(max(talk.planned_for, now), profile)
    if better is not None:
        notes.append(voice.say("talk", "better", when=f"{better:%a %-d %b at %H:%M}"))
    opener = None
    if talk.opener:
        opener = check_message(talk.opener, profile=profile, at=talk.planned_for)
        key = "i_statement" if "i_statement" in opener.labels else "no_i_statement"
        notes.append(voice.say("talk", key))
    else:
        notes.append(voice.say("talk", "no_opener"))
    local = local_time(talk.planned_for, profile) if talk.planned_for else None
    return TalkCheck(talk, found, better, opener, tuple(notes), local)


@dataclass(frozen=True)
class SpaceMessage:
    """A draft that says you're taking time for yourself and that it is not punishment."""

    draft: str
    check: CheckResult
    why: Sentence

    def as_json(self) -> dict[str, Any]:
        return {"draft": self.draft, "check": self.check.as_json(), "why": self.why.as_json()}


def space_message(
    profile: Profile, *, doing: str | None = None, back: str | None = None
) -> SpaceMessage:
    """The P33 draft: ``doing`` what you'll do (``at my pottery class``), ``back`` when you'll
    be around again (``tomorrow evening``). The coach checks the result."""
    voice = Voice(profile.partner_pronouns, profile.partner_name)
    templates = wording()["space_message"]
    doing = " ".join((doing or "").split()).rstrip(".")
    back = " ".join((back or "").split()).rstrip(".")
    if doing and back:
        draft = voice.fill(templates["with_doing_and_back"], doing=doing, back=back)
    elif doing:
        draft = voice.fill(templates["with_doing"], doing=doing)
    elif back:
        draft = voice.fill(templates["with_back"], back=back)
    else:
        draft = voice.fill(templates["plain"])
    return SpaceMessage(
        draft, check_message(draft, profile=profile), voice.say("space_message", "why")
    )


def checkin_notes(checkin: Checkin, profile: Profile) -> tuple[Sentence, ...]:
    """What a check-in suggests: grounding when I'm activated (P06), and room or closeness
    from how he seems (P36). Offers only."""
    voice = Voice(profile.partner_pronouns, profile.partner_name)
    notes = []
    if checkin.anxious is not None and checkin.anxious >= GROUNDING_AT:
        notes.append(voice.say("notes", "grounding"))
    if checkin.he_seems in {HeSeems.OVERWHELMED, HeSeems.STRESSED, HeSeems.DISTANT, HeSeems.LONELY}:
        assert checkin.he_seems is not None
        notes.append(voice.say("notes", checkin.he_seems.value))
    return tuple(notes)


def reveal_note(essential: bool, profile: Profile) -> Sentence:
    """Why an essential is shared early (P19 P01 P28 P29), or that a delight can wait."""
    voice = Voice(profile.partner_pronouns, profile.partner_name)
    return voice.say("notes", "essential" if essential else "delightful")


__all__ = [
    "SpaceMessage",
    "TalkCheck",
    "check_talk",
    "checkin_notes",
    "next_calm_moment",
    "reveal_note",
    "space_message",
]
