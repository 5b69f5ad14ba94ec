"""The dispatch order (调度令, issue 15 item 5) over real HTTP: the printable page in
Chinese and English with teams, tasks, assembly points, ETAs, contacts (masked for
roles that may not dispatch) and gaps; the PDF printed by Chromium is one A4 page."""

from __future__ import annotations

import io
import shutil
from typing import Any

import httpx
import pytest
from neo4j import Driver

from tests.api.conftest import LiveServer
from tests.api.test_incidents_api import DISPATCH, RECOMMEND, _open, warm_api  # noqa: F401


def _get(live: LiveServer, path: str, role: str | None = "commander") -> httpx.Response:
    headers = {"Authorization": f"Bearer {live.keys[role]}"} if role else {}
    return httpx.get(f"{live.url}{path}", headers=headers, timeout=120)


@pytest.fixture(scope="module")
def ordered(warm_api: LiveServer, driver: Driver) -> dict[str, Any]:  # noqa: F811
    """An incident with a recommendation that has a gap, and an order for two teams."""
    live = warm_api
    held, _, _ = driver.execute_query(
        "MATCH (t:Team {status: 'available'})-[:HAS_CAPABILITY]->(c:Capability) "
        "WHERE NOT (t)-[:ASSIGNED_TO]->() RETURN c.id AS c, count(t) AS n ORDER BY n DESC, c "
        "LIMIT 1"
    )
    missing, _, _ = driver.execute_query(
        "MATCH (c:Capability) WHERE NOT ()-[:HAS_CAPABILITY]->(c) "
        "RETURN c.id AS c, c.nameZh AS zh, c.nameEn AS en ORDER BY c LIMIT 1"
    )
    inc = _open(live, maxTravelMinutes=240, placeName="测试县城关镇")
    caps = [held[0]["c"], missing[0]["c"]]
    rec = live.data(RECOMMEND, {"input": {"incidentId": inc["id"], "requiredCapabilities": caps,
                                          "maxTeams": 2}})["recommendForIncident"]  # fmt: skip
    stored = rec["recommendation"]
    assert missing[0]["c"] in stored["gapCapabilityIds"], stored
    teams = [p["teamId"] for p in stored["package"]][:2]
    for k, t in enumerate(teams):
        driver.execute_query(
            "MATCH (t:Team {id: $id}) SET t.dutyPhone = $phone, t.leader = '李队长', "
            "t.radioChannel = 'CH-3'",
            id=t,
            phone=f"028-8000-000{k}",
        )
    order = live.data(
        DISPATCH,
        {"input": {"incidentId": inc["id"], "recommendationId": stored["id"],
                   "task": "搜救被困群众", "assemblyPoint": "城关镇中学操场",
                   "teams": [{"teamId": t} for t in teams]}},
    )["dispatchIncident"]  # fmt: skip
    assert order["userErrors"] == []
    rows, _, _ = driver.execute_query(
        "MATCH (t:Team) WHERE t.id IN $ids RETURN t.nameZh AS zh, t.nameEn AS en", ids=teams
    )
    return {
        "id": inc["id"],
        "teams": teams,
        "names_zh": [r["zh"] for r in rows],
        "names_en": [r["en"] for r in rows],
        "gap_zh": missing[0]["zh"],
        "gap_en": missing[0]["en"],
    }


def test_the_order_page_shows_teams_tasks_contacts_and_gaps_in_chinese(
    warm_api: LiveServer,  # noqa: F811
    ordered: dict[str, Any],
) -> None:
    r = _get(warm_api, f"/orders/{ordered['id']}?lang=zh")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    expected = [
        "调度令",
        "搜救被困群众",
        "城关镇中学操场",
        "028-8000-0000",
        "李队长",
        "Ⅱ级（重大）",
        "签发人",
        "test-admin",
        "测试县城关镇",
        ordered["gap_zh"],
    ]
    for text in expected:
        assert text in page, text
    assert all(n in page for n in ordered["names_zh"])
    en = _get(warm_api, f"/orders/{ordered['id']}?lang=en").text
    assert "Dispatch order" in en and ordered["gap_en"] in en and "Assembly point" in en
    assert all(n in en for n in ordered["names_en"]) and "调度令" not in en


def test_contacts_are_masked_on_the_order_for_roles_that_may_not_dispatch(
    warm_api: LiveServer,  # noqa: F811
    ordered: dict[str, Any],
) -> None:
    page = _get(warm_api, f"/orders/{ordered['id']}?lang=zh", role="integrator").text
    assert "028-8000-0000" not in page and "仅对有调度权限的角色可见" in page
    assert _get(warm_api, f"/orders/{ordered['id']}", role=None).status_code == 401
    assert _get(warm_api, "/orders/INC-NOPE").status_code == 404


@pytest.mark.skipif(shutil.which("chromium") is None, reason="no Chromium (make chromium)")
def test_the_pdf_is_one_a4_page_with_the_teams_and_gaps(
    warm_api: LiveServer,  # noqa: F811
    ordered: dict[str, Any],
) -> None:
    from pdfminer.high_level import extract_text
    from pdfminer.pdfpage import PDFPage

    r = _get(warm_api, f"/orders/{ordered['id']}.pdf?lang=zh")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    pages = list(PDFPage.get_pages(io.BytesIO(r.content)))
    assert len(pages) == 1
    width, height = pages[0].mediabox[2:]
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = extract_text(io.BytesIO(r.content))
    squeezed = "".join(text.split())
    for name in [*ordered["names_zh"], ordered["gap_zh"], "调度令", "搜救被困群众"]:
        assert "".join(name.split()) in squeezed, name
