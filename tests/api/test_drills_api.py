"""Drills over GraphQL with real keys on the demo data: startDrill runs in the background,
drill(id) shows progress then the strategies' metrics and the replay, the graph is not
written; bad scripts come back as userErrors naming the line and field, in the locale."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver
from starlette.testclient import TestClient

from api.app import create_app
from kg.settings import Settings
from tests.api.conftest import issue_keys
from tests.api.test_recommend_api import wait_until_ready

START = """
mutation($input: StartDrillInput!) {
  startDrill(input: $input) {
    drill { id status progress scriptId nameZh seed }
    userErrors { field message code detail { code params { name value } } }
  }
}
"""
DRILL = """
query($id: ID!) {
  drill(id: $id) {
    id status progress currentStrategy error graphVersion fingerprint replayJson
    results { strategy needs coveredWithin30 coveredWithin60 coveredWithin120 coveredAtEnd
              meanMinutesToFirstUnit sorties teamsUsed totalTravelKm decisions
              unmet { capability nameZh count } series { minute covered teamsOut } }
  }
}
"""
TEAMS = "MATCH (t:Team) RETURN t.id AS id, t.status AS status ORDER BY id"


@pytest.fixture
def client(demo_graph: Driver, neo4j_settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    settings = neo4j_settings.with_overrides(
        keys_file=tmp_path / "api-keys.json", query_timeout_s=60.0
    )
    keys = issue_keys(settings)
    headers = {"Authorization": f"Bearer {keys['commander']}"}
    with TestClient(create_app(settings), headers=headers) as c:
        wait_until_ready(c)
        yield c


def gql(c: TestClient, query: str, variables: dict[str, Any], **headers: str) -> Any:
    r = c.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert "errors" not in body, body
    return body["data"]


def test_a_drill_runs_in_the_background_and_reports_its_strategies(
    client: TestClient, demo_graph: Driver
) -> None:
    before = demo_graph.execute_query(TEAMS).records
    started = gql(
        client,
        START,
        {
            "input": {
                "scriptId": "chemical_park_pengzhou",
                "seed": 5,
                "strategies": ["EMKG", "CLOSEST"],
            }
        },
    )["startDrill"]
    assert started["userErrors"] == []
    drill = started["drill"]
    assert drill["status"] == "RUNNING" and drill["seed"] == 5 and drill["nameZh"]
    deadline = time.monotonic() + 600
    seen = []
    while True:
        d = gql(client, DRILL, {"id": drill["id"]})["drill"]
        seen.append(d["progress"])
        if d["status"] != "RUNNING" or time.monotonic() > deadline:
            break
        time.sleep(1.0)
    assert d["status"] == "DONE", d["error"]
    assert seen == sorted(seen) and d["progress"] == 1.0
    assert [r["strategy"] for r in d["results"]] == ["EMKG", "CLOSEST"]
    for r in d["results"]:
        assert r["needs"] > 0 and r["sorties"] > 0
        assert 0 <= r["coveredWithin30"] <= r["coveredWithin60"] <= r["coveredWithin120"] <= 1
        assert r["series"][0]["minute"] == 0 and r["series"][-1]["minute"] == 12 * 60
    replay = json.loads(d["replayJson"])
    assert [r["strategy"] for r in replay["runs"]] == ["emkg", "closest"]
    assert replay["runs"][0]["sorties"][0]["team"].startswith("T-SC-")
    assert len(d["fingerprint"]) == 64 and d["graphVersion"].startswith("audit=")
    assert demo_graph.execute_query(TEAMS).records == before  # nothing written


def test_a_bad_script_is_answered_with_line_and_field_in_the_locale(client: TestClient) -> None:
    script = "version: 1\nid: x\nname: {zh: 甲, en: A}\ndurationHours: 100\nincidents: []\n"
    zh = gql(client, START, {"input": {"script": script}})["startDrill"]
    assert zh["drill"] is None
    fields = {e["detail"]["params"][1]["value"]: e for e in zh["userErrors"]}
    assert set(fields) == {"durationHours", "incidents"}
    assert fields["durationHours"]["message"].startswith("推演脚本第 4 行，字段 durationHours")
    en = gql(client, START, {"input": {"script": script}}, **{"Accept-Language": "en"})
    assert en["startDrill"]["userErrors"][0]["message"].startswith("drill script line 4")


def test_unknown_script_and_missing_script_are_refused(client: TestClient) -> None:
    out = gql(client, START, {"input": {"scriptId": "tsunami"}})["startDrill"]
    [err] = out["userErrors"]
    assert err["field"] == "scriptId" and "earthquake_luding" in err["message"]
    out = gql(client, START, {"input": {}})["startDrill"]
    assert out["userErrors"][0]["detail"]["code"] == "DRILL_SCRIPT_ONE_OF"
