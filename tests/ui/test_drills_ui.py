"""A commander runs a drill in the browser: a shipped script, three strategies, progress,
then the replay: the timeline slider moves the map (incidents coloured by needs met, team
lines) and the line on the charts, and the strategies are compared in a table; in Chinese
and in English. The drill changes no team's status."""

from __future__ import annotations

import re

from neo4j import Driver
from playwright.sync_api import Page, expect

from tests.ui.conftest import LiveApp, screenshot
from tests.ui.test_accessibility import AXE, audit
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


def test_a_replay_of_past_dispatch_records_compares_actual_with_emkg(
    page: Page, live_app: LiveApp, demo_graph: Driver
) -> None:
    before = demo_graph.execute_query(TEAMS).records
    page.set_viewport_size({"width": 1440, "height": 1100})
    sign_in(page, live_app, "commander", view="drills")
    page.check("#drill-form input[name=drill-mode][value=replay]")
    expect(page.locator("#drill-run")).to_have_text("开始复盘")
    expect(page.locator("#drill-script-part")).to_be_hidden()
    expect(page.locator("#drill-source")).to_have_value("sample:luding_2022")
    expect(page.locator("#drill-records")).to_have_value(re.compile("^事件编号,事件名称"))
    # a bad record is named by row and column, in Chinese
    good = page.locator("#drill-records").input_value()
    page.fill("#drill-records", good.replace(",一级,", ",五级,", 1))
    page.click("#drill-run")
    expect(page.locator("#drill-status")).to_contain_text("第 1 行，响应级别 列：应为以下之一")
    page.fill("#drill-records", good)
    page.uncheck("#drill-form input[name=strategy][value=random]")
    page.click("#drill-run")
    expect(page.locator("#drill-status")).to_have_text(
        "推演完成。拖动时间轴回放。", timeout=600_000
    )
    table = page.locator("[data-testid=drill-metrics]")
    expect(table.locator("thead th[data-strategy]")).to_have_count(3)
    expect(table.locator("thead th[data-strategy=actual]")).to_have_text("实际调度")
    compare = page.locator("#drill-compare")
    expect(compare).to_be_visible()
    expect(compare.locator("h3")).to_have_text("复盘对比：实际调度与 EMKG 推荐")
    state = compare.locator("p.hint").first
    expect(state).to_contain_text("图谱状态取自 2022-09-05 12:52 (UTC+08:00)")
    quake = compare.locator("[data-incident-id=LD-EQ]")
    expect(quake.locator("h4")).to_have_text("泸定地震（虚构记录）")
    expect(quake.locator("[data-metric=firstUnit]")).to_contain_text("需求首支队伍平均到达：实际")
    reasons = compare.locator("li .hint")
    texts = [reasons.nth(i).text_content() or "" for i in range(reasons.count())]
    assert texts and all(t and "REPLAY_" not in t and "{" not in t for t in texts), texts
    # the actual dispatch on the map: the landslide opens at 15:30 (minute 158); at 3 h the
    # five teams recorded for the earthquake are out
    page.select_option("#drill-strategy", "actual")
    page.locator("#drill-time").fill("120")
    expect(page.locator("#drill-map [data-incident-id]")).to_have_count(1)
    page.locator("#drill-time").fill("180")
    expect(page.locator("#drill-map [data-incident-id]")).to_have_count(2)
    assert page.locator("#drill-map [data-team-id]").count() >= 5
    compare.scroll_into_view_if_needed()
    screenshot(page, "drill-replay-zh")
    # the replay form, the comparison and the table pass axe (critical and serious rules)
    assert audit(page, AXE.read_text(encoding="utf-8"), "drill replay zh") == []

    page.click("#lang-toggle")
    expect(table.locator("thead th[data-strategy=actual]")).to_have_text("Actual dispatch")
    expect(compare.locator("h3")).to_have_text(
        "Replay: the actual dispatch against EMKG's recommendation"
    )
    expect(quake.locator("h4")).to_have_text("Luding earthquake (fictional record)")
    expect(compare.locator("p.hint").first).to_contain_text("Graph state as of 2022-09-05 12:52")
    text = compare.inner_text()
    assert not re.search(r"[\u4e00-\u9fff]", text), text  # reasons re-rendered in English
    compare.scroll_into_view_if_needed()
    screenshot(page, "drill-replay-en")
    assert demo_graph.execute_query(TEAMS).records == before
