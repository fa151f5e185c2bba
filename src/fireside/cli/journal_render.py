"""How journal answers look in a terminal. Presentation only."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table
from rich.text import Text

from fireside.cli.app import out

if TYPE_CHECKING:
    from fireside.journal import Sentence
    from fireside.service.journal import Deleted, Listing, Saved

# the columns a list shows, per kind (the JSON has every field)
COLUMNS: dict[str, tuple[str, ...]] = {
    "activity": ("on", "side", "category", "minutes", "status", "title"),
    "gesture": ("on", "type", "note"),
    "his_world": ("on", "type", "title", "due", "followed_up"),
    "strength": ("title", "last_said"),
    "reveal": ("on", "essential", "shared", "title"),
    "talk": ("status", "weight", "planned_for_local", "topic"),
    "checkin": ("at_local", "mood", "anxious", "he_seems", "connection", "note"),
}


def emit(answer: Any) -> None:
    typer.echo(json.dumps(answer.as_json(), ensure_ascii=False, indent=2))


def shown(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    if len(text) >= 16 and text[10] == "T":  # an ISO time: day and clock are enough
        return text[:16].replace("T", " ")
    return text.replace("_", " ")


def notes(sentences: tuple[Sentence, ...]) -> None:
    for sentence in sentences:
        practices = f" ({', '.join(sentence.practices)})" if sentence.practices else ""
        line = Text("  " + sentence.text)
        line.append(practices, style="dim")
        out.print(line, soft_wrap=True)


def saved(answer: Saved, verb: str = "Saved") -> None:
    from fireside.service.journal import NAMES

    entry = answer.entry
    data = answer.as_json()["entry"]
    parts = []
    for column in COLUMNS[entry.kind]:
        value = data.get(column)
        if value is None or value == "" or value is False:
            continue
        if value is True:
            parts.append(column.replace("_", " "))
        elif column == "minutes":
            parts.append(f"{value} min")
        else:
            parts.append(shown(value))
    summary = ", ".join(parts)
    out.print(f"{verb} {NAMES[entry.kind]} {entry.id}: {summary}.", markup=False, soft_wrap=True)
    notes(answer.notes)


def listing(answer: Listing, *, empty: str) -> None:
    from fireside.service.journal import NAMES

    if not answer.items:
        out.print(empty, markup=False)
        return
    columns = COLUMNS[answer.kind]
    table = Table(show_header=True, header_style="bold", title_justify="left")
    table.add_column("#", justify="right", style="bold")
    for column in columns:
        table.add_column(column.removesuffix("_local").replace("_", " "))
    for item in answer.items:
        data = item.as_json()
        table.add_row(str(data["id"]), *(shown(data.get(c)) for c in columns))
    out.print(table)
    for item in answer.items:
        if item.notes:
            out.print(f"{NAMES[answer.kind].capitalize()} {item.entry.id}:", markup=False)
            notes(item.notes)


def deleted(answer: Deleted) -> None:
    from fireside.service.journal import NAMES

    out.print(f"Deleted {NAMES[answer.kind]} {answer.id}.", markup=False)
