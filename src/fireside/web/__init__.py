"""The local web app: ``fireside serve``. FastAPI + Jinja2, plain CSS, a little htmx.

Routes parse the request, call one use-case of ``fireside.service`` and render one
template; nothing here touches the store or the ingest directly.
"""

from fireside.web.app import create_app

__all__ = ["create_app"]
