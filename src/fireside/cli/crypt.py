"""`fireside encrypt`, `fireside decrypt` and `fireside backup`: the store at rest."""

from __future__ import annotations

from pathlib import Path

import typer

from fireside.cli.app import app, out, read_passphrase, state_of


@app.command("encrypt")
def encrypt_command(ctx: typer.Context) -> None:
    """Encrypt your store in place with a passphrase (asked, or FIRESIDE_PASSPHRASE).

    A new encrypted copy is written and checked before it replaces the old file. Close
    `fireside serve` first. Keep the passphrase safe: without it the store cannot be read.
    """
    from fireside.service.base import encrypt_store

    state = state_of(ctx)
    state.close()
    path = encrypt_store(state.database_url, read_passphrase(new=True))
    out.print(f"Encrypted {path}. Every fireside command will now ask for the passphrase.")


@app.command("decrypt")
def decrypt_command(ctx: typer.Context) -> None:
    """Store your data unencrypted again (asks for the passphrase). Close `fireside serve` first."""
    from fireside.service import base

    state = state_of(ctx)
    if base.needs_passphrase(state.database_url):
        base.unlock(state.database_url, read_passphrase())
    state.close()
    path = base.decrypt_store(state.database_url)
    out.print(f"Decrypted {path}; it no longer needs a passphrase.")


@app.command("backup")
def backup_command(
    ctx: typer.Context,
    target: Path = typer.Argument(..., metavar="FILE", help="Where to write the copy."),
) -> None:
    """A consistent copy of your store, safe while fireside is running.

    An encrypted store's copy stays encrypted under the same passphrase (its .salt file is
    written beside the copy: keep the two together). On PostgreSQL, use pg_dump.
    """
    from fireside.service import base

    state = state_of(ctx)
    if base.needs_passphrase(state.database_url):
        base.unlock(state.database_url, read_passphrase())
    written = base.backup_store(state.database_url, target)
    out.print(f"Wrote a copy of your store to {written}.")
