"""`fireside demo`: a short tour on sample data, in a throwaway folder."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path

import typer
from rich.rule import Rule
from rich.text import Text

from fireside.cli.app import app, out
from fireside.cli.render import practice_card, practices_table, profile_table


@app.command("demo")
def demo_command() -> None:
    """A short tour of what fireside does, on sample data. Your own data is not touched."""
    with tempfile.TemporaryDirectory(prefix="fireside-demo-") as home:
        os.environ["FIRESIDE_HOME"] = home
        try:
            _tour(home)
        finally:
            os.environ.pop("FIRESIDE_HOME", None)


def _tour(home: str) -> None:
    from fireside.coach import check_message
    from fireside.practices import load_catalogue, search
    from fireside.samples import sample_drafts, sample_profile
    from fireside.samples.whatsapp_export import write_file
    from fireside.store import open_store

    out.print(Rule("[bold]fireside[/] — a private coach for healthy space"))
    out.print(
        "This tour runs on sample data in a throwaway folder; your own data is not touched.\n"
    )
    with open_store(f"sqlite:///{home}/demo.db") as store:
        store.save_profile(sample_profile())
        profile = store.profile_or_default()
    out.print(profile_table(profile, title="1. The sample profile: Maya, and her partner Sam"))

    catalogue = load_catalogue(profile.partner_pronouns, profile.partner_name)
    per_expert = Counter(p.expert.name for p in catalogue)
    out.print(Rule("2. The practice library"))
    out.print(
        f"{len(catalogue)} practices from {len(per_expert)} experts, in fireside's own words: "
        + ", ".join(f"{name} ({n})" for name, n in per_expert.items())
        + "."
    )
    for query in ("text him", "jealous"):
        hits = [h.practice for h in search(catalogue, query, limit=3)]
        out.print(practices_table(hits, title=f'Searching "{query}": the top three'))
    out.print(practice_card(catalogue.get("P08")))

    out.print(Rule("3. The message coach, on drafts Maya might send"))
    for text, at in sample_drafts():
        result = check_message(text, at=at, profile=profile)
        out.print(Text(f"“{text}”", style="bold"))
        labels = ", ".join(dict.fromkeys(f.label for f in result.findings)) or "nothing to change"
        good = ", ".join(sorted({s.label for s in result.strengths}))
        out.print(
            f"  {result.verdict.value}: {labels}" + (f"  (already good: {good})" if good else "")
        )
        if result.suggested_rewrite:
            out.print(Text(f"  → {result.suggested_rewrite}", style="cyan"))
        for note in result.notes:
            out.print(Text(f"  • {note.message}", style="dim"))
    out.print(Rule("4. Importing a chat (a sample WhatsApp export of Maya and Sam)"))
    from fireside.ingest import import_chat  # loads Polars: only when the tour gets here

    export = Path(home) / "WhatsApp Chat with Sam.txt"
    write_file(export, 6_000, "android-en-gb")
    with open_store(f"sqlite:///{home}/demo.db") as store:
        report = import_chat(store, export, tz=profile.timezone)
    out.print(
        f"Read {report.messages:,} messages ({report.first[:10] if report.first else ''} to "
        f"{report.last[:10] if report.last else ''}): "
        + ", ".join(f"{role} {count:,}" for role, count in sorted(report.by_role.items()))
        + f". {report.system_lines} system notice left out; Sam's words were not stored."
    )
    out.print(Rule("5. The rhythm of that chat, and a reading of it"))
    from fireside.rhythm import Settings
    from fireside.rhythm.readings import read
    from fireside.store.messages import load_messages

    with open_store(f"sqlite:///{home}/demo.db") as store, store.engine.connect() as connection:
        messages = load_messages(connection, store.owner_id)
    metrics, reading = read(
        messages,
        Settings(tz=profile.zone),
        pronouns=profile.partner_pronouns,
        partner=profile.partner_name,
    )
    out.print(
        f"{metrics.conversations} conversations; Maya started {metrics.initiations['me']}, "
        f"Sam {metrics.initiations['partner']}. Space: {reading.space.replace('_', ' ')}; "
        f"reciprocity: {reading.reciprocity.replace('_', ' ')}."
    )
    out.print(Text(reading.summary, style="cyan"))
    out.print(Text(reading.heuristic, style="dim"))
    out.print(Rule())
    out.print(
        "Next: [bold]fireside init[/] to set up your own profile, "
        '[bold]fireside check "your draft"[/] before you send, '
        "[bold]fireside --help[/] for everything."
    )
    typer.echo()
