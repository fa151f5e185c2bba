"""Hostile names, file names and drafts never drive the terminal (cli/safe.py).

A sender named ``[/]`` used to crash the print with a traceback, ``[link=…]Mum[/link]``
printed a clickable link, and a draft's escape sequences (window title, clear screen) and
bidi overrides reached the terminal raw.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from typer.testing import CliRunner

from fireside.cli import app, safe

LINK = "[link=https://evil.example]Mum[/link]"
CLOSE = "[/]"
TITLE = "\x1b]0;pwned\x07"  # OSC: sets the window title
CLEAR = "\x1b[2J"  # CSI: clears the screen
RLO = "\u202e"  # right-to-left override
C1_CSI = "\u009b31m"  # the one-character CSI some terminals obey
HOSTILE_DRAFT = f"Why haven't you called me? {TITLE}{CLEAR} {RLO}olleh {C1_CSI}"
# What may never reach a terminal from someone else's text (Rich's own SGR colour codes,
# ESC [ … m, are expected when the output is a terminal and are checked apart).
FORBIDDEN = re.compile("\x1b\\]|\x1b\\[[0-9;]*[A-LN-Zhlsu]|\x07|[\u0080-\u009f\u202a-\u202e]")


def _chat(path: Path) -> Path:
    path.write_text(
        f"13/02/2024, 10:00 - {CLOSE}: hello\n"
        f"13/02/2024, 10:05 - {LINK}: hi {TITLE}{CLEAR}{RLO}\n"
        f"13/02/2024, 10:06 - {CLOSE}: how are you\n",
        encoding="utf-8",
    )
    return path


def _terminal_run(
    args: list[str], env: dict[str, str], home: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The command as a terminal sees it: Rich believes it writes to a colour terminal."""
    return subprocess.run(
        [sys.executable, "-m", "fireside", *args],
        capture_output=True,
        text=True,
        check=False,
        input=stdin,
        env={
            **os.environ,
            **env,
            "FIRESIDE_HOME": str(home),
            "TTY_COMPATIBLE": "1",
            "FORCE_COLOR": "1",
            "COLUMNS": "100",
        },
    )


# --- the mechanism -------------------------------------------------------------------------


def test_clean_shows_controls_and_bidi_visibly() -> None:
    assert safe.clean(f"a{CLEAR}b") == "a␛[2Jb"
    assert safe.clean(TITLE) == "␛]0;pwned␇"
    assert safe.clean(f"x{RLO}y") == "x<U+202E>y"
    assert safe.clean("\u009b") == "<U+009B>"
    assert safe.clean("\udc9b") == "\\x9b"  # an undecodable byte from argv or a file name
    assert safe.clean("one\ntwo\r") == "one␊two␍"
    assert safe.clean("one\r\ntwo", multiline=True) == "one\ntwo"
    assert safe.clean("Zoë 👩‍❤️‍👨 مرحبا") == "Zoë 👩‍❤️‍👨 مرحبا"  # real text untouched


def test_markup_in_values_is_printed_as_written() -> None:
    console = Console(file=io.StringIO(), width=80, force_terminal=True, highlight=False)
    safe.install(console)
    console.print(f"from {safe.markup(CLOSE)} and {safe.markup(LINK)}")
    table = Table()
    table.add_column("who")
    table.add_row(safe.text(LINK))
    console.print(table)
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert "from [/] and [link=https://evil.example]Mum[/link]" in shown
    assert shown.count(LINK) == 2 and "\x1b]8;" not in shown  # no hyperlink escape


def test_render_hook_catches_what_a_call_site_forgot() -> None:
    console = safe.install(
        Console(file=io.StringIO(), width=80, force_terminal=True, highlight=False)
    )
    console.print(Panel(Text(HOSTILE_DRAFT)))  # raw, as a forgotten call site would
    console.print(Text(TITLE), "x")
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert not FORBIDDEN.search(shown), repr(shown)
    assert "␛]0;pwned" in shown and "<U+202E>" in shown  # (Rich drops the BEL itself)


def test_styled_keeps_highlights_on_the_right_words() -> None:
    draft = Text(f"{RLO}ab CALL ME")
    draft.stylize("bold", 4, 11)  # "CALL ME"
    shown = safe.styled(draft)
    assert shown.plain == "<U+202E>ab CALL ME"
    assert [shown.plain[s.start : s.end] for s in shown.spans] == ["CALL ME"]


@given(st.text())
def test_clean_leaves_nothing_that_drives_a_terminal(value: str) -> None:
    for multiline in (False, True):
        shown = safe.clean(value, multiline=multiline)
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e]", shown)
    console = safe.install(
        Console(file=io.StringIO(), width=60, force_terminal=True, highlight=False)
    )
    console.print(f"x {safe.markup(value)} y")  # never a MarkupError
    console.print(Panel(safe.text(value, multiline=True)))
    assert not FORBIDDEN.search(console.file.getvalue())  # type: ignore[attr-defined]


@given(st.recursive(st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_dumps_is_the_same_json_without_terminal_controls(value: object) -> None:
    written = safe.dumps(value, indent=2)
    assert json.loads(written) == value
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e]", written)


# --- every command that shows someone else's words -----------------------------------------


def test_hostile_sender_names_are_shown_as_written(runner: CliRunner, tmp_path: Path) -> None:
    chat = _chat(tmp_path / "chat.txt")
    result = runner.invoke(app, ["import", str(chat)])
    assert result.exit_code == 4, result.output  # can't tell who is who: a clear message
    assert "Traceback" not in result.output and "MarkupError" not in result.output
    assert CLOSE in result.stderr and LINK in result.stderr
    result = runner.invoke(app, ["import", str(chat), "--me", CLOSE, "--partner", LINK])
    assert result.exit_code == 0, result.output
    assert "Imported 3 new messages" in result.stdout


def test_hostile_file_and_partner_names_in_every_listing(runner: CliRunner, tmp_path: Path) -> None:
    file_name = f"[link=evil]Mum{CLEAR}{RLO}.txt"  # (a file name holds no "/")
    chat = _chat(tmp_path / file_name)
    assert runner.invoke(app, ["profile", "set", "partner-name", LINK]).exit_code == 0
    assert runner.invoke(app, ["profile", "set", "my-names", CLOSE]).exit_code == 0
    result = runner.invoke(app, ["import", str(chat), "--partner", LINK])
    assert result.exit_code == 0, result.output
    assert "[link=evil]Mum␛[2J<U+202E>.txt" in result.stdout.replace("\n", "")
    for args in (["imports"], ["profile"], ["practices"], ["practice", "P08"], ["rhythm"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
        assert "Traceback" not in result.output
    shown = runner.invoke(app, ["profile"]).stdout
    assert "[link=https://" in shown and "Mum[/link]" in shown  # (wrapped in its cell)
    assert "[link=" in runner.invoke(app, ["imports"]).stdout
    assert runner.invoke(app, ["practices", CLOSE]).exit_code == 0
    result = runner.invoke(app, ["import", str(tmp_path / f"missing{CLOSE}.txt")])
    assert result.exit_code == 4 and f"missing{CLOSE}.txt" in result.stderr


def test_a_hostile_draft_reaches_the_terminal_neutralised(tmp_path: Path) -> None:
    result = _terminal_run(["check", HOSTILE_DRAFT], {}, tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert "\x1b[" in result.stdout  # Rich did colour it: this is the terminal path
    assert not FORBIDDEN.search(result.stdout), repr(result.stdout)
    assert "␛]0;pwned␇" in result.stdout and "<U+202E>" in result.stdout
    assert "<U+009B>" in result.stdout


def test_hostile_names_reach_the_terminal_neutralised(tmp_path: Path) -> None:
    home = tmp_path / "home"
    chat = _chat(tmp_path / f"[link=evil]chat{TITLE}.txt")
    flags = ["--me", CLOSE, "--partner", f"{LINK}{TITLE}"]
    for args in (["import", str(chat)], ["import", str(chat), *flags], ["imports"]):
        result = _terminal_run(args, {}, home)
        assert "Traceback" not in result.stderr
        for stream in (result.stdout, result.stderr):
            assert not FORBIDDEN.search(stream), (args, repr(stream))
            assert "\x1b]8;" not in stream  # no clickable link
    result = _terminal_run(["profile", "set", "partner-name", f"{LINK}{TITLE}{RLO}"], {}, home)
    for args in (["profile"], ["practice", "P08"], ["rhythm"], ["check", "Don't you miss me?"]):
        result = _terminal_run(args, {}, home)
        assert result.returncode == 0, (args, result.stderr)
        assert not FORBIDDEN.search(result.stdout), (args, repr(result.stdout))


def test_check_jsonl_and_json_outputs_carry_no_terminal_controls(
    runner: CliRunner, tmp_path: Path
) -> None:
    drafts = tmp_path / "drafts.jsonl"
    drafts.write_text(json.dumps({"text": HOSTILE_DRAFT}) + "\n", encoding="utf-8")
    for args in (["check", "--jsonl", str(drafts)], ["check", HOSTILE_DRAFT, "--json"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert not FORBIDDEN.search(result.stdout)
        first = json.loads(result.stdout.splitlines()[0] if "--jsonl" in args else result.stdout)
        assert first["text"] == HOSTILE_DRAFT  # the same data, escaped in JSON


def test_parse_prints_a_partners_controls_escaped_and_the_same_data(tmp_path: Path) -> None:
    chat = tmp_path / "chat.txt"
    chat.write_text(
        f"13/02/2024, 10:00 - Sam: hello {RLO}olleh {C1_CSI} {TITLE}\n"
        "13/02/2024, 10:05 - Maya: hi\n",
        encoding="utf-8",
    )
    result = _terminal_run(["parse", str(chat), "--tz", "UTC", "--me", "Maya"], {}, tmp_path / "h")
    assert result.returncode == 0, result.stderr
    assert not FORBIDDEN.search(result.stdout), repr(result.stdout)
    first = json.loads(result.stdout.splitlines()[0])
    assert f"{C1_CSI} {TITLE}" in first["text"]  # escaped in the JSON, not changed
