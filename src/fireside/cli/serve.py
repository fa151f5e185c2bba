"""`fireside serve`: the local web app."""

from __future__ import annotations

import ipaddress
import socket

import typer

from fireside.cli.app import app, err, out, state_of
from fireside.errors import FiresideError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def login_url(host: str, port: int, secret: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    if host in ("0.0.0.0", "::"):
        shown = "127.0.0.1"
    return f"http://{shown}:{port}/login?token={secret}"


def _check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise FiresideError(
                f"Could not listen on {host}:{port} ({exc.strerror}).",
                hint="Another program (or another fireside) may be using it: choose another "
                "port with --port, e.g. --port 8766.",
            ) from None


@app.command("serve")
def serve_command(
    ctx: typer.Context,
    host: str = typer.Option(
        "127.0.0.1",
        "--host",
        help="Address to listen on. The default is this computer only; anything else lets "
        "other machines on the network reach the login page.",
    ),
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="Port to listen on."),
    no_browser: bool = typer.Option(
        False, "--no-browser", help="Don't open a browser; just print the address."
    ),
    new_secret: bool = typer.Option(
        False, "--new-secret", help="Make a new login secret (signs out every open browser)."
    ),
    server: bool = typer.Option(
        False,
        "--server",
        help="Serve many people from one PostgreSQL database (--database-url): each signs in "
        "with the name and password of an account (`fireside accounts add NAME`).",
    ),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64, help="Server mode: worker processes."
    ),
    public_host: list[str] = typer.Option(
        [],
        "--public-host",
        help="Server mode: a Host name the server is reached by (behind a proxy), e.g. "
        "fireside.example.org. Repeat for more.",
    ),
) -> None:
    """Open fireside in your browser: the local web app, on this computer only.

    Prints the address to open; it carries your login secret, so keep it to yourself.
    With --server, serves the accounts of a PostgreSQL database instead.
    """
    import uvicorn

    if server:
        _serve_server(ctx, host, port, workers, public_host)
        return

    from fireside.web import create_app
    from fireside.web.security import load_secret

    if not is_loopback(host):
        err.print(
            f"[bold yellow]warning:[/] listening on {host}: other machines on your network can "
            "reach fireside's login page. Only the secret address below lets anyone in; "
            "use the default (127.0.0.1) unless you need this.",
            soft_wrap=True,
        )
    _check_port(host, port)
    secret = load_secret(rotate=new_secret)
    state = state_of(ctx)
    state.store  # noqa: B018 (an encrypted store asks its passphrase here, before serving)
    web = create_app(state.database_url, host=host, port=port, secret=secret)
    url = login_url(host, port, secret)
    out.print(f"fireside is running at {url}", soft_wrap=True, markup=False)
    if not no_browser:
        _open_browser(url)
    uvicorn.run(web, host=host, port=port, log_level="warning", access_log=False)


def _open_browser(url: str) -> None:
    import webbrowser

    try:
        webbrowser.get()
    except webbrowser.Error:
        return  # no browser here (a server, a container): the printed address is enough
    webbrowser.open(url, new=2)


def _serve_server(
    ctx: typer.Context, host: str, port: int, workers: int, public_hosts: list[str]
) -> None:
    import os

    import uvicorn

    from fireside.service.accounts import check_server_database, list_accounts
    from fireside.web import server

    state = state_of(ctx)
    if not state.database_url:
        raise FiresideError(
            "Server mode needs --database-url (a PostgreSQL database).",
            hint="e.g. fireside --database-url postgresql+psycopg://fireside@localhost/fireside "
            "serve --server",
        )
    store = state.store  # opened (and migrated) once here, before the workers start
    check_server_database(store)
    if not list_accounts(store):
        err.print("No accounts yet: `fireside accounts add NAME` adds one.")
    _check_port(host, port)
    os.environ[server.URL_ENV] = state.database_url
    os.environ[server.HOST_ENV] = host
    os.environ[server.PORT_ENV] = str(port)
    os.environ[server.PUBLIC_ENV] = ",".join(public_hosts)
    os.environ[server.WORKERS_ENV] = str(workers)
    shown = f"[{host}]" if ":" in host else host
    out.print(f"fireside (server mode) is running at http://{shown}:{port}/login", markup=False)
    uvicorn.run(
        "fireside.web.server:from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )
