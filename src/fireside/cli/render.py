"""Rich renderings shared by several commands. Presentation only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from fireside.cli import safe

if TYPE_CHECKING:
    from fireside.practices import Practice
    from fireside.profile import Profile


def practice_card(practice: Practice) -> RenderableType:
    body: list[RenderableType] = [
        safe.text(practice.summary),
        Text(""),
    ]
    if practice.try_:
        body.append(Text("Try", style="bold green"))
        body.extend(safe.text(f"  • {item}") for item in practice.try_)
    if practice.avoid:
        body.append(Text("Avoid", style="bold yellow"))
        body.extend(safe.text(f"  • {item}") for item in practice.avoid)
    body.append(Text(""))
    body.append(Text(f"Tags: {', '.join(practice.tags)}", style="dim"))
    body.append(
        Text(f"From {practice.expert.byline}, in seed article {practice.seed}.", style="dim")
    )
    return Panel(
        Group(*body),
        title=f"[bold]{practice.id}[/] {safe.markup(practice.title)}",
        subtitle=practice.expert.name,
        title_align="left",
        padding=(1, 2),
    )


def practices_table(practices: list[Practice], *, title: str | None = None) -> Table:
    shown = Text(title) if title is not None else None  # never read as markup
    table = Table(title=shown, show_lines=False, expand=False, title_justify="left")
    table.add_column("id", style="bold", no_wrap=True)
    table.add_column("practice")
    table.add_column("expert", no_wrap=True)
    table.add_column("tags", style="dim")
    for practice in practices:
        table.add_row(
            practice.id,
            safe.text(practice.title),
            practice.expert.name,
            ", ".join(practice.tags),
        )
    return table


PROFILE_LABELS = {
    "my_names": "My name(s) in chats",
    "partner_name": "Partner's name",
    "partner_pronouns": "Partner's pronouns",
    "workdays": "Partner's workdays",
    "work_end": "Work usually ends",
    "commute_minutes": "Commute (minutes)",
    "bedtime": "Usual bedtime",
    "timezone": "My time zone",
    "keep_partner_text": "Keep partner's message text",
}


def profile_table(profile: Profile, *, title: str = "Profile") -> Table:
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")  # a long name is shown whole
    table.add_column("key", style="dim")
    data = profile.as_json()
    for key, label in PROFILE_LABELS.items():
        value = data[key]
        if isinstance(value, list):
            shown = ", ".join(value) or "—"
        elif isinstance(value, bool):
            shown = "yes" if value else "no"
        else:
            shown = str(value) if value not in (None, "") else "—"
        table.add_row(label, safe.text(shown), key.replace("_", "-"))
    return table
