"""Browser tests: Debian's Chromium driven by Playwright, against one server per session.

Never `playwright install` (it downloads); scripts/test installs the apt `chromium`.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SECRET = "browser-secret-" + "y" * 40
AXE = (
    Path(__file__).resolve().parents[2]
    / ".cache"
    / "axe"
    / "node_modules"
    / "axe-core"
    / "axe.min.js"
)
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"

if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed (scripts/test installs it)", allow_module_level=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def fireside_home() -> None:  # the server's home is the session's, not each test's
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The web app on a throwaway home, served by uvicorn in a thread; yields its origin."""
    import uvicorn

    home = tempfile.mkdtemp(prefix="fireside-browser-")
    previous = os.environ.get("FIRESIDE_HOME")
    os.environ["FIRESIDE_HOME"] = home
    from fireside.web import create_app

    port = _free_port()
    app = create_app(host="127.0.0.1", port=port, secret=SECRET)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    if previous is None:
        os.environ.pop("FIRESIDE_HOME", None)
    else:
        os.environ["FIRESIDE_HOME"] = previous
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def site(server: str, page: Any) -> Any:
    """A signed-in page whose console errors (a CSP violation among them) fail the test."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/login?token={SECRET}")
    page.errors = errors
    yield page
    assert errors == [], errors


def shoot(page: Any, name: str) -> None:
    """Screenshots at 360 and 1280 px (tests/screenshots, ignored by git)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def axe_check(page: Any) -> list[dict[str, Any]]:
    """Serious or critical axe-core violations on the page (axe from npm, tests only)."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed (scripts/test installs it with npm)")
    page.evaluate(AXE.read_text(encoding="utf-8"))  # over CDP: not subject to the page's CSP
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
