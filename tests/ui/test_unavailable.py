"""Signing in and clear messages when the server or Neo4j is unavailable."""

from __future__ import annotations

from playwright.sync_api import Page, Route, expect

from tests.ui.conftest import LiveApp
from tests.ui.test_commander import FLOOD, pick_hazard, sign_in


def test_neo4j_down_is_named_with_what_to_do(bare_page: Page, app_without_neo4j: LiveApp) -> None:
    bare_page.goto(app_without_neo4j.url)
    banner = bare_page.locator("#banner")
    expect(banner).to_be_visible(timeout=20_000)  # /readyz waits up to 5 s for Neo4j
    expect(banner).to_have_attribute("data-kind", "store")
    expect(banner).to_contain_text("Neo4j")
    expect(bare_page.locator("#sign-in")).to_be_hidden()


def test_losing_the_server_mid_session_says_so(page: Page, live_app: LiveApp) -> None:
    sign_in(page, live_app, "commander")
    pick_hazard(page, "洪水", FLOOD)
    page.select_option("#region", "510100")

    def cut(route: Route) -> None:  # the network to the server is gone
        route.abort("connectionrefused")

    page.route("**/graphql", cut)
    page.click("#recommend")
    banner = page.locator("#banner")
    expect(banner).to_be_visible()
    expect(banner).to_have_attribute("data-kind", "server")
    expect(banner).to_contain_text("无法连接 EMKG 服务器")


def test_sign_in_link_from_emkg_run_signs_in_and_leaves_no_key_in_the_address(
    page: Page, live_app: LiveApp
) -> None:
    page.goto(f"{live_app.url}#key={live_app.keys['commander']}")
    expect(page.locator("#role-badge")).to_have_attribute("data-role", "commander")
    expect(page.locator("#sign-in")).to_be_hidden()
    assert "key=" not in page.url
