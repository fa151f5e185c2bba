"""`fireside init` and `fireside profile`."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import typer

from fireside.cli.app import app, out, state_of
from fireside.cli.render import profile_table
from fireside.errors import FiresideError
from fireside.profile_text import FIELD_HELP

if TYPE_CHECKING:
    from fireside.profile import Profile

profile_app = typer.Typer(
    help="Show or change your profile (names, pronouns, your partner's routine, time zone).",
    no_args_is_help=False,
    invoke_without_command=True,
)
app.add_typer(profile_app, name="profile")

# (profile field, question) in the order `init` asks
QUESTIONS: list[tuple[str, str]] = [
    ("my_names", "Your name(s) as they appear in your chats, separated by commas"),
    ("partner_name", "Your partner's name"),
    ("partner_pronouns", "Your partner's pronouns (he/she/they)"),
    ("workdays", "Days your partner usually works (e.g. mon-fri)"),
    ("work_end", "When your partner's work usually ends (e.g. 17:30)"),
    ("commute_minutes", "Your partner's commute home, in minutes"),
    ("bedtime", "Your partner's usual bedtime (e.g. 23:00)"),
    ("timezone", "Your time zone (e.g. Europe/Berlin)"),
]


def _as_text(profile: Profile, field: str) -> str:
    value = profile.as_json()[field]
    if isinstance(value, list):
        return ", ".join(value)
    return "" if value is None else str(value)


@app.command("init")
def init_command(
    ctx: typer.Context,
    me: list[str] | None = typer.Option(
        None, "--me", help="Your name as it appears in chats (repeat for several)."
    ),
    partner: str | None = typer.Option(None, "--partner", help="Your partner's name."),
    pronouns: str | None = typer.Option(
        None, "--pronouns", help="Your partner's pronouns: he, she or they."
    ),
    workdays: str | None = typer.Option(
        None, "--workdays", help="Your partner's workdays, e.g. mon-fri or mon,wed,fri."
    ),
    work_end: str | None = typer.Option(None, "--work-end", help="Usual end of work, e.g. 17:30."),
    commute: str | None = typer.Option(None, "--commute", help="Commute home in minutes."),
    bedtime: str | None = typer.Option(None, "--bedtime", help="Usual bedtime, e.g. 23:00."),
    tz: str | None = typer.Option(None, "--tz", help="Your IANA time zone, e.g. Europe/Berlin."),
    interactive: bool | None = typer.Option(
        None,
        "--interactive/--no-interactive",
        help="Ask for what the flags leave out (default: ask when run in a terminal).",
    ),
) -> None:
    """Set up your profile. Asks for anything you don't give as a flag.

    Everything can be changed later with `fireside profile set KEY VALUE`.
    """
    store = state_of(ctx).store
    profile = store.profile_or_default()
    given = {
        "my_names": ",".join(me) if me else None,
        "partner_name": partner,
        "partner_pronouns": pronouns,
        "workdays": workdays,
        "work_end": work_end,
        "commute_minutes": commute,
        "bedtime": bedtime,
        "timezone": tz,
    }
    for field, value in given.items():
        if value is not None:
            profile = profile.with_value(field, value)
    ask = sys.stdin.isatty() if interactive is None else interactive
    if ask:
        out.print("Let's set up fireside. Press Enter to keep the value in brackets.\n")
        for field, question in QUESTIONS:
            if given[field] is not None:
                continue
            while True:
                answer = typer.prompt(question, default=_as_text(profile, field), show_default=True)
                try:
                    profile = profile.with_value(field, answer)
                    break
                except FiresideError as exc:
                    out.print(f"[yellow]{exc.message}[/] {exc.hint or ''}")
    store.save_profile(profile)
    out.print(profile_table(profile, title="Saved your profile"))
    out.print(
        "[dim]Your partner's message text is not kept when you import chats unless you turn on "
        "keep-partner-text.[/]"
    )


@profile_app.callback()
def profile_show(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Show your profile."""
    if ctx.invoked_subcommand is not None:
        return
    from fireside.profile import Profile

    saved = state_of(ctx).store.profile()
    profile = saved or Profile()
    if as_json:
        typer.echo(json.dumps({**profile.as_json(), "saved": saved is not None}, indent=2))
        return
    title = "Profile" if saved else "Profile (defaults — run `fireside init` to set it up)"
    out.print(profile_table(profile, title=title))


@profile_app.command("set")
def profile_set(
    ctx: typer.Context,
    key: str = typer.Argument(
        ..., help="Which field: " + ", ".join(k.replace("_", "-") for k in FIELD_HELP)
    ),
    value: str = typer.Argument(..., help="The new value."),
) -> None:
    """Change one field of your profile, e.g. `fireside profile set work-end 18:00`."""
    store = state_of(ctx).store
    profile = store.profile_or_default()
    updated = profile.with_value(key, value)
    store.save_profile(updated)
    shown = _as_text(updated, key.strip().lower().replace("-", "_"))
    out.print(f"Saved {key} = {shown or '—'}.")
