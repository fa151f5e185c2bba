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
    hers: str = "his"  # the possessive on its own: "the last word was hers"
    plural: bool = False  # "they" takes plural verbs: "they need", "they are"

    def placeholders(self, partner_name: str | None = None) -> dict[str, str]:
        """Values for ``{he}`` ``{him}`` ``{his}`` ``{himself}`` (and capitalised), verb endings, ``{partner}``."""
        words = {
            "he": self.he,
            "him": self.him,
            "his": self.his,
            "himself": self.himself,
            "hers": self.hers,
        }
        words |= {key.capitalize(): value.capitalize() for key, value in words.items()}
        # verb agreement after {he}: "{he} {is}", "{he} need{s}", "{he} go{es}", "{he} repl{ies}"
        words |= {
            "is": "is",
            "has": "has",
            "does": "does",
            "was": "was",
            "s": "s",
            "es": "es",
            "ies": "ies",
        }
        if self.plural:
            words |= {
                "is": "are",
                "has": "have",
                "does": "do",
                "was": "were",
                "s": "",
                "es": "",
                "ies": "y",
            }
        words["partner"] = partner_name or "your partner"
        words["Partner"] = partner_name or "Your partner"
        return words


PRONOUNS: dict[PronounSet, Pronouns] = {
    PronounSet.HE: Pronouns("he", "him", "his", "himself", "his"),
    PronounSet.SHE: Pronouns("she", "her", "her", "herself", "hers"),
    PronounSet.THEY: Pronouns("they", "them", "their", "themselves", "theirs", plural=True),
}


def render(
    template: str, pronouns: PronounSet = PronounSet.HE, partner_name: str | None = None
) -> str:
    """Fill a text written with ``{he}``/``{him}``/``{his}`` placeholders."""
    return template.format_map(PRONOUNS[pronouns].placeholders(partner_name))
