"""Partner pronouns, so every sentence fireside writes fits the person it is about."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PronounSet(StrEnum):
    HE = "he"
    SHE = "she"
    THEY = "they"


@dataclass(frozen=True)
class Pronouns:
    he: str
    him: str
    his: str
    himself: str

    def placeholders(self, partner_name: str | None = None) -> dict[str, str]:
        """Values for ``{he}``, ``{him}``, ``{his}``, ``{himself}``, capitalised forms, ``{partner}``."""
        words = {"he": self.he, "him": self.him, "his": self.his, "himself": self.himself}
        words |= {key.capitalize(): value.capitalize() for key, value in words.items()}
        words["partner"] = partner_name or "your partner"
        words["Partner"] = partner_name or "Your partner"
        return words


PRONOUNS: dict[PronounSet, Pronouns] = {
    PronounSet.HE: Pronouns("he", "him", "his", "himself"),
    PronounSet.SHE: Pronouns("she", "her", "her", "herself"),
    PronounSet.THEY: Pronouns("they", "them", "their", "themselves"),
}


def render(template: str, pronouns: PronounSet = PronounSet.HE, partner_name: str | None = None) -> str:
    """Fill a text written with ``{he}``/``{him}``/``{his}`` placeholders."""
    return template.format_map(PRONOUNS[pronouns].placeholders(partner_name))
