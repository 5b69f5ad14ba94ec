"""Every view passes axe-core (the WCAG 2.2 A/AA rules and best practices) with no critical
or serious violation, in Chinese and English, at 1024 and 1440 px.

axe-core is a pinned npm dev dependency (package.json; `make test` runs `npm ci`); it is
injected into the page as the third-party auditors do. Each audit prints what it found, so
a run shows the figures even when it passes.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.ui.conftest import LiveApp
from tests.ui.test_commander import pick_quake_in_chengdu, recommend

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = {"critical", "serious"}
WIDTHS: list[ViewportSize] = [{"width": 1024, "height": 768}, {"width": 1440, "height": 900}]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does) to install axe-core")
    return AXE.read_text(encoding="utf-8")


def audit(page: Page, axe_source: str, where: str) -> list[str]:
    """Runs axe on the page; prints every violation, returns the critical and serious ones."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # evaluated through the DevTools protocol: the page's CSP (script-src 'self') stays on
        page.evaluate(axe_source + "\n;true")
    found = page.evaluate(
        "(tags) => axe.run(document, { runOnly: { type: 'tag', values: tags } })"
        ".then(r => r.violations.map(v => ({ id: v.id, impact: v.impact, n: v.nodes.length,"
        " target: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })))",
        RULES,
    )
    print(f"axe {where}: {len(found)} rule(s) violated: {json.dumps(found, ensure_ascii=False)}")
    return [
        f"{v['impact']} {v['id']} x{v['n']} e.g. {v['target']}"
        for v in found
        if v["impact"] in BLOCKING
    ]


@functools.cache
def _axe_text() -> str:
    return AXE.read_text(encoding="utf-8")


def assert_accessible(page: Page, where: str) -> None:
    """Audits the page as it is now; fails on any critical or serious violation."""
    blocking = audit(page, _axe_text(), where)
    assert not blocking, f"axe critical/serious on {where}: {blocking}"


def open_page(browser: Browser, size: ViewportSize, lang: str) -> Page:
    context = browser.new_context(viewport=size, locale="zh-CN")
    context.set_default_timeout(20_000)
    context.add_init_script(f"localStorage.setItem('emkg.lang', '{lang}')")
    return context.new_page()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", WIDTHS, ids=lambda s: f"{s['width']}px")
def test_every_view_has_no_critical_or_serious_axe_violation(
    browser: Browser,
    live_app: LiveApp,
    demo_graph: object,
    axe_source: str,
    size: ViewportSize,
    lang: str,
) -> None:
    page = open_page(browser, size, lang)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    where = f"{lang} {size['width']}px"
    try:
        found: dict[str, list[str]] = {}
        page.goto(live_app.url)
        expect(page.locator("#sign-in")).to_be_visible()
        found["sign-in"] = audit(page, axe_source, f"sign-in {where}")

        page.fill("#api-key", live_app.keys["admin"])
        page.click("#sign-in-form button[type=submit]")
        expect(page.locator("#view-commander")).to_have_attribute("data-ready", "true")
        found["commander (empty)"] = audit(page, axe_source, f"commander empty {where}")
        pick_quake_in_chengdu(page)
        recommend(page)
        page.locator("#graph-details summary").click()  # the explanation graph drawn too
        expect(page.locator("#explanation-graph canvas").first).to_be_attached()
        page.locator("[data-testid=force-package] details.row-reasons summary").first.click()
        found["commander (results)"] = audit(page, axe_source, f"commander results {where}")

        page.click("#tab-planner")
        expect(page.locator("#view-planner")).to_have_attribute("data-ready", "true")
        page.click("#concept-list [data-concept-id='11A01'] > .tree-row")
        expect(page.locator("#concept-form")).to_be_visible()
        found["planner ontology"] = audit(page, axe_source, f"planner ontology {where}")
        page.click("#ptab-audit")
        expect(page.locator("#pane-audit")).to_be_visible()
        expect(page.locator("#audit-target")).to_be_visible()
        found["planner audit"] = audit(page, axe_source, f"planner audit {where}")
        page.click("#ptab-load")
        expect(page.locator("#load-form")).to_be_visible()
        found["data load"] = audit(page, axe_source, f"data load {where}")

        page.click("#tab-readiness")  # the readiness map with its matrix drawn
        expect(page.locator("#view-readiness")).to_have_attribute(
            "data-loaded", "true", timeout=120_000
        )
        found["readiness"] = audit(page, axe_source, f"readiness {where}")
        page.click("#tab-drills")  # the drill form, before a run
        expect(page.locator("#view-drills")).to_have_attribute("data-ready", "true")
        expect(page.locator("#drill-script")).to_be_visible()
        found["drills"] = audit(page, axe_source, f"drills {where}")
    finally:
        page.context.close()
    blocking = {view: v for view, v in found.items() if v}
    listed = json.dumps(blocking, ensure_ascii=False, indent=1)
    assert not blocking, f"axe ({where}) critical/serious: {listed}"
    assert not errors, f"JavaScript errors in the page: {errors}"
