"""The planner's registry lists and editors in a real browser (issue 18 leftovers):

- an expert or equipment item without a location says so in the list, in the page's
  language (未填位置 / no location), never a bare "None"; one with a location shows it;
- the English-name box of a record without an English name stays empty (the API answers
  nameEn with the Chinese name then), so saving the record does not write the Chinese name
  as the English one; an English name typed in is saved, and cleared again it is removed
  (the record shapes keep nameEn optional).

Screenshots in Chinese and English (EMKG_SCREENSHOTS_DIR).
"""

from __future__ import annotations

from typing import Any, LiteralString

from neo4j import Driver
from playwright.sync_api import Page, expect

from kg.settings import Settings
from tests.ui.conftest import screenshot
from tests.ui.test_workbench import live_app, new_record, save, toggle_language, writable_page

_ = (live_app, writable_page)  # the workbench's fixtures: a longer query limit, own graph

NAMES: LiteralString = "MATCH (n {id: $id}) RETURN n.nameZh AS zh, n.nameEn AS en"


def stored_names(driver: Driver, settings: Settings, node_id: str) -> dict[str, Any]:
    records, _, _ = driver.execute_query(NAMES, id=node_id, database_=settings.neo4j_database)
    return records[0].data()


def list_row(page: Page, node_id: str) -> Any:
    return page.locator(f"#concept-list [data-concept-id='{node_id}']")


def test_records_without_a_location_or_english_name_read_and_save_as_empty(
    planner_page: Page, driver: Driver, neo4j_settings: Settings
) -> None:
    page = planner_page

    # an expert with neither an English name nor a location
    new_record(
        page, "Expert", {"id": "X-UI-NOLOC", "nameZh": "无驻地测试专家", "expertise": "11A01"}
    )
    save(page)
    expect(page.locator("#record-saved")).to_be_visible()
    stored = stored_names(driver, neo4j_settings, "X-UI-NOLOC")
    assert stored == {"zh": "无驻地测试专家", "en": None}
    expect(page.locator("#rf-nameEn")).to_have_value("")  # read back: not the Chinese name
    expect(list_row(page, "X-UI-NOLOC")).to_contain_text("X-UI-NOLOC · 未填位置")

    # saved again after another edit: the English name is still absent
    page.fill("#rf-affiliation", "测试单位")
    save(page)
    expect(page.locator("#record-saved")).to_be_visible()
    expect(page.locator("#rf-affiliation")).to_have_value("测试单位")
    assert stored_names(driver, neo4j_settings, "X-UI-NOLOC")["en"] is None

    # an English name typed in is kept; cleared again, it is removed
    page.fill("#rf-nameEn", "Test expert without a base")
    save(page)
    expect(page.locator("#record-saved")).to_be_visible()
    expect(page.locator("#rf-nameEn")).to_have_value("Test expert without a base")
    assert stored_names(driver, neo4j_settings, "X-UI-NOLOC")["en"] == "Test expert without a base"
    page.fill("#rf-nameEn", "")
    save(page)
    expect(page.locator("#record-saved")).to_be_visible()
    expect(page.locator("#rf-nameEn")).to_have_value("")
    assert stored_names(driver, neo4j_settings, "X-UI-NOLOC")["en"] is None

    # an expert with a location shows it in the list
    new_record(page, "Expert")
    for field, value in {"id": "X-UI-AT", "nameZh": "有驻地测试专家", "expertise": "11A01",
                         "latitude": "30.66", "longitude": "104.06"}.items():  # fmt: skip
        page.fill(f"#rf-{field}", value)
    save(page)
    expect(page.locator("#record-saved")).to_be_visible()
    expect(list_row(page, "X-UI-AT")).to_contain_text("X-UI-AT · 30.66, 104.06")
    expect(page.locator("#concept-list")).not_to_contain_text("None")
    screenshot(page, "planner-no-location-expert-zh")

    # an equipment item without a location, held by no one
    new_record(page, "Equipment")
    for field, value in {"id": "E-UI-NOLOC", "nameZh": "无位置冲锋舟",
                         "equipmentType": "eq.fire-engine", "quantity": "2"}.items():  # fmt: skip
        page.fill(f"#rf-{field}", value)
    save(page)
    expect(page.locator("#record-saved")).to_be_visible()
    expect(page.locator("#rf-nameEn")).to_have_value("")
    expect(list_row(page, "E-UI-NOLOC")).to_contain_text("E-UI-NOLOC · 未填位置")
    expect(page.locator("#concept-list")).not_to_contain_text("None")
    screenshot(page, "planner-no-location-equipment-zh")

    toggle_language(page, "en")
    expect(list_row(page, "E-UI-NOLOC")).to_contain_text("E-UI-NOLOC · no location")
    expect(page.locator("#concept-list")).not_to_contain_text("None")
    expect(page.locator("#rf-nameEn")).to_have_value("")
    screenshot(page, "planner-no-location-equipment-en")
    page.select_option("#concept-kind", "Expert")
    expect(list_row(page, "X-UI-NOLOC")).to_contain_text("X-UI-NOLOC · no location")
    list_row(page, "X-UI-NOLOC").click()
    expect(page.locator("#record-form")).to_have_attribute("data-record-id", "X-UI-NOLOC")
    expect(page.locator("#rf-nameEn")).to_have_value("")
    expect(page.locator("#concept-detail h2")).to_contain_text("无驻地测试专家")  # not the id
    screenshot(page, "planner-no-location-expert-en")
    assert stored_names(driver, neo4j_settings, "E-UI-NOLOC")["en"] is None
