"""The command-line interface. Only this package imports Typer."""

from __future__ import annotations

from fireside.cli import (  # noqa: F401  (registers commands)
    chats,
    coach,
    data,
    demo,
    journal,
    plan,
    practices,
    profile,
    rhythm,
    serve,
    talk,
)
from fireside.cli.app import app


def main() -> None:
    app(prog_name="fireside")


__all__ = ["app", "main"]
