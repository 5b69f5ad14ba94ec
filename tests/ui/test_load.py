"""A planner uploads a data file, reads the dry-run report, fixes it, then commits the load."""

from __future__ import annotations

import json

from neo4j import Driver
from playwright.sync_api import FilePayload, Page, expect

from tests.ui.conftest import LiveApp
from tests.ui.test_commander import sign_in

GOOD = {
    "id": "T-UI-0001", "nameZh": "界面测试水域救援队(虚构)",
    "nameEn": "UI test water rescue team (fictional)", "latitude": 30.7, "longitude": 104.1,
    "status": "available", "headcount": 12, "readinessMinutes": 10, "mobility": "water",
    "adminLevel": "county", "teamType": "tt.water-rescue",
    "capabilities": [{"capability": "cap.water-rescue", "level": 2}],
}  # fmt: skip
BAD = {**GOOD, "id": "T-UI-0002", "status": "flying"}


def jsonl(*rows: dict[str, object]) -> FilePayload:
    body = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"
    return {"name": "teams.jsonl", "mimeType": "application/x-ndjson", "buffer": body.encode()}


def team_exists(driver: Driver, team_id: str) -> bool:
    records, _, _ = driver.execute_query("MATCH (t:Team {id: $id}) RETURN t.id", id=team_id)
    return bool(records)


def test_dry_run_report_then_commit(
    writable_page: Page, live_app: LiveApp, ontology_graph: Driver
) -> None:
    page = writable_page
    page.on("dialog", lambda d: d.accept())
    sign_in(page, live_app, "planner", view="planner")
    page.click("#planner-tabs button[data-pane=load]")
    page.select_option("#load-form select[name=kind]", "teams")

    page.set_input_files("#load-form input[name=file]", jsonl(GOOD, BAD))
    page.click("#load-form button[type=submit]")
    expect(page.locator("[data-testid=load-report]")).to_contain_text("flying")
    expect(page.locator("[data-testid=load-status]")).to_have_class("error")
    expect(page.locator("#load-commit")).to_be_disabled()
    assert not team_exists(ontology_graph, "T-UI-0001"), "a dry run writes nothing"

    page.set_input_files("#load-form input[name=file]", jsonl(GOOD))
    page.click("#load-form button[type=submit]")
    expect(page.locator("[data-testid=load-status]")).to_have_class("ok")
    expect(page.locator("#load-commit")).to_be_enabled()
    assert not team_exists(ontology_graph, "T-UI-0001")
    page.click("#load-commit")
    expect(page.locator("[data-testid=load-status]")).to_contain_text("已写入图谱")
    assert team_exists(ontology_graph, "T-UI-0001")
