"""The browser layer: the real app (uvicorn, real Neo4j with the demo data) driven by
Debian's Chromium through Playwright. Never a downloaded browser: if /usr/bin/chromium
is absent the layer is skipped with the command that installs it.

Set EMKG_SCREENSHOTS_DIR (e.g. docs/screenshots) to save the screenshots the README shows.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from neo4j import Driver

from api.app import create_app
from api.auth import KeyAdmin, Role
from kg.driver import open_driver
from kg.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

if not CHROMIUM.exists():
    pytest.skip(
        "Debian's Chromium is not installed at /usr/bin/chromium: run `make chromium` "
        "(apt-get install chromium) to run the browser tests",
        allow_module_level=True,
    )

from playwright.sync_api import Browser, Page, ViewportSize, expect, sync_playwright  # noqa: E402

LAPTOP: ViewportSize = {"width": 1440, "height": 900}
WALL: ViewportSize = {"width": 2560, "height": 1440}


@dataclass(frozen=True)
class LiveApp:
    url: str
    keys: dict[str, str]  # role -> a valid API key


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(settings: Settings) -> Iterator[str]:
    """Run create_app(settings) with uvicorn in a background thread; yields its URL."""
    port = _free_port()
    settings = settings.with_overrides(port=port)
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"ui-app-{port}", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    try:
        while True:
            try:
                if httpx.get(url + "healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or not thread.is_alive():
                pytest.fail("the app did not start within 120 s (see the log above)")
            time.sleep(0.3)
        # as a load balancer would: wait while /readyz says the warm-up is still running
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "readyz", timeout=10).json().get("status") != "starting":
                    break
            except (httpx.TransportError, ValueError):
                pass
            time.sleep(0.3)
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def _keys(settings: Settings) -> dict[str, str]:
    """One key per role, in the test Neo4j (where the app checks keys)."""
    with open_driver(settings) as driver:
        admin = KeyAdmin(driver, settings.neo4j_database)
        return {role.value: admin.create(role, name=f"ui-{role.value}")[0] for role in Role}


@pytest.fixture(scope="session")
def live_app(
    neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveApp]:
    """The whole app on a free port in a background thread, with one key per role."""
    keys = _keys(neo4j_settings)
    keys_file = tmp_path_factory.mktemp("ui-keys") / "api-keys.json"  # none: keys are in Neo4j
    with serve(neo4j_settings.with_overrides(keys_file=keys_file)) as url:
        yield LiveApp(url=url, keys=keys)


@pytest.fixture(scope="session")
def app_without_neo4j(
    neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveApp]:
    """The app pointed at a Neo4j that is not there (a closed port): what users see then."""
    keys = _keys(neo4j_settings)  # made in the live Neo4j: this app cannot check them
    keys_file = tmp_path_factory.mktemp("ui-keys") / "api-keys.json"
    dead = f"neo4j://127.0.0.1:{_free_port()}"
    settings = neo4j_settings.with_overrides(
        keys_file=keys_file, neo4j_uri=dead, neo4j_password="unused"
    )
    with serve(settings) as url:
        yield LiveApp(url=url, keys=keys)


# Package scope: Playwright's sync API keeps an event loop running in this thread while it
# is open, which would break asyncio.run() in the test layers collected after tests/ui.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=LAPTOP, locale="zh-CN")
    context.set_default_timeout(20_000)
    # Assertions wait as long as actions: a busy CI machine answers a first search slowly.
    expect.set_options(timeout=20_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


@pytest.fixture
def page(browser: Browser, live_app: LiveApp, demo_graph: Driver) -> Iterator[Page]:
    """A fresh browser context (no stored key or language) on the shared, read-only demo graph."""
    yield from _page(browser)


@pytest.fixture
def bare_page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context with no graph fixture (for apps without Neo4j)."""
    yield from _page(browser)


@pytest.fixture
def writable_page(browser: Browser, live_app: LiveApp, ontology_graph: Driver) -> Iterator[Page]:
    """A fresh browser context on a graph of its own (the ontology alone): the test may write."""
    yield from _page(browser)


def sign_in(page: Page, app: LiveApp, role: str, view: str = "commander") -> None:
    """Sign in with `role`'s key on `view` and wait until that view is ready."""
    page.goto(f"{app.url}#{view}")
    expect(page.locator("#sign-in")).to_be_visible()
    page.fill("#api-key", app.keys[role])
    page.click("#sign-in-form button[type=submit]")
    expect(page.locator("#sign-in")).to_be_hidden()
    expect(page.locator("#role-badge")).to_have_attribute("data-role", role)
    # The view's controls are wired only after its start-up requests (catalogs, map):
    # typing before that would race the listeners.
    expect(page.locator(f"#view-{view}")).to_have_attribute("data-ready", "true")


@pytest.fixture
def planner_page(writable_page: Page, live_app: LiveApp) -> Page:
    """`writable_page` signed in with the planner key, on the planner's view."""
    sign_in(writable_page, live_app, "planner", view="planner")
    return writable_page


def screenshot(page: Page, name: str) -> None:
    """Save a screenshot when EMKG_SCREENSHOTS_DIR is set (docs/screenshots for the README)."""
    target = os.environ.get("EMKG_SCREENSHOTS_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(target) / f"{name}.png"), full_page=False)
