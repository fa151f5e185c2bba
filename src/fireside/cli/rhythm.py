"""`fireside rhythm` and `fireside waiting`."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import typer
from rich.panel import Panel
from rich.table import Table

from fireside.cli import safe
from fireside.cli.app import app, out, state_of
from fireside.errors import InvalidValueError
from fireside.wording import hours, per_week, plural


def _day(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidValueError(flag, value, "a date such as 2024-03-01") from None


@app.command("rhythm")
def rhythm_command(
    ctx: typer.Context,
    since: str | None = typer.Option(None, "--since", help="First day to include (YYYY-MM-DD)."),
    until: str | None = typer.Option(None, "--until", help="Last day to include (YYYY-MM-DD)."),
    gap: float = typer.Option(
        6.0, "--gap", min=0.25, help="Hours of silence that start a new conversation."
    ),
    followup_minutes: float = typer.Option(
        30.0,
        "--followup-minutes",
        min=1,
        help="A second text at least this late counts as a follow-up.",
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print every figure and the reading as JSON."
    ),
    charts: Path | None = typer.Option(
        None,
        "--charts",
        help="Also draw four SVG charts into this folder (each readable only by you).",
    ),
) -> None:
    """The rhythm of your chats and a gentle reading of it: space, reciprocity, trend.

    Heuristics from message timing (see docs/rhythm.md), never a judgement of anyone.
    """
    from fireside.service.rhythm import space_reading

    result = space_reading(
        state_of(ctx).store,
        since=_day(since, "--since"),
        until=_day(until, "--until"),
        gap_hours=gap,
        followup_minutes=followup_minutes,
        charts=charts,
    )
    metrics, reading, drawn = result.metrics, result.reading, result.charts
    if as_json:
        typer.echo(safe.dumps(result.as_json(), indent=2, default=str))
        return
    if result.messages == 0:
        out.print("No messages yet. `fireside import FILE` brings in your chat history.")
        return
    table = Table(title="The rhythm", title_justify="left")
    table.add_column("")
    table.add_column("you", justify="right")
    table.add_column("partner", justify="right")

    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.0%}"

    def num(value: float | None) -> str:
        return "—" if value is None else f"{value:g}"

    table.add_row("messages", f"{metrics.messages['me']:,}", f"{metrics.messages['partner']:,}")
    table.add_row(
        "conversations started", str(metrics.initiations["me"]), str(metrics.initiations["partner"])
    )
    table.add_row(
        "median reply (min)",
        num(metrics.replies["me"].median_minutes),
        num(metrics.replies["partner"].median_minutes),
    )
    table.add_row(
        "replies within (min, 9 in 10)",
        num(metrics.replies["me"].p90_minutes),
        num(metrics.replies["partner"].p90_minutes),
    )
    table.add_row(
        "turns with a follow-up",
        pct(metrics.followup_rate["me"]),
        pct(metrics.followup_rate["partner"]),
    )
    table.add_row(
        "late-night messages",
        pct(metrics.late_night_share["me"]),
        pct(metrics.late_night_share["partner"]),
    )
    out.print(table)
    out.print(
        f"{plural(metrics.conversations, 'conversation')}; in touch "
        f"{per_week(metrics.contact_days_per_week)}; longest silence "
        f"{hours(metrics.longest_silence_hours)}; "
        f"{plural(metrics.silences_over_48h, 'silence')} over two days."
    )
    words = {
        "smothering": "too little air",
        "healthy": "healthy space",
        "drifting": "too much air",
        "not_enough_data": "not enough history yet",
    }
    title = f"Space: {words[reading.space]} · reciprocity: {reading.reciprocity.replace('_', ' ')}"
    body = safe.text(reading.summary, multiline=True)
    body.append("\n\n" + safe.clean(reading.reciprocity_why, multiline=True), style="dim")
    body.append("\n" + safe.clean(reading.trend, multiline=True), style="dim")
    out.print(Panel(body, title=title, title_align="left"))
    out.print(safe.text(f"{reading.heuristic} Practices: {' '.join(reading.practices)}.", "dim"))
    for path in drawn:
        out.print(safe.text(f"Chart: {path}"))


@app.command("waiting")
def waiting_command(
    ctx: typer.Context,
    since: str | None = typer.Option(
        None,
        "--since",
        help="When you sent the message you're waiting on (ISO time); default: from your chats.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """How long it has been since your message, against your partner's usual reply times.

    A reminder that silence isn't an answer (Michelle Henderson, P07).
    """
    from fireside.service.rhythm import waiting_status

    sent = None
    if since:
        try:
            sent = datetime.fromisoformat(since)
        except ValueError:
            raise InvalidValueError(
                "--since", since, "an ISO time such as 2024-03-01T18:30"
            ) from None
    result = waiting_status(state_of(ctx).store, since=sent)
    if as_json:
        typer.echo(safe.dumps(result.as_json(), indent=2))
    else:
        out.print(safe.text(result.message, multiline=True))
