"""Ranked search finds what a person would expect."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fireside.practices import load_catalogue, search


def top(query: str, n: int) -> list[str]:
    return [h.practice.id for h in search(load_catalogue(), query, limit=n)]


@pytest.mark.parametrize(
    "query, expected, within",
    [
        ("jealous", {"P24", "P18"}, 2),
        ("text him", {"P08"}, 2),
        ("text him", {"P07"}, 3),
        ("space", {"P20"}, 3),
        ("after work", {"P14"}, 1),
        ("angry", {"P16"}, 1),
        ("funny", {"P12"}, 1),
        ("hobby", {"P35"}, 1),
        ("breathe", {"P06"}, 2),
        ("make him jealous", {"P24"}, 2),
        ("we need to talk", {"P15"}, 1),
        ("mystery", {"P19", "P28", "P30"}, 4),
        ("Texting", {"P08"}, 3),
    ],
)
def test_queries_find_the_practices_a_person_expects(
    query: str, expected: set[str], within: int
) -> None:
    assert expected <= set(top(query, within)), top(query, 5)


def test_no_match_gives_nothing() -> None:
    assert search(load_catalogue(), "xylophone quantum") == []
    assert search(load_catalogue(), "") == []


@given(st.text(max_size=80))
def test_search_never_raises_and_ranks_by_score(query: str) -> None:
    hits = search(load_catalogue(), query)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(s > 0 for s in scores)
    assert len({h.practice.id for h in hits}) == len(hits)
