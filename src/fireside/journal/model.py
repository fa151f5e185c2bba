"""The journal's entries: frozen dataclasses that check themselves when made.

Every rule a person can break names the field and what it takes (``InvalidValueError``,
exit code 4 on the command line), so nothing invalid ever reaches the store. The values of
each choice are the words a person types (``self_care``; ``self-care`` is read the same).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, ClassVar, Self

from fireside.errors import InvalidValueError

MAX_TITLE = 300
MAX_NOTE = 4000
MAX_MINUTES = 24 * 60
SCALE = range(5)  # 0..4


class Side(StrEnum):
    MINE = "mine"
    TOGETHER = "together"


class Category(StrEnum):
    HOBBY = "hobby"
    FRIENDS = "friends"
    FAMILY = "family"
    CLASS = "class"
    SPORT = "sport"
    SELF_CARE = "self_care"
    GOAL = "goal"
    DATE = "date"
    OTHER = "other"


class Status(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    DROPPED = "dropped"


class GestureKind(StrEnum):
    THANKS = "thanks"
    COMPLIMENT = "compliment"
    NOTE = "note"
    FAVOURITE_MEAL = "favourite_meal"
    SURPRISE = "surprise"
    LISTENED = "listened"  # did something he mentioned
    STRENGTH = "strength"  # said one of his strengths out loud


class WorldKind(StrEnum):
    INTEREST = "interest"
    LIKE = "like"
    SAID = "said"
    DATE = "date"  # a date that matters to him: an exam, a match, a hard meeting


class Weight(StrEnum):
    LIGHT = "light"
    HEAVY = "heavy"


class TalkStatus(StrEnum):
    QUEUED = "queued"
    PLANNED = "planned"
    HELD = "held"
    LET_GO = "let_go"


class HeSeems(StrEnum):
    OVERWHELMED = "overwhelmed"
    STRESSED = "stressed"
    LONELY = "lonely"
    DISTANT = "distant"
    STEADY = "steady"
    CLOSE = "close"
    DONT_KNOW = "dont_know"


def allowed(choice: type[StrEnum]) -> str:
    """``hobby, friends, …`` as a person types them."""
    return ", ".join(member.value.replace("_", "-") for member in choice)


def _title(field_name: str, value: str) -> str:
    cleaned = " ".join(value.split()) if isinstance(value, str) else ""
    if not cleaned:
        raise InvalidValueError(field_name, value, "a few words (it can't be empty)")
    if len(cleaned) > MAX_TITLE:
        raise InvalidValueError(
            field_name, cleaned[:40] + "…", f"at most {MAX_TITLE} characters (put more in a note)"
        )
    return cleaned


def _note(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = value.strip()
    if len(cleaned) > MAX_NOTE:
        raise InvalidValueError("note", cleaned[:40] + "…", f"at most {MAX_NOTE} characters")
    return cleaned or None


def _scale(field_name: str, value: int | None, meaning: str, *, required: bool = False) -> None:
    if value is None and not required:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
        raise InvalidValueError(field_name, value, f"a whole number from 0 to 4 ({meaning})")


def _choice(field_name: str, value: object, choice: type[StrEnum]) -> None:
    if not isinstance(value, choice):
        raise InvalidValueError(field_name, value, allowed(choice))


def _day(field_name: str, value: object, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidValueError(field_name, value, "a date such as 2026-11-30, today or yesterday")


def _moment(field_name: str, value: object, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise InvalidValueError(field_name, value, "a time with its time zone")


class Entry:
    """What every entry shares: its kind's name, an id (None before it is saved), rows."""

    kind: ClassVar[str]
    id: int | None

    def as_row(self) -> dict[str, Any]:
        """The columns to store (everything but the id), choices as their values."""
        row = {}
        for item in dataclasses.fields(self):  # type: ignore[arg-type]
            if item.name == "id":
                continue
            value = getattr(self, item.name)
            row[item.name] = value.value if isinstance(value, StrEnum) else value
        return row

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "kind": self.kind}
        for name, value in self.as_row().items():
            data[name] = value.isoformat() if isinstance(value, date | datetime) else value
        return data

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Self:
        """An entry from a stored row (unknown columns such as ``owner_id`` are ignored)."""
        values: dict[str, Any] = {}
        hints = {item.name: item.type for item in dataclasses.fields(cls)}  # type: ignore[arg-type]
        for name, hint in hints.items():
            value = row.get(name)
            choice = _CHOICES.get(str(hint))
            if choice is not None and value is not None:
                value = choice(value)
            if isinstance(value, datetime) and value.tzinfo is None:
                value = value.replace(tzinfo=UTC)  # SQLite keeps no zone; we store UTC
            values[name] = value
        return cls(**values)

    def with_changes(self, changes: Mapping[str, Any]) -> Self:
        """A copy with typed ``changes``; the copy checks itself like a new entry."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)} - {"id"}  # type: ignore[arg-type]
        if unknown:
            raise InvalidValueError("field", sorted(unknown)[0], ", ".join(self.editable()))
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]

    @classmethod
    def editable(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls) if f.name != "id"]  # type: ignore[arg-type]


@dataclass(frozen=True)
class Activity(Entry):
    """Own time or time together: a hobby, friends, a class, a date… done, planned or dropped."""

    kind: ClassVar[str] = "activity"
    title: str
    side: Side
    minutes: int
    on: date
    category: Category = Category.OTHER
    status: Status = Status.DONE
    planned: bool = False  # it began as a plan (so "done" means the plan was kept)
    for_partner: bool = False  # dropped to be available for the partner
    note: str | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", _title("title", self.title))
        object.__setattr__(self, "note", _note(self.note))
        _choice("side", self.side, Side)
        _choice("category", self.category, Category)
        _choice("status", self.status, Status)
        _day("on", self.on)
        if isinstance(self.minutes, bool) or not isinstance(self.minutes, int):
            raise InvalidValueError("minutes", self.minutes, _MINUTES)
        if not 1 <= self.minutes <= MAX_MINUTES:
            raise InvalidValueError("minutes", self.minutes, _MINUTES)
        if self.status is not Status.DONE:
            object.__setattr__(self, "planned", True)
        if self.for_partner and (self.status is not Status.DROPPED or self.side is not Side.MINE):
            raise InvalidValueError(
                "for-partner", True, "only with --dropped, for your own time (--mine)"
            )

    @property
    def kept(self) -> bool:
        return self.planned and self.status is Status.DONE

    def with_changes(self, changes: Mapping[str, Any]) -> Activity:
        """A plan moved off "dropped" is no longer dropped for anyone."""
        status = changes.get("status", self.status)
        if status is not Status.DROPPED and "for_partner" not in changes:
            changes = {**changes, "for_partner": False}
        return super().with_changes(changes)


_MINUTES = (
    f"a whole number of minutes from 1 to {MAX_MINUTES} (one day); log a longer trip day by day"
)


@dataclass(frozen=True)
class Gesture(Entry):
    """A kindness: thanks, a compliment, a note, a favourite meal, a surprise, "I listened",
    a strength said out loud. ``world_id`` and ``strength_id`` say which one it was about."""

    kind: ClassVar[str] = "gesture"
    type: GestureKind
    on: date
    note: str | None = None
    world_id: int | None = None
    strength_id: int | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        _choice("type", self.type, GestureKind)
        _day("on", self.on)
        object.__setattr__(self, "note", _note(self.note))


@dataclass(frozen=True)
class WorldItem(Entry):
    """Part of his world: an interest, something he likes or said, a date that matters to him."""

    kind: ClassVar[str] = "his_world"
    title: str
    type: WorldKind
    on: date  # when it came up
    due: date | None = None  # the day itself, for a date that matters to him
    followed_up: date | None = None  # when I asked about it or acted on it
    note: str | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", _title("title", self.title))
        object.__setattr__(self, "note", _note(self.note))
        _choice("type", self.type, WorldKind)
        _day("on", self.on)
        _day("due", self.due, optional=True)
        _day("followed-up", self.followed_up, optional=True)


@dataclass(frozen=True)
class Strength(Entry):
    """One of his strengths, to say out loud now and then."""

    kind: ClassVar[str] = "strength"
    title: str
    on: date  # when I noted it
    last_said: date | None = None  # as given by hand; saying it logs a gesture too
    note: str | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", _title("title", self.title))
        object.__setattr__(self, "note", _note(self.note))
        _day("on", self.on)
        _day("last-said", self.last_said, optional=True)


@dataclass(frozen=True)
class Reveal(Entry):
    """The story bank: a delightful part of me to share over time, or an essential he has a
    right to know (never kept as a mystery)."""

    kind: ClassVar[str] = "reveal"
    title: str
    on: date  # when I wrote it down
    essential: bool = False
    shared: date | None = None
    note: str | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", _title("title", self.title))
        object.__setattr__(self, "note", _note(self.note))
        _day("on", self.on)
        _day("shared", self.shared, optional=True)


@dataclass(frozen=True)
class Talk(Entry):
    """A talk to have: queued, planned for a time, held or let go, with an opener."""

    kind: ClassVar[str] = "talk"
    topic: str
    on: date  # when I queued it
    weight: Weight = Weight.HEAVY
    status: TalkStatus = TalkStatus.QUEUED
    planned_for: datetime | None = None
    opener: str | None = None
    held_on: date | None = None
    note: str | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "topic", _title("topic", self.topic))
        object.__setattr__(self, "note", _note(self.note))
        if self.opener is not None:
            opener = self.opener.strip()
            if len(opener) > MAX_NOTE:
                raise InvalidValueError(
                    "opener", opener[:40] + "…", f"at most {MAX_NOTE} characters"
                )
            object.__setattr__(self, "opener", opener or None)
        _choice("weight", self.weight, Weight)
        _choice("status", self.status, TalkStatus)
        _day("on", self.on)
        _moment("at", self.planned_for, optional=True)
        _day("held-on", self.held_on, optional=True)
        if self.status is TalkStatus.PLANNED and self.planned_for is None:
            raise InvalidValueError("status", "planned", "planned needs a time: give --at")


@dataclass(frozen=True)
class Checkin(Entry):
    """How I am, how he seems, how connected I feel: 0 to 4 each, and a note."""

    kind: ClassVar[str] = "checkin"
    at: datetime
    mood: int
    anxious: int | None = None
    he_seems: HeSeems | None = None
    connection: int | None = None
    note: str | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        _moment("at", self.at)
        _scale("mood", self.mood, "0 low … 4 very good", required=True)
        _scale("anxious", self.anxious, "0 calm … 4 very anxious or activated")
        _scale("connection", self.connection, "0 far apart … 4 very close")
        if self.he_seems is not None:
            _choice("he-seems", self.he_seems, HeSeems)
        object.__setattr__(self, "note", _note(self.note))

    @property
    def day(self) -> date:
        return self.at.date()


_CHOICES: dict[str, type[StrEnum]] = {
    name: choice
    for choice in (Side, Category, Status, GestureKind, WorldKind, Weight, TalkStatus, HeSeems)
    for name in (choice.__name__, f"{choice.__name__} | None")
}

KINDS: dict[str, type[Entry]] = {
    cls.kind: cls for cls in (Activity, Gesture, WorldItem, Strength, Reveal, Talk, Checkin)
}


@dataclass(frozen=True)
class Entries:
    """Everything in the journal (or a period of it), as the readings take it."""

    activities: tuple[Activity, ...] = ()
    gestures: tuple[Gesture, ...] = ()
    world: tuple[WorldItem, ...] = ()
    strengths: tuple[Strength, ...] = ()
    reveals: tuple[Reveal, ...] = ()
    talks: tuple[Talk, ...] = ()
    checkins: tuple[Checkin, ...] = field(default=())
