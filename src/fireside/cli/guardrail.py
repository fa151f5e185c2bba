"""`fireside intention`: the guardrail for what you are thinking of doing."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING

import typer
from rich.panel import Panel
from rich.text import Text

from fireside.cli.app import app, err, out, state_of
from fireside.errors import ExitCode, FiresideError

if TYPE_CHECKING:
    from fireside.planner.guardrail import Intention
    from fireside.service.base import Store


@app.command("intention")
def intention_command(
    ctx: typer.Context,
    text: str | None = typer.Argument(
        None, help='What you are thinking of doing, in quotes; "-" reads it from standard input.'
    ),
    jsonl: Path | None = typer.Option(
        None,
        "--jsonl",
        help='Read many: a JSON-lines file (or "-" for standard input) with a "text" field per '
        "line. Writes one JSON result per line, in order.",
        allow_dash=True,
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """What are you thinking of doing? An honest word if it is a game, never a tactic.

    Plans about your own life and your own feelings are yours: fireside only speaks up
    when a plan is meant to make your partner feel or do something (jealousy, silence as
    punishment, tests, playing hard to get, ...), and then says why and what to try instead.
    """
    store = state_of(ctx).existing_store()
    if jsonl is not None:
        if text is not None:
            raise FiresideError(
                "Give either an intention or --jsonl, not both.", hint="See --help."
            )
        _read_many(store, jsonl)
        return
    if text is None:
        raise FiresideError(
            "No intention to read.",
            hint="Try: fireside intention \"I'll wait an hour before replying so I don't seem eager\"",
        )
    from fireside.service.guardrail import read_intention

    reading = read_intention(sys.stdin.read() if text == "-" else text, store)
    if as_json:
        typer.echo(json.dumps(reading.as_json(), ensure_ascii=False, indent=2))
    else:
        _show(reading)


def _read_many(store: Store | None, source: Path) -> None:
    from fireside.service.guardrail import read_lines

    from_stdin = str(source) == "-"
    name = "standard input" if from_stdin else str(source)
    bad = 0
    if from_stdin and hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="surrogateescape")  # a bad byte is a bad line, not a crash
    with contextlib.nullcontext(sys.stdin) if from_stdin else _open(source) as handle:
        for line in read_lines(handle, store):
            if line.problem is not None:
                bad += 1
                err.print(
                    f"{name}: line {line.number}: {line.problem}", soft_wrap=True, markup=False
                )
                continue
            sys.stdout.write(json.dumps(line.as_json(), ensure_ascii=False) + "\n")
    sys.stdout.flush()
    if bad:
        err.print(f"{bad} line{'s' if bad != 1 else ''} could not be read (see above).")
        raise typer.Exit(int(ExitCode.INVALID_INPUT))


def _open(path: Path) -> IO[str]:
    try:
        return path.open(encoding="utf-8", errors="surrogateescape")
    except (OSError, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise FiresideError(f"Could not read {path}: {reason}.", hint="Check the path.") from exc


def _show(reading: Intention) -> None:
    if not reading.is_game:
        out.print(Text("This sounds like your own plan.", style="bold green"))
        out.print(reading.why)
        return
    from fireside.service.guardrail import tactic_label

    body = Text()
    body.append(reading.why + "\n\n")
    body.append("Instead: ", style="bold cyan")
    body.append(reading.instead or "")
    out.print(
        Panel(
            body,
            title=f"This reads as {tactic_label(reading.tactic)}",
            title_align="left",
            border_style="yellow",
        )
    )
    out.print(Text("Practices: " + " ".join(reading.practices), style="dim"))
    out.print(
        Text(
            "A reading of your words, not a judgement of you. `fireside practice P18` has more.",
            style="dim",
        )
    )
