"""The server-mode app for uvicorn's workers: ``fireside.web.server:from_environment``.

Each worker process builds its own app (uvicorn ``--factory``) from the environment that
``fireside serve --server`` sets: the database URL, the address and the public host names.
"""

from __future__ import annotations

import os

from fastapi import FastAPI

from fireside.web.app import create_app

URL_ENV = "FIRESIDE_DATABASE_URL"
HOST_ENV = "FIRESIDE_SERVER_HOST"
PORT_ENV = "FIRESIDE_SERVER_PORT"
PUBLIC_ENV = "FIRESIDE_SERVER_PUBLIC_HOSTS"  # comma-separated Host names behind a proxy
WORKERS_ENV = "FIRESIDE_SERVER_WORKERS"


def from_environment() -> FastAPI:
    public = [h for h in os.environ.get(PUBLIC_ENV, "").split(",") if h]
    return create_app(
        os.environ[URL_ENV],
        server=True,
        host=os.environ.get(HOST_ENV, "127.0.0.1"),
        port=int(os.environ.get(PORT_ENV, "8765")),
        public_hosts=public,
        workers=int(os.environ.get(WORKERS_ENV, "1")),
    )
