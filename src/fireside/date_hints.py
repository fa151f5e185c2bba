"""Which way round an export's dates probably are, when the dates alone can't say.

Two hints, both weak, so fireside offers a reading instead of deciding: the language of the
export (WhatsApp names the file in the phone's language; only US English writes month
first) and the time zone in the profile (month-first zones: the United States, the
Philippines). Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from fireside.importers.model import DateOrder

# The start of WhatsApp's "Export chat" file name, per language (see importing.md).
_FILE_LANGUAGES = {
    "whatsapp chat with": "English",
    "whatsapp chat mit": "German",
    "chat de whatsapp con": "Spanish",
    "discussion whatsapp avec": "French",
    "conversa do whatsapp com": "Portuguese",
    "chat whatsapp con": "Italian",
    "whatsapp-chat met": "Dutch",
}
_MONTH_FIRST_ZONES = ("America/", "US/", "Pacific/Honolulu", "Asia/Manila")
_DAY_FIRST_AMERICAS = (  # the Americas outside the US mostly write the day first
    "America/Argentina",
    "America/Sao_Paulo",
    "America/Bogota",
    "America/Lima",
    "America/Mexico_City",
    "America/Santiago",
    "America/Caracas",
    "America/Montevideo",
    "America/La_Paz",
    "America/Asuncion",
    "America/Guayaquil",
    "America/Havana",
    "America/Guatemala",
    "America/Costa_Rica",
    "America/Panama",
    "America/Puerto_Rico",
    "America/Santo_Domingo",
)


@dataclass(frozen=True)
class OrderHint:
    order: DateOrder
    reason: str  # a sentence for a person: why this order is the likelier one

    def as_json(self) -> dict[str, str]:
        return {"order": self.order.value, "reason": self.reason}


def export_language(file_name: str) -> str | None:
    """The language a WhatsApp export's file name is in, when it tells."""
    lowered = file_name.casefold()
    for start, language in _FILE_LANGUAGES.items():
        if lowered.startswith(start):
            return language
    return None


def _zone_order(timezone: str) -> DateOrder:
    if timezone.startswith(_DAY_FIRST_AMERICAS):
        return DateOrder.DMY
    return DateOrder.MDY if timezone.startswith(_MONTH_FIRST_ZONES) else DateOrder.DMY


def suggest_date_order(timezone: str | None, file_name: str = "") -> OrderHint | None:
    """The likelier of day-first and month-first, with the reason; None without a hint."""
    language = export_language(file_name)
    if language is not None and language != "English":
        return OrderHint(DateOrder.DMY, f"The export is in {language}, which writes the day first.")
    if timezone:
        order = _zone_order(timezone)
        way = "month first" if order is DateOrder.MDY else "day first"
        return OrderHint(
            order, f"Phones set up in your time zone ({timezone}) usually write the {way}."
        )
    return None
