"""`fireside plan`, `fireside report` and `fireside calendar`: the week ahead, a report to
share with a counsellor, and reminders for your calendar."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.text import Text

from fireside.cli.app import app, out, state_of


@app.command("report")
def report_command(
    ctx: typer.Context,
    out_path: Path = typer.Option(
        ...,
        "--out",
        help="The file to write: report.html (one self-contained page) or report.pdf.",
    ),
    since: str | None = typer.Option(None, "--since", help="First day (YYYY-MM-DD)."),
    until: str | None = typer.Option(
        None, "--until", help="Last day (YYYY-MM-DD; default: the last day with messages)."
    ),
    incognito: bool = typer.Option(
        False,
        "--incognito",
        help="Leave out every name, message text, note and his-world entry: only counts, "
        "categories and charts.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print what was written as JSON."),
) -> None:
    """A report of a period to share with a counsellor, if you choose to: the rhythm and its
    charts, own and together time, check-ins, talks, practices tried, the plan's stances.

    Nothing is sent anywhere; the file is readable only by you.
    """
    from fireside.service.report import write_report

    written = write_report(
        state_of(ctx).store,
        out_path,
        since=since,
        until=until,
        incognito=incognito,
    )
    if as_json:
        typer.echo(json.dumps(written.as_json(), ensure_ascii=False, indent=2))
        return
    report = written.report
    out.print(
        f"Wrote the report of {report.since} to {report.until} to {written.path} "
        f"({written.size // 1024 or 1} KB, readable only by you).",
        markup=False,
    )
    if report.incognito:
        out.print("Incognito: no names, message text, notes or his-world entries in it.")


@app.command("plan")
def plan_command(
    ctx: typer.Context,
    week: str | None = typer.Option(
        None, "--week", help="The week, such as 2026-W05 (default: this week)."
    ),
    done: str | None = typer.Option(
        None, "--done", metavar="OFFER", help="Mark one of the week's offers as done."
    ),
    not_for_me: str | None = typer.Option(
        None,
        "--not-for-me",
        metavar="OFFER",
        help="Mark an offer as not for you: it is never offered again.",
    ),
    undo: str | None = typer.Option(
        None, "--undo", metavar="OFFER", help="Take back a mark on an offer."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the plan as JSON."),
) -> None:
    """This week's plan: give space, close the distance or keep steady, why, and three to
    five offers with the practices behind them. Offers, never orders.
    """
    from fireside.service.plan import mark_offer, weekly_plan

    store = state_of(ctx).store
    marks = [(o, m) for o, m in ((done, "done"), (not_for_me, "not_for_me"), (undo, None)) if o]
    for offer_id, mark in marks:
        marked = mark_offer(store, offer_id, mark, week=week)
        if not as_json:
            said = {"done": "Marked as done", "not_for_me": "Noted: not for you", None: "Unmarked"}
            out.print(f"{said[marked.mark]}: {offer_id}.", markup=False)
    plan = weekly_plan(store, week=week)
    if as_json:
        typer.echo(json.dumps(plan.as_json(), ensure_ascii=False, indent=2))
        return
    if marks:
        out.print()
    out.print(
        f"[bold]{plan.stance_words}[/] · the week of {plan.week.monday:%-d %B %Y} ({plan.week})"
    )
    out.print(Text(plan.headline))
    for sentence in plan.why:
        out.print(Text("  · " + sentence, style="dim"))
    out.print()
    for number, offer in enumerate(plan.offers, 1):
        status = {"done": " (done)", "not_for_me": " (not for you)"}.get(
            offer.mark.value if offer.mark else "", ""
        )
        out.print(Text(f"{number}. {offer.text}{status}"))
        credit = ", ".join(offer.experts)
        out.print(
            Text(
                f"   {' '.join(offer.practices)}{' · ' + credit if credit else ''} · {offer.id}",
                style="dim",
            )
        )
    out.print(f"[dim]{plan.heuristic} Mark one: fireside plan --done ID, or --not-for-me ID.[/]")


@app.command("calendar")
def calendar_command(
    ctx: typer.Context,
    out_path: Path = typer.Option(..., "--out", help="The .ics file to write."),
    checkin_day: str = typer.Option(
        "sun", "--checkin-day", help="The weekly check-in's day (mon … sun)."
    ),
    checkin_time: str = typer.Option("19:00", "--checkin-time", help="…and its time."),
    no_checkin: bool = typer.Option(False, "--no-checkin", help="Leave out the weekly check-in."),
    incognito: bool = typer.Option(
        False, "--incognito", help="Plain titles only (no talk topics or plan names)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print what was written as JSON."),
) -> None:
    """Reminders for your calendar app: planned talks, own-time plans and a weekly check-in,
    in your time zone. Import the file into any calendar; nothing is sent anywhere.
    """
    from fireside.service.calendar import write_calendar

    made = write_calendar(
        state_of(ctx).store,
        out_path,
        checkin_day=None if no_checkin else checkin_day,
        checkin_time=checkin_time,
        incognito=incognito,
    )
    if as_json:
        typer.echo(json.dumps(made.as_json(), indent=2))
        return
    checkin = f" and a weekly check-in ({made.checkin})" if made.checkin else ""
    out.print(
        f"Wrote {made.events} reminder{'s' if made.events != 1 else ''}{checkin} to "
        f"{made.path} (readable only by you).",
        markup=False,
        soft_wrap=True,
    )
