"""`fireside rhythm` and `fireside waiting`."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import typer
from rich.panel import Panel
from rich.table import Table

from fireside.cli.app import app, out, state_of
from fireside.errors import InvalidValueError


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
        help="Also draw four SVG charts into this folder (needs fireside[charts]).",
    ),
) -> None:
    """The rhythm of your chats and a gentle reading of it: space, reciprocity, trend.

    Heuristics from message timing (see docs/rhythm.md), never a judgement of anyone.
    """
    from fireside.rhythm import Settings, prepare
    from fireside.rhythm.metrics import weekly_prepared
    from fireside.rhythm.readings import read
    from fireside.store.messages import load_messages

    store = state_of(ctx).store
    profile = store.profile_or_default()
    start, end = _day(since, "--since"), _day(until, "--until")
    zone = profile.zone
    with store.engine.connect() as connection:
        frame = load_messages(
            connection,
            store.owner_id,
            since=datetime.combine(start, time(), zone) if start else None,
            until=datetime.combine(end + timedelta(days=1), time(), zone) if end else None,
        )
    settings = Settings(
        gap=timedelta(hours=gap),
        followup=timedelta(minutes=followup_minutes),
        tz=zone,
        period_days=(end - start).days + 1 if start and end else None,
    )
    prepared = prepare(frame, settings)
    metrics, reading = read(
        frame,
        settings,
        pronouns=profile.partner_pronouns,
        partner=profile.partner_name,
        prepared=prepared,
    )
    series = weekly_prepared(prepared)
    drawn = []
    if charts is not None:
        from fireside.rhythm.charts import write_charts

        drawn = write_charts(frame, charts, settings, partner=profile.partner_name)
    if as_json:
        data: dict[str, Any] = metrics.as_json()
        data["weekly"] = [{**row, "week": row["week"].isoformat()} for row in series.to_dicts()]
        data["reading"] = reading.as_json()
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    if frame.height == 0:
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
        f"{metrics.conversations:,} conversations; in touch {num(metrics.contact_days_per_week)} days a week; "
        f"longest silence {num(metrics.longest_silence_hours)} hours; {metrics.silences_over_48h} silences over two days."
    )
    words = {
        "smothering": "too little air",
        "healthy": "healthy space",
        "drifting": "too much air",
        "not_enough_data": "not enough history yet",
    }
    title = f"Space: {words[reading.space]} · reciprocity: {reading.reciprocity.replace('_', ' ')}"
    out.print(
        Panel(f"{reading.summary}\n\n[dim]{reading.trend}[/]", title=title, title_align="left")
    )
    out.print(f"[dim]{reading.heuristic} Practices: {' '.join(reading.practices)}.[/]")
    for path in drawn:
        out.print(f"Chart: {path}")


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
    from fireside.rhythm import Settings
    from fireside.rhythm.waiting import waiting
    from fireside.store.messages import load_messages

    store = state_of(ctx).store
    profile = store.profile_or_default()
    sent = None
    if since:
        try:
            sent = datetime.fromisoformat(since)
        except ValueError:
            raise InvalidValueError(
                "--since", since, "an ISO time such as 2024-03-01T18:30"
            ) from None
        sent = sent if sent.tzinfo else sent.replace(tzinfo=profile.zone)
    with store.engine.connect() as connection:
        frame = load_messages(connection, store.owner_id)
    result = waiting(
        frame,
        datetime.now(UTC),
        Settings(tz=profile.zone),
        since=sent,
        pronouns=profile.partner_pronouns,
        partner=profile.partner_name,
    )
    if as_json:
        typer.echo(json.dumps(result.as_json(), indent=2))
    else:
        out.print(result.message)
