"""A Ctrl-C is never lost: one that lands where it is swallowed still stops an import
before its commit, and nothing of it is saved."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from fireside import interrupts
from fireside.ingest import import_chat
from fireside.store import Store, open_store

CHAT = "\n".join(
    [
        "13/03/2024, 10:00 - Maya: morning",
        "13/03/2024, 10:01 - Sam: hello",
        "13/03/2024, 10:05 - Maya: see you",
    ]
)


@pytest.fixture
def store() -> Iterator[Store]:  # (in the per-test home of conftest)
    with open_store(None) as opened:
        yield opened


def _swallowed_ctrl_c() -> None:
    """A Ctrl-C that lands in code which drops the exception (like a finaliser does)."""
    try:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)  # the handler runs here
    except KeyboardInterrupt:
        pass


def _counts(store: Store) -> tuple[int, int]:
    with store.engine.connect() as connection:
        imports = connection.execute(text("SELECT count(*) FROM chat_import")).scalar_one()
        messages = connection.execute(text("SELECT count(*) FROM message")).scalar_one()
    return int(imports), int(messages)


def test_a_swallowed_ctrl_c_still_stops_the_import_before_it_commits(
    store: Store, tmp_path: Path
) -> None:
    chat = tmp_path / "chat.txt"
    chat.write_text(CHAT + "\n", encoding="utf-8")
    with interrupts.watched():
        _swallowed_ctrl_c()
        assert interrupts.requested()
        with pytest.raises(KeyboardInterrupt):
            import_chat(store, chat, me=["Maya"], tz="UTC")
    assert _counts(store) == (0, 0)
    assert not interrupts.requested()  # the request ends with the block
    assert import_chat(store, chat, me=["Maya"], tz="UTC").imported == 3


def test_without_a_ctrl_c_nothing_changes(store: Store, tmp_path: Path) -> None:
    chat = tmp_path / "chat.txt"
    chat.write_text(CHAT + "\n", encoding="utf-8")
    handler = signal.getsignal(signal.SIGINT)
    with interrupts.watched():
        assert import_chat(store, chat, me=["Maya"], tz="UTC").imported == 3
    assert signal.getsignal(signal.SIGINT) is handler  # put back as it was
    assert _counts(store) == (1, 3)


class _Finalised:
    """An object whose finaliser raises, as a callback hit by Ctrl-C does."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def __del__(self) -> None:
        raise self.error


def test_a_ctrl_c_swallowed_by_a_finaliser_is_remembered_not_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Python would print "Exception ignored in ... Traceback" for it; the person pressed
    Ctrl-C, which is remembered and acted on, so nothing is printed. Other errors still are."""
    import gc
    import sys

    reported: list[BaseException | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: reported.append(u.exc_value))
    before = sys.unraisablehook
    with interrupts.watched():
        _Finalised(KeyboardInterrupt())  # dropped at once: its __del__ raises
        gc.collect()
        assert interrupts.requested()
        _Finalised(ValueError("a real fault"))
        gc.collect()
    assert sys.unraisablehook is before
    assert [type(e) for e in reported] == [ValueError]
