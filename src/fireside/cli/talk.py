"""`fireside talk` (add, plan, check the timing, hold, let go, list, edit, delete) and
`fireside space-message` (P33)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.text import Text

from fireside.cli import journal_render as show
from fireside.cli.app import app, out, state_of
from fireside.cli.groups import EntryGroup
from fireside.errors import InvalidValueError

if TYPE_CHECKING:
    from fireside.journal import TalkCheck

JSON = typer.Option(False, "--json", help="Print JSON.")
AT = "When: 19:30 (today), sat 19:30, tomorrow 7pm, 2026-12-05 19:30."
ID = typer.Argument(..., metavar="ID", help="The number `fireside talk list` shows.")

talk_app = typer.Typer(
    cls=EntryGroup,
    help="Talks to have at a good moment, with an opener from your side (P14 P15 P16 P08).",
    no_args_is_help=False,
)
app.add_typer(talk_app, name="talk")


def _weight(light: bool, heavy: bool) -> str | None:
    if light and heavy:
        raise InvalidValueError("weight", "--light --heavy", "one of --light or --heavy")
    return "light" if light else "heavy" if heavy else None


def _show_check(check: TalkCheck) -> None:
    show.notes(check.notes)
    opener = check.opener
    if opener is not None and opener.suggested_rewrite and opener.findings:
        line = Text("  A gentler opener might be: ")
        line.append(opener.suggested_rewrite, style="green")
        out.print(line, soft_wrap=True)


@talk_app.command("add")
def talk_add(
    ctx: typer.Context,
    topic: str = typer.Argument(..., help='What it\'s about, e.g. "moving in".'),
    light: bool = typer.Option(False, "--light", help="A light topic."),
    heavy: bool = typer.Option(False, "--heavy", help="A heavy topic (the default)."),
    opener: str | None = typer.Option(
        None, "--opener", help="How you'd start, from your side: \"I've been thinking about…\"."
    ),
    at: str | None = typer.Option(None, "--at", help="Plan it for a time. " + AT),
    note: str | None = typer.Option(None, "--note", help="A note for yourself."),
    as_json: bool = JSON,
) -> None:
    """Queue a talk (or plan it with --at); fireside checks the timing and the opener."""
    from fireside.service.journal import add_talk

    answer = add_talk(
        state_of(ctx).store, topic, weight=_weight(light, heavy), opener=opener, at=at, note=note
    )
    if as_json:
        show.emit(answer)
        return
    show.saved(answer, "Queued" if answer.entry.planned_for is None else "Planned")  # type: ignore[attr-defined]
    assert answer.check is not None
    _show_check(answer.check)


@talk_app.command("list")
def talk_list(
    ctx: typer.Context,
    status: str | None = typer.Option(
        None, "--status", help="Only queued, planned, held or let-go talks."
    ),
    as_json: bool = JSON,
) -> None:
    """Your talks."""
    from fireside.service.journal import list_talks

    answer = list_talks(state_of(ctx).existing_store(), status=status)
    show.emit(answer) if as_json else show.listing(answer, empty="No talks queued.")


@talk_app.command("plan")
def talk_plan(
    ctx: typer.Context,
    entry_id: str = ID,
    at: str = typer.Option(..., "--at", help=AT),
    as_json: bool = JSON,
) -> None:
    """Choose a time for a talk; fireside says whether it's a calm moment for your partner."""
    from fireside.service.journal import plan_talk

    answer = plan_talk(state_of(ctx).store, entry_id, at=at)
    if as_json:
        show.emit(answer)
        return
    show.saved(answer, "Planned")
    assert answer.check is not None
    _show_check(answer.check)


@talk_app.command("check")
def talk_check(
    ctx: typer.Context,
    entry_id: str | None = typer.Argument(
        None, metavar="[ID]", help="A saved talk (leave out to check a time for any heavy talk)."
    ),
    at: str | None = typer.Option(
        None, "--at", help="Try this time instead (nothing is saved). " + AT
    ),
    opener: str | None = typer.Option(None, "--opener", help="Try this opener instead."),
    light: bool = typer.Option(False, "--light", help="A light topic."),
    as_json: bool = JSON,
) -> None:
    """Check the timing (and the opener) of a talk without changing anything."""
    from fireside.service.journal import check_talk_timing

    answer = check_talk_timing(
        state_of(ctx).store, entry_id, at=at, opener=opener, weight="light" if light else None
    )
    if as_json:
        show.emit(answer)
        return
    when = answer.local
    out.print(
        f"Talk: {answer.talk.topic}" + (f", {when:%a %-d %b %H:%M}" if when else ""), markup=False
    )
    _show_check(answer)


@talk_app.command("hold")
def talk_hold(
    ctx: typer.Context,
    entry_id: str = ID,
    on: str | None = typer.Option(None, "--on", help="When you had it (default today)."),
    note: str | None = typer.Option(None, "--note", help="How it went, for yourself."),
    as_json: bool = JSON,
) -> None:
    """You had the talk."""
    from fireside.service.journal import hold_talk

    answer = hold_talk(state_of(ctx).store, entry_id, on=on, note=note)
    show.emit(answer) if as_json else show.saved(answer)


@talk_app.command("let-go")
def talk_let_go(ctx: typer.Context, entry_id: str = ID, as_json: bool = JSON) -> None:
    """You decided the talk isn't needed after all."""
    from fireside.service.journal import let_go_talk

    answer = let_go_talk(state_of(ctx).store, entry_id)
    show.emit(answer) if as_json else show.saved(answer)


@talk_app.command("edit")
def talk_edit(
    ctx: typer.Context,
    entry_id: str = ID,
    topic: str | None = typer.Option(None, "--topic", help="What it's about."),
    light: bool = typer.Option(False, "--light", help="A light topic."),
    heavy: bool = typer.Option(False, "--heavy", help="A heavy topic."),
    opener: str | None = typer.Option(None, "--opener", help="How you'd start."),
    at: str | None = typer.Option(None, "--at", help=AT),
    note: str | None = typer.Option(None, "--note", help="A note for yourself."),
    as_json: bool = JSON,
) -> None:
    """Change a talk."""
    from fireside.service.journal import edit_talk

    answer = edit_talk(
        state_of(ctx).store,
        entry_id,
        topic=topic,
        weight=_weight(light, heavy),
        opener=opener,
        at=at,
        note=note,
    )
    if as_json:
        show.emit(answer)
        return
    show.saved(answer)
    assert answer.check is not None
    _show_check(answer.check)


@talk_app.command("delete")
def talk_delete(ctx: typer.Context, entry_id: str = ID, as_json: bool = JSON) -> None:
    """Delete a talk."""
    from fireside.service.journal import delete_talk

    answer = delete_talk(state_of(ctx).store, entry_id)
    show.emit(answer) if as_json else show.deleted(answer)


@app.command("space-message")
def space_message_command(
    ctx: typer.Context,
    doing: str | None = typer.Option(
        None, "--doing", help='What you\'ll be doing, e.g. "at my pottery class tonight".'
    ),
    back: str | None = typer.Option(
        None, "--back", help='When you\'ll be around again, e.g. "tomorrow evening".'
    ),
    as_json: bool = JSON,
) -> None:
    """A message that tells your partner you're taking time for yourself, without it reading
    as punishment (P33). Checked by the coach; yours to change."""
    from fireside.service.journal import draft_space_message

    answer = draft_space_message(state_of(ctx).store, doing=doing, back=back)
    if as_json:
        show.emit(answer)
        return
    out.print(Text(answer.draft, style="green"), soft_wrap=True)
    show.notes((answer.why,))
    if answer.check.findings:
        out.print(f"  [yellow]The coach has a thought:[/] {answer.check.summary}", soft_wrap=True)
