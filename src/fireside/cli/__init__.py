"""The command-line interface. Only this package imports Typer."""

from __future__ import annotations

import sys

from fireside.cli import (  # noqa: F401  (registers commands)
    accounts,
    chats,
    coach,
    crypt,
    data,
    demo,
    guardrail,
    journal,
    plan,
    practices,
    profile,
    rhythm,
    serve,
    talk,
)
from fireside.cli.app import app, reader_gone, silence_stdout
from fireside.errors import ExitCode


def main() -> None:
    try:
        app(prog_name="fireside")
    finally:
        # What is still buffered goes out here, where a reader that went away (`| head`) is
        # caught, not in the interpreter's last flush, which would print a complaint.
        try:
            sys.stdout.flush()
        except OSError as exc:
            if not reader_gone(exc):
                raise
            silence_stdout()
            raise SystemExit(int(ExitCode.BROKEN_PIPE)) from None


__all__ = ["app", "main"]
