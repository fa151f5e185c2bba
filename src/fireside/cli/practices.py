"""`fireside practices` and `fireside practice`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import typer

from fireside.cli.app import app, out, state_of
from fireside.cli.render import practice_card, practices_table
from fireside.errors import InvalidValueError

if TYPE_CHECKING:
    from fireside.practices import Catalogue


def _catalogue(ctx: typer.Context) -> Catalogue:
    from fireside.practices import load_catalogue

    profile = state_of(ctx).store.profile_or_default()
    return load_catalogue(profile.partner_pronouns, profile.partner_name)


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
    catalogue = _catalogue(ctx)
    chosen = list(catalogue)
    if tag:
        wanted = tag.strip().lower()
        if wanted not in catalogue.tags:
            raise InvalidValueError("--tag", tag, ", ".join(catalogue.tags))
        chosen = [p for p in chosen if wanted in p.tags]
    if expert:
        person = catalogue.expert(expert)
        chosen = [p for p in chosen if p.expert == person]
    scores: dict[str, float] = {}
    if query and query.strip():
        from fireside.practices import search

        hits = search(catalogue, query)
        scores = {h.practice.id: h.score for h in hits}
        chosen = [h.practice for h in hits if h.practice in chosen]
    if as_json:
        rows = [
            {**p.as_json(), **({"score": round(scores[p.id], 3)} if scores else {})} for p in chosen
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not chosen:
        out.print("No practice matches that. Try fewer or other words, or drop a filter.")
        return
    title = f"{len(chosen)} practice{'s' if len(chosen) != 1 else ''}"
    if query:
        title += f' for "{query}", best first'
    out.print(practices_table(chosen, title=title))
    out.print("[dim]Show one with: fireside practice P08[/]")


@app.command("practice")
def practice_command(
    ctx: typer.Context,
    practice_id: str = typer.Argument(..., metavar="ID", help="A practice id such as P08."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a card."),
) -> None:
    """Show one practice in full: summary, what to try, what to avoid, and who said it."""
    practice = _catalogue(ctx).get(practice_id)
    if as_json:
        typer.echo(json.dumps(practice.as_json(), ensure_ascii=False, indent=2))
    else:
        out.print(practice_card(practice))
