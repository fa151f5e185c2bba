"""Import a chat export into the store: roles, privacy, dedupe, one transaction, a report.

Importers only parse (fireside.importers); everything that touches the store happens here,
once, for every format: ``roles`` decides who is who, ``keys`` makes the dedupe key,
``saving`` writes one transaction, ``ledger`` lists and forgets imports.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl

from fireside.importers import ImportError_, Parsed, ParseOptions, open_export
from fireside.importers.columns import with_counts
from fireside.importers.model import Progress
from fireside.importers.options import options_from_flags
from fireside.ingest.keys import Numbering
from fireside.ingest.ledger import ImportRow, forget_import, list_imports
from fireside.ingest.report import MAX_PROBLEMS_KEPT, ImportReport
from fireside.ingest.roles import Chooser, RoleError, assign_roles
from fireside.ingest.saving import (
    STAGED_COLUMNS,
    Stage,
    Stats,
    open_stage,
    stage_leftovers_removed,
)
from fireside.ingest_types import Who
from fireside.profile import Profile
from fireside.store import Store


def parse_options(
    profile: Profile,
    *,
    tz: str | None = None,
    date_order: str | None = None,
    chat: str | None = None,
    encoding: str = "utf-8",
) -> ParseOptions:
    """Reading options from the flags, with the profile's time zone as the default."""
    return options_from_flags(
        tz=tz or profile.timezone, date_order=date_order, chat=chat, encoding=encoding
    )


MAX_SENDERS = 5000  # different senders in one chat; more is not one conversation


def import_chat(
    store: Store,
    path: Path,
    *,
    format: str = "auto",
    me: Sequence[str] | None = None,
    partner: str | None = None,
    chat: str | None = None,
    tz: str | None = None,
    date_order: str | None = None,
    keep_partner_text: bool | None = None,
    encoding: str = "utf-8",
    progress: Progress | None = None,
    choose: Chooser | None = None,
    saving: Callable[[], None] | None = None,
) -> ImportReport:
    """Import one export file. All or nothing: one transaction.

    The file is read as a stream: each frame of messages gets its side, its privacy and its
    key and goes to a stage (see ``saving``), so memory stays bounded whatever the size.
    Who is who is settled from the names given while reading; once every sender is known,
    ``assign_roles`` decides. When that differs only in a side's name (the one other person
    of a two-person chat is the partner), the staged rows are renamed; when it would keep
    text that was not kept, the file is read a second time.

    ``progress`` hears how many bytes have been read; ``saving`` is called once reading is
    done and the messages are being stored.
    """
    profile = store.profile_or_default()
    # An export of many chats (Telegram account, SMS backup) picks one by --chat, else by the
    # partner's name.
    options = parse_options(
        profile,
        tz=tz,
        date_order=date_order,
        chat=chat or partner or profile.partner_name,
        encoding=encoding,
    )
    parsed = open_export(path, options, format=format, progress=progress)
    me_names = list(me) if me else list(profile.my_names)
    if parsed.self_sender:
        me_names.append(parsed.self_sender)
    partner_name = partner or profile.partner_name
    keep = profile.keep_partner_text if keep_partner_text is None else keep_partner_text
    mine = {n.casefold() for n in me_names}

    def by_name(sender: str) -> str:
        if sender.casefold() in mine:
            return "me"
        if partner_name and sender.casefold() == partner_name.casefold():
            return "partner"
        return "other"

    with stage_leftovers_removed(store):
        stage = open_stage(store)
        try:
            read = _stage_all(parsed, stage, by_name, keep)
            report = ImportReport(format=parsed.format, file=str(path))
            if read.stats.rows == 0:
                raise ImportError_(
                    f"{path}: no messages found ({parsed.unreadable} unreadable lines).",
                    hint="Check that this is the export file; `fireside parse FILE` shows what is read.",
                )
            participants = sorted(read.senders, key=lambda s: -read.senders[s])
            roles = assign_roles(
                participants,
                me_names=me_names,
                partner=partner_name,
                partner_given=partner is not None,
                choose=choose,
            )
            renames = _renames(read.roles, roles, keep)
            if renames is None:  # text would be kept that was not: read the file again
                stage.clear()
                parsed = open_export(path, options, format=format, progress=progress)
                read = _stage_all(parsed, stage, lambda sender: roles.get(sender, "other"), keep)
            elif renames:
                stage.relabel(renames)
                read.stats.relabel(renames)
            report.participants = participants
            report.system_lines = parsed.system_lines
            report.problems = parsed.problems[:MAX_PROBLEMS_KEPT]
            report.unreadable = parsed.unreadable
            report.kept_partner_text = keep
            report.messages = read.stats.rows
            if saving is not None:
                saving()
            stage.save(path, parsed.format, report, keep, read.stats)
        finally:
            stage.close()
    return report


def _kept(role: str, keep: bool) -> bool:
    return role == "me" or (role == "partner" and keep)


def _renames(staged: dict[str, str], final: dict[str, str], keep: bool) -> dict[str, str] | None:
    """How the staged sides become the final ones by renaming, or None if they can't.

    Renaming works when the senders fall into the same groups (so every number within a
    side and time stays right) and no sender's text would now be kept that was not.
    """
    renames: dict[str, str] = {}
    for sender, role in staged.items():
        new = final.get(sender, "other")
        if renames.setdefault(role, new) != new or (_kept(new, keep) and not _kept(role, keep)):
            return None
    if len(set(renames.values())) != len(renames):  # two sides would merge into one
        return None
    if any(_kept(role, keep) and not _kept(renames[role], keep) for role in renames):
        return None  # text was staged that must not be stored: start again, clean
    return {old: new for old, new in renames.items() if old != new}


class _Read:
    def __init__(self) -> None:
        self.senders: dict[str, int] = {}
        self.roles: dict[str, str] = {}
        self.stats = Stats()


def _stage_all(parsed: Parsed, stage: Stage, role_of: Callable[[str], str], keep: bool) -> _Read:
    """Every frame of ``parsed`` settled (side, privacy, key) and staged; what was seen."""
    read = _Read()
    numbering = Numbering(stage.staged_counts)
    for frame in parsed.frames:
        for sender, count in frame.group_by("sender").len().iter_rows():
            if sender not in read.senders:
                if len(read.senders) >= MAX_SENDERS:
                    raise ImportError_(
                        f"{parsed.format}: more than {MAX_SENDERS:,} different senders; "
                        "this does not look like one conversation.",
                        hint="Check the file and the --format; nothing was imported.",
                    )
                read.roles[sender] = role_of(sender)
            read.senders[sender] = read.senders.get(sender, 0) + int(count)
        rows = (
            with_counts(frame)
            .with_columns(role=pl.col("sender").replace_strict(read.roles, return_dtype=pl.String))
            .collect()
        )
        del frame
        stored_text = (
            pl.when((pl.col("role") == "me") | ((pl.col("role") == "partner") & pl.lit(keep)))
            .then(pl.col("text"))
            .otherwise(None)
        )
        rows = rows.with_columns(
            numbering.numbers(rows.get_column("ts"), rows.get_column("role")), text=stored_text
        )
        table = rows.select(
            pl.col("ts").dt.epoch("ms").alias("ts"), *[c for c in STAGED_COLUMNS if c != "ts"]
        )
        del rows
        stage.append(table)
        read.stats.add(table)
    return read


__all__ = [
    "Chooser",
    "ImportReport",
    "ImportRow",
    "Numbering",
    "RoleError",
    "Who",
    "assign_roles",
    "forget_import",
    "import_chat",
    "list_imports",
    "parse_options",
]
