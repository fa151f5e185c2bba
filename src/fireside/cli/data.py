"""`fireside info`, `fireside export` and `fireside erase`: your data, in your hands."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import typer

from fireside import __version__, paths
from fireside.cli.app import app, err, out, state_of
from fireside.errors import FiresideError

EXPORT_FORMAT = 1


@app.command("info")
def info_command(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Where fireside keeps your data, and what it holds."""
    store = state_of(ctx).store
    counts = {name: len(rows) for name, rows in store.export_all().items()}
    data = {
        "version": __version__,
        "data_dir": str(paths.data_dir()),
        "database": store.url,
        "rows": counts,
    }
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    out.print(f"fireside {__version__}")
    out.print(f"Data folder: {data['data_dir']}  (only you can read it)")
    out.print(f"Database:    {data['database']}")
    for name, count in counts.items():
        out.print(f"  {name}: {count} row{'s' if count != 1 else ''}")
    out.print(
        "[dim]Nothing leaves this machine. `fireside export` and `fireside erase` are yours.[/]"
    )


@app.command("export")
def export_command(
    ctx: typer.Context,
    path: Path | None = typer.Argument(
        None,
        help="Where to write the JSON file, or - for standard output "
        "(default: fireside-export-DATE.json in the current folder).",
    ),
) -> None:
    """Export everything fireside holds about you to one JSON file."""
    tables = state_of(ctx).store.export_all()
    document = {
        "format": EXPORT_FORMAT,
        "fireside_version": __version__,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": tables,
    }
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if path is not None and str(path) == "-":
        typer.echo(text, nl=False)
        return
    target = path or Path(f"fireside-export-{datetime.now():%Y%m%d-%H%M%S}.json")
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise FiresideError(
            f"Could not write {target}: {exc.strerror}.", hint="Choose another path."
        ) from exc
    rows = sum(len(r) for r in tables.values())
    out.print(f"Exported {rows} row{'s' if rows != 1 else ''} to {target} (readable only by you).")


@app.command("erase")
def erase_command(
    ctx: typer.Context,
    yes: bool = typer.Option(False, "--yes", help="Don't ask; erase straight away."),
) -> None:
    """Erase everything fireside holds about you. This cannot be undone."""
    store = state_of(ctx).store
    if not yes:
        err.print(
            "This erases your profile and everything else fireside stores about you. "
            "Consider `fireside export` first."
        )
        answer = typer.prompt('Type "erase" to confirm', default="", show_default=False)
        if answer.strip().lower() != "erase":
            out.print("Nothing was erased.")
            raise typer.Exit(1)
    from fireside.store.staging import sweep

    counts = store.erase_all()
    sweep(paths.data_dir())  # what a killed import may have left
    total = sum(counts.values())
    out.print(
        f"Erased {total} row{'s' if total != 1 else ''}. fireside holds nothing about you now."
    )
