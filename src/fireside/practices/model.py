"""The practice catalogue as typed, validated data."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

PRACTICE_ID = re.compile(r"^P\d{2}$")


class Expert(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    name: str
    credentials: str
    seed: str

    @property
    def byline(self) -> str:
        """``Name, credentials`` as the seed article prints them."""
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


class Reading(BaseModel):
    """A book the seed articles point to."""

    model_config = ConfigDict(frozen=True)

    title: str
    authors: str
    cited_by: str


class Practice(BaseModel):
    """One practice, its text already rendered for the partner's pronouns."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    id: str
    title: str
    expert: Expert
    summary: str
    try_: tuple[str, ...] = Field(alias="try")
    avoid: tuple[str, ...]
    tags: tuple[str, ...]
    capabilities: tuple[str, ...]
    keywords: tuple[str, ...] = ()

    @property
    def number(self) -> int:
        return int(self.id[1:])

    @property
    def seed(self) -> str:
        return self.expert.seed

    def as_json(self) -> dict[str, object]:
        """The public JSON shape (documented in docs/practices.md)."""
        return {
            "id": self.id,
            "title": self.title,
            "expert": self.expert.name,
            "credentials": self.expert.credentials,
            "seed": self.seed,
            "summary": self.summary,
            "try": list(self.try_),
            "avoid": list(self.avoid),
            "tags": list(self.tags),
            "capabilities": list(self.capabilities),
        }
