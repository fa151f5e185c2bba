"""Load, validate and look up the practice catalogue (``catalogue.toml``)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from pydantic import ValidationError

from fireside.errors import CatalogueError, NotFoundError
from fireside.practices.model import PRACTICE_ID, Expert, Practice, Reading
from fireside.pronouns import PronounSet, render

TEXT_FIELDS = ("title", "summary")
LIST_FIELDS = ("try", "avoid", "keywords")


@dataclass(frozen=True)
class Catalogue:
    """Every practice, the experts behind them, and further reading."""

    practices: tuple[Practice, ...]
    experts: tuple[Expert, ...]
    further_reading: tuple[Reading, ...]
    tags: tuple[str, ...]
    capabilities: tuple[str, ...]

    def __iter__(self) -> Iterator[Practice]:
        return iter(self.practices)

    def __len__(self) -> int:
        return len(self.practices)

    def get(self, practice_id: str) -> Practice:
        """One practice by id; ``p8``, ``P8`` and ``P08`` all work."""
        wanted = normalise_id(practice_id)
        for practice in self.practices:
            if practice.id == wanted:
                return practice
        raise NotFoundError(
            f"There is no practice {practice_id!r}.",
            hint=f"Ids run from {self.practices[0].id} to {self.practices[-1].id}; "
            "`fireside practices` lists them.",
        )

    def expert(self, name: str) -> Expert:
        """An expert by key or by any part of the name, case-insensitively."""
        needle = name.strip().lower()
        matches = [e for e in self.experts if needle in (e.key, *e.name.lower().split())]
        matches = matches or [e for e in self.experts if needle in e.name.lower()]
        if len(matches) != 1:
            names = ", ".join(e.name for e in self.experts)
            what = "matches several experts" if matches else "matches no expert"
            raise NotFoundError(f"{name!r} {what}.", hint=f"Experts: {names}.")
        return matches[0]


def normalise_id(practice_id: str) -> str:
    text = practice_id.strip().upper()
    if text.startswith("P") and text[1:].isdigit():
        return f"P{int(text[1:]):02d}"
    return text


@cache
def _raw() -> dict[str, Any]:
    data = resources.files("fireside.practices").joinpath("catalogue.toml").read_bytes()
    return tomllib.loads(data.decode("utf-8"))


def article_title(seed: str) -> str:
    """The title of the seed article a practice comes from (never its file name)."""
    for entry in _raw()["seed"]:
        if entry["file"] == seed:
            return str(entry["title"])
    return "one of the seed articles"


@cache
def load_catalogue(
    pronouns: PronounSet = PronounSet.HE, partner_name: str | None = None
) -> Catalogue:
    """The catalogue rendered for the given partner pronouns (default: he/him, as the seeds)."""
    raw = _raw()
    vocabulary = raw["vocabulary"]
    tags, capabilities = tuple(vocabulary["tags"]), tuple(vocabulary["capabilities"])
    seeds = {seed["file"] for seed in raw["seed"]}
    try:
        experts = tuple(Expert(**e) for e in raw["expert"])
        reading = tuple(Reading(**r) for r in raw["further_reading"])
    except ValidationError as exc:
        raise CatalogueError(f"catalogue.toml: {exc}") from exc
    by_key = {e.key: e for e in experts}
    for expert in experts:
        if expert.seed not in seeds:
            raise CatalogueError(
                f"catalogue.toml: expert {expert.key} cites unknown seed {expert.seed}"
            )

    practices = []
    seen: set[str] = set()
    for entry in raw["practice"]:
        pid = entry.get("id", "?")
        if not PRACTICE_ID.match(pid) or pid in seen:
            raise CatalogueError(f"catalogue.toml: practice id {pid!r} is malformed or repeated")
        seen.add(pid)
        if entry.get("expert") not in by_key:
            raise CatalogueError(
                f"catalogue.toml: {pid} credits unknown expert {entry.get('expert')!r}"
            )
        for field, known in (("tags", tags), ("capabilities", capabilities)):
            unknown = set(entry.get(field, ())) - set(known)
            if unknown:
                raise CatalogueError(
                    f"catalogue.toml: {pid} has unknown {field}: {sorted(unknown)}"
                )
        fields = dict(entry)
        try:
            for name in TEXT_FIELDS:
                fields[name] = render(entry[name].strip(), pronouns, partner_name)
            for name in LIST_FIELDS:
                fields[name] = tuple(render(t, pronouns, partner_name) for t in entry.get(name, ()))
            fields["expert"] = by_key[entry["expert"]]
            practices.append(Practice(**fields))
        except (KeyError, ValidationError) as exc:
            raise CatalogueError(f"catalogue.toml: practice {pid}: {exc}") from exc
    practices.sort(key=lambda p: p.number)
    return Catalogue(tuple(practices), experts, reading, tags, capabilities)
