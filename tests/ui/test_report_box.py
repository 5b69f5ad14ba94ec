"""A commander pastes a report into "粘贴报告 / Paste the report" and presses "识别报告 /
Read report" (or Ctrl+Enter) in a real browser: the form fills (hazards with their words,
the place on the map, a suggested level that never overrides the commander's), the text
shows what was read, nonsense is refused with choices, and Recommend works from the result."""

from __future__ import annotations

import json
from typing import Any

from neo4j import Driver
from playwright.sync_api import Page, Request, Response, expect

from kg.embeddings import load_embedder, refresh_embeddings
from kg.settings import Settings
from tests.ui.conftest import LiveApp, screenshot
from tests.ui.test_accessibility import assert_accessible
from tests.ui.test_commander import CHENGDU, recommend, sign_in

QUAKE = "11C02"  # 天然地震事件
LANDSLIDE = "11D01"  # 滑坡事件
WENCHUAN = "513221"
REPORT_ZH = "汶川县凌晨发生6.2级地震，引发山体滑坡，12人被困，无人员死亡。天气晴。"
REPORT_EN = (
    "A magnitude 6.2 earthquake struck Wenchuan County at night, triggering landslides; "
    "12 people are trapped and the road is cut. No fire was reported. The weather is sunny."
)
NONSENSE = "asdf qwer zxcv"


def is_graphql(op: str) -> Any:
    """A predicate on a GraphQL request (or its response) that carries `op`."""

    def match(r: Request | Response) -> bool:
        req = r.request if isinstance(r, Response) else r
        return req.url.endswith("/graphql") and op in (req.post_data or "")

    return match


def look_at(page: Page, name: str) -> None:
    """The report box as its user sees it: scrolled into view, photographed, audited."""
    page.locator("#report-result").scroll_into_view_if_needed()
    screenshot(page, name)
    assert_accessible(page, name)


def read_report(page: Page, text: str, *, keys: bool = False) -> dict[str, Any]:
    """Type the report, read it (button or Ctrl+Enter); the draft the server returned."""
    reads = int(page.locator("#report-result").get_attribute("data-reads") or 0)
    expect(page.locator("#report-read")).to_be_enabled()  # wired once the map is up
    page.fill("#description", text)
    with page.expect_response(is_graphql("parseScenario")) as answer:
        if keys:
            page.press("#description", "Control+Enter")
        else:
            page.click("#report-read")
    page.wait_for_function(
        "([n]) => Number(document.getElementById('report-result').dataset.reads || 0) >= n",
        arg=[reads + 1],
    )
    body = answer.value.json()
    assert body.get("data"), f"parseScenario answered no data: {body.get('errors')}"
    draft: dict[str, Any] = body["data"]["draft"]
    return draft


def marked(page: Page, kind: str) -> list[str]:
    """The words marked as hazard / fact / place / negated / unread, without their labels."""
    return page.eval_on_selector_all(
        f"[data-testid=report-text] mark.span-{kind}", "ms => ms.map(m => m.firstChild.textContent)"
    )


def test_a_chinese_compound_report_fills_the_form_and_shows_what_was_read(
    page: Page, live_app: LiveApp
) -> None:
    sign_in(page, live_app, "commander")
    box = page.get_by_role("group", name="粘贴报告")
    expect(box.get_by_label("报告原文")).to_be_visible()
    draft = read_report(page, REPORT_ZH, keys=True)
    assert draft["recognized"]

    # hazards in the picker, each with the words that name it
    chips = page.locator("#hazard-chips")
    expect(chips.locator(f"[data-hazard='{QUAKE}'] q.evidence")).to_have_text("地震")
    expect(chips.locator(f"[data-hazard='{LANDSLIDE}'] q.evidence")).to_have_text("山体滑坡")
    # the place: its location in the form, named under it and on the map
    place = draft["place"]
    assert place["region"]["id"] == WENCHUAN
    expect(page.locator("#lat")).to_have_value(f"{place['location']['latitude']:.4f}")
    expect(page.locator("#lon")).to_have_value(f"{place['location']['longitude']:.4f}")
    expect(page.locator("#place-read")).to_contain_text("汶川县（阿坝藏族羌族自治州")
    expect(page.locator(".leaflet-tooltip.place-label")).to_contain_text("汶川县")
    # the level: no choice made yet, so the suggestion is applied and marked as one
    level = draft["suggestedLevel"]["level"]
    expect(page.locator(f"#levels input[value={level}]")).to_be_checked()
    note = page.locator("#level-suggestion")
    expect(note).to_have_attribute("data-state", "applied")
    expect(note.locator(".tag.suggested")).to_have_text("建议")
    expect(note).to_contain_text("国家地震应急预案")

    # the text with what was read marked, by kind, with a legend
    assert marked(page, "hazard") == ["地震", "山体滑坡"]
    assert marked(page, "place") == ["汶川县"]
    assert {"12人被困", "无人员死亡"} <= set(marked(page, "fact"))
    assert marked(page, "unread") == ["天气晴"]
    expect(page.locator(".report-legend")).to_contain_text("未识别")
    facts = page.locator("[data-testid=report-facts]")
    expect(facts.locator("li[data-fact=trapped]")).to_contain_text("被困：12")
    dead = facts.locator("li[data-fact=dead][data-negated=true]")
    expect(dead).to_contain_text("死亡：0 · 报告称无")
    expect(page.locator("#report-summary")).to_contain_text("地点：汶川县")
    expect(page.locator("#report-summary")).to_have_attribute("aria-live", "polite")

    # by keyboard: from the button the Tab key reaches the marked words, each says what it is
    page.focus("#report-read")
    page.keyboard.press("Tab")
    expect(page.locator("#report-mark-label")).to_have_text(
        "地点：汶川县（阿坝藏族羌族自治州、四川省）"
    )
    page.wait_for_timeout(900)  # the map's zoom to the place
    screenshot(page, "report-zh")
    assert_accessible(page, "report-zh")

    # the other language from the data held: no request, the server's words in English
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if r.url.endswith("/graphql") else None)
    page.click("#lang-toggle")
    expect(page.locator("#report-read")).to_have_text("Read report")
    expect(facts.locator("li[data-fact=trapped]")).to_contain_text("trapped: 12")
    expect(note).to_contain_text("National Earthquake Emergency Plan")
    expect(page.locator(".leaflet-tooltip.place-label")).to_contain_text("Wenchuan County")
    assert asked == [], "a language switch re-renders the report from the data it has"
    page.click("#lang-toggle")

    # Recommend from the filled form: the report is the description, its facts add needs
    with page.expect_response(is_graphql("recommendForces")) as answer:
        package = recommend(page)
    assert package, "an earthquake with people trapped in Wenchuan gets teams"
    sent = json.loads(answer.value.request.post_data or "{}")["variables"]["scenario"]
    assert sent["description"] == REPORT_ZH
    assert sorted(sent["hazardCodes"]) == [QUAKE, LANDSLIDE]
    assert sent["responseLevel"] == level
    needs = answer.value.json()["data"]["recommendForces"]["requiredCapabilities"]
    assert any("fact.trapped" in n["sources"] for n in needs), "12 trapped raises rescue needs"
    expect(page.locator(".leaflet-tooltip.place-label")).to_contain_text("汶川县")

    # editing the text after reading says the marks are of the old text
    page.fill("#description", REPORT_ZH + "又有5人失踪。")
    expect(page.locator("#report-stale")).to_be_visible()


def test_an_english_report_in_the_english_ui_and_the_commanders_level_wins(
    page: Page, live_app: LiveApp
) -> None:
    sign_in(page, live_app, "commander")
    page.click("#lang-toggle")
    expect(page.locator("#report-read")).to_have_text("Read report")
    page.check("#levels input[value=I]", force=True)  # the commander's explicit choice
    with page.expect_request(is_graphql("parseScenario")) as asked:
        draft = read_report(page, REPORT_EN)
    assert json.loads(asked.value.post_data or "{}")["variables"]["locale"] == "EN"
    assert draft["recognized"] and draft["suggestedLevel"]["level"] == "II"

    chips = page.locator("#hazard-chips")
    expect(chips.locator(f"[data-hazard='{QUAKE}'] q.evidence")).to_have_text("earthquake")
    expect(chips.locator(f"[data-hazard='{LANDSLIDE}'] q.evidence")).to_have_text("landslides")
    assert marked(page, "place") == ["Wenchuan County"]
    assert marked(page, "negated") == ["fire"]
    expect(page.locator("[data-testid=report-negated] li[data-hazard]")).to_contain_text("Fire")
    expect(page.locator("[data-testid=report-unread]")).to_have_text("The weather is sunny")
    facts = page.locator("[data-testid=report-facts]")
    expect(facts.locator("li[data-fact=road_cut]")).to_contain_text("roads cut: yes")
    expect(page.locator("#place-read")).to_contain_text("Place from the report: Wenchuan County")

    # the commander chose level I: it stays, the suggestion is offered and can be taken
    expect(page.locator("#levels input[value=I]")).to_be_checked()
    note = page.locator("#level-suggestion")
    expect(note).to_have_attribute("data-state", "kept")
    expect(note).to_contain_text("Your level I is kept")
    page.wait_for_timeout(900)
    screenshot(page, "report-en")
    assert_accessible(page, "report-en")
    note.get_by_role("button", name="Use the suggested level II").click()
    expect(page.locator("#levels input[value=II]")).to_be_checked()
    expect(note).to_have_attribute("data-state", "agrees")

    # a location set by hand is kept too; the report's place is offered
    page.select_option("#region", CHENGDU)
    lat = page.locator("#lat").input_value()
    read_report(page, REPORT_EN)
    expect(page.locator("#lat")).to_have_value(lat)
    expect(page.locator("#place-read")).to_contain_text("Your location is kept")
    page.get_by_role("button", name="Use the report's place").click()
    expect(page.locator("#lat")).to_have_value(f"{draft['place']['location']['latitude']:.4f}")


def _box(page: Page, selector: str) -> dict[str, float]:
    box = page.locator(selector).bounding_box()
    assert box, selector
    return box


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_the_read_report_fits_beside_the_map_and_results_from_1024_to_1920(
    page: Page, live_app: LiveApp
) -> None:
    sign_in(page, live_app, "commander")
    read_report(page, REPORT_ZH)
    for width in (1024, 1280, 1440, 1920):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(150)
        form, pane, results = (_box(page, s) for s in ("#scenario-form", ".map-panel", "#results"))
        for name, other in (("map", pane), ("results", results)):
            assert not _overlap(form, other), f"the form covers the {name} at {width} px"
        text = _box(page, "[data-testid=report-text]")
        assert text["x"] + text["width"] <= form["x"] + form["width"], f"text overflows at {width}"
        assert _box(page, "#map")["height"] >= 300, f"the map is squeezed at {width} px"


def test_nonsense_is_refused_with_choices_and_a_chosen_type_fills_the_picker(
    writable_page: Page, live_app: LiveApp, ontology_graph: Driver, neo4j_settings: Settings
) -> None:
    """On a graph of its own (the ontology with its hazard vectors: the nearest types are
    the choices; the shared demo graph has no vectors and must not be written)."""
    db = neo4j_settings.neo4j_database
    refresh_embeddings(ontology_graph, db, load_embedder(neo4j_settings.model_name), ["HazardType"])
    page = writable_page
    sign_in(page, live_app, "commander")
    draft = read_report(page, NONSENSE)
    assert not draft["recognized"] and draft["suggestions"]
    result = page.locator("#report-result")
    expect(result).to_have_attribute("data-recognized", "false")
    expect(page.locator("[data-testid=report-message]")).to_have_text(draft["message"])
    expect(page.locator("#report-summary")).to_have_text("未识别出灾种。")
    expect(page.locator(".report-legend")).to_have_text("未识别")  # only the kinds shown
    buttons = page.locator("[data-testid=report-suggestions] button")
    expect(buttons).to_have_count(len(draft["suggestions"]))
    expect(page.locator("#hazard-chips .chip")).to_have_count(0)
    expect(page.locator("#level-suggestion")).to_be_hidden()
    assert page.locator("#results").get_attribute("data-runs") is None, "nothing recommended"

    chosen = draft["suggestions"][0]
    buttons.first.click()
    expect(page.locator(f"#hazard-chips [data-hazard='{chosen['id']}']")).to_be_visible()
    expect(page.locator("#report-summary")).to_contain_text(chosen["nameZh"])
    page.select_option("#region", CHENGDU)
    with page.expect_response(is_graphql("recommendForces")) as answer:
        recommend(page)  # this graph has no teams: an answer, not an error
    sent = json.loads(answer.value.request.post_data or "{}")["variables"]["scenario"]
    assert sent["hazardCodes"] == [chosen["id"]]
    page.wait_for_timeout(900)
    screenshot(page, "report-refused-zh")
    assert_accessible(page, "report-refused-zh")


RAIN = "11B03"  # 暴雨
WATERLOGGING = "11A02"  # 城市内涝: 街道积水
FLASH_FLOOD, DEBRIS_FLOW = "11A51", "11D02"
WARNING_ZH = (
    "雅安市持续强降雨，芦山县24小时降雨量达120毫米，县城部分街道积水。"
    "山区注意防范山洪、滑坡和泥石流。"
)


def test_hazards_a_report_says_may_follow_are_shown_apart_and_can_be_added(
    page: Page, live_app: LiveApp
) -> None:
    sign_in(page, live_app, "commander")
    draft = read_report(page, WARNING_ZH)
    # what happens (rain, streets under water) is read; what may follow is not among them
    assert [h["hazard"]["id"] for h in draft["hazards"]] == [RAIN, WATERLOGGING]
    possible = [p["hazard"]["id"] for p in draft["possibleHazards"]]
    assert possible == [FLASH_FLOOD, LANDSLIDE, DEBRIS_FLOW]
    # only those in the picker; the others marked in the text and listed apart
    expect(page.locator("#hazard-chips .chip")).to_have_count(2)
    expect(page.locator(f"#hazard-chips [data-hazard='{RAIN}']")).to_be_visible()
    assert marked(page, "possible") == ["山洪", "滑坡", "泥石流"]
    expect(page.locator(".report-legend")).to_contain_text("可能发生")
    listed = page.locator("[data-testid=report-possible] button")
    expect(listed).to_have_count(3)
    expect(page.locator("#report-result")).to_contain_text("报告提示可能发生的灾种")
    # the commander adds the debris flow: it joins the picker, nothing is recommended yet
    page.locator(f"[data-testid=report-possible] button[data-hazard='{DEBRIS_FLOW}']").click()
    expect(page.locator(f"#hazard-chips [data-hazard='{DEBRIS_FLOW}']")).to_be_visible()
    expect(page.locator("#report-summary")).to_contain_text("泥石流")
    assert page.locator("#results").get_attribute("data-runs") is None
    look_at(page, "report-possible-zh")

    page.click("#lang-toggle")
    expect(page.locator("#report-result")).to_contain_text("Hazards the report says may follow")
    expect(page.locator(".report-legend")).to_contain_text("may follow")
    expect(listed.first).to_contain_text("Flash flood")
    look_at(page, "report-possible-en")


DRILL_ZH = "县应急局定于明日上午组织地震应急疏散演练，届时模拟发生5.5级地震，请各单位做好准备。"


def test_a_drill_notice_is_refused_as_a_drill_and_its_hazard_stays_a_choice(
    page: Page, live_app: LiveApp
) -> None:
    sign_in(page, live_app, "commander")
    draft = read_report(page, DRILL_ZH)
    assert not draft["recognized"] and draft["occasion"] == "DRILL"
    assert [c["id"] for c in draft["suggestions"]] == [QUAKE]
    expect(page.locator("#report-result")).to_have_attribute("data-recognized", "false")
    expect(page.locator("[data-testid=report-message]")).to_contain_text("这是一则演练通知")
    assert marked(page, "occasion") == ["地震"]  # its first mention
    expect(page.locator(".report-legend")).to_contain_text(
        "演练/纪念/宣传/广告/通知/误报/非报告内容"
    )
    expect(page.locator("#hazard-chips .chip")).to_have_count(0)  # nothing dispatched
    expect(page.locator("#report-summary")).to_have_text("演练通知，不派出力量。")
    assert page.locator("#results").get_attribute("data-runs") is None
    look_at(page, "report-drill-zh")

    page.click("#lang-toggle")
    expect(page.locator("[data-testid=report-message]")).to_contain_text("This is a drill")
    expect(page.locator(".report-legend")).to_contain_text(
        "drill / anniversary / awareness / advert / notice / false alarm / not a report"
    )
    expect(page.locator("#report-summary")).to_have_text("A drill notice: no forces.")
    look_at(page, "report-drill-en")
    # should it be real after all, the commander picks the quake it names
    page.locator(f"[data-testid=report-suggestions] button[data-suggestion='{QUAKE}']").click()
    expect(page.locator(f"#hazard-chips [data-hazard='{QUAKE}']")).to_be_visible()


ALARM_ZH = "续报：3号楼火灾报警经核实为烟感误报，无火情，已销警。"


def test_a_false_alarm_is_refused_as_such_and_says_so_in_both_languages(
    page: Page, live_app: LiveApp
) -> None:
    sign_in(page, live_app, "commander")
    draft = read_report(page, ALARM_ZH)
    assert not draft["recognized"] and draft["occasion"] == "FALSE_ALARM"
    expect(page.locator("[data-testid=report-message]")).to_contain_text("这是一则误报或辟谣信息")
    assert marked(page, "occasion") == ["火灾"]
    expect(page.locator("#hazard-chips .chip")).to_have_count(0)  # nothing dispatched
    expect(page.locator("#report-summary")).to_have_text("误报或已辟谣的消息，不派出力量。")
    look_at(page, "report-false-alarm-zh")

    page.click("#lang-toggle")
    expect(page.locator("[data-testid=report-message]")).to_contain_text(
        "This reports a false alarm"
    )
    expect(page.locator("#report-summary")).to_have_text(
        "A false alarm or a denied rumour: no forces."
    )
    look_at(page, "report-false-alarm-en")


LYRICS_ZH = (
    "歌词：你是我心中的一场大火，烧尽了所有的寂寞，就算洪水漫过整个世界，我也不会放开你的手。"
)


def test_a_text_unlike_a_report_is_refused_with_what_it_names_as_a_choice(
    page: Page, live_app: LiveApp
) -> None:
    """Song lyrics that name a flood: the learned report gate refuses them, the box says why
    in both languages and offers what they name as a choice (one click if it is real)."""
    sign_in(page, live_app, "commander")
    draft = read_report(page, LYRICS_ZH)
    assert not draft["recognized"] and draft["occasion"] == "UNLIKE_A_REPORT"
    expect(page.locator("[data-testid=report-message]")).to_contain_text("读来不像事件报告")
    assert marked(page, "occasion")  # what it names, marked as the occasion's
    expect(page.locator("#hazard-chips .chip")).to_have_count(0)  # nothing dispatched
    expect(page.locator("#report-summary")).to_have_text(
        "这段文字读来不像事件报告（更像文章、评论、小说或资料），不派出力量。"
    )
    look_at(page, "report-unlike-a-report-zh")

    page.click("#lang-toggle")
    expect(page.locator("[data-testid=report-message]")).to_contain_text(
        "This text does not read like an incident report"
    )
    expect(page.locator("#report-summary")).to_contain_text("does not read like an incident")
    look_at(page, "report-unlike-a-report-en")


def test_a_report_pasted_with_broken_lines_is_read_whole_and_not_called_edited(
    page: Page, live_app: LiveApp
) -> None:
    """A 通报 copied from a PDF breaks its lines inside words (偏出 / 跑道): the reader joins
    them, the text shown is the joined one, and the box does not say the text was edited."""
    sign_in(page, live_app, "commander")
    pasted = (
        "民航值班通报：今日9时38分，一架由成都飞往西昌的客机在西昌青山机场落地滑跑时偏出\n"
        "跑道，冲入土质区后停住，机上旅客112人已全部安全撤离，无人员伤亡。"
    )
    draft = read_report(page, pasted)
    assert draft["recognized"] and draft["text"] == pasted.replace("\n", "")
    expect(page.locator("#report-stale")).to_be_hidden()
    expect(page.locator("#hazard-chips [data-hazard='12M99'] q.evidence")).to_contain_text(
        "偏出跑道"
    )
    assert any("偏出跑道" in w for w in marked(page, "hazard"))
    screenshot(page, "report-wrapped-zh")
    page.click("#lang-toggle")
    expect(page.locator("#report-read")).to_have_text("Read report")
    screenshot(page, "report-wrapped-en")
    page.fill("#description", pasted + "又有1人受伤。")
    expect(page.locator("#report-stale")).to_be_visible()


def test_a_forest_fire_report_shows_its_area_and_the_level_it_grades(
    page: Page, live_app: LiveApp
) -> None:
    """The area a fire burned is a fact with its unit in its name, and grades the level."""
    sign_in(page, live_app, "commander")
    draft = read_report(page, "木里县雅砻江镇发生森林火灾，过火面积约30公顷，明火尚未扑灭。")
    assert draft["recognized"]
    facts = page.locator("[data-testid=report-facts]")
    expect(facts.locator("li[data-fact=burned_area]")).to_contain_text("过火面积（公顷）：30")
    expect(page.locator("#levels input[value=III]")).to_be_checked()
    expect(page.locator("#level-suggestion")).to_contain_text("受害森林面积")
    expect(page.locator("#report-summary")).to_contain_text("1 项事实")
    screenshot(page, "report-forest-fire-zh")
    page.click("#lang-toggle")
    expect(facts.locator("li[data-fact=burned_area]")).to_contain_text("area burned (ha): 30")
    expect(page.locator("#report-summary")).to_contain_text("1 fact;")  # one fact, not "1 facts"
    screenshot(page, "report-forest-fire-en")


# No hazard word: the hazard judge reads it (tests/integration/understanding/
# test_judged_reading.py); the box says how it was found and asks the commander to check.
JUDGED = "仓库里好几桶东西漏了一地，气味呛人，周围工人已经撤出来了"


def test_a_hazard_the_judge_read_says_so_in_both_languages(page: Page, live_app: LiveApp) -> None:
    sign_in(page, live_app, "commander")
    draft = read_report(page, JUDGED)
    assert draft["recognized"] and [h["via"] for h in draft["hazards"]] == ["judge"]
    (hazard,) = draft["hazards"]
    expect(page.locator("#report-result")).to_have_attribute("data-recognized", "true")
    item = page.locator(f"[data-testid=report-hazards] li[data-hazard='{hazard['hazard']['id']}']")
    expect(item).to_contain_text("综合整段报告判断")
    expect(item).to_contain_text("请核对")
    expect(page.locator(f"#hazard-chips [data-hazard='{hazard['hazard']['id']}']")).to_be_visible()
    look_at(page, "report-judged-zh")
    page.click("#lang-toggle")
    expect(item).to_contain_text("judged the likeliest from the report as a whole")
    look_at(page, "report-judged-en")
