"""`fireside check`, `fireside coach-eval` and `fireside ground`."""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import typer
from rich.live import Live
from rich.panel import Panel
from rich.progress import BarColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from fireside.cli import safe
from fireside.cli.app import app, err, out, state_of
from fireside.errors import ExitCode, FiresideError

if TYPE_CHECKING:  # the coach loads when a command here runs, not for every command
    from fireside.coach import CheckResult
    from fireside.service.base import Store
    from fireside.service.coach import Routine

VERDICT_STYLE = {"send": "bold green", "soften": "bold yellow", "pause": "bold magenta"}


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
    from fireside.service.coach import check_draft

    draft = sys.stdin.read() if text == "-" else text
    profile = store.profile_or_default()
    result = check_draft(store, draft, mood=mood, at=at, profile=profile)
    if as_json:
        typer.echo(safe.dumps(result.as_json(), indent=2))
    else:
        from fireside.service.coach import grounding

        _show(result, grounding(store).heuristic)


def _check_many(store: Store, source: Path) -> None:
    """One JSON result per input line, in order; bad lines reported, the rest still checked."""
    from fireside.service.coach import check_lines, draft_lines

    from_stdin = str(source) == "-"
    name = "standard input" if from_stdin else str(source)
    write = sys.stdout.write
    bad = 0
    with contextlib.nullcontext(sys.stdin.buffer) if from_stdin else _open(source) as handle:
        for checked in check_lines(store, draft_lines(handle)):
            if checked.problem is not None:
                bad += 1
                err.print(
                    safe.text(f"{name}: line {checked.number}: {checked.problem}"), soft_wrap=True
                )
                continue
            write(safe.dumps(checked.as_json()) + "\n")
    sys.stdout.flush()
    if bad:
        err.print(f"{bad} line{'s' if bad != 1 else ''} could not be checked (see above).")
        raise typer.Exit(int(ExitCode.INVALID_INPUT))


def _open(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except OSError as exc:
        raise FiresideError(
            f"Could not read {path}: {exc.strerror}.", hint="Check the path."
        ) from exc


QUOTE_CHARS = 120  # a long sentence is quoted by its start and end


def _clip(quoted: str) -> str:
    if len(quoted) <= QUOTE_CHARS:
        return quoted
    half = QUOTE_CHARS // 2 - 1
    return f"{quoted[:half]}…{quoted[-half:]}"


def _show(result: CheckResult, heuristic: str) -> None:
    out.print(
        safe.text(result.summary or result.verdict.value, VERDICT_STYLE[result.verdict.value])
    )
    spans = [(s.start, s.end, "green") for s in result.strengths] + [
        (f.start, f.end, "bold red underline" if f.severity == "strong" else "yellow underline")
        for f in result.findings
    ]
    out.print(Panel(safe.highlighted(result.text, spans), title="Your draft", title_align="left"))
    if result.findings:
        table = Table(show_header=True, header_style="bold", expand=False)
        table.add_column("what")
        table.add_column("why")
        table.add_column("from the practice", style="dim")
        for group in result.grouped_findings():
            first = group[0]
            quoted = result.text[first.start : first.end]
            more = f"\n(and {len(group) - 1} more like it)" if len(group) > 1 else ""
            table.add_row(
                Text(
                    f"{first.meaning.capitalize()}\n“{safe.clean(_clip(quoted), multiline=True)}”{more}"
                ),
                safe.text(first.why),
                "\n".join(first.credits),
            )
        out.print(table)
    if result.strengths:
        meanings = list(dict.fromkeys(s.meaning for s in result.strengths))
        out.print(Text("Already good: " + "; ".join(meanings) + ".", style="green"))
    if result.suggested_rewrite:
        out.print(
            Panel(
                safe.text(result.suggested_rewrite, multiline=True),
                title="A softer version",
                title_align="left",
                border_style="cyan",
            )
        )
    for note in result.notes:
        out.print(safe.text("• " + note.message))
    if result.grounding:
        g = result.grounding
        steps = "\n".join(f"  • {step}" for step in g.steps)
        out.print(
            Panel(
                safe.text(f"{g.intro}\n\n{steps}\n\n{g.closing}", multiline=True),
                title=g.title,
                title_align="left",
                border_style="magenta",
            )
        )
        out.print("[dim]`fireside ground` walks you through it with a breathing guide.[/]")
    out.print(safe.text(heuristic, "dim"))


@app.command("coach-eval")
def coach_eval_command(
    path: Path = typer.Argument(..., help='A JSON-lines file with "text" and "labels" per line.'),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    show_mistakes: bool = typer.Option(
        False, "--show-mistakes", help="List every message whose labels differ."
    ),
    rules_only: bool = typer.Option(
        False, "--rules-only", help="Measure the rules alone, without the learned stage."
    ),
) -> None:
    """Measure the coach on a labelled file: precision, recall and F1 per label, macro-F1 and
    the false-alarm rate (calm messages that get any problem label). "neutral" means no label.
    """
    from fireside.service.coach import evaluate_file

    report = evaluate_file(path, keep_mistakes=show_mistakes, model=not rules_only)
    if as_json:
        data: dict[str, Any] = report.as_json()
        if show_mistakes:
            data["mistakes"] = report.mistakes
        typer.echo(safe.dumps(data, indent=2))
        return
    table = Table(
        title=safe.text(f"{safe.clean(path.name)}: {report.examples} messages"),
        title_justify="left",
    )
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
    stages = "rules + model" if report.model else "rules alone"
    out.print(
        f"macro-F1 over {len(report.scores)} labels ({stages}): [bold]{report.macro_f1:.3f}[/]"
    )
    problem = report.problem
    out.print(
        f"any problem vs none: F1 [bold]{problem.f1:.3f}[/], recall {problem.recall:.3f}, "
        f"precision {problem.precision:.3f} ({problem.support} messages with a problem)"
    )
    out.print(
        f"false alarms: {report.false_alarms} of {report.calm_messages} calm messages "
        f"([bold]{report.false_alarm_rate:.1%}[/])"
    )
    for mistake in report.mistakes:
        out.print(
            safe.text(
                f"  line {mistake['line']}: expected {mistake['expected']} got {mistake['got']}: "
                f"{safe.clean(mistake['text'])}"
            ),
        )


@app.command("ground")
def ground_command(
    ctx: typer.Context,
    minutes: float = typer.Option(
        2.0, "--minutes", min=0.1, max=30, help="How long to breathe along (default 2)."
    ),
) -> None:
    """A minute for you: a short checklist, then a paced slow-breathing guide.

    About six breaths a minute: in for four seconds, out for six. Ctrl-C ends it at any time.
    """
    from fireside.service.coach import grounding

    routine = grounding(state_of(ctx).existing_store(), minutes=minutes)
    out.print(Panel(routine.intro, title=routine.title, title_align="left", border_style="magenta"))
    for step in routine.steps:
        out.print(f"  • {step}")
    out.print()
    try:
        if sys.stdin.isatty():
            typer.prompt(
                "Press Enter when you're ready to breathe along", default="", show_default=False
            )
        _breathe(routine)
    except (KeyboardInterrupt, typer.Abort):
        out.print("\nThat's okay. Even a few slow breaths help. Take care of yourself.")
        return
    out.print(f"\n{routine.closing}")


def _breathe(routine: Routine, *, tick: float = 0.1) -> None:

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(bar_width=40),
        TextColumn("{task.fields[count]}"),
    )
    task = progress.add_task("", total=1.0, count="")
    with Live(progress, console=out, transient=False, refresh_per_second=20):
        for phase in routine.phases():
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
    out.print(f"{routine.breaths} slow breaths. Well done.")
