"""A planner uploads a data file, reads the dry-run report, fixes it, then commits the load,
seeing what the server is doing (and for how long) while it writes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from neo4j import Driver
from playwright.sync_api import FilePayload, Page, Route, expect

from tests.ui.conftest import LiveApp, screenshot
from tests.ui.test_commander import sign_in
from tests.unit.loaders.samples import fictional_water_team

# The server's work ends in a final state we wait for, however long it takes on a busy
# 2-core machine: a commit also computes search vectors (every concept's, on a fresh graph),
# the first dry run in a process parses the ontology. expect()'s default is 5 s.
WORK_TIMEOUT_MS = 120_000
STATUS = "[data-testid=load-status]"

GOOD = fictional_water_team("T-UI-0001", "界面测试", "UI test")
BAD = {**GOOD, "id": "T-UI-0002", "status": "flying"}


def jsonl(*rows: dict[str, object]) -> FilePayload:
    body = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"
    return {"name": "teams.jsonl", "mimeType": "application/x-ndjson", "buffer": body.encode()}


def team_exists(driver: Driver, team_id: str) -> bool:
    records, _, _ = driver.execute_query("MATCH (t:Team {id: $id}) RETURN t.id", id=team_id)
    return bool(records)


@dataclass
class HeldRequests:
    """Requests to the server held back until `release()`, so a test can look at the
    "in progress" state for as long as it needs instead of racing it."""

    page: Page
    pattern: str
    routes: list[Route] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.route(self.pattern, self._hold)

    def _hold(self, route: Route) -> None:
        self.routes.append(route)  # answered in release()

    def release(self) -> None:
        for route in self.routes:
            route.continue_()
        self.page.unroute(self.pattern)


def open_load_pane(page: Page, app: LiveApp) -> None:
    page.on("dialog", lambda d: d.accept())
    sign_in(page, app, "planner", view="planner")
    page.click("#planner-tabs button[data-pane=load]")
    page.select_option("#load-form select[name=kind]", "teams")


def dry_run(page: Page, *rows: dict[str, object]) -> None:
    """Upload `rows` for a dry run and wait until its report is shown."""
    page.set_input_files("#load-form input[name=file]", jsonl(*rows))
    page.click("#load-form button[type=submit]")
    status = page.locator(STATUS)
    expect(status).to_be_visible()
    expect(status).not_to_have_class("busy", timeout=WORK_TIMEOUT_MS)


def test_dry_run_report_then_commit(
    writable_page: Page, live_app: LiveApp, ontology_graph: Driver
) -> None:
    page = writable_page
    open_load_pane(page, live_app)
    status = page.locator(STATUS)

    dry_run(page, GOOD, BAD)
    expect(page.locator("[data-testid=load-report]")).to_contain_text("flying")
    # The refused rows as a table the planner fixes the file from: row, id, field, problem.
    errors = page.locator("[data-testid=load-errors]")
    expect(errors.locator("caption")).to_contain_text("有问题的行（1 行")
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors.locator("tbody tr td").nth(1)).to_have_text("T-UI-0002")
    expect(errors.locator("tbody")).to_contain_text("flying")
    # the problem itself in Chinese (issue 12), the bad value quoted as the planner wrote it
    expect(errors.locator("tbody tr td").nth(3)).to_contain_text("应为以下之一")
    expect(errors.locator("tbody tr td").nth(3)).to_contain_text("实际为 'flying'")
    expect(page.locator("[data-testid=load-report]")).to_contain_text("第 2 行（T-UI-0002）")
    screenshot(page, "load-errors-zh")
    expect(status).to_have_class("error")
    expect(page.locator("#load-commit")).to_be_disabled()
    assert not team_exists(ontology_graph, "T-UI-0001"), "a dry run writes nothing"

    dry_run(page, GOOD)
    expect(status).to_have_class("ok")
    expect(page.locator("#load-commit")).to_be_enabled()
    assert not team_exists(ontology_graph, "T-UI-0001")

    held = HeldRequests(page, "**/loads")
    page.click("#load-commit")
    expect(status).to_contain_text("正在写入")
    expect(status).to_contain_text(re.compile(r"已用 [1-9]\d* 秒"))  # the clock runs
    expect(page.locator("#load-form button[type=submit]")).to_be_disabled()
    expect(page.locator("#load-commit")).to_be_disabled()
    screenshot(page, "load-committing-zh")
    held.release()

    expect(status).to_contain_text("已写入图谱", timeout=WORK_TIMEOUT_MS)
    expect(status).to_have_class("ok")
    assert team_exists(ontology_graph, "T-UI-0001")
    screenshot(page, "load-committed-zh")


def test_commit_progress_and_result_in_english(
    writable_page: Page, live_app: LiveApp, ontology_graph: Driver
) -> None:
    page = writable_page
    open_load_pane(page, live_app)
    page.click("#lang-toggle")
    expect(page.locator("#load-form button[type=submit]")).to_have_text("Dry run")
    status = page.locator(STATUS)

    dry_run(page, GOOD, BAD)
    expect(page.locator("[data-testid=load-errors] caption")).to_contain_text(
        "Rows with problems (1"
    )
    problem = page.locator("[data-testid=load-errors] tbody tr td").nth(3)
    expect(problem).to_contain_text("must be one of")
    expect(problem).to_contain_text("got 'flying'")
    expect(page.locator("[data-testid=load-report]")).to_contain_text("row 2 (T-UI-0002)")
    screenshot(page, "load-errors-en")
    dry_run(page, GOOD)
    expect(status).to_contain_text("Dry run passed")
    expect(page.locator("[data-testid=load-errors]")).to_have_count(0)
    held = HeldRequests(page, "**/loads")
    page.click("#load-commit")
    expect(status).to_contain_text(re.compile(r"Writing… [1-9]\d* s so far"))
    screenshot(page, "load-committing-en")
    held.release()

    expect(status).to_contain_text("Loaded into the graph.", timeout=WORK_TIMEOUT_MS)
    assert team_exists(ontology_graph, "T-UI-0001")
    screenshot(page, "load-committed-en")
    page.click("#lang-toggle")  # the result follows a switch back to Chinese
    expect(status).to_contain_text("已写入图谱")
