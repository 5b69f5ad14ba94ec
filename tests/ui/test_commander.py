"""A commander runs scenarios end to end in a real browser: teams in the table and on the
map, exclude one and see the package change; a wrong API key gets a clear message."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from playwright.sync_api import Page, Route, expect

from kg.errors import TIMED_OUT
from tests.ui.conftest import LiveApp, screenshot, sign_in

FLOOD = "11A01"  # 洪水
HAZMAT = "12D00"  # 危险化学品事故
CHENGDU = "510100"
QUAKE = "11C02"  # 天然地震事件


def pick_hazard(page: Page, typed: str, hazard_id: str) -> None:
    page.fill("#hazard-search", typed)
    option = page.locator(f"#hazard-options li[data-hazard='{hazard_id}']")
    expect(option).to_be_visible()
    option.click()
    expect(page.locator(f"#hazard-chips [data-hazard='{hazard_id}']")).to_be_visible()


def pick_quake_in_chengdu(page: Page) -> None:
    """The demo's largest scenario on the commander's form: an earthquake in Chengdu."""
    pick_hazard(page, "地震", QUAKE)
    page.select_option("#region", CHENGDU)


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
    expect(page.locator("#basemap-attribution")).to_contain_text("Natural Earth")


CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
REASON_TEXTS = "#results .reasons li, #results .gap-reason, #results [data-hazard] small"


def names_in(value: object) -> set[str]:
    """Every name and id in a GraphQL answer (what may appear in either language)."""
    out: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ("id", "name", "nameZh", "nameEn") and isinstance(v, str) and v:
                out.add(v)
            else:
                out |= names_in(v)
    elif isinstance(value, list):
        for v in value:
            out |= names_in(v)
    return out


def reason_texts(page: Page, names: set[str]) -> list[str]:
    """The reason texts on the page with names and ids taken out, longest names first."""
    texts = page.locator(REASON_TEXTS).all_inner_texts()
    assert len(texts) > 20, texts
    out = []
    for text in texts:
        for name in sorted(names, key=len, reverse=True):
            text = text.replace(name, "")
        out.append(text)
    return out


def test_reasons_are_chinese_on_a_chinese_page_and_english_on_an_english_one(
    page: Page, live_app: LiveApp
) -> None:
    sign_in(page, live_app, "commander")
    pick_quake_in_chengdu(page)
    page.check("#levels input[value=I]", force=True)
    with page.expect_response(
        lambda r: r.url.endswith("/graphql") and "recommendForces" in (r.request.post_data or "")
    ) as answer:
        recommend(page)
    rec = answer.value.json()["data"]["recommendForces"]
    names = names_in(rec)

    for text in reason_texts(page, names):
        assert not LATIN_WORD.search(text), f"English in a Chinese reason: {text!r}"
    hazards = page.locator("#results .summary")
    expect(hazards).to_contain_text("可能由天然地震事件引发")
    plans = page.locator("[data-testid=plans]")
    expect(plans.locator("[data-testid=plan-check]").first).to_be_visible()
    expect(plans).to_contain_text("预案要求")
    met = plans.locator("tr[data-met=true]").count()
    unmet = plans.locator("tr[data-met=false]").count()
    assert met + unmet >= 1 and plans.locator("text=已满足").count() == met
    page.locator("[data-testid=force-package]").scroll_into_view_if_needed()
    screenshot(page, "results-zh")
    plans.scroll_into_view_if_needed()
    screenshot(page, "plans-zh")

    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if r.url.endswith("/graphql") else None)
    page.click("#lang-toggle")
    expect(page.locator("#recommend")).to_have_text("Recommend forces")
    assert asked == [], "switching language re-renders from the data it has"
    for text in reason_texts(page, names):
        assert not CJK.search(text), f"Chinese in an English reason: {text!r}"
    expect(hazards).to_contain_text("may be triggered by Natural earthquake")
    expect(plans).to_contain_text("The plan prescribes")
    assert plans.locator("text=not met").count() == unmet
    edges = page.locator("#explanation")
    assert int(edges.get_attribute("data-nodes") or 0) >= 2
    page.locator("[data-testid=force-package]").scroll_into_view_if_needed()
    screenshot(page, "results-en")
    plans.scroll_into_view_if_needed()
    screenshot(page, "plans-en")


def test_a_timeout_says_timeout_not_database_down_in_both_languages(
    page: Page, live_app: LiveApp
) -> None:
    """The server's TIMEOUT answer (kg.errors; tests/api/test_timeout_api.py makes a real
    one) shown as the commander sees it; the browser holds the answer for 2 s first."""
    sign_in(page, live_app, "commander")
    pick_hazard(page, "洪水", FLOOD)
    page.select_option("#region", CHENGDU)
    timeout = {
        "data": None,
        "errors": [{"message": TIMED_OUT, "extensions": {"code": "TIMEOUT"}}],
    }

    def slow(route: Route) -> None:
        if "recommendForces" not in (route.request.post_data or ""):
            route.continue_()
            return
        time.sleep(2)
        route.fulfill(status=200, content_type="application/json", body=json.dumps(timeout))

    page.route("**/graphql", slow)
    banner = page.locator("#banner")
    page.click("#recommend")
    expect(banner).to_have_attribute("data-kind", "timeout")
    expect(banner).to_contain_text("查询超时")
    expect(banner).not_to_contain_text("不可用")
    expect(banner).not_to_contain_text("configured limit")  # no English server text in zh
    screenshot(page, "banner-timeout-zh")
    page.click("#lang-toggle")
    page.click("#recommend")
    expect(banner).to_contain_text("timed out")
    expect(banner).not_to_contain_text("unavailable")
    screenshot(page, "banner-timeout-en")
    # the commander dismisses it; an error left behind does not follow to another view
    page.get_by_role("button", name="Dismiss this message").click()
    expect(banner).to_be_hidden()
    page.click("#recommend")
    expect(banner).to_contain_text("timed out")
    page.click("[role=tab][data-view=readiness]")
    expect(banner).to_be_hidden()
