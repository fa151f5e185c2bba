"""`fireside log`, `gesture`, `his-world`, `strength`, `reveal`, `checkin` and `balance`.

Each group adds by default (``fireside log "pottery" --minutes 90 --mine``) and lists when
given nothing; ``list``, ``edit ID`` and ``delete ID`` do what they say. Values are passed to
the service as typed, so a bad one is named with what it takes (exit code 4).
"""

from __future__ import annotations

import typer

from fireside.cli import journal_render as show
from fireside.cli.app import app, out, state_of
from fireside.cli.groups import EntryGroup
from fireside.errors import InvalidValueError

JSON = typer.Option(False, "--json", help="Print JSON.")
ON = "The day: 2026-11-30, today, yesterday, a weekday (mon … sun) or 3d ago (default today)."
SINCE = typer.Option(None, "--since", help="Only from this day on (a date, 7d ago, …).")
UNTIL = typer.Option(None, "--until", help="Only up to this day.")


def _group(name: str, help_text: str) -> typer.Typer:
    group = typer.Typer(cls=EntryGroup, help=help_text, no_args_is_help=False)
    app.add_typer(group, name=name)
    return group


def _side(mine: bool, together: bool, *, required: bool) -> str | None:
    if mine and together:
        raise InvalidValueError("side", "--mine --together", "one of --mine or --together")
    if not mine and not together:
        if required:
            raise InvalidValueError(
                "side", "", "--mine (your own time) or --together (time with your partner)"
            )
        return None
    return "mine" if mine else "together"


def _status(planned: bool, dropped: bool, done: bool = False) -> str | None:
    chosen = [
        name for name, flag in (("planned", planned), ("dropped", dropped), ("done", done)) if flag
    ]
    if len(chosen) > 1:
        raise InvalidValueError("status", " ".join(f"--{c}" for c in chosen), "one of them")
    return chosen[0] if chosen else None


# ---------------------------------------------------------------- log

log_app = _group(
    "log",
    "Your own time and time together: hobbies, friends, classes, self-care, dates. "
    "A life of your own keeps the fire going (P23 P26 P31).",
)


@log_app.command("add")
def log_add(
    ctx: typer.Context,
    title: str = typer.Argument(..., help='What it was, e.g. "pottery class".'),
    minutes: str = typer.Option(..., "--minutes", "-m", help="How long: 90, 45m, 1h, 1h30."),
    mine: bool = typer.Option(False, "--mine", help="Your own time."),
    together: bool = typer.Option(False, "--together", help="Time with your partner."),
    category: str | None = typer.Option(
        None,
        "--category",
        "-c",
        help="hobby, friends, family, class, sport, self-care, goal, date or other (default).",
    ),
    on: str | None = typer.Option(None, "--on", help=ON),
    planned: bool = typer.Option(False, "--planned", help="It's a plan, not done yet."),
    dropped: bool = typer.Option(False, "--dropped", help="A plan you dropped."),
    for_partner: bool = typer.Option(
        False, "--for-partner", help="With --dropped: dropped to be free for your partner."
    ),
    note: str | None = typer.Option(None, "--note", help="A note for yourself."),
    as_json: bool = JSON,
) -> None:
    """Log own time or time together (done, unless --planned or --dropped)."""
    from fireside.service.journal import add_activity

    answer = add_activity(
        state_of(ctx).store,
        title,
        minutes=minutes,
        side=_side(mine, together, required=True) or "",
        category=category,
        on=on,
        status=_status(planned, dropped),
        for_partner=for_partner,
        note=note,
    )
    show.emit(answer) if as_json else show.saved(answer, "Logged")


@log_app.command("list")
def log_list(
    ctx: typer.Context, since: str | None = SINCE, until: str | None = UNTIL, as_json: bool = JSON
) -> None:
    """Your logged time, oldest first."""
    from fireside.service.journal import list_activities, read_period

    store = state_of(ctx).existing_store()
    first, last = read_period(store, since, until)
    answer = list_activities(store, since=first, until=last)
    show.emit(answer) if as_json else show.listing(answer, empty="Nothing logged yet.")


@log_app.command("edit")
def log_edit(
    ctx: typer.Context,
    entry_id: str = typer.Argument(..., metavar="ID", help="The number `fireside log list` shows."),
    title: str | None = typer.Option(None, "--title", help="What it was."),
    minutes: str | None = typer.Option(None, "--minutes", "-m", help="How long."),
    mine: bool = typer.Option(False, "--mine", help="Your own time."),
    together: bool = typer.Option(False, "--together", help="Time with your partner."),
    category: str | None = typer.Option(None, "--category", "-c", help="The category."),
    on: str | None = typer.Option(None, "--on", help=ON),
    planned: bool = typer.Option(False, "--planned", help="Still a plan."),
    done: bool = typer.Option(False, "--done", help="Done (a plan kept)."),
    dropped: bool = typer.Option(False, "--dropped", help="Dropped."),
    for_partner: bool | None = typer.Option(
        None, "--for-partner/--not-for-partner", help="Dropped to be free for your partner, or not."
    ),
    note: str | None = typer.Option(None, "--note", help="A note for yourself."),
    as_json: bool = JSON,
) -> None:
    """Change a logged entry, e.g. `fireside log edit 3 --done`."""
    from fireside.service.journal import edit_activity

    answer = edit_activity(
        state_of(ctx).store,
        entry_id,
        title=title,
        minutes=minutes,
        side=_side(mine, together, required=False),
        category=category,
        on=on,
        status=_status(planned, dropped, done),
        for_partner=for_partner,
        note=note,
    )
    show.emit(answer) if as_json else show.saved(answer)


@log_app.command("delete")
def log_delete(
    ctx: typer.Context,
    entry_id: str = typer.Argument(..., metavar="ID", help="The number `fireside log list` shows."),
    as_json: bool = JSON,
) -> None:
    """Delete a logged entry."""
    from fireside.service.journal import delete_activity

    answer = delete_activity(state_of(ctx).store, entry_id)
    show.emit(answer) if as_json else show.deleted(answer)


# ---------------------------------------------------------------- gestures

gesture_app = _group(
    "gesture",
    "Kindness you showed: thanks, a compliment, a note, a favourite meal, a surprise, "
    "doing something he mentioned, saying a strength (P04 P09 P13 P22). Never a tally.",
)
GESTURE_KINDS = "thanks, compliment, note, favourite-meal, surprise, listened or strength"


@gesture_app.command("add")
def gesture_add(
    ctx: typer.Context,
    kind: str = typer.Argument(..., help=f"Which: {GESTURE_KINDS}."),
    note: str | None = typer.Argument(None, help="What it was, in a few words."),
    on: str | None = typer.Option(None, "--on", help=ON),
    about: str | None = typer.Option(
        None, "--about", help="The his-world entry you followed up (its number)."
    ),
    strength: str | None = typer.Option(
        None, "--strength", help="The strength you said out loud (its number)."
    ),
    as_json: bool = JSON,
) -> None:
    """Note a kindness, e.g. `fireside gesture thanks "for fixing my bike"`."""
    from fireside.service.journal import add_gesture

    answer = add_gesture(
        state_of(ctx).store, kind, on=on, note=note, about=about, strength=strength
    )
    show.emit(answer) if as_json else show.saved(answer, "Noted")


@gesture_app.command("list")
def gesture_list(
    ctx: typer.Context, since: str | None = SINCE, until: str | None = UNTIL, as_json: bool = JSON
) -> None:
    """Kindnesses you noted, oldest first."""
    from fireside.service.journal import list_gestures, read_period

    store = state_of(ctx).existing_store()
    first, last = read_period(store, since, until)
    answer = list_gestures(store, since=first, until=last)
    show.emit(answer) if as_json else show.listing(answer, empty="No gestures noted yet.")


@gesture_app.command("edit")
def gesture_edit(
    ctx: typer.Context,
    entry_id: str = typer.Argument(
        ..., metavar="ID", help="The number `fireside gesture list` shows."
    ),
    kind: str | None = typer.Option(None, "--kind", help=f"Which: {GESTURE_KINDS}."),
    note: str | None = typer.Option(None, "--note", help="What it was."),
    on: str | None = typer.Option(None, "--on", help=ON),
    about: str | None = typer.Option(None, "--about", help="A his-world entry's number, or none."),
    strength: str | None = typer.Option(None, "--strength", help="A strength's number, or none."),
    as_json: bool = JSON,
) -> None:
    """Change a gesture."""
    from fireside.service.journal import edit_gesture

    answer = edit_gesture(
        state_of(ctx).store, entry_id, kind=kind, note=note, on=on, about=about, strength=strength
    )
    show.emit(answer) if as_json else show.saved(answer)


@gesture_app.command("delete")
def gesture_delete(
    ctx: typer.Context,
    entry_id: str = typer.Argument(
        ..., metavar="ID", help="The number `fireside gesture list` shows."
    ),
    as_json: bool = JSON,
) -> None:
    """Delete a gesture."""
    from fireside.service.journal import delete_gesture

    answer = delete_gesture(state_of(ctx).store, entry_id)
    show.emit(answer) if as_json else show.deleted(answer)


# ---------------------------------------------------------------- his world

world_app = _group(
    "his-world",
    "Your partner's world: interests, things they like or said, dates that matter to them "
    "(an exam, a match). Asking about them later shows you listened (P09 P13 P35).",
)
WORLD_KINDS = "interest, like, said (default) or date"


@world_app.command("add")
def world_add(
    ctx: typer.Context,
    title: str = typer.Argument(..., help='What it is, e.g. "climbing" or "exam".'),
    kind: str | None = typer.Option(None, "--kind", help=f"Which: {WORLD_KINDS}."),
    on: str | None = typer.Option(None, "--on", help="When it came up. " + ON),
    due: str | None = typer.Option(
        None, "--due", help="For a date that matters: the day itself (makes it a date)."
    ),
    note: str | None = typer.Option(None, "--note", help="A note for yourself."),
    as_json: bool = JSON,
) -> None:
    """Note something from your partner's world, e.g. `fireside his-world exam --due fri`."""
    from fireside.service.journal import add_world_item

    answer = add_world_item(state_of(ctx).store, title, kind=kind, on=on, due=due, note=note)
    show.emit(answer) if as_json else show.saved(answer, "Noted")


@world_app.command("list")
def world_list(
    ctx: typer.Context, since: str | None = SINCE, until: str | None = UNTIL, as_json: bool = JSON
) -> None:
    """What you noted from your partner's world, oldest first."""
    from fireside.service.journal import list_world, read_period

    store = state_of(ctx).existing_store()
    first, last = read_period(store, since, until)
    answer = list_world(store, since=first, until=last)
    show.emit(answer) if as_json else show.listing(answer, empty="Nothing noted yet.")


@world_app.command("edit")
def world_edit(
    ctx: typer.Context,
    entry_id: str = typer.Argument(
        ..., metavar="ID", help="The number `fireside his-world list` shows."
    ),
    title: str | None = typer.Option(None, "--title", help="What it is."),
    kind: str | None = typer.Option(None, "--kind", help=f"Which: {WORLD_KINDS}."),
    on: str | None = typer.Option(None, "--on", help="When it came up."),
    due: str | None = typer.Option(None, "--due", help="The day itself, or none."),
    followed_up: str | None = typer.Option(
        None, "--followed-up", help="When you asked about it or acted on it (today, a date, none)."
    ),
    note: str | None = typer.Option(None, "--note", help="A note for yourself."),
    as_json: bool = JSON,
) -> None:
    """Change an entry, e.g. `fireside his-world edit 2 --followed-up today`."""
    from fireside.service.journal import edit_world_item

    answer = edit_world_item(
        state_of(ctx).store,
        entry_id,
        title=title,
        kind=kind,
        on=on,
        due=due,
        followed_up=followed_up,
        note=note,
    )
    show.emit(answer) if as_json else show.saved(answer)


@world_app.command("delete")
def world_delete(
    ctx: typer.Context,
    entry_id: str = typer.Argument(
        ..., metavar="ID", help="The number `fireside his-world list` shows."
    ),
    as_json: bool = JSON,
) -> None:
    """Delete an entry (gestures about it stay, about nothing)."""
    from fireside.service.journal import delete_world_item

    answer = delete_world_item(state_of(ctx).store, entry_id)
    show.emit(answer) if as_json else show.deleted(answer)


# ---------------------------------------------------------------- strengths

strength_app = _group(
    "strength",
    "Your partner's strengths, to say out loud now and then (P04 P22).",
)


@strength_app.command("add")
def strength_add(
    ctx: typer.Context,
    title: str = typer.Argument(..., help='The strength, e.g. "patient with my family".'),
    on: str | None = typer.Option(None, "--on", help=ON),
    note: str | None = typer.Option(None, "--note", help="A note for yourself."),
    as_json: bool = JSON,
) -> None:
    """Note one of your partner's strengths."""
    from fireside.service.journal import add_strength

    answer = add_strength(state_of(ctx).store, title, on=on, note=note)
    show.emit(answer) if as_json else show.saved(answer, "Noted")


@strength_app.command("list")
def strength_list(ctx: typer.Context, as_json: bool = JSON) -> None:
    """The strengths you noted and when you last said each."""
    from fireside.service.journal import list_strengths

    answer = list_strengths(state_of(ctx).existing_store())
    show.emit(answer) if as_json else show.listing(answer, empty="No strengths noted yet.")


@strength_app.command("said")
def strength_said(
    ctx: typer.Context,
    entry_id: str = typer.Argument(
        ..., metavar="ID", help="The number `fireside strength list` shows."
    ),
    on: str | None = typer.Option(None, "--on", help=ON),
    note: str | None = typer.Option(None, "--note", help="How you said it."),
    as_json: bool = JSON,
) -> None:
    """You said this strength out loud (noted as a gesture too)."""
    from fireside.service.journal import say_strength

    answer = say_strength(state_of(ctx).store, entry_id, on=on, note=note)
    show.emit(answer) if as_json else show.saved(answer, "Noted")


@strength_app.command("edit")
def strength_edit(
    ctx: typer.Context,
    entry_id: str = typer.Argument(
        ..., metavar="ID", help="The number `fireside strength list` shows."
    ),
    title: str | None = typer.Option(None, "--title", help="The strength."),
    on: str | None = typer.Option(None, "--on", help="When you noted it."),
    last_said: str | None = typer.Option(
        None, "--last-said", help="When you last said it, or none."
    ),
    note: str | None = typer.Option(None, "--note", help="A note for yourself."),
    as_json: bool = JSON,
) -> None:
    """Change a strength."""
    from fireside.service.journal import edit_strength

    answer = edit_strength(
        state_of(ctx).store, entry_id, title=title, on=on, last_said=last_said, note=note
    )
    show.emit(answer) if as_json else show.saved(answer)


@strength_app.command("delete")
def strength_delete(
    ctx: typer.Context,
    entry_id: str = typer.Argument(
        ..., metavar="ID", help="The number `fireside strength list` shows."
    ),
    as_json: bool = JSON,
) -> None:
    """Delete a strength."""
    from fireside.service.journal import delete_strength

    answer = delete_strength(state_of(ctx).store, entry_id)
    show.emit(answer) if as_json else show.deleted(answer)


# ---------------------------------------------------------------- reveals

reveal_app = _group(
    "reveal",
    "Your story bank: delightful parts of you to share over time, and essentials to share "
    "early, never kept as a mystery (P19 P01 P28 P29).",
)


@reveal_app.command("add")
def reveal_add(
    ctx: typer.Context,
    title: str = typer.Argument(..., help='What it is, e.g. "I danced ballet for ten years".'),
    essential: bool = typer.Option(
        False, "--essential", help="Something your partner has a right to know (shared early)."
    ),
    on: str | None = typer.Option(None, "--on", help=ON),
    note: str | None = typer.Option(None, "--note", help="A note for yourself."),
    as_json: bool = JSON,
) -> None:
    """Add to your story bank."""
    from fireside.service.journal import add_reveal

    answer = add_reveal(state_of(ctx).store, title, essential=essential, on=on, note=note)
    show.emit(answer) if as_json else show.saved(answer)


@reveal_app.command("list")
def reveal_list(ctx: typer.Context, as_json: bool = JSON) -> None:
    """Your story bank: essentials not yet shared first."""
    from fireside.service.journal import list_reveals

    answer = list_reveals(state_of(ctx).existing_store())
    show.emit(answer) if as_json else show.listing(answer, empty="Your story bank is empty.")


@reveal_app.command("shared")
def reveal_shared(
    ctx: typer.Context,
    entry_id: str = typer.Argument(
        ..., metavar="ID", help="The number `fireside reveal list` shows."
    ),
    on: str | None = typer.Option(None, "--on", help=ON),
    as_json: bool = JSON,
) -> None:
    """You shared it."""
    from fireside.service.journal import edit_reveal

    answer = edit_reveal(state_of(ctx).store, entry_id, shared=on or "today")
    show.emit(answer) if as_json else show.saved(answer)


@reveal_app.command("edit")
def reveal_edit(
    ctx: typer.Context,
    entry_id: str = typer.Argument(
        ..., metavar="ID", help="The number `fireside reveal list` shows."
    ),
    title: str | None = typer.Option(None, "--title", help="What it is."),
    essential: bool | None = typer.Option(
        None, "--essential/--delightful", help="An essential, or a delight to share over time."
    ),
    shared: str | None = typer.Option(None, "--shared", help="When you shared it, or none."),
    on: str | None = typer.Option(None, "--on", help="When you wrote it down."),
    note: str | None = typer.Option(None, "--note", help="A note for yourself."),
    as_json: bool = JSON,
) -> None:
    """Change a reveal."""
    from fireside.service.journal import edit_reveal

    answer = edit_reveal(
        state_of(ctx).store,
        entry_id,
        title=title,
        essential=essential,
        shared=shared,
        on=on,
        note=note,
    )
    show.emit(answer) if as_json else show.saved(answer)


@reveal_app.command("delete")
def reveal_delete(
    ctx: typer.Context,
    entry_id: str = typer.Argument(
        ..., metavar="ID", help="The number `fireside reveal list` shows."
    ),
    as_json: bool = JSON,
) -> None:
    """Delete a reveal."""
    from fireside.service.journal import delete_reveal

    answer = delete_reveal(state_of(ctx).store, entry_id)
    show.emit(answer) if as_json else show.deleted(answer)


# ---------------------------------------------------------------- check-ins

checkin_app = _group(
    "checkin",
    "A quick check-in: how you are, how your partner seems, how connected you feel (P36 P06).",
)
HE_SEEMS = "overwhelmed, stressed, lonely, distant, steady, close or dont-know"


@checkin_app.command("add")
def checkin_add(
    ctx: typer.Context,
    mood: str = typer.Option(..., "--mood", help="Your mood: 0 low … 4 very good."),
    anxious: str | None = typer.Option(
        None, "--anxious", help="How anxious or activated you are: 0 calm … 4 very."
    ),
    he_seems: str | None = typer.Option(
        None, "--he-seems", help=f"How your partner seems: {HE_SEEMS}."
    ),
    connection: str | None = typer.Option(
        None, "--connection", help="How connected you feel: 0 far apart … 4 very close."
    ),
    note: str | None = typer.Option(None, "--note", help="A note for yourself."),
    at: str | None = typer.Option(
        None, "--at", help="When (default now), e.g. 18:30 or yesterday 21:00."
    ),
    as_json: bool = JSON,
) -> None:
    """Check in, e.g. `fireside checkin --mood 3 --he-seems stressed`."""
    from fireside.service.journal import checkin

    answer = checkin(
        state_of(ctx).store,
        mood=mood,
        anxious=anxious,
        he_seems=he_seems,
        connection=connection,
        note=note,
        at=at,
    )
    show.emit(answer) if as_json else show.saved(answer)


@checkin_app.command("list")
def checkin_list(
    ctx: typer.Context, since: str | None = SINCE, until: str | None = UNTIL, as_json: bool = JSON
) -> None:
    """Your check-ins, oldest first."""
    from fireside.service.journal import list_checkins, read_period

    store = state_of(ctx).existing_store()
    first, last = read_period(store, since, until)
    answer = list_checkins(store, since=first, until=last)
    show.emit(answer) if as_json else show.listing(answer, empty="No check-ins yet.")


@checkin_app.command("edit")
def checkin_edit(
    ctx: typer.Context,
    entry_id: str = typer.Argument(
        ..., metavar="ID", help="The number `fireside checkin list` shows."
    ),
    mood: str | None = typer.Option(None, "--mood", help="0 … 4."),
    anxious: str | None = typer.Option(None, "--anxious", help="0 … 4."),
    he_seems: str | None = typer.Option(None, "--he-seems", help=HE_SEEMS + "."),
    connection: str | None = typer.Option(None, "--connection", help="0 … 4."),
    note: str | None = typer.Option(None, "--note", help="A note for yourself."),
    at: str | None = typer.Option(None, "--at", help="When."),
    as_json: bool = JSON,
) -> None:
    """Change a check-in."""
    from fireside.service.journal import edit_checkin

    answer = edit_checkin(
        state_of(ctx).store,
        entry_id,
        mood=mood,
        anxious=anxious,
        he_seems=he_seems,
        connection=connection,
        note=note,
        at=at,
    )
    show.emit(answer) if as_json else show.saved(answer)


@checkin_app.command("delete")
def checkin_delete(
    ctx: typer.Context,
    entry_id: str = typer.Argument(
        ..., metavar="ID", help="The number `fireside checkin list` shows."
    ),
    as_json: bool = JSON,
) -> None:
    """Delete a check-in."""
    from fireside.service.journal import delete_checkin

    answer = delete_checkin(state_of(ctx).store, entry_id)
    show.emit(answer) if as_json else show.deleted(answer)


# ---------------------------------------------------------------- the balance


@app.command("balance")
def balance_command(
    ctx: typer.Context,
    since: str | None = typer.Option(
        None, "--since", help="From this day (default: four weeks before --until)."
    ),
    until: str | None = typer.Option(None, "--until", help="Up to this day (default today)."),
    as_json: bool = JSON,
) -> None:
    """Your own time and time together, plans kept, variety, kindness and what's worth
    sharing: a mirror from your journal, never a score."""
    from fireside.service.journal import journal_balance

    answer = journal_balance(state_of(ctx).existing_store(), since=since, until=until)
    if as_json:
        show.emit(answer)
        return
    out.print(f"[bold]Your balance[/] {answer.since:%-d %b} – {answer.until:%-d %b %Y}")
    show.notes(answer.sentences)
    out.print(f"[dim]{answer.heuristic}[/]", soft_wrap=True)
