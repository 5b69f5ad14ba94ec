"""A readiness alert reaches the planner's screen (issue 18 item 4, in a real browser): the
hand-built graph of tests/integration/readiness/small_graph.py, where plan P-T1 names team
A (甲队) at level I and county 900101 meets it; a commander marks A unavailable through the
API, and the readiness view's alert list shows which plan, which prescription and where,
in Chinese and then in English. The test waits on the list (the view asks every 5 s),
never a fixed time. Screenshots in both languages (EMKG_SCREENSHOTS_DIR)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from neo4j import Driver
from playwright.sync_api import Browser, Page, expect

from kg.settings import Settings
from tests.integration.readiness.small_graph import write_small_graph
from tests.ui.conftest import LiveApp, _page, screenshot
from tests.ui.test_accessibility import assert_accessible
from tests.ui.test_commander import sign_in

SET_STATUS = """mutation($team: ID!, $status: TeamStatus!) {
  updateTeamStatus(input: {team: $team, status: $status}) {
    auditEntry { id } userErrors { message } }
}"""


@pytest.fixture
def small_graph_page(
    browser: Browser, live_app: LiveApp, ontology_graph: Driver, neo4j_settings: Settings
) -> Iterator[Page]:
    """A browser context on the small readiness graph (this test writes to it)."""
    write_small_graph(ontology_graph, neo4j_settings.neo4j_database)
    for pg in _page(browser):
        pg.set_default_timeout(60_000)
        expect.set_options(timeout=60_000)  # the watch's first pass is cold on a busy machine
        yield pg


def set_status(app: LiveApp, team: str, status: str) -> None:
    r = httpx.post(
        f"{app.url}graphql",
        json={"query": SET_STATUS, "variables": {"team": team, "status": status}},
        headers={"Authorization": f"Bearer {app.keys['commander']}"},
        timeout=60,
    )
    body = r.json()
    assert r.status_code == 200 and not body.get("errors"), r.text
    assert body["data"]["updateTeamStatus"]["userErrors"] == [], r.text


def test_a_named_team_out_of_service_raises_an_alert_the_planner_sees(
    small_graph_page: Page, live_app: LiveApp
) -> None:
    page = small_graph_page
    sign_in(page, live_app, "planner", view="readiness")
    page.fill("#readiness-province", "900000")
    page.click("#readiness-form button[type=submit]")
    expect(page.locator("#view-readiness")).to_have_attribute("data-loaded", "true")
    expect(page.locator("#readiness-summary")).to_contain_text("测试省")
    alerts = page.locator("#readiness-alerts")
    expect(alerts).to_contain_text("当前没有可达性告警")  # nothing broken yet
    expect(alerts.locator("li.readiness-alert")).to_have_count(0)

    set_status(live_app, "A", "UNAVAILABLE")

    team_alert = alerts.locator("li.readiness-alert", has_text="甲队")
    expect(team_alert).to_have_count(1)  # waits for the watch and the view's next ask
    expect(team_alert).to_contain_text("测试省地震预案（I 级）在 平原县：甲队 不再满足")
    assert team_alert.locator("time").get_attribute("datetime"), "since when"
    screenshot(page, "readiness-alert-zh")
    assert_accessible(page, "readiness-alert-zh")

    page.click("#lang-toggle")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    team_alert = alerts.locator("li.readiness-alert", has_text="Team A")
    expect(team_alert).to_contain_text(
        "Test earthquake plan (level I) in Plain County: Team A is no longer met"
    )
    expect(page.locator("#readiness-detail")).not_to_contain_text("点击")  # relabelled too
    screenshot(page, "readiness-alert-en")
    assert_accessible(page, "readiness-alert-en")
    page.click("#lang-toggle")
