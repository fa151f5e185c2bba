"""`fireside info`, `fireside export` and `fireside erase`: your data, in your hands."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer

from fireside import paths
from fireside.cli import safe
from fireside.cli.app import app, err, out, state_of
from fireside.wording import plural


@app.command("info")
def info_command(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Where fireside keeps your data, and what it holds."""
    from fireside.service.data import info

    facts = info(state_of(ctx).store)
    if as_json:
        typer.echo(safe.dumps(facts.as_json(), indent=2))
        return
    out.print(safe.text(f"fireside {facts.version}"))
    shared = paths.open_to_others(Path(facts.data_dir))
    who = "only you can read it" if shared is None else f"others can look into it: mode {shared}"
    out.print(safe.text(f"Data folder: {facts.data_dir}  ({who})"))
    out.print(safe.text(f"Database:    {facts.database}"))
    for name, count in facts.rows.items():
        out.print(safe.text(f"  {name}: {plural(count, 'row')}"))
    if facts.written_outside:
        out.print("Files fireside wrote outside its folder (charts, exports):")
        for path in facts.written_outside:
            out.print(safe.text(f"  {path}"))
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
    """Export everything fireside holds about you to one JSON file (readable only by you)."""
    from fireside.service.data import export_everything, write_export

    store = state_of(ctx).store
    if path is not None and str(path) == "-":
        typer.echo(export_everything(store).text(), nl=False)
        return
    target = path or Path(f"fireside-export-{datetime.now():%Y%m%d-%H%M%S}.json")
    export = write_export(store, target)
    out.print(
        safe.text(f"Exported {plural(export.rows, 'row')} to {target} (readable only by you).")
    )


@app.command("erase")
def erase_command(
    ctx: typer.Context,
    yes: bool = typer.Option(False, "--yes", help="Don't ask; erase straight away."),
) -> None:
    """Erase everything fireside holds about you. This cannot be undone."""
    from fireside.service.data import erase_everything

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
    erased = erase_everything(store)
    if not erased.left_behind:
        out.print(f"Erased {plural(erased.rows, 'row')}. fireside holds nothing about you now.")
        return
    out.print(
        f"Erased {plural(erased.rows, 'row')} from fireside's database. These files it wrote "
        "outside its folder are still there; delete them yourself if you want them gone:"
    )
    for left in erased.left_behind:
        out.print(f"  {left}", markup=False)
