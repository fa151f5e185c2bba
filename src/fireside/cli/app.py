"""The Typer application, its global options and the one error boundary."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperGroup

from fireside import __version__, interrupts, paths
from fireside.cli import safe
from fireside.errors import ExitCode, FiresideError

if TYPE_CHECKING:
    from fireside.service.base import Store


def reader_gone(exc: BaseException) -> bool:
    """Whether ``exc`` means the reader of our output went away (``fireside parse … | head``)."""
    if isinstance(exc, BrokenPipeError):
        return True
    if not isinstance(exc, OSError):
        return False
    # Polars writes from Rust: its OSError has no errno, only "Broken pipe (os error 32)".
    return exc.errno == errno.EPIPE or f"(os error {errno.EPIPE})" in str(exc)


def silence_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush has no complaint."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # (no real stdout in tests)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def quiet_exit() -> NoReturn:
    """Stop without a word, as Unix tools do when their reader is gone.

    The exit code is 141 (128 + SIGPIPE), what the shell reports for ``cat`` in that place.
    """
    silence_stdout()
    raise typer.Exit(int(ExitCode.BROKEN_PIPE))


class _Console(Console):
    def on_broken_pipe(self) -> None:  # Rich's own default exits 1
        self.quiet = True
        quiet_exit()


# Both consoles neutralise control and bidi characters in whatever they print (cli/safe.py).
out = safe.install(_Console(highlight=False, soft_wrap=False))
err = safe.install(_Console(stderr=True, highlight=False))


@dataclass
class State:
    """What the global options decided; commands get the store from here, opened once."""

    database_url: str | None = None
    traceback: bool = False
    _store: Store | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        if self._store is None:
            from fireside.service import base  # SQLAlchemy only when a command needs it

            if base.needs_passphrase(self.database_url):
                base.unlock(self.database_url, read_passphrase())
            self._store = base.open_store(self.database_url)
            if self.database_url is None:
                warn_if_shared(paths.data_dir(create=False))
        return self._store

    def adopt(self, store: Store) -> None:
        """Use a store a command opened itself (e.g. a new encrypted one)."""
        self.close()
        self._store = store

    def existing_store(self) -> Store | None:
        """The store if there is one: a command that only reads never creates a database."""
        if self.database_url is None and not paths.default_database_path(create_dir=False).exists():
            return None
        return self.store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


PASSPHRASE_ENV = "FIRESIDE_PASSPHRASE"


def read_passphrase(*, new: bool = False) -> str:
    """The store's passphrase: ``FIRESIDE_PASSPHRASE`` (for scripts), else a hidden prompt
    (asked twice for a new one). Never an argument: those show in the shell's history."""
    import os
    import sys

    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise FiresideError(
            "This needs the store's passphrase, and there is no terminal to ask it at.",
            hint=f"Set {PASSPHRASE_ENV} for scripts.",
        )
    prompt = "New passphrase" if new else "Passphrase"
    return str(typer.prompt(prompt, hide_input=True, confirmation_prompt=new))


def warn_if_shared(folder: Path) -> None:
    """Say so when others may look into the data folder (fireside leaves its mode alone)."""
    mode = paths.open_to_others(folder)
    if mode is None:
        return
    err.print(
        safe.text(
            f"note: others on this machine can look into your fireside folder {folder} "
            f"(mode {mode}). Your files in it are readable only by you, but their names show."
        ),
        soft_wrap=True,
    )
    err.print(
        safe.text(
            f"If it is yours alone, `chmod 700 {folder}` makes it private; or point "
            f"{paths.HOME_ENV} at a folder of your own.",
            "dim",
        ),
        soft_wrap=True,
    )


class FiresideGroup(TyperGroup):
    """The single place where errors become a one-line message and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            with interrupts.watched():  # a Ctrl-C swallowed below is still seen at safe points
                return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            _stopped()
        except Exception as exc:
            if _is_click_exception(exc):
                raise
            if reader_gone(exc):
                quiet_exit()
            if _interrupted(exc):  # Ctrl-C, caught and re-raised as something else below us
                _stopped()
            if _wants_traceback(ctx):
                raise
            if not isinstance(exc, FiresideError):
                explained = _store_failure(exc, ctx)
                if explained is None:
                    _unexpected(exc)
                exc = explained
            _show_error(exc)
            raise typer.Exit(int(exc.exit_code)) from None


def _show_error(exc: FiresideError) -> None:
    # Messages name files, people and values from files: never read as markup.
    err.print(Text("error: ", style="bold red") + safe.text(exc.message), soft_wrap=True)
    if exc.hint:
        err.print(safe.text(exc.hint, style="dim"), soft_wrap=True)


def _interrupted(exc: BaseException) -> bool:
    """Whether a KeyboardInterrupt is behind ``exc`` (as its cause or its context).

    Libraries turn Ctrl-C into their own errors: ADBC raises "cancelled" from a
    KeyboardInterrupt, and a clean-up step that fails while an interrupt unwinds (a
    DETACH, a rollback) raises its own error with the interrupt as its context.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        cause = current.__cause__
        if isinstance(current, KeyboardInterrupt) or cause is KeyboardInterrupt:  # type: ignore[comparison-overlap]
            return True
        current = cause or current.__context__
    return False


def _stopped() -> NoReturn:
    err.print("Stopped (Ctrl-C).", soft_wrap=True)
    err.print(
        safe.text(
            "Nothing is ever half-saved: an import is stored whole or not at all "
            "(`fireside imports` shows what is there).",
            "dim",
        ),
        soft_wrap=True,
    )
    raise typer.Exit(int(ExitCode.INTERRUPTED))


_DATABASE_MODULES = ("sqlalchemy", "sqlite3", "psycopg", "adbc_driver_manager")


def _store_failure(exc: Exception, ctx: Any) -> FiresideError | None:
    """The database failure behind ``exc`` in plain words (busy, disk full, read-only …)."""
    if type(exc).__module__.split(".")[0] not in _DATABASE_MODULES:
        return None
    from fireside.service.failures import explain_failure

    state = ctx.obj
    store = state._store if isinstance(state, State) else None
    return explain_failure(exc, f"the database {store.url}" if store else "the database")


def _unexpected(exc: Exception) -> NoReturn:
    from fireside.service.failures import failure_detail

    # Only the first line of the driver's message: SQLAlchemy's own text carries the SQL and
    # its parameters, and a parameter can be someone's message.
    detail = failure_detail(exc)
    err.print(
        f"[bold red]error:[/] fireside hit an unexpected problem ({type(exc).__name__}: "
        f"{safe.markup(detail)}).",
        soft_wrap=True,
    )
    err.print("[dim]Run the same command with --traceback to see details.[/]")
    raise typer.Exit(int(ExitCode.INTERNAL)) from None


def _wants_traceback(ctx: Any) -> bool:
    state = ctx.obj
    return isinstance(state, State) and state.traceback


def _is_click_exception(exc: Exception) -> bool:
    # Typer vendors Click; its exceptions carry an exit_code and show() themselves.
    return hasattr(exc, "exit_code") and hasattr(exc, "show")


app = typer.Typer(
    cls=FiresideGroup,
    name="fireside",
    help="fireside: a private, local coach for healthy space in a relationship.\n\n"
    "Everything stays on this machine. Readings are heuristics, never a judgement of anyone.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fireside {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    database_url: str | None = typer.Option(
        None,
        "--database-url",
        envvar="FIRESIDE_DATABASE_URL",
        help="Database to use (default: the SQLite file in your fireside folder).",
        show_envvar=True,
    ),
    traceback: bool = typer.Option(
        False, "--traceback", help="Show the full technical error instead of a one-line message."
    ),
    version: bool = typer.Option(  # noqa: ARG001 (handled by its callback)
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    state = State(database_url=database_url, traceback=traceback)
    ctx.obj = state
    ctx.call_on_close(state.close)


def state_of(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    assert isinstance(obj, State)
    return obj
