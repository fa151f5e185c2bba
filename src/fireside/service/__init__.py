"""The application layer: the only place that wires the store and the domain.

Every face (the CLI, the web app, a script) calls these use-cases and renders what they
return: plain data objects with ``as_json()``. Nothing here prints, prompts or speaks HTTP.

=============  ==============================================================================
module         use-cases
=============  ==============================================================================
``base``       ``open_store``, ``existing_store`` (open the data once per face)
``coach``      ``check_draft``, ``check_lines`` (many, as an iterator), ``grounding``,
               ``recent_history``
``chats``      ``preview_export`` (who is who, date-order candidates), ``import_export``
               (progress and chooser callbacks), ``parse_export``, ``list_imports``,
               ``forget_import``
``rhythm``     ``space_reading`` (+ charts), ``waiting_status``
``practices``  ``find_practices``, ``show_practice``
``profile``    ``get_profile``, ``set_profile_field``, ``save_profile_answers``,
               ``find_timezones``
``data``       ``info``, ``export_everything``, ``write_export``, ``erase_everything``
``journal``    ``add_*``, ``list_*``, ``edit_*``, ``delete_*`` for each kind of entry,
               ``journal_balance``, ``plan_talk``, ``check_talk_timing``, ``hold_talk``,
               ``let_go_talk``, ``draft_space_message``, ``checkin``, ``say_strength``
``guardrail``  ``read_intention``, ``read_intentions``, ``read_lines`` (JSON lines, as an
               iterator), ``guardrail_note`` (for the coach)
``plan``       ``weekly_plan`` (stance, why, offers; this week's remembered), ``mark_offer``,
               ``stances`` (week by week, for the report)
``report``     ``build_report``, ``report_file`` (HTML or PDF bytes), ``write_report``
``calendar``   ``calendar_file`` (.ics bytes), ``write_calendar``
=============  ==============================================================================

Names load on first use, so the CLI's start-up stays quick: ``fireside --version`` loads
none of this, and ``fireside parse`` loads no SQLAlchemy.
"""

from __future__ import annotations

import importlib
from typing import Any

_AREAS = (
    "base",
    "coach",
    "chats",
    "rhythm",
    "practices",
    "profile",
    "data",
    "journal",
    "guardrail",
    "plan",
    "report",
    "calendar",
)


def __getattr__(name: str) -> Any:
    if name in _AREAS:
        return importlib.import_module(f"fireside.service.{name}")
    raise AttributeError(f"module 'fireside.service' has no attribute {name!r}")


__all__ = list(_AREAS)
