"""Errors that own their message and a hint for what to do next.

Library code raises these; exactly one place (the CLI's error boundary, or the web app's
error handler) turns them into text for a person. Each subclass carries the exit code the
CLI uses for it, so the codes are documented in one place: ``docs/cli.md``.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of the ``fireside`` command. Pinned by ``tests/test_cli_errors.py``."""

    OK = 0
    ERROR = 1  # a problem fireside understood and explained
    USAGE = 2  # wrong command-line usage (unknown option, missing argument)
    NOT_FOUND = 3  # something asked for by name or id does not exist
    INVALID_INPUT = 4  # a value or a file's content is not acceptable
    STORE = 5  # the database could not be opened, migrated or written
    INTERNAL = 70  # a bug in fireside: please report it (run again with --traceback)
    INTERRUPTED = 130  # Ctrl-C
    BROKEN_PIPE = 141  # the reader of the output went away (`| head`): 128 + SIGPIPE


class FiresideError(Exception):
    """Base of every error fireside explains to a person.

    ``message`` says what went wrong in one sentence; ``hint`` says what to do about it.
    """

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} {self.hint}"

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuilt from its attributes, not by calling __init__ again: every subclass (with
        # its own arguments) crosses a process boundary whole, e.g. from a background import.
        return (_rebuild, (type(self), self.args, self.__dict__.copy()))


def _rebuild(
    cls: type[FiresideError], args: tuple[object, ...], state: dict[str, object]
) -> FiresideError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class NotFoundError(FiresideError):
    exit_code = ExitCode.NOT_FOUND


class InvalidValueError(FiresideError):
    """A value given for a named field is not allowed."""

    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, field: str, value: object, allowed: str) -> None:
        super().__init__(
            f"{field}: {value!r} is not a valid value.",
            hint=f"Allowed: {allowed}.",
        )
        self.field = field
        self.value = value
        self.allowed = allowed


class StoreError(FiresideError):
    exit_code = ExitCode.STORE


class CatalogueError(FiresideError):
    """The practice catalogue data file is inconsistent (a bug in a data file, not user input)."""

    exit_code = ExitCode.INTERNAL
