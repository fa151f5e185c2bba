"""The practice library: browse, search, filter, show one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fireside import practices as library
from fireside.errors import InvalidValueError
from fireside.practices import Catalogue, Practice, search

if TYPE_CHECKING:
    from fireside.store import Store


@dataclass(frozen=True)
class PracticeList:
    practices: tuple[Practice, ...]
    scores: dict[str, float]  # by id, when a query ranked them
    query: str | None
    tags: tuple[str, ...]  # every tag there is (for a picker)

    def as_json(self) -> list[dict[str, Any]]:
        return [
            {**p.as_json(), **({"score": round(self.scores[p.id], 3)} if self.scores else {})}
            for p in self.practices
        ]


def catalogue(store: Store | None) -> Catalogue:
    """The practices with the partner's pronouns and name filled in (defaults without a store)."""
    profile = store.profile() if store else None
    if profile is None:
        return library.load_catalogue()
    return library.load_catalogue(profile.partner_pronouns, profile.partner_name)


def by_id(store: Store | None) -> dict[str, Practice]:
    """Every practice by its id, for pages that name a practice by title and expert."""
    return {p.id: p for p in catalogue(store)}


def find_practices(
    store: Store | None,
    query: str | None = None,
    *,
    tag: str | None = None,
    expert: str | None = None,
) -> PracticeList:
    """All practices, or those matching the words (best first), a tag and an expert."""
    book = catalogue(store)
    chosen = list(book)
    if tag:
        wanted = tag.strip().lower()
        if wanted not in book.tags:
            raise InvalidValueError("--tag", tag, ", ".join(book.tags))
        chosen = [p for p in chosen if wanted in p.tags]
    if expert:
        person = book.expert(expert)
        chosen = [p for p in chosen if p.expert == person]
    scores: dict[str, float] = {}
    text = query.strip() if query else None
    if text:
        hits = search(book, text)
        scores = {h.practice.id: h.score for h in hits}
        chosen = [h.practice for h in hits if h.practice in chosen]
    return PracticeList(tuple(chosen), scores, text or None, tuple(book.tags))


def show_practice(store: Store | None, practice_id: str) -> Practice:
    """One practice in full; NotFoundError for an unknown id."""
    return catalogue(store).get(practice_id)
