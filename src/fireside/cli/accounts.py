"""`fireside accounts`: the people a server-mode fireside serves (add, list, remove, password)."""

from __future__ import annotations

import json
import sys

import typer

from fireside.cli.app import app, err, out, state_of
from fireside.errors import FiresideError

accounts_app = typer.Typer(
    help="The accounts of a fireside server (fireside serve --server): add, list, remove, "
    "change a password. Use with --database-url.",
    no_args_is_help=True,
)
app.add_typer(accounts_app, name="accounts")


def read_password(*, confirm: bool) -> str:
    """From a prompt (hidden, twice), or the first line of standard input when it is not a
    terminal. Never from an argument: those show up in the shell's history and `ps`."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise FiresideError(
                "No password came on standard input.",
                hint="Pipe it in on one line, or run the command at a terminal to be asked.",
            )
        return line
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=confirm))


@accounts_app.command("add")
def accounts_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., metavar="NAME", help="The account's name (their login)."),
) -> None:
    """Add an account; the password comes from a prompt or standard input."""
    from fireside.service.accounts import add_account, check_name

    check_name(name)
    account = add_account(state_of(ctx).store, name, read_password(confirm=True))
    out.print(f"Added the account {account.name}. They can sign in at /login.")


@accounts_app.command("list")
def accounts_list(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")
) -> None:
    """List the accounts."""
    from fireside.service.accounts import list_accounts

    found = list_accounts(state_of(ctx).store)
    if as_json:
        typer.echo(json.dumps([a.as_json() for a in found], indent=2))
        return
    if not found:
        out.print("No accounts yet. `fireside accounts add NAME` adds one.")
    for each in found:
        out.print(f"{each.name}  (since {each.created_at[:10]})", markup=False)


@accounts_app.command("remove")
def accounts_remove(
    ctx: typer.Context,
    name: str = typer.Argument(..., metavar="NAME"),
    yes: bool = typer.Option(False, "--yes", help="Don't ask; remove straight away."),
) -> None:
    """Remove an account and everything of theirs (profile, imports, messages, sessions)."""
    from fireside.service.accounts import remove_account

    if not yes:
        if not sys.stdin.isatty():
            raise FiresideError(
                f"Not removing {name} without a confirmation.",
                hint="Add --yes to remove the account and all its data.",
            )
        err.print(f"This removes {name} and everything fireside stores for them.")
        if typer.prompt("Type the name to confirm", default="", show_default=False) != name:
            out.print("Nothing was removed.")
            return
    counts = remove_account(state_of(ctx).store, name)
    rows = sum(v for k, v in counts.items() if k not in ("account", "session"))
    out.print(f"Removed {name}, {rows:,} rows of their data and {counts['session']} sessions.")


@accounts_app.command("password")
def accounts_password(ctx: typer.Context, name: str = typer.Argument(..., metavar="NAME")) -> None:
    """Change an account's password (from a prompt or standard input); signs them out everywhere."""
    from fireside.service.accounts import change_password

    ended = change_password(state_of(ctx).store, name, read_password(confirm=True))
    out.print(f"Changed the password of {name}; {ended} open sessions were ended.")
