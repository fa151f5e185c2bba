"""The journal's use-cases: add, list, edit and delete each kind of entry; the balance;
talks (plan, check the timing, hold, let go); the space message; check-ins.

Values may be given as a person typed them (``"1h30"``, ``"self-care"``, ``"yesterday"``,
``"sat 19:30"``) or already typed; the domain's readers turn them into values and every
entry checks itself before anything is written, so bad input writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from fireside.errors import NotFoundError
from fireside.journal import (
    KINDS,
    Activity,
    Balance,
    Checkin,
    Entries,
    Entry,
    Gesture,
    Period,
    Reveal,
    Sentence,
    SpaceMessage,
    Status,
    Strength,
    Talk,
    TalkCheck,
    TalkStatus,
    Voice,
    WorldItem,
    balance,
    check_talk,
    checkin_notes,
    reveal_note,
    space_message,
)
from fireside.journal.readings import DEFAULT_DAYS, last_said
from fireside.journal.text import read_fields

if TYPE_CHECKING:
    from fireside.profile import Profile
    from fireside.store import Store

E = TypeVar("E", bound=Entry)

# What each kind is called in messages ("No activity 7.")
NAMES = {
    "activity": "activity",
    "gesture": "gesture",
    "his_world": "his-world entry",
    "strength": "strength",
    "reveal": "reveal",
    "talk": "talk",
    "checkin": "check-in",
}
COMMANDS = {
    "activity": "log",
    "gesture": "gesture",
    "his_world": "his-world",
    "strength": "strength",
    "reveal": "reveal",
    "talk": "talk",
    "checkin": "checkin",
}


@dataclass(frozen=True)
class Saved:
    """An entry as saved, and what fireside has to say about it."""

    entry: Entry
    notes: tuple[Sentence, ...] = ()
    check: TalkCheck | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "entry": {**self.entry.as_json(), **self.extra},
            "notes": [n.as_json() for n in self.notes],
        }
        if self.check is not None:
            data["check"] = self.check.as_json()
        return data


@dataclass(frozen=True)
class Listed:
    """One entry in a list, with what fireside adds to it (a reveal's note, a strength's
    last time said)."""

    entry: Entry
    notes: tuple[Sentence, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {**self.entry.as_json(), **self.extra, "notes": [n.as_json() for n in self.notes]}


@dataclass(frozen=True)
class Listing:
    kind: str
    items: tuple[Listed, ...]

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(item.entry for item in self.items)

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "entries": [item.as_json() for item in self.items]}


@dataclass(frozen=True)
class Deleted:
    kind: str
    id: int

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "deleted": True}


# ---------------------------------------------------------------- the shared machinery


def _profile(store: Store | None) -> Profile:
    from fireside.profile import Profile

    return store.profile_or_default() if store is not None else Profile()


def _clock(store: Store | None, now: datetime | None) -> tuple[Profile, datetime]:
    return _profile(store), (now or datetime.now(UTC))


def _given(values: Mapping[str, object]) -> dict[str, object]:
    return {name: value for name, value in values.items() if value is not None}


def _read(
    store: Store, kind: str, values: Mapping[str, object], now: datetime | None
) -> dict[str, Any]:
    profile, moment = _clock(store, now)
    return read_fields(kind, values, now=moment, zone=profile.zone)


def _today(store: Store | None, now: datetime | None) -> date:
    profile, moment = _clock(store, now)
    return moment.astimezone(profile.zone).date()


def _save_new(store: Store, entry: E) -> E:
    entry_id = store.add_journal_row(entry.kind, entry.as_row())
    return entry.with_changes({"id": entry_id})


def _load(store: Store, cls: type[E], entry_id: int | str) -> E:
    number = _entry_number(cls.kind, entry_id)
    row = store.journal_row(cls.kind, number)
    if row is None:
        raise NotFoundError(
            f"There is no {NAMES[cls.kind]} {number}.",
            hint=f"`fireside {COMMANDS[cls.kind]} list` shows the numbers.",
        )
    return cls.from_row(row)


def _entry_number(kind: str, entry_id: int | str) -> int:
    if isinstance(entry_id, int) and not isinstance(entry_id, bool) and entry_id > 0:
        return entry_id
    text = str(entry_id).strip().lstrip("#")
    if not text.isdigit() or int(text) < 1:
        raise NotFoundError(
            f"{entry_id!r} is not the number of a {NAMES[kind]}.",
            hint=f"`fireside {COMMANDS[kind]} list` shows the numbers.",
        )
    return int(text)


def _all(store: Store | None, cls: type[E]) -> list[E]:
    """Every entry of a kind; none before there is a database (reading never creates one)."""
    if store is None:
        return []
    return [cls.from_row(row) for row in store.journal_rows(cls.kind)]


def _edit(
    store: Store,
    cls: type[E],
    entry_id: int | str,
    changes: Mapping[str, object],
    now: datetime | None,
) -> E:
    entry = _load(store, cls, entry_id)
    typed = _read(store, cls.kind, changes, now)
    if not typed:
        return entry
    edited = entry.with_changes(typed)
    assert edited.id is not None
    store.update_journal_row(cls.kind, edited.id, edited.as_row())
    return edited


def _delete(store: Store, cls: type[Entry], entry_id: int | str) -> Deleted:
    number = _entry_number(cls.kind, entry_id)
    if not store.delete_journal_row(cls.kind, number):
        raise NotFoundError(
            f"There is no {NAMES[cls.kind]} {number}.",
            hint=f"`fireside {COMMANDS[cls.kind]} list` shows the numbers.",
        )
    return Deleted(cls.kind, number)


def _within(entries: list[E], since: date | None, until: date | None) -> list[E]:
    def day(entry: Entry) -> date:
        return entry.day if isinstance(entry, Checkin) else entry.on  # type: ignore[attr-defined]

    return [
        e
        for e in entries
        if (since is None or day(e) >= since) and (until is None or day(e) <= until)
    ]


def local_times(entry: Entry, profile: Profile) -> dict[str, Any]:
    """A talk's or check-in's time on your clock (stored in UTC): ``planned_for_local``,
    ``at_local``."""
    extra: dict[str, Any] = {}
    for name in ("planned_for", "at"):
        value = getattr(entry, name, None)
        if isinstance(value, datetime):
            extra[f"{name}_local"] = value.astimezone(profile.zone).isoformat(timespec="minutes")
    return extra


def _plain(store: Store | None, entries: list[E]) -> tuple[Listed, ...]:
    profile = _profile(store)
    return tuple(Listed(e, extra=local_times(e, profile)) for e in entries)


def _saved(
    store: Store, entry: Entry, notes: tuple[Sentence, ...] = (), check: TalkCheck | None = None
) -> Saved:
    return Saved(entry, notes, check, local_times(entry, store.profile_or_default()))


def entries(store: Store | None) -> Entries:
    """Everything in the journal, for the readings."""
    return Entries(
        activities=tuple(_all(store, Activity)),
        gestures=tuple(_all(store, Gesture)),
        world=tuple(_all(store, WorldItem)),
        strengths=tuple(_all(store, Strength)),
        reveals=tuple(_all(store, Reveal)),
        talks=tuple(_all(store, Talk)),
        checkins=tuple(_all(store, Checkin)),
    )


def kinds() -> list[str]:
    """The kinds of entry: ``activity``, ``gesture``, ``his_world``, …"""
    return list(KINDS)


# ---------------------------------------------------------------- activities (log)


def add_activity(
    store: Store,
    title: str,
    *,
    minutes: int | str,
    side: str,
    category: str | None = None,
    on: date | str | None = None,
    status: str | None = None,
    for_partner: bool = False,
    note: str | None = None,
    now: datetime | None = None,
) -> Saved:
    """Log own time or time together (``side``: mine or together); a plan with
    ``status="planned"``, a dropped one with ``"dropped"`` (and ``for_partner``)."""
    typed = _read(
        store,
        "activity",
        _given(
            {
                "title": title,
                "minutes": minutes,
                "side": side,
                "category": category,
                "on": on if on is not None else "today",
                "status": status,
                "for_partner": for_partner or None,
                "note": note,
            }
        ),
        now,
    )
    return Saved(_save_new(store, Activity(**typed)))


def list_activities(
    store: Store | None, *, since: date | None = None, until: date | None = None
) -> Listing:
    return Listing("activity", _plain(store, _within(_all(store, Activity), since, until)))


def edit_activity(
    store: Store, entry_id: int | str, *, now: datetime | None = None, **changes: object
) -> Saved:
    """Change fields of an activity (``status="done"`` keeps a plan; the rest as in add)."""
    return Saved(_edit(store, Activity, entry_id, _given(changes), now))


def delete_activity(store: Store, entry_id: int | str) -> Deleted:
    return _delete(store, Activity, entry_id)


# ---------------------------------------------------------------- gestures


def add_gesture(
    store: Store,
    kind: str,
    *,
    on: date | str | None = None,
    note: str | None = None,
    about: int | str | None = None,
    strength: int | str | None = None,
    now: datetime | None = None,
) -> Saved:
    """A kindness; ``about`` a his-world item it followed up, ``strength`` the one said."""
    typed = _read(
        store,
        "gesture",
        _given(
            {
                "type": kind,
                "on": on if on is not None else "today",
                "note": note,
                "world_id": about,
                "strength_id": strength,
            }
        ),
        now,
    )
    gesture = Gesture(**typed)
    _check_references(store, gesture)
    return Saved(_save_new(store, gesture))


def _check_references(store: Store, gesture: Gesture) -> None:
    if gesture.world_id is not None:
        _load(store, WorldItem, gesture.world_id)
    if gesture.strength_id is not None:
        _load(store, Strength, gesture.strength_id)


def list_gestures(
    store: Store | None, *, since: date | None = None, until: date | None = None
) -> Listing:
    return Listing("gesture", _plain(store, _within(_all(store, Gesture), since, until)))


def edit_gesture(
    store: Store, entry_id: int | str, *, now: datetime | None = None, **changes: object
) -> Saved:
    changes = {("type" if k == "kind" else k): v for k, v in changes.items()}
    changes = {("world_id" if k == "about" else k): v for k, v in changes.items()}
    changes = {("strength_id" if k == "strength" else k): v for k, v in changes.items()}
    gesture = _load(store, Gesture, entry_id)
    edited = gesture.with_changes(_read(store, "gesture", _given(changes), now))
    _check_references(store, edited)
    assert edited.id is not None
    store.update_journal_row("gesture", edited.id, edited.as_row())
    return Saved(edited)


def delete_gesture(store: Store, entry_id: int | str) -> Deleted:
    return _delete(store, Gesture, entry_id)


# ---------------------------------------------------------------- his world


def add_world_item(
    store: Store,
    title: str,
    *,
    kind: str | None = None,
    on: date | str | None = None,
    due: date | str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Saved:
    """Something from his world: an interest, a like, something he said (the default), or
    a date that matters to him (``kind="date"`` with ``due``, the day itself)."""
    values = _given(
        {
            "title": title,
            "type": kind or ("date" if due is not None else "said"),
            "on": on if on is not None else "today",
            "due": due,
            "note": note,
        }
    )
    typed = _read(store, "his_world", values, now)
    return Saved(_save_new(store, WorldItem(**typed)))


def list_world(
    store: Store | None, *, since: date | None = None, until: date | None = None
) -> Listing:
    return Listing("his_world", _plain(store, _within(_all(store, WorldItem), since, until)))


def edit_world_item(
    store: Store, entry_id: int | str, *, now: datetime | None = None, **changes: object
) -> Saved:
    """Change an item; ``followed_up="today"`` when you asked about it or acted on it."""
    changes = {("type" if k == "kind" else k): v for k, v in changes.items()}
    return Saved(_edit(store, WorldItem, entry_id, _given(changes), now))


def delete_world_item(store: Store, entry_id: int | str) -> Deleted:
    return _delete(store, WorldItem, entry_id)


# ---------------------------------------------------------------- strengths


def add_strength(
    store: Store,
    title: str,
    *,
    on: date | str | None = None,
    last_said: date | str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Saved:
    values = _given(
        {
            "title": title,
            "on": on if on is not None else "today",
            "last_said": last_said,
            "note": note,
        }
    )
    return Saved(_save_new(store, Strength(**_read(store, "strength", values, now))))


def list_strengths(store: Store | None) -> Listing:
    gestures = _all(store, Gesture)
    items = []
    for strength in _all(store, Strength):
        said = last_said(strength, gestures)
        items.append(Listed(strength, extra={"last_said": said.isoformat() if said else None}))
    return Listing("strength", tuple(items))


def say_strength(
    store: Store,
    entry_id: int | str,
    *,
    on: date | str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Saved:
    """You said this strength out loud: a gesture of its own, and its "last said"."""
    strength = _load(store, Strength, entry_id)
    return add_gesture(store, "strength", on=on, note=note, strength=strength.id, now=now)


def edit_strength(
    store: Store, entry_id: int | str, *, now: datetime | None = None, **changes: object
) -> Saved:
    return Saved(_edit(store, Strength, entry_id, _given(changes), now))


def delete_strength(store: Store, entry_id: int | str) -> Deleted:
    return _delete(store, Strength, entry_id)


# ---------------------------------------------------------------- reveals


def add_reveal(
    store: Store,
    title: str,
    *,
    essential: bool = False,
    on: date | str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Saved:
    """A part of you to share over time, or an essential (shared early, with the reason)."""
    values = _given(
        {
            "title": title,
            "essential": essential,
            "on": on if on is not None else "today",
            "note": note,
        }
    )
    reveal = _save_new(store, Reveal(**_read(store, "reveal", values, now)))
    return Saved(reveal, (reveal_note(reveal.essential, store.profile_or_default()),))


def list_reveals(store: Store | None) -> Listing:
    """Essentials not yet shared first (each with why it is shared early), then the rest."""
    profile = _profile(store)
    reveals = _all(store, Reveal)
    ordered = sorted(
        reveals, key=lambda r: (not (r.essential and r.shared is None), r.on, r.id or 0)
    )
    return Listing(
        "reveal",
        tuple(
            Listed(r, (reveal_note(True, profile),) if r.essential and r.shared is None else ())
            for r in ordered
        ),
    )


def edit_reveal(
    store: Store, entry_id: int | str, *, now: datetime | None = None, **changes: object
) -> Saved:
    """Change a reveal; ``shared="today"`` when you've shared it."""
    reveal = _edit(store, Reveal, entry_id, _given(changes), now)
    notes = (
        (reveal_note(True, store.profile_or_default()),)
        if reveal.essential and reveal.shared is None
        else ()
    )
    return Saved(reveal, notes)


def delete_reveal(store: Store, entry_id: int | str) -> Deleted:
    return _delete(store, Reveal, entry_id)


# ---------------------------------------------------------------- talks


def add_talk(
    store: Store,
    topic: str,
    *,
    weight: str | None = None,
    opener: str | None = None,
    at: datetime | str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Saved:
    """Queue a talk (heavy unless ``weight="light"``); with ``at`` it is planned for then.
    The answer carries the timing and the coach's reading of the opener."""
    values = _given(
        {
            "topic": topic,
            "on": "today",
            "weight": weight,
            "opener": opener,
            "planned_for": at,
            "note": note,
            "status": "planned" if at is not None else None,
        }
    )
    talk = _save_new(store, Talk(**_read(store, "talk", values, now)))
    return _saved(store, talk, check=_check(store, talk, now))


def _check(store: Store, talk: Talk, now: datetime | None) -> TalkCheck:
    profile, moment = _clock(store, now)
    return check_talk(talk, profile, now=moment)


def list_talks(store: Store | None, *, status: str | None = None) -> Listing:
    talks = _all(store, Talk)
    if status is not None:
        from fireside.journal.text import choice

        wanted = choice("status", status, TalkStatus)
        talks = [t for t in talks if t.status is wanted]
    return Listing("talk", _plain(store, talks))


def edit_talk(
    store: Store, entry_id: int | str, *, now: datetime | None = None, **changes: object
) -> Saved:
    changes = {("planned_for" if k == "at" else k): v for k, v in changes.items()}
    given = _given(changes)
    talk = _load(store, Talk, entry_id)
    if "planned_for" in given and "status" not in given:
        cleared = str(given["planned_for"]).strip().lower() in ("", "none", "-")
        if cleared and talk.status is TalkStatus.PLANNED:
            given["status"] = "queued"  # no time any more: back in the queue
        elif not cleared and talk.status is TalkStatus.QUEUED:
            given["status"] = "planned"
    edited = _edit(store, Talk, entry_id, given, now)
    return _saved(store, edited, check=_check(store, edited, now))


def plan_talk(
    store: Store, entry_id: int | str, *, at: datetime | str, now: datetime | None = None
) -> Saved:
    """Choose a time for a talk; the answer says whether it is a calm moment for him."""
    return edit_talk(store, entry_id, at=at, status="planned", now=now)


def check_talk_timing(
    store: Store,
    entry_id: int | str | None = None,
    *,
    at: datetime | str | None = None,
    topic: str | None = None,
    weight: str | None = None,
    opener: str | None = None,
    now: datetime | None = None,
) -> TalkCheck:
    """The timing and the opener of a saved talk (``at`` tries another time without saving),
    or of a talk not saved at all (``topic``, ``weight``, ``opener``, ``at``)."""
    if entry_id is not None:
        talk = _load(store, Talk, entry_id)
        changes = _read(
            store, "talk", _given({"planned_for": at, "opener": opener, "weight": weight}), now
        )
        talk = talk.with_changes(changes)
    else:
        values = _given(
            {
                "topic": topic or "a talk",
                "on": "today",
                "weight": weight,
                "opener": opener,
                "planned_for": at,
            }
        )
        talk = Talk(**_read(store, "talk", values, now))
    return _check(store, talk, now)


def hold_talk(
    store: Store,
    entry_id: int | str,
    *,
    on: date | str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Saved:
    """You had the talk."""
    return _saved(
        store,
        _edit(
            store,
            Talk,
            entry_id,
            _given({"status": "held", "held_on": on if on is not None else "today", "note": note}),
            now,
        ),
    )


def let_go_talk(store: Store, entry_id: int | str, *, now: datetime | None = None) -> Saved:
    """You decided this talk isn't needed after all."""
    return _saved(store, _edit(store, Talk, entry_id, {"status": "let_go"}, now))


def delete_talk(store: Store, entry_id: int | str) -> Deleted:
    return _delete(store, Talk, entry_id)


def draft_space_message(
    store: Store, *, doing: str | None = None, back: str | None = None
) -> SpaceMessage:
    """The P33 helper: a message that you're taking time for yourself, not punishing him,
    checked by the coach."""
    return space_message(store.profile_or_default(), doing=doing, back=back)


# ---------------------------------------------------------------- check-ins


def checkin(
    store: Store,
    *,
    mood: int | str,
    anxious: int | str | None = None,
    he_seems: str | None = None,
    connection: int | str | None = None,
    note: str | None = None,
    at: datetime | str | None = None,
    now: datetime | None = None,
) -> Saved:
    """How you are (mood, how anxious or activated), how he seems, how connected you feel;
    the answer offers grounding or a thought on space (P36) when they fit."""
    profile, moment = _clock(store, now)
    values = _given(
        {
            "at": at if at is not None else moment,
            "mood": mood,
            "anxious": anxious,
            "he_seems": he_seems,
            "connection": connection,
            "note": note,
        }
    )
    entry = _save_new(store, Checkin(**_read(store, "checkin", values, now)))
    return _saved(store, entry, checkin_notes(entry, profile))


def list_checkins(
    store: Store | None, *, since: date | None = None, until: date | None = None
) -> Listing:
    return Listing("checkin", _plain(store, _within(_all(store, Checkin), since, until)))


def edit_checkin(
    store: Store, entry_id: int | str, *, now: datetime | None = None, **changes: object
) -> Saved:
    entry = _edit(store, Checkin, entry_id, _given(changes), now)
    return _saved(store, entry, checkin_notes(entry, store.profile_or_default()))


def delete_checkin(store: Store, entry_id: int | str) -> Deleted:
    return _delete(store, Checkin, entry_id)


# ---------------------------------------------------------------- the balance


def read_period(
    store: Store | None,
    since: date | str | None,
    until: date | str | None,
    *,
    now: datetime | None = None,
) -> tuple[date | None, date | None]:
    """``--since`` and ``--until`` as typed (``2026-11-01``, ``7d ago``) read as days."""
    from fireside.journal.text import day

    today = _today(store, now)
    first = day(since, today, field="since") if since is not None else None
    last = day(until, today, field="until") if until is not None else None
    return first, last


def journal_balance(
    store: Store | None,
    *,
    since: date | str | None = None,
    until: date | str | None = None,
    now: datetime | None = None,
) -> Balance:
    """The readings over a period: by default the four weeks up to today (your time zone).
    ``store`` may be None before there is a database: the readings of an empty journal."""
    from fireside.journal.text import day

    profile, _ = _clock(store, now)
    today = _today(store, now)
    last = day(until, today, field="until") if until is not None else today
    if since is not None:
        first = day(since, today, field="since")
        if first > last:
            from fireside.errors import InvalidValueError

            raise InvalidValueError("since", str(since), f"a day on or before {last.isoformat()}")
        period = Period(first, last)
    else:
        period = Period.ending(last, DEFAULT_DAYS)
    return balance(entries(store), period, Voice(profile.partner_pronouns, profile.partner_name))


# ---------------------------------------------------------------- any kind, by name (the JSON API)

# The kinds as the API and the web name them in paths, and each one's use-cases.
ROUTES = {
    "activities": "activity",
    "gestures": "gesture",
    "his-world": "his_world",
    "strengths": "strength",
    "reveals": "reveal",
    "talks": "talk",
    "checkins": "checkin",
}
_ADD: dict[str, Any] = {}
_EDIT: dict[str, Any] = {}
_DELETE: dict[str, Any] = {}
_LIST: dict[str, Any] = {}


def _kind(kind: str) -> str:
    kind = ROUTES.get(kind, kind)
    if kind not in KINDS:
        from fireside.errors import InvalidValueError

        raise InvalidValueError("kind", kind, ", ".join(ROUTES))
    return kind


def _call(function: Any, fields: Mapping[str, object], *args: object) -> Any:
    """Call a use-case with a JSON object's fields, naming an unknown or missing one."""
    import inspect

    from fireside.errors import InvalidValueError

    parameters = inspect.signature(function).parameters
    takes = [
        name
        for name, p in parameters.items()
        if name not in ("store", "entry_id", "now") and p.kind is not p.VAR_KEYWORD
    ]
    open_ended = any(p.kind is p.VAR_KEYWORD for p in parameters.values())
    for name in fields:
        if name not in takes and not open_ended:
            raise InvalidValueError("field", name, ", ".join(takes))
    for name in takes:
        p = parameters[name]
        if p.default is p.empty and name not in fields:
            missing = InvalidValueError(name, None, f"a value for {name}")
            missing.message = f"{name} is missing."
            raise missing
    return function(*args, **fields)


def add_entry(store: Store, kind: str, fields: Mapping[str, object]) -> Saved:
    """Add an entry of ``kind`` (``activities`` or ``activity``, …) from a JSON object."""
    return _call(_ADD[_kind(kind)], fields, store)  # type: ignore[no-any-return]


def edit_entry(store: Store, kind: str, entry_id: int | str, fields: Mapping[str, object]) -> Saved:
    kind = _kind(kind)
    if kind == "talk" and "planned_for" in fields:
        fields = {("at" if k == "planned_for" else k): v for k, v in fields.items()}
    allowed = set(KINDS[kind].editable()) | {"kind", "about", "strength", "at"}
    for name in fields:
        if name not in allowed:
            from fireside.errors import InvalidValueError

            raise InvalidValueError("field", name, ", ".join(KINDS[kind].editable()))
    return _EDIT[kind](store, entry_id, **fields)  # type: ignore[no-any-return]


def delete_entry(store: Store, kind: str, entry_id: int | str) -> Deleted:
    return _DELETE[_kind(kind)](store, entry_id)  # type: ignore[no-any-return]


def list_entries(store: Store | None, kind: str) -> Listing:
    return _LIST[_kind(kind)](store)  # type: ignore[no-any-return]


_ADD.update(
    activity=add_activity,
    gesture=add_gesture,
    his_world=add_world_item,
    strength=add_strength,
    reveal=add_reveal,
    talk=add_talk,
    checkin=checkin,
)
_EDIT.update(
    activity=edit_activity,
    gesture=edit_gesture,
    his_world=edit_world_item,
    strength=edit_strength,
    reveal=edit_reveal,
    talk=edit_talk,
    checkin=edit_checkin,
)
_DELETE.update(
    activity=delete_activity,
    gesture=delete_gesture,
    his_world=delete_world_item,
    strength=delete_strength,
    reveal=delete_reveal,
    talk=delete_talk,
    checkin=delete_checkin,
)
_LIST.update(
    activity=list_activities,
    gesture=list_gestures,
    his_world=list_world,
    strength=list_strengths,
    reveal=list_reveals,
    talk=list_talks,
    checkin=list_checkins,
)


__all__ = [
    "ROUTES",
    "Deleted",
    "Listed",
    "Listing",
    "Saved",
    "Status",
    "add_activity",
    "add_entry",
    "add_gesture",
    "add_reveal",
    "add_strength",
    "add_talk",
    "add_world_item",
    "check_talk_timing",
    "checkin",
    "delete_activity",
    "delete_checkin",
    "delete_entry",
    "delete_gesture",
    "delete_reveal",
    "delete_strength",
    "delete_talk",
    "delete_world_item",
    "draft_space_message",
    "edit_activity",
    "edit_checkin",
    "edit_entry",
    "edit_gesture",
    "edit_reveal",
    "edit_strength",
    "edit_talk",
    "edit_world_item",
    "entries",
    "hold_talk",
    "journal_balance",
    "let_go_talk",
    "list_activities",
    "list_checkins",
    "list_entries",
    "list_gestures",
    "list_reveals",
    "list_strengths",
    "list_talks",
    "list_world",
    "plan_talk",
    "read_period",
    "say_strength",
]
