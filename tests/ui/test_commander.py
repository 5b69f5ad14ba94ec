"""A commander runs scenarios end to end in a real browser: teams in the table and on the
map, exclude one and see the package change; a wrong API key gets a clear message."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.ui.conftest import LiveApp, screenshot

FLOOD = "11A01"  # 洪水
HAZMAT = "12D00"  # 危险化学品事故
CHENGDU = "510100"


def sign_in(page: Page, app: LiveApp, role: str, view: str = "commander") -> None:
    page.goto(f"{app.url}#{view}")
    expect(page.locator("#sign-in")).to_be_visible()
    page.fill("#api-key", app.keys[role])
    page.click("#sign-in-form button[type=submit]")
    expect(page.locator("#sign-in")).to_be_hidden()
    expect(page.locator("#role-badge")).to_have_attribute("data-role", role)


def pick_hazard(page: Page, typed: str, hazard_id: str) -> None:
    page.fill("#hazard-search", typed)
    option = page.locator(f"#hazard-options li[data-hazard='{hazard_id}']")
    expect(option).to_be_visible()
    option.click()
    expect(page.locator(f"#hazard-chips [data-hazard='{hazard_id}']")).to_be_visible()


def recommend(page: Page) -> list[str]:
    """Press the button, wait for the results; the force package's team ids in table order."""
    runs = int(page.locator("#results").get_attribute("data-runs") or 0)
    page.click("#recommend")
    wait_for_run(page, runs + 1)
    expect(page.locator("#banner")).to_be_hidden()
    rows = page.locator("[data-testid=force-package] tbody tr")
    return [rows.nth(i).get_attribute("data-team-id") or "" for i in range(rows.count())]


def wait_for_run(page: Page, n: int) -> None:
    page.wait_for_function(
        "([n]) => Number(document.getElementById('results').dataset.runs || 0) >= n", arg=[n]
    )


def map_team_ids(page: Page, role: str) -> set[str]:
    markers = page.locator(f"#map path[data-role={role}]")
    return {markers.nth(i).get_attribute("data-team-id") or "" for i in range(markers.count())}


def test_flood_scenario_end_to_end_then_exclude_a_team(page: Page, live_app: LiveApp) -> None:
    sign_in(page, live_app, "commander")
    pick_hazard(page, "洪水", FLOOD)
    page.select_option("#region", CHENGDU)
    expect(page.locator("#lat")).not_to_have_value("")
    package = recommend(page)

    assert package, "a flood in Chengdu should get at least one team"
    assert map_team_ids(page, "package") == set(package), "the map shows the package's teams"
    expect(page.locator("#map path[data-testid=incident-marker]")).to_have_count(1)
    first = page.locator("[data-testid=force-package] tbody tr").first
    expect(first).to_contain_text(re.compile(r"\d+ 分钟"))
    assert int(page.locator("#explanation").get_attribute("data-nodes") or 0) >= 2
    screenshot(page, "commander")

    with page.expect_download() as download:
        page.click("#results button[data-action=export-json]")
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [r["team"]["id"] for r in exported["recommendation"]["forcePackage"]] == package
    assert exported["scenario"]["hazardCodes"] == [FLOOD]
    page.emulate_media(media="print")
    expect(page.locator("#scenario-form")).to_be_hidden()
    expect(page.locator("[data-testid=force-package]")).to_be_visible()
    page.emulate_media(media="screen")

    excluded = package[0]
    runs = int(page.locator("#results").get_attribute("data-runs") or 0)
    page.click(
        f"[data-testid=force-package] button[data-action=exclude][data-team-id='{excluded}']"
    )
    wait_for_run(page, runs + 1)
    expect(page.locator("#banner")).to_be_hidden()
    after = page.locator("#results").get_attribute("data-package-ids") or ""
    assert excluded not in after.split(","), "the excluded team left the package"
    assert excluded not in map_team_ids(page, "package") | map_team_ids(page, "candidate")
    expect(page.locator(f"#excluded [data-excluded='{excluded}']")).to_be_visible()


def test_hazmat_scenario_by_typed_coordinates(page: Page, live_app: LiveApp) -> None:
    sign_in(page, live_app, "commander")
    pick_hazard(page, "危化品泄漏", HAZMAT)
    page.fill("#lat", "30.80")
    page.fill("#lon", "104.20")
    page.dispatch_event("#lon", "change")
    page.check("#levels input[value=II]", force=True)
    package = recommend(page)

    assert package, "a hazmat accident near Chengdu should get at least one team"
    assert map_team_ids(page, "package") == set(package)
    covered = page.locator("[data-testid=force-package] .tag.covered")
    assert covered.count() >= 1, "each team shows the capabilities it covers"


def test_a_wrong_api_key_gets_a_clear_message(page: Page, live_app: LiveApp) -> None:
    page.goto(live_app.url)
    expect(page.locator("#sign-in")).to_be_visible()
    page.fill("#api-key", "emkg_commander_thisisnotakey")
    page.click("#sign-in-form button[type=submit]")
    message = page.locator("#sign-in-error")
    expect(message).to_be_visible()
    expect(message).to_contain_text("API 密钥无效")
    expect(page.locator("#view-commander")).to_be_hidden()


def test_language_switch_is_remembered(page: Page, live_app: LiveApp) -> None:
    sign_in(page, live_app, "commander")
    expect(page.locator("#recommend")).to_have_text("推荐救援力量")
    page.click("#lang-toggle")
    expect(page.locator("#recommend")).to_have_text("Recommend forces")
    page.reload()
    expect(page.locator("#recommend")).to_have_text("Recommend forces")
    expect(page.locator("#basemap-attribution")).to_contain_text("Schematic")
