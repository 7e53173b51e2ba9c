"""A real uvicorn server (loopback, free port) on a temporary SQLite database with the demo
loaded, and Debian's chromium driven by Playwright. Skipped when either is missing."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REQUIRED = os.environ.get("BURDENSHARE_REQUIRE_BROWSER") == "1"  # `make unit`: fail, not skip
if REQUIRED:
    import playwright.sync_api as playwright_api
else:
    playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}

if not Path(CHROMIUM).exists() and REQUIRED:
    raise RuntimeError(f"{CHROMIUM} is not installed (apt-get install chromium)")
if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)


def apart(a: dict[str, float], b: dict[str, float]) -> bool:
    """Two bounding boxes (x, y, width, height) that do not overlap."""
    return (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    url: str
    database_url: str


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    import uvicorn

    from burdenshare.store.database import open_database
    from burdenshare.store.demo import load_demo
    from burdenshare.store.migrate import upgrade
    from burdenshare.store.settings import load_settings
    from burdenshare.web import create_web_app

    home = tmp_path_factory.mktemp("web")
    url = f"sqlite:///{home / 'burdenshare.db'}"
    database = open_database(url)  # = `burdenshare db upgrade` + `burdenshare demo load`
    upgrade(database.engine)
    with database.writer() as session:
        load_demo(session)
    database.dispose()
    app = create_web_app(load_settings({"BURDENSHARE_HOME": str(home)}).with_database(url))
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield Server(f"http://127.0.0.1:{port}", url)
    uv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@dataclass
class Tab:
    """A browser page that records console errors and uncaught page errors."""

    page: Any
    base: str
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> Any:
        response = self.page.goto(self.base + path)
        self.wait_charts()
        return response

    def wait_charts(self) -> None:
        self.page.wait_for_selector("body[data-charts]", state="attached", timeout=15_000)
        assert self.page.get_attribute("body", "data-charts") in ("drawn", "none")

    def traces(self, chart_id: str) -> list[dict[str, Any]]:
        """The traces Plotly holds for a chart (its ``.data``), as plain JSON."""
        script = "id => JSON.stringify(document.getElementById(id).data)"
        found: list[dict[str, Any]] = json.loads(self.page.evaluate(script, chart_id))
        return found

    def trace(self, chart_id: str, name: str) -> dict[str, Any]:
        return next(t for t in self.traces(chart_id) if t.get("name") == name)

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def login(self, username: str, password: str) -> None:
        self.open("/tracker")
        self.page.fill("#f-username", username)
        self.page.fill("#f-password", password)
        self.page.click("#login-form button[type=submit]")
        self.page.wait_for_selector("#who")
        self.wait_charts()


def new_tab(browser: Any, base: str, viewport: str = "desktop") -> Tab:
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    tab = Tab(page, base)
    page.on("console", lambda msg: tab.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    return tab


@pytest.fixture
def tab(browser: Any, server: Server) -> Iterator[Tab]:
    t = new_tab(browser, server.url)
    yield t
    t.page.context.close()
