"""A commander runs a drill in the browser: a shipped script, three strategies, progress,
then the replay: the timeline slider moves the map (incidents coloured by needs met, team
lines) and the line on the charts, and the strategies are compared in a table; in Chinese
and in English. The drill changes no team's status."""

from __future__ import annotations

from neo4j import Driver
from playwright.sync_api import Page, expect

from tests.ui.conftest import LiveApp, screenshot
from tests.ui.test_commander import sign_in

TEAMS = "MATCH (t:Team) RETURN t.id AS id, t.status AS status ORDER BY id"


def test_a_drill_runs_and_replays_on_the_map_and_charts(
    page: Page, live_app: LiveApp, demo_graph: Driver
) -> None:
    before = demo_graph.execute_query(TEAMS).records
    page.set_viewport_size({"width": 1440, "height": 1000})
    sign_in(page, live_app, "commander", view="drills")
    expect(page.locator("#tab-drills")).to_have_text("情景推演")
    page.select_option("#drill-script", "chemical_park_pengzhou")
    expect(page.locator("#drill-script-about")).to_contain_text("12 小时")
    page.fill("#drill-seed", "4")
    page.click("#drill-run")
    expect(page.locator("#drill-status")).to_contain_text("推演中", timeout=30_000)
    expect(page.locator("#drill-status")).to_have_text(
        "推演完成。拖动时间轴回放。", timeout=600_000
    )
    table = page.locator("[data-testid=drill-metrics]")
    expect(table.locator("thead th[data-strategy]")).to_have_count(3)
    expect(table.locator("thead")).to_contain_text("最近可用队伍")
    expect(page.locator(".drill-chart canvas")).to_have_count(2)

    # at the start nothing is on scene yet; at 90 min both incidents are open with teams
    expect(page.locator("#drill-replay")).to_have_attribute("data-minute", "0")
    page.locator("#drill-time").fill("90")
    expect(page.locator("#drill-clock")).to_have_text("第 1 小时 30 分")
    markers = page.locator("#drill-map [data-incident-id]")
    expect(markers).to_have_count(2)
    shares = [float(markers.nth(i).get_attribute("data-share") or -1) for i in range(2)]
    assert all(0.0 <= s <= 1.0 for s in shares) and max(shares) > 0
    assert page.locator("#drill-map [data-team-id]").count() > 0
    expect(page.locator("#drill-incidents li")).to_have_count(2)
    screenshot(page, "drill-zh")

    # another strategy on the map, then English
    page.select_option("#drill-strategy", "random")
    expect(page.locator("#drill-map [data-incident-id]")).to_have_count(2)
    page.click("#lang-toggle")
    expect(page.locator("#tab-drills")).to_have_text("Drills")
    expect(page.locator("#drill-clock")).to_have_text("Hour 1, minute 30")
    expect(page.locator("#drill-status")).to_have_text(
        "Drill finished. Move the timeline to replay it."
    )
    expect(table.locator("thead")).to_contain_text("Closest available unit")
    expect(page.locator("[data-metric='drill.metric.within60'] th")).to_have_text(
        "Covered within 60 min (weighted)"
    )
    expect(page.locator(".drill-chart figcaption").first).to_have_text(
        "Needs with a unit on scene (weighted, %)"
    )
    screenshot(page, "drill-en")
    assert demo_graph.execute_query(TEAMS).records == before
