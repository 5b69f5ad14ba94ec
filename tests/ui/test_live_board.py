"""The live board in two browsers (issue 15 item 6): one commander marks a team deployed and
another dispatches a team to an incident; a second commander's page, left alone, shows both
without a reload (the team rows follow, a notice names the team and the incident).
Screenshots of the watching page in Chinese and English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from neo4j import Driver
from playwright.sync_api import Browser, Page, expect

from tests.ui.conftest import LAPTOP, LiveApp, screenshot
from tests.ui.test_accessibility import AXE, audit
from tests.ui.test_commander import CHENGDU, FLOOD, pick_hazard, recommend, sign_in


@pytest.fixture
def two_pages(browser: Browser, live_app: LiveApp, demo_graph: Driver) -> Iterator[list[Page]]:
    """Two commanders' browsers on the demo graph, which this test writes to (marked dirty
    afterwards, so the next test that needs the demo data reloads it)."""
    contexts = [browser.new_context(viewport=LAPTOP, locale="zh-CN") for _ in range(2)]
    pages = []
    errors: list[str] = []
    for c in contexts:
        c.set_default_timeout(30_000)
        p = c.new_page()
        p.on("pageerror", lambda e: errors.append(str(e)))
        pages.append(p)
    expect.set_options(timeout=30_000)
    try:
        yield pages
    finally:
        for c in contexts:
            c.close()
        import tests.conftest as shared

        shared._S.graph_state = "dirty"
    assert not errors, f"JavaScript errors in the page: {errors}"


def _flood(page: Page, app: LiveApp) -> list[str]:
    sign_in(page, app, "commander")
    pick_hazard(page, "洪水", FLOOD)
    page.select_option("#region", CHENGDU)
    expect(page.locator("#lat")).not_to_have_value("")
    return recommend(page)


def _gql(app: LiveApp, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    r = httpx.post(
        f"{app.url}graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {app.keys['admin']}"},
        timeout=60,
    )
    body: dict[str, Any] = r.json()
    assert r.status_code == 200 and not body.get("errors"), body
    data: dict[str, Any] = body["data"]
    return data


DEPLOYED = re.compile(r"\bdeployed\b")
OPEN = """mutation($in: OpenIncidentInput!) { openIncident(input: $in) {
  incident { id } userErrors { field message } } }"""
DISPATCH = """mutation($in: DispatchIncidentInput!) { dispatchIncident(input: $in) {
  teams userErrors { field message } } }"""


def test_a_watching_page_sees_a_deployment_and_a_dispatch_without_reload(
    two_pages: list[Page], live_app: LiveApp
) -> None:
    watcher, actor = two_pages
    package = _flood(watcher, live_app)
    assert _flood(actor, live_app) == package and len(package) >= 2, package
    expect(watcher.locator("body")).to_have_attribute("data-board", "live")
    watcher.evaluate("window.__sameDocument = true")

    # 1. The other commander marks the first team deployed (setTeamStatus).
    first = package[0]
    actor.once("dialog", lambda d: d.accept())
    actor.click(f"[data-testid=force-package] button[data-action=deploy][data-team-id='{first}']")
    row = watcher.locator(f"[data-testid=force-package] tr[data-team-id='{first}']")
    expect(row).to_have_class(DEPLOYED)
    expect(row.locator("th.team small").first).to_contain_text("已出动")
    expect(row.locator("button[data-action=deploy]")).to_be_hidden()
    notice = watcher.locator("#board-notice")
    expect(notice).to_contain_text("状态已变为：已出动")

    # 2. A dispatch order for the second team (the incidents API, as another process would).
    second = package[1]
    opened = _gql(
        live_app,
        OPEN,
        {"in": {"titleZh": "锦江水位上涨", "titleEn": "Jinjiang River rising",
                "location": {"latitude": 30.66, "longitude": 104.06},
                "responseLevel": "II", "hazardCodes": [FLOOD]}},
    )["openIncident"]  # fmt: skip
    assert not opened["userErrors"], opened
    incident = opened["incident"]["id"]
    sent = _gql(
        live_app,
        DISPATCH,
        {"in": {"incidentId": incident, "teams": [{"teamId": second}],
                "task": "排涝", "assemblyPoint": "春熙路"}},
    )["dispatchIncident"]  # fmt: skip
    assert sent["teams"] == [second], sent
    expect(notice).to_contain_text("已调派至事件 锦江水位上涨")
    expect(
        watcher.locator(f"[data-testid=force-package] tr[data-team-id='{second}']")
    ).to_have_class(DEPLOYED)
    assert watcher.evaluate("window.__sameDocument") is True, "the watching page reloaded"
    screenshot(watcher, "live-board-zh")
    axe = AXE.read_text(encoding="utf-8")
    blocking = audit(watcher, axe, "live board zh")

    watcher.click("#lang-toggle")
    expect(notice).to_contain_text("was just dispatched to incident Jinjiang River rising")
    # the results re-render in English; the live statuses stay applied
    expect(
        watcher.locator(
            f"[data-testid=force-package] tr[data-team-id='{first}'] th.team small"
        ).first
    ).to_contain_text("deployed")
    screenshot(watcher, "live-board-en")
    blocking += audit(watcher, axe, "live board en")
    assert not blocking, f"axe critical/serious on the live board: {blocking}"
