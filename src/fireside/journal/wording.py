"""The journal's sentences, from ``wording.toml``, in the partner's pronouns."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from fireside.pronouns import PRONOUNS, PronounSet


@dataclass(frozen=True)
class Sentence:
    """One plain sentence and the practices behind it."""

    key: str
    text: str
    practices: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "text": self.text, "practices": list(self.practices)}


@cache
def wording() -> dict[str, Any]:
    text = resources.files("fireside.journal").joinpath("wording.toml").read_text("utf-8")
    return tomllib.loads(text)


class _Keep(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Voice:
    """Fills the wording for one partner: ``{he}``, ``{his}``, ``{partner}`` and values."""

    pronouns: PronounSet = PronounSet.HE
    partner: str | None = None

    def fill(self, template: str, **values: object) -> str:
        words = _Keep(PRONOUNS[self.pronouns].placeholders(self.partner))
        words.update({key: str(value) for key, value in values.items()})
        return template.format_map(words)

    def say(self, section: str, key: str, **values: object) -> Sentence:
        entry = wording()[section][key]
        return Sentence(key, self.fill(entry["text"], **values), tuple(entry["practices"]))

    def word(self, section: str, key: str) -> str:
        return self.fill(wording()[section][key])

    def heuristic(self) -> str:
        return self.fill(wording()["heuristic"])
