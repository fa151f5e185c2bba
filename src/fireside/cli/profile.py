"""`fireside init` and `fireside profile`."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import typer

from fireside.cli import safe
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
    tz: str | None = typer.Option(
        None, "--tz", help="Your time zone: a city (London, new york) or e.g. Europe/Berlin."
    ),
    interactive: bool | None = typer.Option(
        None,
        "--interactive/--no-interactive",
        help="Ask for what the flags leave out (default: ask when run in a terminal).",
    ),
    encrypt: bool = typer.Option(
        False,
        "--encrypt",
        help="Make the store encrypted with a passphrase (asked, or FIRESIDE_PASSPHRASE).",
    ),
) -> None:
    """Set up your profile. Run alone, it asks the questions; with flags it saves what
    they say and asks nothing (add --interactive to be asked for the rest).

    Everything can be changed later with `fireside profile set KEY VALUE`.
    """
    from fireside.service.profile import QUESTIONS, apply_answers, as_text, save_profile

    state = state_of(ctx)
    if encrypt:
        from fireside.cli.app import read_passphrase
        from fireside.service.base import create_encrypted, is_encrypted

        passphrase = read_passphrase(new=not is_encrypted(state.database_url))
        state.adopt(create_encrypted(state.database_url, passphrase))
    store = state.store
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
    profile = apply_answers(store.profile_or_default(), given)
    missing = [(field, question) for field, question in QUESTIONS if given[field] is None]
    flags = len(missing) < len(QUESTIONS)
    terminal = _stdin_is_terminal()
    if interactive is None and flags:
        pass  # flags alone never prompt, and never wait for standard input
    elif interactive is None and not terminal and missing:
        profile = _answers_from_pipe(profile, missing, flags=flags)
    elif interactive if interactive is not None else terminal:
        out.print("Let's set up fireside. Press Enter to keep the value in brackets.\n")
        for field, question in missing:
            while True:
                answer = typer.prompt(question, default=as_text(profile, field), show_default=True)
                try:
                    profile = profile.with_value(field, answer)
                    break
                except FiresideError as exc:
                    out.print(safe.text(exc.message, "yellow") + safe.text(f" {exc.hint or ''}"))
    save_profile(store, profile)
    out.print(profile_table(profile, title="Saved your profile"))
    out.print(
        "[dim]Your partner's message text is not kept when you import chats unless you turn on "
        "keep-partner-text.[/]"
    )


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _answers_from_pipe(profile: Profile, missing: list[tuple[str, str]], *, flags: bool) -> Profile:
    """``init`` fed from a pipe: one answer per line, in the order of the questions the flags
    leave out (an empty line keeps the default). With no flags and no answers at all it
    refuses, so that nothing is saved by accident."""
    lines = sys.stdin.read().splitlines()
    if not any(line.strip() for line in lines):
        if flags:
            return profile
        raise FiresideError(
            "`fireside init` got no answers: standard input is not a terminal and was empty.",
            hint="Give the answers as flags (see `fireside init --help`), one per line on "
            "standard input in the order of the questions, or --no-interactive to save the "
            "defaults.",
        )
    for number, (field, question) in enumerate(missing, 1):
        text = lines[number - 1].strip() if number <= len(lines) else ""
        if not text:
            continue
        try:
            profile = profile.with_value(field, text)
        except FiresideError as exc:
            raise FiresideError(
                f"standard input: line {number} ({question}): {exc.message}", hint=exc.hint
            ) from None
    return profile


@profile_app.callback()
def profile_show(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Show your profile."""
    if ctx.invoked_subcommand is not None:
        return
    from fireside.service.profile import get_profile

    view = get_profile(state_of(ctx).store)
    if as_json:
        typer.echo(json.dumps(view.as_json(), indent=2))
        return
    title = "Profile" if view.saved else "Profile (defaults — run `fireside init` to set it up)"
    out.print(profile_table(view.profile, title=title))


@profile_app.command("set")
def profile_set(
    ctx: typer.Context,
    key: str | None = typer.Argument(
        None, help="Which field: " + ", ".join(k.replace("_", "-") for k in FIELD_HELP)
    ),
    value: str | None = typer.Argument(None, help="The new value."),
    tz: str | None = typer.Option(
        None,
        "--tz",
        help="Your time zone, as for import: a city (London, new york) or e.g. Europe/Berlin.",
    ),
) -> None:
    """Change one field of your profile, e.g. `fireside profile set work-end 18:00` or
    `fireside profile set --tz London`."""
    from fireside.service.profile import as_text, save_profile_answers

    store = state_of(ctx).store
    if key is not None and value is None:
        raise FiresideError(
            f"No value given for {key}.", hint=f"Try: fireside profile set {key} VALUE"
        )
    if key is None and tz is None:
        raise FiresideError(
            "Nothing to set.", hint="Try: fireside profile set work-end 18:00, or --tz London."
        )
    answers: dict[str, str | None] = {}
    if key is not None:
        answers[key] = value
    if tz is not None:
        answers["timezone"] = tz
    updated = save_profile_answers(store, answers)  # all or nothing
    for field in answers:
        shown = as_text(updated, field)
        out.print(safe.text(f"Saved {field.replace('_', '-')} = {shown or '—'}."))
