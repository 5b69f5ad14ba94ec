"""The planner workbench in a real browser: every editor saves, reads back, shows its audit
entry and shows the server's refusal beside the field in Chinese and English (screenshots
in both languages); the concept tree is one Tab stop with arrows inside, Enter opens, and
its rows are 44 px tall on a touch screen; axe finds nothing critical or serious."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from kg.settings import Settings
from tests.ui.conftest import CHROMIUM, LiveApp, _keys, _page, screenshot, serve
from tests.ui.test_accessibility import AXE, audit
from tests.ui.test_commander import sign_in

_ = CHROMIUM  # the layer is skipped (conftest) where Debian's Chromium is absent


@pytest.fixture(scope="module")
def live_app(
    neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveApp]:
    """The app as tests/ui's, with a longer query limit: these tests check what the editors
    do, not how fast a busy machine answers (a shared 2-core machine timed out 10 s requests)."""
    keys = _keys(neo4j_settings)
    keys_file = tmp_path_factory.mktemp("ui-keys") / "api-keys.json"
    settings = neo4j_settings.with_overrides(keys_file=keys_file, query_timeout_s=60.0)
    with serve(settings) as url:
        yield LiveApp(url=url, keys=keys)


@pytest.fixture
def writable_page(browser: Browser, live_app: LiveApp, ontology_graph: object) -> Iterator[Page]:
    """A fresh browser context on a graph of its own (the ontology alone); assertions wait
    up to a minute, for the same reason as the query limit above."""
    for pg in _page(browser):
        pg.set_default_timeout(60_000)
        expect.set_options(timeout=60_000)
        yield pg


def choose_kind(page: Page, kind: str) -> None:
    page.select_option("#concept-kind", kind)
    expect(page.locator("#concept-new")).to_be_visible()


def new_record(page: Page, kind: str, fields: dict[str, str] | None = None) -> None:
    """Open an empty `kind` form and type `fields` into it (``{"id": "D-UI-1"}`` -> #rf-id)."""
    choose_kind(page, kind)
    page.click("#concept-new")
    expect(page.locator("#rf-id")).to_be_editable()
    for field, value in (fields or {}).items():
        page.fill(f"#rf-{field}", value)


def save(page: Page, form: str = "#record-form") -> None:
    page.click(f"{form} button[type=submit]")


def toggle_language(page: Page, to: str) -> None:
    page.click("#lang-toggle")
    expect(page.locator("html")).to_have_attribute("lang", to)


def test_registry_editors_round_trip_in_both_languages(planner_page: Page) -> None:
    page = planner_page

    # a depot: created, read back, audited
    new_record(
        page,
        "Depot",
        {"id": "D-UI-1", "nameZh": "测试应急物资储备库", "nameEn": "Test supplies depot"},
    )
    page.select_option("#rf-adminLevel", "PROVINCIAL")
    page.fill("#rf-latitude", "30.66")
    page.fill("#rf-longitude", "104.06")
    save(page)
    expect(page.locator("#record-saved")).to_be_visible()
    expect(page.locator("#record-form")).to_have_attribute("data-record-id", "D-UI-1")
    expect(page.locator("#concept-detail [data-testid=audit]")).to_contain_text("新建储备库")
    expect(page.locator("#concept-list [data-concept-id='D-UI-1']")).to_be_visible()

    # a team with two capabilities; then a headcount the shape refuses
    new_record(
        page,
        "Team",
        {
            "id": "T-UI-1",
            "nameZh": "测试水域救援队",
            "nameEn": "Test water rescue team",
            "teamType": "tt.water-rescue",
            "headcount": "18",
            "readinessMinutes": "20",
            "latitude": "30.6",
            "longitude": "104.0",
        },
    )
    page.select_option("#rf-adminLevel", "MUNICIPAL")
    rows = page.locator("[data-testid=capability-rows] tbody tr")
    for i, cap in enumerate(("cap.water-rescue", "cap.swiftwater-rescue")):
        page.click("[data-field=capabilities] button[data-row=add]")
        rows.nth(i).locator("[name=cap-id]").fill(cap)
    rows.nth(1).locator("[name=cap-level]").select_option("3")
    with page.expect_request(lambda r: "createTeam" in (r.post_data or "")) as sent:
        save(page)
    caps = json.loads(sent.value.post_data or "{}")["variables"]["input"]["capabilities"]
    assert caps == [
        {"capability": "cap.water-rescue", "level": 2},
        {"capability": "cap.swiftwater-rescue", "level": 3},
    ], caps
    expect(page.locator("#record-saved")).to_be_visible()
    expect(rows).to_have_count(2)
    levels = {
        rows.nth(i).locator("[name=cap-id]").input_value(): rows.nth(i)
        .locator("[name=cap-level]")
        .input_value()
        for i in range(2)
    }
    assert levels == {"cap.water-rescue": "2", "cap.swiftwater-rescue": "3"}, "read back"
    page.fill("#rf-headcount", "0")
    save(page)
    error = page.locator("[data-error-for=headcount]")
    expect(error).to_be_visible()
    expect(error).to_contain_text("应")  # the shape's rule, in Chinese
    expect(page.locator("#rf-headcount")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#record-saved")).to_be_hidden()
    screenshot(page, "workbench-team")
    toggle_language(page, "en")
    save(page)
    expect(error).to_contain_text("must be")
    screenshot(page, "workbench-team-en")
    toggle_language(page, "zh")

    # an expert with expertise; an unknown capability is named
    new_record(
        page, "Expert", {"id": "X-UI-1", "nameZh": "测试专家", "expertise": "11A01\ncap.no-such"}
    )
    save(page)
    expect(page.locator("[data-error-for=expertise]")).to_contain_text("cap.no-such")
    page.fill("#rf-expertise", "11A01\ncap.water-rescue")
    save(page)
    expect(page.locator("#record-saved")).to_be_visible()
    expect(page.locator("#concept-detail [data-testid=audit]")).to_contain_text("新建专家")
    screenshot(page, "workbench-expert")

    # equipment held by the depot; a holder that does not exist is named
    new_record(
        page,
        "Equipment",
        {
            "id": "E-UI-1",
            "nameZh": "冲锋舟",
            "equipmentType": "eq.fire-engine",
            "quantity": "6",
            "holder": "D-NOPE",
        },
    )
    save(page)
    expect(page.locator("[data-error-for=holder]")).to_contain_text("D-NOPE")
    page.fill("#rf-holder", "D-UI-1")
    save(page)
    expect(page.locator("#record-saved")).to_be_visible()
    assert page.input_value("#rf-holder") == "D-UI-1"
    screenshot(page, "workbench-equipment")
    toggle_language(page, "en")
    expect(page.locator("#concept-detail [data-testid=audit]")).to_contain_text("create equipment")
    screenshot(page, "workbench-equipment-en")


def fill_prescription(page: Page, i: int, level: str, kind: str, target: str, qty: str) -> None:
    page.click("[data-field=prescribes] button[data-row=add]")
    row = page.locator("[data-testid=prescriptions] tbody tr").nth(i)
    row.locator("[name=pr-level]").select_option(level)
    row.locator("[name=pr-kind]").select_option(kind)
    row.locator("[name=pr-target]").fill(target)
    row.locator("[name=pr-quantity]").fill(qty)


def test_plan_editor_versions_and_compares(planner_page: Page) -> None:
    page = planner_page
    new_record(
        page, "Plan", {"id": "P-UI-1", "nameZh": "测试防汛应急预案", "nameEn": "Test flood plan"}
    )
    page.select_option("#rf-level", "PROVINCIAL")
    page.fill("#rf-version", "2020")
    page.fill("#rf-timeStandardMinutes", "120")
    page.fill("#rf-covers", "11A01")
    fill_prescription(page, 0, "I", "CAPABILITY", "cap.water-rescue", "4")
    fill_prescription(page, 1, "I", "EQUIPMENT_TYPE", "eq.fire-engine", "10")
    fill_prescription(page, 2, "II", "TEAM_TYPE", "tt.water-rescue", "0")
    save(page, "#plan-form")
    error = page.locator("[data-error-for=prescribes]")
    expect(error).to_be_visible()  # quantity 0 on the third row
    expect(
        page.locator("[data-testid=prescriptions] tbody tr").nth(2).locator("[name=pr-quantity]")
    ).to_have_attribute("aria-invalid", "true")
    screenshot(page, "workbench-plan-invalid")
    page.locator("[data-testid=prescriptions] tbody tr").nth(2).locator("[name=pr-quantity]").fill(
        "2"
    )
    save(page, "#plan-form")
    expect(page.locator("#record-saved")).to_be_visible()
    expect(page.locator("[data-testid=prescriptions] tbody tr")).to_have_count(3)

    # a new version with more boats: it supersedes the first, which stays in the history
    page.locator("[data-testid=prescriptions] tbody tr").nth(0).locator("[name=pr-quantity]").fill(
        "6"
    )
    page.fill("#rf-nv-id", "P-UI-1.v2025")
    page.fill("#rf-nv-version", "2025")
    page.click("#plan-new-version")
    expect(page.locator("#plan-form")).to_have_attribute("data-record-id", "P-UI-1.v2025")
    history = page.locator("[data-testid=plan-history] tbody tr")
    expect(history).to_have_count(2)
    page.click("#diff-run")
    diff = page.locator("[data-testid=plan-diff]")
    expect(diff).to_contain_text("4 → 6")
    expect(diff).to_contain_text("2020")
    expect(page.locator("#concept-detail [data-testid=audit]")).to_contain_text("发布预案新版本")
    page.locator("#plan-diff").scroll_into_view_if_needed()
    screenshot(page, "workbench-plan")
    toggle_language(page, "en")
    expect(page.locator("#diff-run")).to_have_text("Compare")
    page.click("#diff-run")
    expect(diff).to_contain_text("changed")
    page.locator("#plan-diff").scroll_into_view_if_needed()
    screenshot(page, "workbench-plan-en")

    # the old version cannot be superseded twice: the server says so beside the new id
    page.fill("#rf-nv-id", "P-UI-1.v2025")
    page.click("#plan-new-version")
    expect(page.locator("[data-error-for=nv-id]")).to_contain_text("own")


def test_cascades_are_edited_in_the_hazard_editor(planner_page: Page) -> None:
    page = planner_page
    page.click("#concept-list [data-concept-id='11A01'] > .tree-row")
    table = page.locator("[data-testid=cascades]")
    expect(table).to_be_visible()
    add = table.locator("tr[data-triggers='']")
    add.locator("[name=triggers]").fill("11A05")
    add.locator("[name=likelihood]").fill("1.5")
    add.locator("button[data-cascade=save]").click()
    error = page.locator("[data-error-for=cascade]")
    expect(error).to_contain_text("可能性")
    error.scroll_into_view_if_needed()
    screenshot(page, "workbench-cascade")
    toggle_language(page, "en")
    expect(page.locator("[data-testid=cascades] thead")).to_contain_text("Hazard it may trigger")
    page.locator("[data-testid=cascades] tr[data-triggers=''] [name=triggers]").fill("11A05")
    page.locator("[data-testid=cascades] tr[data-triggers=''] [name=likelihood]").fill("0.35")
    page.locator("[data-testid=cascades] tr[data-triggers=''] button[data-cascade=save]").click()
    row = page.locator("[data-testid=cascades] tr[data-triggers='11A05']")
    expect(row).to_be_visible()
    assert row.locator("[name=likelihood]").input_value() == "0.35"
    expect(page.locator("#concept-detail [data-testid=audit]")).to_contain_text("set cascade")
    page.locator("[data-testid=cascades] tr[data-triggers=''] [name=likelihood]").fill("2")
    page.locator("[data-testid=cascades] tr[data-triggers=''] [name=triggers]").fill("11A06")
    page.locator("[data-testid=cascades] tr[data-triggers=''] button[data-cascade=save]").click()
    expect(page.locator("[data-error-for=cascade]")).to_contain_text("out of range")
    page.locator("[data-error-for=cascade]").scroll_into_view_if_needed()
    screenshot(page, "workbench-cascade-en")
    row.locator("button[data-cascade=remove]").click()
    expect(page.locator("[data-testid=cascades] tr[data-triggers='11A05']")).to_have_count(0)


def test_the_tree_is_one_tab_stop_and_enter_opens(planner_page: Page) -> None:
    page = planner_page
    rows = page.locator("#concept-list [role=treeitem]")
    expect(rows.first).to_be_visible()
    assert rows.count() > 50
    page.focus("#ptab-ontology")
    stops = []
    for _ in range(8):
        page.keyboard.press("Tab")
        stops.append(
            page.evaluate(
                "document.activeElement.id || document.activeElement.getAttribute('role')"
            )
        )
        if stops[-1] == "treeitem":
            break
    assert stops == ["concept-kind", "concept-search", "treeitem"], stops
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.dataset.conceptId")
    page.keyboard.press("Enter")
    expect(page.locator(f"#concept-form[data-concept-id='{focused}']")).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-nameZh", (
        "Tab leaves the tree for the form"
    )
    print(
        f"Tab stops from the planner's tabs to the detail form: {len(stops) + 1} "
        f"(tree rows: {rows.count()})"
    )
    # Left on an open branch closes it; Right opens it again
    page.focus("#concept-list [role=treeitem][tabindex='0']")
    page.keyboard.press("Home")
    first = page.locator("#concept-list [role=treeitem]").first
    expect(first).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowLeft")
    expect(first).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("ArrowRight")
    expect(first).to_have_attribute("aria-expanded", "true")


@pytest.fixture
def touch_page(browser: Browser, live_app: LiveApp, ontology_graph: object) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1024, "height": 768}, locale="zh-CN", has_touch=True, is_mobile=True
    )
    context.set_default_timeout(60_000)
    expect.set_options(timeout=60_000)
    pg = context.new_page()
    yield pg
    context.close()


def test_tree_rows_are_44px_on_touch_and_axe_passes(touch_page: Page, live_app: LiveApp) -> None:
    page = touch_page
    sign_in(page, live_app, "planner", view="planner")
    assert page.evaluate("matchMedia('(pointer: coarse)').matches"), "a touch screen"
    expect(page.locator("#concept-list [role=treeitem]").first).to_be_visible()
    heights = page.eval_on_selector_all(
        "#concept-list .tree-row", "els => els.map(e => e.getBoundingClientRect().height)"
    )
    print(f"tree rows on touch: {len(heights)}, smallest {min(heights):.1f} px")
    assert min(heights) >= 44
    screenshot(page, "workbench-touch")
    axe = Path(AXE).read_text(encoding="utf-8")
    found = audit(page, axe, "planner tree (touch)")
    choose_kind(page, "Plan")
    page.click("#concept-new")
    expect(page.locator("#plan-form")).to_be_visible()
    found += audit(page, axe, "plan editor (touch)")
    choose_kind(page, "Team")
    page.click("#concept-new")
    expect(page.locator("#record-form")).to_be_visible()
    found += audit(page, axe, "team editor (touch)")
    assert not found, found
