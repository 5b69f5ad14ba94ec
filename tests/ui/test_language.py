"""The language switch re-renders everything a user reads, on whichever view it is made:
the data-load pane, the footer, the map's zoom buttons, the explanation (tree and graph)
and the results' status; the graph is drawn to its full box again when shown."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.ui.conftest import LiveApp
from tests.ui.test_commander import CJK, pick_quake_in_chengdu, recommend, sign_in


def test_switching_language_on_the_planner_re_renders_the_commander_too(
    page: Page, live_app: LiveApp
) -> None:
    sign_in(page, live_app, "admin")
    pick_quake_in_chengdu(page)
    recommend(page)
    page.locator("#graph-details summary").click()
    graph = page.locator("#explanation-graph canvas").first
    expect(graph).to_be_attached()
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("title", "放大")

    page.click("#tab-planner")
    expect(page.locator("#view-planner")).to_have_attribute("data-ready", "true")
    page.click("#ptab-load")
    expect(page.locator("#load-form")).to_be_visible()
    page.click("#lang-toggle")
    expect(page.locator("#ptab-load")).to_have_text("Load data")
    expect(page.locator("#load-form label span").first).not_to_contain_text(CJK)
    expect(page.locator("#server-status")).to_have_text("Connected to the server.")

    page.click("#tab-commander")
    expect(page.locator("#results-heading")).to_have_text(re.compile(r"^\d+ teams, "))
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("title", "Zoom in")
    expect(page.locator(".leaflet-control-zoom-out")).to_have_attribute("aria-label", "Zoom out")
    kinds = page.locator("[data-testid=explanation-tree] .kind").all_inner_texts()
    assert kinds and not any(CJK.search(k) for k in kinds), kinds
    expect(page.locator("#graph-details summary")).to_have_text("Show the graph")
    # The graph drawn while the commander view was hidden fills its box once shown again.
    box = page.locator("#explanation-graph").bounding_box()
    canvas = graph.bounding_box()
    assert box and canvas and canvas["width"] >= box["width"] - 4 > 100, (box, canvas)
    assert canvas["height"] >= box["height"] - 4, (box, canvas)
