"""`recommendForces` end to end over GraphQL with a real key, on the demo data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver
from starlette.testclient import TestClient

from api.app import create_app
from kg.settings import Settings
from tests.api.conftest import issue_keys

QUERY = """
query($scenario: ScenarioInput!) {
  recommendForces(scenario: $scenario) {
    hazards { hazard { id name nameZh nameEn } confidence via }
    requiredCapabilities { capability { id name } weight sources neededLevel units }
    plans { plan { id name nameZh nameEn level } reason hazards { id name } }
    forcePackage {
      team { id name status mobility location { latitude longitude } teamType { id } }
      score distanceKm etaMinutes covers { id name } reasons
      scoreBreakdown { coverage eta readiness plan experience }
      explanation { nodes { id kind label } edges { source target type label } }
    }
    candidates { team { id } score etaMinutes }
    gaps {
      capability { id name } weight sources limitedBy
      nearestTeam { team { id name mobility } distanceKm etaMinutes }
    }
    experts { expert { id name nameZh nameEn affiliation location { latitude longitude } }
              score reasons distanceKm }
    equipment { equipment { id name } equipmentType { id name } capability { id name }
                quantity holder { id name kind } distanceKm reasons }
  }
}
"""


@pytest.fixture
def client(demo_graph: Driver, neo4j_settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    settings = neo4j_settings.with_overrides(keys_file=tmp_path / "api-keys.json")
    keys = issue_keys(settings.keys_file)
    headers = {"Authorization": f"Bearer {keys['commander']}"}
    with TestClient(create_app(settings), headers=headers) as c:
        yield c


def ask(client: TestClient, scenario: dict[str, Any]) -> Any:
    r = client.post("/graphql", json={"query": QUERY, "variables": {"scenario": scenario}})
    assert r.status_code == 200, r.text
    return r.json()


def test_earthquake_package_with_plans_experts_equipment_and_explanations(
    client: TestClient,
) -> None:
    body = ask(
        client,
        {
            "hazardCodes": ["11C02"],
            "location": {"latitude": 30.75, "longitude": 103.95},
            "responseLevel": "I",
            "maxTravelMinutes": 120,
        },
    )
    assert "errors" not in body, body
    rec = body["data"]["recommendForces"]
    assert rec["hazards"][0]["hazard"]["id"] == "11C02" and rec["hazards"][0]["via"] == "code"
    assert any(h["via"] == "cascade from 11C02" for h in rec["hazards"])
    assert {p["plan"]["id"] for p in rec["plans"]} == {"P-CN-QUAKE", "P-SC-QUAKE"}
    assert all(p["reason"] and p["hazards"] for p in rec["plans"])
    package = rec["forcePackage"]
    assert package and all(t["team"]["status"] in ("available", "standby") for t in package)
    first = package[0]
    assert 0 <= first["score"] <= 1 and first["reasons"] and first["covers"]
    graph = first["explanation"]
    ids = {n["id"] for n in graph["nodes"]}
    assert {"team", "capability", "hazard"} <= {n["kind"] for n in graph["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids and e["type"] for e in graph["edges"])
    assert set(first["scoreBreakdown"]) == {"coverage", "eta", "readiness", "plan", "experience"}
    assert all(c["etaMinutes"] <= 120 for c in rec["candidates"])
    for gap in rec["gaps"]:
        near = gap["nearestTeam"]
        assert gap["limitedBy"] in ("tooFar", "maxTeams", "noTeam", "allBusy", "lowPriority")
        assert near is None or near["etaMinutes"] > 120 or gap["limitedBy"] == "maxTeams"
    assert rec["experts"] and all(e["expert"]["location"] for e in rec["experts"])
    assert rec["equipment"] and all(
        e["holder"]["kind"] in ("team", "depot") for e in rec["equipment"]
    )


def test_unknown_hazard_code_is_a_bad_user_input_naming_close_matches(
    client: TestClient,
) -> None:
    body = ask(
        client,
        {
            "hazardCodes": ["11A1"],
            "location": {"latitude": 30.66, "longitude": 104.06},
            "responseLevel": "II",
        },
    )
    assert body["data"] is None
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "'11A01'" in error["message"]


def test_negative_limit_is_a_bad_user_input(client: TestClient) -> None:
    body = ask(
        client,
        {
            "hazardCodes": ["11A01"],
            "location": {"latitude": 30.66, "longitude": 104.06},
            "responseLevel": "IV",
            "maxTeams": -1,
        },
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "maxTeams" in body["errors"][0]["message"]


def test_integrators_may_not_ask_for_recommendations(
    demo_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    settings = neo4j_settings.with_overrides(keys_file=tmp_path / "api-keys.json")
    keys = issue_keys(settings.keys_file)
    with TestClient(
        create_app(settings), headers={"Authorization": f"Bearer {keys['integrator']}"}
    ) as c:
        body = ask(
            c,
            {
                "hazardCodes": ["11A01"],
                "location": {"latitude": 30.66, "longitude": 104.06},
                "responseLevel": "IV",
            },
        )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_an_old_hazard_code_is_read_as_its_gbt35561_code_with_a_warning(
    client: TestClient,
) -> None:
    q = (
        "query($s: ScenarioInput!) "
        "{ recommendForces(scenario: $s) { hazards { hazard { id } via } warnings } }"
    )
    scenario = {
        "hazardCodes": ["12F01", "11B02"],
        "location": {"latitude": 30.66, "longitude": 104.06},
        "responseLevel": "III",
    }
    r = client.post("/graphql", json={"query": q, "variables": {"s": scenario}})
    assert r.status_code == 200, r.text
    rec = r.json()["data"]["recommendForces"]
    coded = [h["hazard"]["id"] for h in rec["hazards"] if h["via"] == "code"]
    assert coded == ["12G03", "11B02"]  # old 建筑火灾; 11B02 keeps its current meaning, 龙卷风
    deprecated, changed = rec["warnings"]
    assert "'12F01'" in deprecated and "deprecated" in deprecated and "'12G03'" in deprecated
    assert "'11B02'" in changed and "暴雨" in changed and "'11B03'" in changed
