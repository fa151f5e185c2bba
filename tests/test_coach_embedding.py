"""The embedder: runs planned by length, texts remembered (and forgotten), one load per process."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fireside.coach import embedding
from fireside.coach.embedding import GROUP, RUN_START, Embedder, plan_runs


def _cost(lengths: list[int], runs: list[list[int]]) -> int:
    return sum(RUN_START + len(run) * max(lengths[i] for i in run) for run in runs)


@given(st.lists(st.integers(min_value=1, max_value=128), max_size=200))
def test_every_text_is_in_exactly_one_run_of_at_most_a_group(lengths: list[int]) -> None:
    runs = plan_runs(lengths)
    assert sorted(i for run in runs for i in run) == list(range(len(lengths)))
    assert all(0 < len(run) <= GROUP for run in runs)


def _best_cost(lengths: list[int]) -> int:
    """Every way of cutting every order into runs (tiny inputs only)."""
    best = None
    for order in itertools.permutations(range(len(lengths))):
        for cuts in itertools.product((False, True), repeat=len(lengths) - 1):
            runs, run = [], [order[0]]
            for index, cut in zip(order[1:], cuts, strict=True):
                if cut:
                    runs.append(run)
                    run = []
                run.append(index)
            runs.append(run)
            cost = _cost(lengths, runs)
            best = cost if best is None else min(best, cost)
    assert best is not None
    return best


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=128), min_size=1, max_size=6))
def test_the_plan_is_as_cheap_as_any_partition(lengths: list[int]) -> None:
    assert _cost(lengths, plan_runs(lengths)) == _best_cost(lengths)


def test_a_short_sentence_is_not_padded_to_the_whole_draft() -> None:
    # a draft's whole (60 tokens) and its four short sentences: two runs, not one
    runs = plan_runs([60, 12, 14, 13, 11])
    assert [0] in runs and len(runs) == 2


@pytest.fixture(scope="module")
def fresh() -> Embedder:
    return Embedder(threads=2)


TEXTS = [
    "I miss you, when are you home?",
    "where are u? I'm at the door",
    "I miss you, when are you home?",  # the same text again
    "Thank you for fixing the tap, you're a star. " * 6,
    "k.",
]


def test_remembered_texts_give_the_same_vectors_and_no_new_runs(fresh: Embedder) -> None:
    fresh.forget()
    first = fresh(TEXTS)
    assert np.array_equal(first[0], first[2])  # embedded once, used twice
    norms = np.linalg.norm(first, axis=1)
    assert np.allclose(norms, 1.0, atol=1e-5)
    runs = fresh.runs
    again = fresh(list(reversed(TEXTS)))
    assert fresh.runs == runs  # everything came from memory
    assert np.array_equal(again, first[::-1])


def test_memory_is_bounded_and_can_be_turned_off(fresh: Embedder) -> None:
    fresh.forget()
    fresh.remember(2)
    fresh(TEXTS)
    assert fresh.remembers() == 2
    fresh.remember(0)
    assert fresh.remembers() == 0
    fresh(TEXTS)
    assert fresh.remembers() == 0
    runs = fresh.runs
    fresh(TEXTS)
    assert fresh.runs > runs  # nothing remembered: read again
    fresh.remember(embedding.REMEMBERED)


def test_forget_clears_every_text(fresh: Embedder) -> None:
    fresh(TEXTS)
    assert fresh.remembers() > 0
    fresh.forget()
    assert fresh.remembers() == 0


def test_runs_side_by_side_give_what_one_thread_gives(fresh: Embedder) -> None:
    texts = [f"sentence number {i} " + "word " * (i % 40) for i in range(80)]
    one = Embedder(threads=1, remembered=0)(texts)
    fresh.forget()
    two = fresh(texts)
    assert np.allclose(one, two, atol=1e-6)


def test_callers_at_once_each_get_their_own_vectors_in_order(fresh: Embedder) -> None:
    """Four threads share the model and its helpers; each gets what it would alone."""
    batches = [
        [f"caller {c} line {i} " + "word " * ((i * 7 + c) % 30) for i in range(40)]
        for c in range(4)
    ]
    alone = Embedder(threads=1, remembered=0)
    expected = [alone(batch) for batch in batches]
    fresh.forget()
    fresh.remember(0)
    barrier = threading.Barrier(len(batches))
    got: dict[int, np.ndarray] = {}

    def check(c: int) -> None:
        barrier.wait()
        got[c] = fresh(batches[c])

    threads = [threading.Thread(target=check, args=(c,)) for c in range(len(batches))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    fresh.remember(embedding.REMEMBERED)
    for c, vectors in enumerate(expected):
        assert np.allclose(got[c], vectors, atol=1e-6)
    assert fresh._busy == 0  # every thread that entered the model has left it


def test_the_process_loads_one_embedder_whatever_the_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[int] = []
    monkeypatch.setattr(embedding, "_embedder", None)

    class Counting:
        def __init__(self, **_: object) -> None:
            time.sleep(0.05)  # loading takes a while: the others arrive meanwhile
            made.append(1)

    monkeypatch.setattr(embedding, "Embedder", Counting)
    barrier = threading.Barrier(8)
    found: list[object] = []

    def load() -> None:
        barrier.wait()
        found.append(embedding.embedder())

    threads = [threading.Thread(target=load) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 1 and len({id(x) for x in found}) == 1


@pytest.fixture
def remembering(monkeypatch: pytest.MonkeyPatch) -> Iterator[Embedder]:
    """The process's embedder, remembering as on one person's machine (a server test earlier
    in this process may have turned that off), as it was afterwards."""
    monkeypatch.setattr(embedding, "_remembered", embedding.REMEMBERED)
    loaded = embedding.embedder()
    before = loaded._remembered
    loaded.remember(embedding.REMEMBERED)
    yield loaded
    loaded.remember(before)


def test_erasing_everything_forgets_the_drafts_the_coach_read(remembering: Embedder) -> None:
    from fireside.coach import check_message
    from fireside.service import data as data_service
    from fireside.store import open_store

    check_message("Why haven't you called me back? I waited all evening.")
    loaded = remembering
    assert embedding.loaded() is loaded and loaded.remembers() > 0
    store = open_store()
    try:
        data_service.erase_everything(store)
    finally:
        store.close()
    assert loaded.remembers() == 0


def test_a_server_for_many_people_remembers_no_draft(remembering: Embedder) -> None:
    from fireside.coach import check_message
    from fireside.service import coach as coach_service

    check_message("are you mad at me? please just tell me")
    assert remembering.remembers() > 0
    coach_service.keep_no_drafts()
    assert remembering.remembers() == 0
    check_message("did you even read my text")
    assert remembering.remembers() == 0
    assert embedding._remembered == 0  # an embedder loaded later would remember none either
