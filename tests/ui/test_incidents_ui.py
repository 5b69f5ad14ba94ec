"""A commander works an incident in a real browser (issue 15): open it from the scenario
on the table, dispatch the recommended package with a task and an assembly point, release
a team, undo the order, and print the dispatch order (Chromium page.pdf: one A4 page with
the team names and the gaps). Screenshots in Chinese and English."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver
from playwright.sync_api import Browser, Page, expect

from tests.ui.conftest import LiveApp, screenshot
from tests.ui.test_accessibility import AXE, audit
from tests.ui.test_commander import CHENGDU, FLOOD, pick_hazard, recommend, sign_in


@pytest.fixture
def dispatch_page(page: Page, demo_graph: Driver) -> Iterator[Page]:
    """The demo graph, which this test writes to: marked dirty afterwards, so the next
    test that needs the demo data reloads it."""
    yield page
    import tests.conftest as shared

    shared._S.graph_state = "dirty"


def _panel(page: Page) -> None:
    expect(page.locator("#incident-panel")).to_be_visible()


def _expect_status(page: Page, status: str) -> None:
    """Wait for the incident's status; a failure says what the panel reported (the
    incident's error line and the app's error banner), not just the old status."""
    try:
        expect(page.locator("#incident-body")).to_have_attribute(
            "data-status", status, timeout=60_000
        )
    except AssertionError as e:
        said = [
            page.locator(sel).first.inner_text()
            for sel in ("#incident-error", "#banner")
            if page.locator(sel).count() and page.locator(sel).first.is_visible()
        ]
        raise AssertionError(f"{e}\nthe page said: {said}") from None


def _teams(page: Page, selector: str) -> list[str]:
    rows = page.locator(selector)
    return [rows.nth(i).get_attribute("data-team") or "" for i in range(rows.count())]


def _order_pdf(browser: Browser, app: LiveApp, incident: str, lang: str) -> tuple[bytes, Page]:
    context = browser.new_context(
        extra_http_headers={"Authorization": f"Bearer {app.keys['commander']}"}
    )
    page = context.new_page()
    page.goto(f"{app.url}orders/{incident}?lang={lang}")
    expect(page.locator("h1")).to_be_visible()
    return page.pdf(format="A4", print_background=True, prefer_css_page_size=True), page


def test_open_dispatch_release_undo_and_print_the_order(
    dispatch_page: Page, live_app: LiveApp, browser: Browser, driver: Driver
) -> None:
    page = dispatch_page
    sign_in(page, live_app, "commander")
    _panel(page)
    expect(page.locator("#incident-panel button[data-act=open]")).to_be_disabled()
    pick_hazard(page, "洪水", FLOOD)
    page.select_option("#region", CHENGDU)
    assert recommend(page)
    page.fill("#incident-title", "成都市区内涝（演练）")
    page.click("#incident-panel button[data-act=open]")
    body = page.locator("#incident-body")
    _expect_status(page, "OPEN")
    incident = body.get_attribute("data-incident") or ""
    assert incident.startswith("INC-")

    page.click("#incident-panel button[data-act=recommend]", timeout=60_000)
    expect(page.locator("#dispatch-form")).to_be_visible(timeout=60_000)
    package = _teams(page, "#dispatch-form tbody tr")
    assert len(package) >= 2, package
    page.fill("#order-assembly", "成都市体育中心")
    # leave the last team out, give the first its own task
    page.locator("#dispatch-form tbody tr").last.locator(".send").uncheck()
    page.locator("#dispatch-form tbody tr").first.locator(".task").fill("排涝与人员转移")
    page.locator("#incident-panel").scroll_into_view_if_needed()
    screenshot(page, "incident-dispatch-zh")
    axe = AXE.read_text(encoding="utf-8")
    blocking = audit(page, axe, "incident dispatch form zh")
    page.click("#incident-panel button[data-act=dispatch]")
    _expect_status(page, "DISPATCHED")
    sent = _teams(page, "table.assignments tbody tr")
    assert sent == sorted(package[:-1]) or set(sent) == set(package[:-1])
    rows, _, _ = driver.execute_query(
        "MATCH (t:Team)-[a:ASSIGNED_TO]->(:Incident {id: $id}) RETURN t.id AS id, t.status AS s, "
        "a.task AS task, a.assemblyPoint AS ap",
        id=incident,
    )
    assert {r["id"] for r in rows} == set(package[:-1])
    assert all(r["s"] == "deployed" and r["ap"] == "成都市体育中心" for r in rows)
    assert {r["task"] for r in rows if r["id"] == package[0]} == {"排涝与人员转移"}
    expect(page.locator("table.assignments")).to_contain_text("排涝与人员转移")
    page.locator("#incident-panel").scroll_into_view_if_needed()
    screenshot(page, "incident-dispatched-zh")
    blocking += audit(page, axe, "incident dispatched zh")

    # the dispatch as EDXL-RM for the next agency: a request naming every team sent
    for kind, root in (("request", "RequestResource"), ("commit", "CommitResource")):
        with page.expect_download(timeout=60_000) as got:
            page.click(f"#incident-panel button[data-act=edxl][data-kind={kind}]")
        xml = Path(got.value.path()).read_text("utf-8")
        assert got.value.suggested_filename == f"{incident}-edxl-rm-{kind}.xml"
        assert f"<{root}" in xml or f":{root}" in xml
        assert all(team in xml for team in package[:-1])

    # the printed order: one A4 page with the teams and the gaps
    from pdfminer.high_level import extract_text
    from pdfminer.pdfpage import PDFPage

    names, _, _ = driver.execute_query(
        "MATCH (t:Team) WHERE t.id IN $ids RETURN t.nameZh AS zh", ids=package[:-1]
    )
    gaps, _, _ = driver.execute_query(
        "MATCH (r:Recommendation)-[:RECOMMENDED_FOR]->(:Incident {id: $id}) "
        "UNWIND r.gapCapabilityIds AS g MATCH (c:Capability {id: g}) RETURN c.nameZh AS zh",
        id=incident,
    )
    pdf, order_page = _order_pdf(browser, live_app, incident, "zh")
    screenshot(order_page, "incident-order-zh")
    blocking += audit(order_page, axe, "dispatch order page zh")
    assert len(list(PDFPage.get_pages(io.BytesIO(pdf)))) == 1
    text = "".join(extract_text(io.BytesIO(pdf)).split())
    for n in [r["zh"] for r in names] + [r["zh"] for r in gaps] + ["调度令", "成都市体育中心"]:
        assert "".join(n.split()) in text, n
    _, order_en = _order_pdf(browser, live_app, incident, "en")
    expect(order_en.locator("h1")).to_have_text("Dispatch order")
    screenshot(order_en, "incident-order-en")
    blocking += audit(order_en, axe, "dispatch order page en")
    order_page.context.close()
    order_en.context.close()

    # release the first team, then undo the order: the others go back, the released stays
    page.click(f"table.assignments tr[data-team='{package[0]}'] button[data-act=release]")
    expect(page.locator(f"table.assignments tr[data-team='{package[0]}']")).to_have_class(
        "released"
    )
    page.click("#incident-panel button[data-act=undo]")
    expect(page.locator("table.assignments tbody tr")).to_have_count(1)
    statuses, _, _ = driver.execute_query(
        "MATCH (t:Team) WHERE t.id IN $ids RETURN collect(DISTINCT t.status) AS s",
        ids=package[:-1],
    )
    assert "deployed" not in statuses[0]["s"]

    page.click("#lang-toggle")
    expect(page.locator("#incident-heading")).to_have_text("Incidents and dispatch orders")
    expect(page.locator("table.assignments")).to_contain_text("released")
    # no team left on it: back to forces requested; names and status follow the language
    expect(page.locator("#incident-body h3 small")).to_contain_text("forces requested")
    english, _, _ = driver.execute_query(
        "MATCH (t:Team {id: $id}) RETURN t.nameEn AS en", id=package[0]
    )
    expect(page.locator("table.assignments")).to_contain_text(english[0]["en"])
    page.locator("#incident-panel").scroll_into_view_if_needed()
    screenshot(page, "incident-panel-en")
    blocking += audit(page, axe, "incident panel en")
    assert not blocking, f"axe critical/serious in the incident views: {blocking}"
