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
from fireside.wording import plural


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
    from fireside.service import base, coach, practices
    from fireside.service import profile as profiles
    from fireside.service.demo import sample_drafts, sample_profile, write_sample_export

    out.print(Rule("[bold]fireside[/] — a private coach for healthy space"))
    out.print(
        "This tour runs on sample data in a throwaway folder; your own data is not touched.\n"
    )
    url = f"sqlite:///{home}/demo.db"
    with base.open_store(url) as store:
        profile = profiles.save_profile(store, sample_profile())
        catalogue = practices.catalogue(store)
    out.print(profile_table(profile, title="1. The sample profile: Maya, and her partner Sam"))

    per_expert = Counter(p.expert.name for p in catalogue)
    out.print(Rule("2. The practice library"))
    out.print(
        f"{len(catalogue)} practices from {len(per_expert)} experts, in fireside's own words: "
        + ", ".join(f"{name} ({n})" for name, n in per_expert.items())
        + "."
    )
    for query in ("text him", "jealous"):
        with base.open_store(url) as store:
            hits = list(practices.find_practices(store, query).practices[:3])
        out.print(practices_table(hits, title=f'Searching "{query}": the top three'))
    with base.open_store(url) as store:
        out.print(practice_card(practices.show_practice(store, "P08")))

    out.print(Rule("3. The message coach, on drafts Maya might send"))
    drafts = sample_drafts()
    with base.open_store(url) as store:
        results = [
            (text, coach.check_draft(store, text, at=at, profile=profile)) for text, at in drafts
        ]
    for text, result in results:
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
    from fireside.service import chats, rhythm  # load Polars: only when the tour gets here

    export = Path(home) / "WhatsApp Chat with Sam.txt"
    write_sample_export(export)
    with base.open_store(url) as store:
        report = chats.import_export(store, export, tz=profile.timezone)
    out.print(
        f"Read {report.messages:,} messages ({report.first[:10] if report.first else ''} to "
        f"{report.last[:10] if report.last else ''}): "
        + ", ".join(f"{role} {count:,}" for role, count in sorted(report.by_role.items()))
        + f". {plural(report.system_lines, 'system notice')} left out; Sam's words were not stored."
    )
    out.print(Rule("5. The rhythm of that chat, and a reading of it"))
    with base.open_store(url) as store:
        space = rhythm.space_reading(store)
    metrics, reading = space.metrics, space.reading
    out.print(
        f"{plural(metrics.conversations, 'conversation')}; Maya started {metrics.initiations['me']}, "
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
