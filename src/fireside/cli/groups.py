"""A command group whose first word may be the entry itself: ``fireside log "pottery" …``
adds, ``fireside log list`` lists, ``fireside log`` alone lists too."""

from __future__ import annotations

from typing import Any

from typer.core import TyperGroup

HELP = ("--help", "-h")


class EntryGroup(TyperGroup):
    """Routes anything that is not a subcommand to ``add``, and nothing (or only ``--json``)
    to ``list``. A title that is itself a subcommand's name goes after ``add``:
    ``fireside log add list …``."""

    default = "add"
    empty = "list"

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if all(arg == "--json" for arg in args) and self.empty in self.commands:
            args = [self.empty, *args]
        elif args[0] not in self.commands and args[0] not in HELP:
            args = [self.default, *args]
        return super().parse_args(ctx, args)
