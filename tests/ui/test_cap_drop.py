"""A CAP alert file dropped on the commander page fills the scenario form from its draft
(issue 16): the alert panel, the coded hazard, the text read by the report box, the
location and the suggested level; in Chinese and in English."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver
from playwright.sync_api import Page, expect

from kg.settings import Settings
from tests.ui.conftest import LiveApp, screenshot
from tests.ui.test_accessibility import assert_accessible
from tests.ui.test_commander import sign_in

ALERT = Path(__file__).resolve().parents[1] / "data" / "cap" / "cn_rainstorm_chengdu.cap"
IMPORT_TIMEOUT_MS = 60_000  # the import parses the alert's text; a loaded machine is slow
DROP = """([xml, name]) => {
  const dt = new DataTransfer();
  dt.items.add(new File([xml], name, { type: "application/xml" }));
  const zone = document.getElementById("view-commander");
  for (const type of ["dragover", "drop"]) {
    zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }
}"""


@pytest.fixture
def no_imports(demo_graph: Driver, neo4j_settings: Settings) -> Iterator[None]:
    """The demo graph is shared: only CapAlertImport nodes are written, and removed."""
    q = "MATCH (a:CapAlertImport) DETACH DELETE a"
    demo_graph.execute_query(q, database_=neo4j_settings.neo4j_database)
    yield
    demo_graph.execute_query(q, database_=neo4j_settings.neo4j_database)


def drop_alert(page: Page, path: Path) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    imports = int(page.locator("#cap-draft").get_attribute("data-imports") or 0)
    reads = int(page.locator("#report-result").get_attribute("data-reads") or 0)
    page.evaluate(DROP, [path.read_text(encoding="utf-8"), path.name])
    page.wait_for_function(
        "([n]) => Number(document.getElementById('cap-draft').dataset.imports || 0) >= n",
        arg=[imports + 1],
        timeout=IMPORT_TIMEOUT_MS,
    )
    assert errors == []
    page.wait_for_function(
        "([n]) => Number(document.getElementById('report-result').dataset.reads || 0) >= n",
        arg=[reads + 1],
        timeout=IMPORT_TIMEOUT_MS,
    )


def test_a_dropped_cap_alert_fills_the_form_in_chinese_and_english(
    page: Page, live_app: LiveApp, no_imports: None
) -> None:
    sign_in(page, live_app, "commander")
    expect(page.locator("#cap-draft")).to_contain_text("拖放到本页")
    drop_alert(page, ALERT)
    panel = page.locator("[data-testid=cap-draft]")
    expect(panel.locator("[data-testid=cap-name]")).to_have_text("成都市气象台发布暴雨橙色预警信号")
    expect(panel.locator("[data-testid=cap-level]")).to_have_text("II")
    expect(panel.locator("[data-testid=cap-hazards]")).to_contain_text("11B03 暴雨事件")
    expect(panel).to_contain_text("预警严重程度「严重」对应 II 级")
    expect(page.locator("#hazard-chips [data-hazard='11B03']")).to_be_visible()
    expect(page.locator("#levels input[value=II]")).to_be_checked()
    assert "积水严重" in page.locator("#description").input_value()
    lat = float(page.locator("#lat").input_value())
    lon = float(page.locator("#lon").input_value())
    assert abs(lat - 30.65) < 0.05 and abs(lon - 104.06) < 0.05, (lat, lon)
    expect(page.locator("[data-testid=report-text] mark.span-hazard").first).to_be_visible()
    screenshot(page, "cap-drop-zh")
    assert_accessible(page, "cap-drop-zh")

    page.click("#lang-toggle")
    drop_alert(page, ALERT)  # again: the draft in English, with a note that it was imported
    expect(panel.locator("[data-testid=cap-hazards]")).to_contain_text("11B03 Rainstorm, ")
    expect(panel).to_contain_text("CAP severity severe gives level II")
    expect(panel).to_contain_text("this alert was imported before")
    expect(page.locator("#cap-draft .hint")).to_contain_text("Drop a CAP alert file")
    screenshot(page, "cap-drop-en")
    assert_accessible(page, "cap-drop-en")


def test_a_dropped_attack_file_is_refused_with_a_clear_message(
    page: Page, live_app: LiveApp, no_imports: None, shared_data: Path
) -> None:
    sign_in(page, live_app, "commander")
    imports = int(page.locator("#cap-draft").get_attribute("data-imports") or 0)
    xee = shared_data / "cap" / "samples" / "xee.cap"
    page.evaluate(DROP, [xee.read_text(encoding="utf-8"), xee.name])
    page.wait_for_function(
        "([n]) => Number(document.getElementById('cap-draft').dataset.imports || 0) >= n",
        arg=[imports + 1],
    )
    expect(page.locator("[data-testid=cap-error]")).to_contain_text("拒绝读取")
    assert page.locator("#description").input_value() == ""
