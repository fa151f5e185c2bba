"""`fireside import`, `fireside parse` and `fireside imports`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich import box
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from fireside.cli import safe
from fireside.cli.app import app, err, out, state_of

if TYPE_CHECKING:
    from fireside.service.chats import DateChoice, DateOrder, ImportReport, Who

# Polars and the importers load only when a chat command runs, so every other command starts
# about a tenth of a second sooner. A test keeps this list equal to the importer registry.
FORMAT_NAMES = ("signal", "whatsapp", "telegram", "messenger", "discord", "sms", "imessage", "csv")
CHAT_HELP = (
    "Which conversation, in exports that hold many: a Telegram account (chat name), an SMS "
    "backup (name or number), iMessage (number or e-mail). Default: your partner's name."
)
FORMAT_HELP = "auto (recognise by content), " + ", ".join(FORMAT_NAMES)
PRIVACY = (
    "Private by default: your partner's message text is not stored, only when each message "
    "was sent, by whom, its kind and its length. --keep-partner-text stores the text too."
)

SHOWN_PROBLEMS = 20  # unreadable lines printed; the JSON report carries more

imports_app = typer.Typer(
    help="List what you imported, or forget one import.", invoke_without_command=True
)
app.add_typer(imports_app, name="imports")


def _progress_bar() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[amount]}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def _ask_who(participants: list[str]) -> Who:
    from fireside.service.chats import Who

    err.print("fireside can't tell who is who in this chat. The people in it:")
    for number, name in enumerate(participants, 1):
        err.print(safe.text(f"  {number}. {safe.clean(name)}"))

    def pick(question: str) -> str:
        while True:
            answer = typer.prompt(question, err=True).strip()
            if answer.isdigit() and 1 <= int(answer) <= len(participants):
                return participants[int(answer) - 1]
            err.print(f"Please type a number from 1 to {len(participants)}.")

    me = pick("Which one is you? (number)")
    partner = pick("Which one is your partner? (number)")
    return Who(me=me, partner=partner)


def _ask_date_order(choice: DateChoice) -> DateOrder:
    err.print(
        "The dates in this file can be read two ways (no day above 12). "
        "The first messages under each reading:"
    )
    for number, reading in enumerate(choice.readings, 1):
        way = {"dmy": "day first", "mdy": "month first", "ymd": "year first"}[reading.order.value]
        suggested = " (likelier)" if reading.suggested else ""
        err.print(f"  {number}. {way}{suggested}:", markup=False)
        for message in reading.first:  # (names and words from the file: shown, never acted on)
            err.print(
                safe.text(
                    f"       {message.ts[:16].replace('T', ' ')}  "
                    f"{safe.clean(message.sender)}: {safe.clean(message.text)}"
                )
            )
    if choice.hint:
        err.print(safe.text(choice.hint.reason))
    while True:
        answer = typer.prompt("Which reading is right? (number)", err=True).strip()
        if answer.isdigit() and 1 <= int(answer) <= len(choice.readings):
            return choice.readings[int(answer) - 1].order
        err.print(f"Please type a number from 1 to {len(choice.readings)}.")


@app.command("import", help=f"Import a chat export into fireside. {PRIVACY}")
def import_command(
    ctx: typer.Context,
    path: Path = typer.Argument(
        ...,
        help="The export: WhatsApp .txt/.zip, Telegram result.json, Messenger or Instagram message_1.json, Signal chat.md, Discord JSON, an SMS Backup & Restore XML, an iMessage chat.db, or CSV.",
    ),
    format: str = typer.Option("auto", "--format", help=f"The file's format: {FORMAT_HELP}."),
    me: list[str] | None = typer.Option(
        None, "--me", help="Your name as it appears in this chat (repeatable)."
    ),
    partner: str | None = typer.Option(
        None, "--partner", help="Your partner's name as it appears in this chat."
    ),
    chat: str | None = typer.Option(None, "--chat", help=CHAT_HELP),
    tz: str | None = typer.Option(
        None, "--tz", help="Time zone of times without an offset (default: your profile's)."
    ),
    date_order: str | None = typer.Option(
        None, "--date-order", help="dmy, mdy or ymd, when the file's dates are ambiguous."
    ),
    keep_partner_text: bool = typer.Option(
        False, "--keep-partner-text", help="Also store your partner's message text."
    ),
    encoding: str = typer.Option(
        "utf-8", "--encoding", help="The file's text encoding (default utf-8)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the import report as JSON."),
) -> None:
    """Import a chat export."""

    store = state_of(ctx).store
    interactive = sys.stdin.isatty() and not as_json
    bar = _progress_bar() if sys.stderr.isatty() and not as_json else None
    task = bar.add_task("reading", total=None, amount="") if bar else None

    def progress(done: int, total: int) -> None:
        if bar is not None and task is not None:
            bar.update(
                task,
                completed=done,
                total=total,
                amount=f"{done / 1e6:,.1f} of {total / 1e6:,.1f} MB",
            )

    def saving() -> None:  # a pulsing bar (no total) while the messages are stored
        if bar is not None and task is not None:
            bar.remove_task(task)
            bar.add_task("saving", total=None, amount="")

    if bar:
        bar.start()
    try:
        from fireside.service.chats import import_export

        report = import_export(
            store,
            path,
            format=format,
            me=me,
            partner=partner,
            chat=chat,
            tz=tz,
            date_order=date_order,
            keep_partner_text=keep_partner_text or None,
            encoding=encoding,
            progress=progress,
            choose=_ask_who if interactive else None,
            choose_date_order=_ask_date_order if interactive else None,
            saving=saving,
        )
    finally:
        if bar:
            bar.stop()
    if as_json:
        typer.echo(safe.dumps(report.as_json(), indent=2))
    else:
        _show_report(report)


def _show_report(report: ImportReport) -> None:
    if report.imported == 0:
        out.print(
            f"Nothing new in {safe.markup(report.file)} ({report.format}): "
            f"all {report.duplicates:,} "
            "messages were already in fireside."
        )
    else:
        out.print(
            f"Imported [bold]{report.imported:,}[/] new messages from {safe.markup(report.file)} "
            f"({report.format})."
        )
    if report.duplicates and report.imported:
        out.print(f"{report.duplicates:,} were already in fireside and were skipped.")
    if report.updated:
        out.print(f"{report.updated:,} of those had been edited or deleted since; updated.")
    if report.first:
        out.print(f"From {report.first} to {report.last}.")
    table = Table(show_header=True, header_style="bold")
    table.add_column("who")
    table.add_column("messages", justify="right")
    for role, count in sorted(report.by_role.items()):
        table.add_row(role, f"{count:,}")
    if report.by_role:
        out.print(table)
    if report.by_kind:
        out.print("Kinds: " + ", ".join(f"{k} {v:,}" for k, v in sorted(report.by_kind.items())))
    if report.system_lines == 1:
        out.print("[dim]1 system notice (not a message) was left out.[/]")
    elif report.system_lines:
        out.print(f"[dim]{report.system_lines:,} system notices (not messages) were left out.[/]")
    if report.unreadable:
        out.print(f"[yellow]{report.unreadable:,} lines could not be read and were left out:[/]")
        for problem in report.problems[:SHOWN_PROBLEMS]:
            out.print(safe.text(f"  line {problem.line}: {safe.clean(problem.reason)}"))
        if report.unreadable > SHOWN_PROBLEMS:
            out.print(
                f"  … and {report.unreadable - SHOWN_PROBLEMS:,} more "
                f"(`--json` lists the first {len(report.problems):,})."
            )
    if not report.kept_partner_text:
        out.print("[dim]Your partner's message text was not stored.[/]")


@app.command("parse")
def parse_command(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="The export file to read."),
    format: str = typer.Option("auto", "--format", help=f"The file's format: {FORMAT_HELP}."),
    me: list[str] | None = typer.Option(
        None, "--me", help="Your name in this chat (for the role column)."
    ),
    partner: str | None = typer.Option(None, "--partner", help="Your partner's name in this chat."),
    chat: str | None = typer.Option(None, "--chat", help=CHAT_HELP),
    tz: str | None = typer.Option(None, "--tz", help="Time zone of times without an offset."),
    date_order: str | None = typer.Option(None, "--date-order", help="dmy, mdy or ymd."),
    encoding: str = typer.Option("utf-8", "--encoding", help="The file's text encoding."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Stop after this many messages."),
) -> None:
    """Print the messages of an export as JSON lines, storing nothing.

    Each line: ts (ISO-8601 with the original offset), sender as written, role (from --me,
    --partner or your profile; "other" when no name matches), kind and text. Use it to check
    that dates are read the right way round before importing.
    """
    from fireside.service.chats import json_lines_of, parse_export

    # Parsing stores nothing, so it never creates a database: before the first import or
    # `fireside init` there is no profile to read, and the defaults (or the flags) apply.
    parsed, profile = parse_export(
        state_of(ctx).existing_store(),
        path,
        format=format,
        chat=chat,
        tz=tz,
        date_order=date_order,
        encoding=encoding,
    )
    sys.stdout.flush()
    json_lines_of(
        parsed,
        out=sys.stdout.buffer,
        me=me or (profile.my_names if profile else []),
        partner=partner or (profile.partner_name if profile else None),
        limit=limit,
        escape=safe.escape_json,
    )
    for problem in parsed.problems[:SHOWN_PROBLEMS]:
        err.print(
            safe.text(f"{safe.clean(path)}: line {problem.line}: {safe.clean(problem.reason)}")
        )
    if parsed.unreadable > SHOWN_PROBLEMS:
        err.print(
            safe.text(
                f"{safe.clean(path)}: … and {parsed.unreadable - SHOWN_PROBLEMS:,} more "
                "unreadable lines."
            )
        )


@imports_app.callback()
def imports_list(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List your imports."""
    if ctx.invoked_subcommand is not None:
        return

    from fireside.service.chats import list_imports

    rows = list_imports(state_of(ctx).store)
    if as_json:
        typer.echo(safe.dumps([r.as_json() for r in rows], indent=2))
        return
    if not rows:
        out.print("Nothing imported yet. `fireside import FILE` brings in a chat export.")
        return
    table = Table(title="Imports", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("file", overflow="fold", min_width=16)
    table.add_column("format", no_wrap=True)
    table.add_column("messages", justify="right", no_wrap=True)
    table.add_column("skipped", justify="right", no_wrap=True)
    for heading in ("from", "to"):  # days only; the JSON has the times and when you imported
        table.add_column(heading, no_wrap=True)
    for r in rows:
        table.add_row(
            str(r.id),
            safe.text(r.file),
            r.format,
            f"{r.messages:,}",
            f"{r.duplicates:,}",
            (r.first or "")[:10],
            (r.last or "")[:10],
        )
    out.print(table)


@imports_app.command("forget")
def imports_forget(
    ctx: typer.Context,
    import_id: int = typer.Argument(
        ..., metavar="ID", help="The import's id from `fireside imports`."
    ),
) -> None:
    """Remove one import and all its messages."""

    from fireside.service.chats import forget_import

    removed = forget_import(state_of(ctx).store, import_id)
    from fireside.wording import plural

    out.print(f"Forgot import {import_id} and its {plural(removed, 'message')}.")
