"""Import a chat export into the store: roles, privacy, dedupe, one transaction, a report.

Importers only parse (fireside.importers); everything that touches the store happens here,
once, for every format: ``roles`` decides who is who, ``keys`` makes the dedupe key,
``saving`` writes one transaction, ``ledger`` lists and forgets imports.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl

from fireside.importers import FRAME_SCHEMA, ImportError_, ParseOptions, open_export
from fireside.importers.columns import with_counts
from fireside.importers.model import Progress
from fireside.importers.options import options_from_flags
from fireside.ingest.keys import content_hashes
from fireside.ingest.ledger import ImportRow, forget_import, list_imports
from fireside.ingest.report import MAX_PROBLEMS_KEPT, ImportReport
from fireside.ingest.roles import Chooser, RoleError, assign_roles
from fireside.ingest.saving import save
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
    frames = list(parsed.frames)
    frame = pl.concat(frames) if frames else pl.DataFrame(schema=FRAME_SCHEMA)
    del frames  # (each big intermediate is let go as soon as it is used: a chat is large)
    report = ImportReport(format=parsed.format, file=str(path), system_lines=parsed.system_lines)
    report.problems = parsed.problems[:MAX_PROBLEMS_KEPT]
    report.unreadable = parsed.unreadable
    if frame.height == 0:
        raise ImportError_(
            f"{path}: no messages found ({parsed.unreadable} unreadable lines).",
            hint="Check that this is the export file; `fireside parse FILE` shows what is read.",
        )
    counts = frame.group_by("sender").len().sort("len", descending=True)
    participants = counts.get_column("sender").to_list()
    report.participants = participants
    me_names = list(me) if me else list(profile.my_names)
    if parsed.self_sender:
        me_names.append(parsed.self_sender)
    roles = assign_roles(
        participants,
        me_names=me_names,
        partner=partner or profile.partner_name,
        partner_given=partner is not None,
        choose=choose,
    )
    keep = profile.keep_partner_text if keep_partner_text is None else keep_partner_text
    report.kept_partner_text = keep
    rows = (
        with_counts(frame)
        .with_columns(role=pl.col("sender").replace_strict(roles, return_dtype=pl.String))
        .collect()
    )
    del frame
    rows = rows.with_columns(content_hashes(rows))
    stored_text = (
        pl.when((pl.col("role") == "me") | ((pl.col("role") == "partner") & pl.lit(keep)))
        .then(pl.col("text"))
        .otherwise(None)
    )
    rows = rows.with_columns(text=stored_text)
    report.messages = rows.height
    if saving is not None:
        saving()
    save(store, path, parsed.format, rows, report, keep)
    return report


__all__ = [
    "Chooser",
    "ImportReport",
    "ImportRow",
    "RoleError",
    "Who",
    "assign_roles",
    "content_hashes",
    "forget_import",
    "import_chat",
    "list_imports",
    "parse_options",
]
