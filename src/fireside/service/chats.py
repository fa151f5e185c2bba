"""Chat exports: preview (who is in it, how its dates read), import, parse, list, forget.

The web's two-step flow is ``preview_export`` (participants, a guess at who is who, and,
when the date order is ambiguous, the first messages under each reading) and then
``import_export`` with the choices. The CLI's one-step flow passes ``choose`` and
``choose_date_order`` callbacks that ask in the terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fireside import names
from fireside.date_hints import OrderHint, suggest_date_order
from fireside.errors import FiresideError
from fireside.importers import AmbiguousDateOrder, DateOrder, Parsed, Problem, open_export
from fireside.importers.model import Progress
from fireside.importers.options import options_from_flags
from fireside.ingest_types import Who
from fireside.zones import system_timezone

# The ingest (and so SQLAlchemy) and the profile's model load only when a use-case needs
# them: `fireside parse` before the first import loads neither.
if TYPE_CHECKING:
    import polars as pl

    from fireside.ingest import ImportReport, ImportRow
    from fireside.ingest.roles import Chooser
    from fireside.profile import Profile
    from fireside.store import Store

SAMPLE_MESSAGES = 3  # shown under each reading of an ambiguous date order
TEXT_SHOWN = 60  # characters of each sample message


@dataclass(frozen=True)
class SampleMessage:
    ts: str  # ISO-8601 with the original offset
    sender: str
    text: str  # the first TEXT_SHOWN characters

    def as_json(self) -> dict[str, str]:
        return {"ts": self.ts, "sender": self.sender, "text": self.text}


@dataclass(frozen=True)
class DateReading:
    """One way of reading the file's dates, and what the first messages would then say."""

    order: DateOrder
    first: tuple[SampleMessage, ...]
    suggested: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "order": self.order.value,
            "first": [m.as_json() for m in self.first],
            "suggested": self.suggested,
        }


@dataclass(frozen=True)
class DateChoice:
    """The date order can't be told from the dates: the readings to choose from."""

    examples: tuple[str, ...]
    readings: tuple[DateReading, ...]
    hint: OrderHint | None

    def as_json(self) -> dict[str, Any]:
        return {
            "examples": list(self.examples),
            "readings": [r.as_json() for r in self.readings],
            "hint": self.hint.as_json() if self.hint else None,
        }


@dataclass(frozen=True)
class Participant:
    name: str
    messages: int

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "messages": self.messages}


@dataclass(frozen=True)
class Preview:
    """What an export holds, before anything is stored."""

    file: str
    format: str
    participants: tuple[Participant, ...]  # most messages first
    who: Who | None  # fireside's guess from the names given and the profile, if any
    date_choice: DateChoice | None  # set when the date order must be chosen
    date_order: str | None  # the order used for the counts, when there was one to use
    messages: int
    unreadable: int
    problems: tuple[Problem, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "participants": [p.as_json() for p in self.participants],
            "who": {"me": self.who.me, "partner": self.who.partner} if self.who else None,
            "date_choice": self.date_choice.as_json() if self.date_choice else None,
            "date_order": self.date_order,
            "messages": self.messages,
            "unreadable": self.unreadable,
            "problems": [p.as_json() for p in self.problems],
        }


DateChooser = Callable[[DateChoice], DateOrder]  # asks a person which reading is right


def _options(
    profile: Profile | None,
    *,
    tz: str | None,
    date_order: str | None,
    chat: str | None,
    encoding: str,
) -> Any:
    zone = tz or (profile.timezone if profile else system_timezone())
    return options_from_flags(tz=zone, date_order=date_order, chat=chat, encoding=encoding)


def _samples(parsed: Parsed) -> tuple[SampleMessage, ...]:
    from fireside.importers.jsonlines import json_lines

    shown: list[SampleMessage] = []
    for frame in parsed.frames:
        for row in json_lines(frame.head(SAMPLE_MESSAGES - len(shown)), [], None).iter_rows(
            named=True
        ):
            shown.append(SampleMessage(row["ts"], row["sender"], (row["text"] or "")[:TEXT_SHOWN]))
        if len(shown) >= SAMPLE_MESSAGES:
            break
    return tuple(shown)


def date_choice(
    path: Path,
    error: AmbiguousDateOrder,
    profile: Profile | None,
    *,
    format: str = "auto",
    tz: str | None = None,
    chat: str | None = None,
    encoding: str = "utf-8",
) -> DateChoice:
    """Both readings of an ambiguous file with their first messages, and the likelier one."""
    hint = suggest_date_order(tz or (profile.timezone if profile else None), path.name)
    readings = []
    for order in error.candidates:
        options = _options(profile, tz=tz, date_order=order.value, chat=chat, encoding=encoding)
        first = _samples(open_export(path, options, format=format))
        readings.append(
            DateReading(order, first, suggested=hint is not None and hint.order is order)
        )
    return DateChoice(tuple(error.examples), tuple(readings), hint)


def preview_export(
    store: Store | None,
    path: Path,
    *,
    format: str = "auto",
    me: Sequence[str] | None = None,
    partner: str | None = None,
    chat: str | None = None,
    tz: str | None = None,
    date_order: str | None = None,
    encoding: str = "utf-8",
    progress: Progress | None = None,
) -> Preview:
    """Read an export without storing it: its participants (most messages first), fireside's
    guess at who is who, and, when the date order is ambiguous, both readings to choose from
    (the counts then use the suggested reading, or day-first)."""
    from fireside.profile import Profile

    profile = store.profile() if store else None
    used = profile or Profile()
    options = _options(
        profile,
        tz=tz,
        date_order=date_order,
        chat=chat or partner or used.partner_name,
        encoding=encoding,
    )
    choice: DateChoice | None = None
    try:
        parsed, frame = _read_all(path, options, format, progress)
    except AmbiguousDateOrder as error:
        choice = date_choice(
            path, error, profile, format=format, tz=tz, chat=options.chat, encoding=encoding
        )
        picked = next((r.order for r in choice.readings if r.suggested), DateOrder.DMY)
        options = _options(
            profile, tz=tz, date_order=picked.value, chat=options.chat, encoding=encoding
        )
        parsed, frame = _read_all(path, options, format, progress)
    counts = frame.group_by("sender").len().sort("len", "sender", descending=[True, False])
    participants = tuple(Participant(str(n), int(c)) for n, c in counts.iter_rows())
    who = _guess(
        [p.name for p in participants], me=me, partner=partner, profile=used, parsed=parsed
    )
    return Preview(
        file=path.name,
        format=parsed.format,
        participants=participants,
        who=who,
        date_choice=choice,
        date_order=options.date_order.value if options.date_order else None,
        messages=frame.height,
        unreadable=parsed.unreadable,
        problems=tuple(parsed.problems[:20]),
    )


def _read_all(
    path: Path, options: Any, format: str, progress: Progress | None
) -> tuple[Parsed, pl.DataFrame]:
    import polars as pl

    from fireside.importers import FRAME_SCHEMA

    parsed = open_export(path, options, format=format, progress=progress)
    frames = [f.select("sender") for f in parsed.frames]
    frame = pl.concat(frames) if frames else pl.DataFrame(schema={"sender": FRAME_SCHEMA["sender"]})
    return parsed, frame


def _guess(
    participants: list[str],
    *,
    me: Sequence[str] | None,
    partner: str | None,
    profile: Profile,
    parsed: Parsed,
) -> Who | None:
    from fireside.ingest.roles import RoleError, assign_roles

    me_names = list(me) if me else list(profile.my_names)
    if parsed.self_sender:
        me_names.append(parsed.self_sender)
    try:
        roles = assign_roles(
            participants,
            me_names=me_names,
            partner=partner or profile.partner_name,
            partner_given=partner is not None,
            choose=None,
        )
    except RoleError:
        return None
    mine = [p for p, role in roles.items() if role == "me"]
    mate = next((p for p, role in roles.items() if role == "partner"), None)
    return Who(me=mine[0], partner=mate) if mine and mate else None


def import_export(
    store: Store,
    path: Path,
    *,
    format: str = "auto",
    me: Sequence[str] | None = None,
    partner: str | None = None,
    chat: str | None = None,
    tz: str | None = None,
    date_order: str | None = None,
    keep_partner_text: bool | None = None,
    encoding: str = "utf-8",
    progress: Progress | None = None,
    choose: Chooser | None = None,
    choose_date_order: DateChooser | None = None,
    saving: Callable[[], None] | None = None,
) -> ImportReport:
    """Import one export, all or nothing (one transaction).

    ``progress(bytes_done, bytes_total)`` hears the reading; ``saving()`` is called when
    storing starts; ``choose(participants) -> Who`` answers who is who when the names don't
    say; ``choose_date_order(DateChoice) -> DateOrder`` picks a reading when the dates are
    ambiguous. Without that callback an ambiguous file is an error naming both readings.
    """

    from fireside.ingest import import_chat

    def attempt(order: str | None) -> ImportReport:
        return import_chat(
            store,
            path,
            format=format,
            me=me,
            partner=partner,
            chat=chat,
            tz=tz,
            date_order=order,
            keep_partner_text=keep_partner_text,
            encoding=encoding,
            progress=progress,
            choose=choose,
            saving=saving,
        )

    try:
        return attempt(date_order)
    except AmbiguousDateOrder as error:
        profile = store.profile_or_default()
        choice = date_choice(
            path,
            error,
            profile,
            format=format,
            tz=tz,
            chat=chat or partner or profile.partner_name,
            encoding=encoding,
        )
        if choose_date_order is None:
            raise _ambiguous(error, choice) from None
        return attempt(choose_date_order(choice).value)


def _ambiguous(error: AmbiguousDateOrder, choice: DateChoice) -> FiresideError:
    lines = []
    for reading in choice.readings:
        first = reading.first[0].ts[:10] if reading.first else "?"
        lines.append(f"--date-order {reading.order.value} reads the first message as {first}")
    hint = "; ".join(lines) + "."
    if choice.hint:
        hint += f" {choice.hint.reason} `fireside parse FILE --limit 5` shows the result."
    return AmbiguousDateOrder(
        error.message, hint=hint, candidates=error.candidates, examples=error.examples
    )


def parse_export(
    store: Store | None,
    path: Path,
    *,
    format: str = "auto",
    chat: str | None = None,
    tz: str | None = None,
    date_order: str | None = None,
    encoding: str = "utf-8",
) -> tuple[Parsed, Profile | None]:
    """Parse without storing (``fireside parse``): the stream, and the profile for the roles.
    Never creates a database: before the first import there is no profile to read."""
    profile = store.profile() if store else None
    options = _options(profile, tz=tz, date_order=date_order, chat=chat, encoding=encoding)
    return open_export(path, options, format=format), profile


def json_lines_of(
    parsed: Parsed,
    *,
    me: Sequence[str],
    partner: str | None,
    out: Any,
    limit: int | None,
    escape: Callable[[str], str] | None = None,
) -> int:
    """Write what ``fireside parse`` prints to a binary stream; returns how many messages.

    ``escape``: applied to the JSON text before it is written (a face's own safety)."""
    from fireside.importers.jsonlines import write_json_lines

    return write_json_lines(parsed.frames, out, me=me, partner=partner, limit=limit, escape=escape)


def list_imports(store: Store) -> list[ImportRow]:
    from fireside.ingest import list_imports as _list

    return _list(store)


def forget_import(store: Store, import_id: int) -> int:
    """Remove one import and its messages; returns how many messages went with it."""
    from fireside.ingest import forget_import as _forget

    return _forget(store, import_id)


def participants_matching(participants: Sequence[str], name: str) -> list[str]:
    """Which participants a typed name points at (for a chooser's search box)."""
    return names.find(participants, [name])


__all__ = [
    "DateChoice",
    "DateChooser",
    "DateOrder",
    "DateReading",
    "ImportReport",
    "ImportRow",
    "Participant",
    "Preview",
    "SampleMessage",
    "Who",
    "forget_import",
    "import_export",
    "json_lines_of",
    "list_imports",
    "parse_export",
    "preview_export",
]
