"""`fireside check`, `fireside coach-eval` and `fireside ground`."""

from __future__ import annotations

import contextlib
import json
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import typer
from rich.live import Live
from rich.panel import Panel
from rich.progress import BarColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from fireside.cli.app import app, err, out, state_of
from fireside.errors import ExitCode, FiresideError, InvalidValueError

if TYPE_CHECKING:  # the coach loads when a command here runs, not for every command
    from fireside.coach import CheckResult
    from fireside.profile import Profile
    from fireside.store import Store

VERDICT_STYLE = {"send": "bold green", "soften": "bold yellow", "pause": "bold magenta"}


def _parse_at(value: str | None, profile: Profile | None = None) -> datetime | None:
    """``now``, a clock time (``18:10``, ``6pm``: today, in your time zone) or an ISO time."""
    if value is None:
        return None
    from fireside.profile_text import parse_clock

    zone = profile.zone if profile else ZoneInfo("UTC")
    text = value.strip().lower()
    if text == "now":
        return datetime.now(zone)
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    try:
        clock = parse_clock(text)
    except ValueError:
        raise InvalidValueError(
            "--at",
            value,
            "now, a time of day such as 18:10 or 6pm, or an ISO time such as 2026-11-22T18:30",
        ) from None
    return datetime.combine(datetime.now(zone).date(), clock, zone)


@app.command("check")
def check_command(
    ctx: typer.Context,
    text: str | None = typer.Argument(
        None, help='The draft to check, in quotes; "-" reads it from standard input.'
    ),
    mood: int | None = typer.Option(
        None, "--mood", min=0, max=4, help="How you feel right now: 0 calm … 4 very upset."
    ),
    at: str = typer.Option(
        "now",
        "--at",
        help="When you would send it: now (the default), a time today such as 18:10, or an ISO time.",
    ),
    jsonl: Path | None = typer.Option(
        None,
        "--jsonl",
        help='Check many drafts: a JSON-lines file (or "-" for standard input) with a "text" '
        'field per line; optional "mood" and "at". Writes one JSON result per line, in order.',
        allow_dash=True,
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Check a draft message before you send it.

    Points out what might land as pressure (spotlight questions, accusations, demands, …),
    what is already good, and offers a rewrite from your side. Suggestions, not rules: you
    decide what to send.
    """
    store = state_of(ctx).store
    if jsonl is not None:
        if text is not None:
            raise FiresideError("Give either a draft or --jsonl, not both.", hint="See --help.")
        _check_many(store, jsonl)
        return
    if text is None:
        raise FiresideError(
            "No draft to check.", hint='Try: fireside check "I miss you, why haven\'t you called?"'
        )
    from fireside.service import check_draft

    draft = sys.stdin.read() if text == "-" else text
    profile = store.profile_or_default()
    result = check_draft(store, draft, mood=mood, at=_parse_at(at, profile), profile=profile)
    if as_json:
        typer.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        _show(result, profile)


def _check_many(store: Store, source: Path) -> None:
    """One JSON result per input line, in order; bad lines reported, the rest still checked."""
    from fireside.coach import check_message

    profile = store.profile_or_default()  # read once, not once per line
    from_stdin = str(source) == "-"
    name = "standard input" if from_stdin else str(source)
    write = sys.stdout.write
    bad = 0
    with contextlib.nullcontext(sys.stdin) if from_stdin else _open(source) as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                    raise ValueError('expected a JSON object with a "text" string')
                mood = row.get("mood")
                if mood is not None and not isinstance(mood, int):
                    raise ValueError('"mood" must be a whole number from 0 to 4')
                at = _parse_at(row.get("at"), profile)
                result = check_message(row["text"], mood=mood, at=at, profile=profile)
            except (ValueError, FiresideError) as exc:
                bad += 1
                reason = exc.message if isinstance(exc, FiresideError) else str(exc)
                err.print(f"{name}: line {number}: {reason}", soft_wrap=True, markup=False)
                continue
            write(json.dumps({**row, **result.as_json()}, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    if bad:
        err.print(f"{bad} line{'s' if bad != 1 else ''} could not be checked (see above).")
        raise typer.Exit(int(ExitCode.INVALID_INPUT))


def _open(path: Path) -> IO[str]:
    try:
        return path.open(encoding="utf-8")
    except OSError as exc:
        raise FiresideError(
            f"Could not read {path}: {exc.strerror}.", hint="Check the path."
        ) from exc


def _show(result: CheckResult, profile: Profile) -> None:
    from fireside.coach.rules import rule_book

    out.print(
        Text(result.summary or result.verdict.value, style=VERDICT_STYLE[result.verdict.value])
    )
    highlighted = Text(result.text)
    for strength in result.strengths:
        highlighted.stylize("green", strength.start, strength.end)
    for finding in result.findings:
        style = "bold red underline" if finding.severity == "strong" else "yellow underline"
        highlighted.stylize(style, finding.start, finding.end)
    out.print(Panel(highlighted, title="Your draft", title_align="left"))
    if result.findings:
        table = Table(show_header=True, header_style="bold", expand=False)
        table.add_column("what")
        table.add_column("why")
        table.add_column("practices", style="dim")
        for finding in result.findings:
            quoted = result.text[finding.start : finding.end]
            table.add_row(
                Text(f"{finding.label}\n“{quoted}”"),
                finding.why,
                " ".join(finding.practices),
            )
        out.print(table)
    if result.strengths:
        labels = sorted({s.label.replace("_", " ") for s in result.strengths})
        out.print(Text("Already good: " + ", ".join(labels) + ".", style="green"))
    if result.suggested_rewrite:
        out.print(
            Panel(
                result.suggested_rewrite,
                title="A softer version",
                title_align="left",
                border_style="cyan",
            )
        )
    for note in result.notes:
        out.print(Text("• " + note.message))
    if result.grounding:
        g = result.grounding
        steps = "\n".join(f"  • {step}" for step in g.steps)
        out.print(
            Panel(
                f"{g.intro}\n\n{steps}\n\n{g.closing}",
                title=g.title,
                title_align="left",
                border_style="magenta",
            )
        )
        out.print("[dim]`fireside ground` walks you through it with a breathing guide.[/]")
    heuristic = rule_book().wording["notes"]["heuristic"]
    from fireside.pronouns import render

    out.print(Text(render(heuristic, profile.partner_pronouns, profile.partner_name), style="dim"))


@app.command("coach-eval")
def coach_eval_command(
    path: Path = typer.Argument(..., help='A JSON-lines file with "text" and "labels" per line.'),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    show_mistakes: bool = typer.Option(
        False, "--show-mistakes", help="List every message whose labels differ."
    ),
) -> None:
    """Measure the coach on a labelled file: precision, recall and F1 per label, macro-F1 and
    the false-alarm rate (calm messages that get any problem label). "neutral" means no label.
    """
    if not path.is_file():
        raise FiresideError(f"{path} is not a file.", hint="Give a JSON-lines file.")
    from fireside.coach.evaluate import evaluate, read_examples

    report = evaluate(read_examples(path), keep_mistakes=show_mistakes)
    if as_json:
        data: dict[str, Any] = report.as_json()
        if show_mistakes:
            data["mistakes"] = report.mistakes
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{path.name}: {report.examples} messages", title_justify="left")
    for column in ("label", "support", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "label" else "right")
    for score in report.scores:
        table.add_row(
            score.label,
            str(score.support),
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
        )
    out.print(table)
    out.print(f"macro-F1 over {len(report.scores)} labels: [bold]{report.macro_f1:.3f}[/]")
    out.print(
        f"false alarms: {report.false_alarms} of {report.calm_messages} calm messages "
        f"([bold]{report.false_alarm_rate:.1%}[/])"
    )
    for mistake in report.mistakes:
        out.print(
            f"  line {mistake['line']}: expected {mistake['expected']} got {mistake['got']}: {mistake['text']}",
            markup=False,
        )


@app.command("ground")
def ground_command(
    minutes: float = typer.Option(
        2.0, "--minutes", min=0.1, max=30, help="How long to breathe along (default 2)."
    ),
) -> None:
    """A minute for you: a short checklist, then a paced slow-breathing guide.

    About six breaths a minute: in for four seconds, out for six. Ctrl-C ends it at any time.
    """
    from fireside.coach.rules import rule_book

    wording = rule_book().wording["grounding"]
    out.print(
        Panel(wording["intro"], title=wording["title"], title_align="left", border_style="magenta")
    )
    for step in wording["steps"]:
        out.print(f"  • {step}")
    out.print()
    try:
        if sys.stdin.isatty():
            typer.prompt(
                "Press Enter when you're ready to breathe along", default="", show_default=False
            )
        _breathe(minutes)
    except (KeyboardInterrupt, typer.Abort):
        out.print("\nThat's okay. Even a few slow breaths help. Take care of yourself.")
        return
    out.print(f"\n{wording['closing']}")


def _breathe(minutes: float, *, tick: float = 0.1) -> None:
    from fireside.coach.breathing import breaths_for, schedule

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(bar_width=40),
        TextColumn("{task.fields[count]}"),
    )
    task = progress.add_task("", total=1.0, count="")
    with Live(progress, console=out, transient=False, refresh_per_second=20):
        for phase in schedule(minutes):
            label = "Breathe in…" if phase.kind == "in" else "…and out"
            steps = max(1, round(phase.seconds / tick))
            for i in range(steps + 1):
                done = i / steps
                level = done if phase.kind == "in" else 1 - done
                progress.update(
                    task,
                    completed=level,
                    description=label,
                    count=f"breath {phase.breath} of {phase.breaths}",
                )
                time.sleep(phase.seconds / steps)
    out.print(f"{breaths_for(minutes)} slow breaths. Well done.")
