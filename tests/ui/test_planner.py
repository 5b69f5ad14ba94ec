"""A planner curates the ontology in a real browser: edits a synonym, sees the change in
the audit trail, and finds the concept by the new synonym in search."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.ui.conftest import screenshot

FLOOD = "11A01"


def open_concept(page: Page, concept_id: str) -> None:
    page.click(f"#concept-list [data-concept-id='{concept_id}'] > .tree-row")
    expect(page.locator(f"#concept-form[data-concept-id='{concept_id}']")).to_be_visible()


def test_planner_adds_a_synonym_and_finds_the_concept_by_it(planner_page: Page) -> None:
    page = planner_page
    open_concept(page, FLOOD)
    synonym = "大水漫堤测试"
    assert synonym not in page.input_value("#f-altZh")
    page.fill("#f-altZh", page.input_value("#f-altZh") + "\n" + synonym)
    page.click("#concept-form button[type=submit]")
    expect(page.locator("#concept-saved")).to_be_visible()
    assert synonym in page.input_value("#f-altZh"), "the saved synonym is shown after reload"
    audit = page.locator("#concept-detail [data-testid=audit]")
    expect(audit).to_contain_text(FLOOD)
    expect(audit).to_contain_text("修改灾种")  # the action named in the page's language
    screenshot(page, "planner")
    page.click("#lang-toggle")
    expect(audit).to_contain_text("edit hazard type")
    expect(page.locator("#server-status")).to_have_text("Connected to the server.")
    audit.scroll_into_view_if_needed()
    screenshot(page, "planner-en")
    page.click("#lang-toggle")

    page.fill("#concept-search", synonym)
    hit = page.locator(f"#concept-list[data-mode=search] [data-concept-id='{FLOOD}']")
    expect(hit).to_be_visible()


def test_invalid_synonym_shows_the_servers_message_next_to_the_field(planner_page: Page) -> None:
    page = planner_page
    open_concept(page, FLOOD)
    page.fill("#f-altZh", "flood only in English")
    page.click("#concept-form button[type=submit]")
    error = page.locator("[data-error-for=altZh]")
    expect(error).to_be_visible()
    expect(error).to_contain_text("不含汉字")  # the server's message, in the page's language
    expect(page.locator("#f-altZh")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#concept-saved")).to_be_hidden()
