"""`fireside practices` and `fireside practice`."""

from __future__ import annotations

import typer

from fireside.cli import safe
from fireside.cli.app import app, out, state_of
from fireside.cli.render import practice_card, practices_table


@app.command("practices")
def practices_command(
    ctx: typer.Context,
    query: str | None = typer.Argument(
        None, help='Words to search for, e.g. "jealous" or "text him". Best matches come first.'
    ),
    tag: str | None = typer.Option(None, "--tag", "-t", help="Only practices with this tag."),
    expert: str | None = typer.Option(
        None, "--expert", "-e", help="Only practices from this expert (any part of the name)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List the practices, or search them.

    Every practice comes from one of the experts in the two seed articles and is written in
    fireside's own words.
    """
    from fireside.service.practices import find_practices

    found = find_practices(state_of(ctx).existing_store(), query, tag=tag, expert=expert)
    chosen = found.practices
    if as_json:
        typer.echo(safe.dumps(found.as_json(), indent=2))
        return
    if not chosen:
        out.print("No practice matches that. Try fewer or other words, or drop a filter.")
        return
    title = f"{len(chosen)} practice{'s' if len(chosen) != 1 else ''}"
    if query:
        title += f' for "{safe.clean(query)}", best first'
    out.print(practices_table(list(chosen), title=title))
    out.print("[dim]Show one with: fireside practice P08[/]")


@app.command("practice")
def practice_command(
    ctx: typer.Context,
    practice_id: str = typer.Argument(..., metavar="ID", help="A practice id such as P08."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a card."),
) -> None:
    """Show one practice in full: summary, what to try, what to avoid, and who said it."""
    from fireside.service.practices import show_practice

    practice = show_practice(state_of(ctx).existing_store(), practice_id)
    if as_json:
        typer.echo(safe.dumps(practice.as_json(), indent=2))
    else:
        out.print(practice_card(practice))
