"""A team name that is HTML (from an upload, or OpenStreetMap through a mapping) is shown
as text everywhere a commander sees it, and no script runs (issue 14 High 2)."""

from __future__ import annotations

from neo4j import Driver
from playwright.sync_api import Page, expect

from tests.ui.conftest import LiveApp, screenshot
from tests.ui.test_commander import pick_hazard, recommend, sign_in

HOSTILE = '<img src="x-emkg-xss" onerror="window.__xss=(window.__xss||0)+1">救援队'

TEAM = """
MATCH (c:Capability {id: 'cap.water-rescue'})
CREATE (t:Team {id: 'T-XSS-1', nameZh: $name, nameEn: $name, status: 'available',
                location: point({latitude: 30.67, longitude: 104.07}), mobility: 'ground',
                readinessMinutes: 10, adminLevel: 'municipal', headcount: 20, source: 'test'})
CREATE (t)-[:HAS_CAPABILITY {level: 1}]->(c)
"""


def test_a_hostile_team_name_is_text_in_table_map_and_graph(
    writable_page: Page, live_app: LiveApp, ontology_graph: Driver
) -> None:
    ontology_graph.execute_query(TEAM, name=HOSTILE)
    page = writable_page
    sign_in(page, live_app, "commander")
    pick_hazard(page, "洪水", "11A01")
    page.fill("#lat", "30.66")
    page.fill("#lon", "104.06")
    page.dispatch_event("#lon", "change")
    assert "T-XSS-1" in recommend(page)

    row = page.locator("[data-testid=force-package] tr[data-team-id='T-XSS-1']")
    expect(row).to_contain_text("x-emkg-xss")  # the markup is shown as text
    marker = page.locator("#map path[data-team-id='T-XSS-1']")
    marker.hover()
    expect(page.locator(".leaflet-tooltip")).to_contain_text("x-emkg-xss")
    # gaps say why, in the page's language (this graph has one team: the rest is noTeam)
    gaps = page.locator("[data-testid=gaps]")
    expect(gaps).to_contain_text("图谱中没有任何队伍具备该能力")
    expect(gaps).not_to_contain_text("noTeam")
    screenshot(page, "hostile-name-zh")
    page.click("#lang-toggle")
    expect(page.locator("#recommend")).to_have_text("Recommend forces")
    marker.hover()
    english = page.locator(".leaflet-tooltip", has_text="min")
    expect(english).to_contain_text("x-emkg-xss")
    expect(gaps).to_contain_text("no team in the graph has this capability")
    screenshot(page, "hostile-name-en")
    page.click("[data-testid=force-package] tr[data-team-id='T-XSS-1']")
    injected = page.evaluate("document.querySelectorAll('img[src=\"x-emkg-xss\"]').length")
    assert injected == 0, "a data value became an element"
    assert page.evaluate("window.__xss") is None, "script from a team name ran"
