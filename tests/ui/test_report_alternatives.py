"""Beside the hazards read from a report, "也可能是 / Could also be" offers the next likeliest
types in a real browser: one click (or Enter) adds one to the hazard types, a read one can be
removed, and nothing is recommended or dispatched until the commander asks."""

from __future__ import annotations

import json

from neo4j import Driver
from playwright.sync_api import Page, expect

from kg.embeddings import load_embedder, refresh_embeddings
from kg.settings import Settings
from tests.ui.conftest import LiveApp, screenshot
from tests.ui.test_accessibility import assert_accessible
from tests.ui.test_commander import CHENGDU, recommend, sign_in
from tests.ui.test_report_box import is_graphql, read_report

QUAKE = "11C02"  # 天然地震事件
REPORT_ZH = "汶川县凌晨发生6.2级地震，12人被困，部分房屋倒塌。"


def test_alternatives_beside_the_read_hazards_can_be_added_by_click_or_key(
    writable_page: Page, live_app: LiveApp, ontology_graph: Driver, neo4j_settings: Settings
) -> None:
    """On a graph of its own with the hazard vectors (the nearest by meaning is a source)."""
    db = neo4j_settings.neo4j_database
    refresh_embeddings(ontology_graph, db, load_embedder(neo4j_settings.model_name), ["HazardType"])
    page = writable_page
    sign_in(page, live_app, "commander")
    with page.expect_response(is_graphql("ReportAlternatives")) as second:
        draft = read_report(page, REPORT_ZH)  # the draft first, the alternatives after it
    alts = second.value.json()["data"]["alt"]["alternatives"]
    read = [h["hazard"]["id"] for h in draft["hazards"]]
    offered = [c["id"] for c in alts]
    assert draft["recognized"] and QUAKE in read
    assert 1 <= len(offered) <= 2 and not set(offered) & set(read), (read, offered)
    # only the read hazards are in the picker; the alternatives are buttons, in their order
    expect(page.locator("#hazard-chips .chip")).to_have_count(len(read))
    group = page.get_by_role("group", name="也可能是")
    buttons = group.get_by_role("button")
    expect(buttons).to_have_count(len(offered))
    assert [b.get_attribute("data-hazard") for b in buttons.all()] == offered
    expect(buttons.first).to_contain_text(alts[0]["nameZh"])

    # the keyboard: focus the first, Enter adds it; the second by click
    buttons.first.focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#hazard-chips [data-hazard='{offered[0]}']")).to_be_visible()
    expect(page.locator("#report-summary")).to_contain_text(alts[0]["nameZh"])
    if len(offered) > 1:
        buttons.nth(1).click()
        expect(page.locator(f"#hazard-chips [data-hazard='{offered[1]}']")).to_be_visible()
    # a read hazard can be removed (its chip's ×, named for screen readers)
    page.locator(f"#hazard-chips [data-hazard='{QUAKE}'] button").click()
    expect(page.locator(f"#hazard-chips [data-hazard='{QUAKE}']")).to_have_count(0)
    assert page.locator("#results").get_attribute("data-runs") is None, "nothing recommended"
    page.locator("#report-result").scroll_into_view_if_needed()
    screenshot(page, "report-alternatives-zh")
    assert_accessible(page, "report-alternatives-zh")

    page.click("#lang-toggle")
    group_en = page.get_by_role("group", name="Could also be")
    expect(group_en.get_by_role("button").first).to_contain_text(alts[0]["nameEn"])
    page.locator("#report-result").scroll_into_view_if_needed()
    screenshot(page, "report-alternatives-en")
    assert_accessible(page, "report-alternatives-en")

    page.select_option("#region", CHENGDU)
    with page.expect_response(is_graphql("recommendForces")) as answer:
        recommend(page)  # this graph has no teams: an answer, not an error
    sent = json.loads(answer.value.request.post_data or "{}")["variables"]["scenario"]
    assert QUAKE not in sent["hazardCodes"] and offered[0] in sent["hazardCodes"]
