"""The five integrator tasks of issue 22, each one query with no client-side filtering,
plus the schema's promises behind them: nullable lookups with error entries, backwards
pages, filters that reach sub-regions and refuse unknown ids with the closest ones."""

from __future__ import annotations

import math

import pytest
from neo4j import Driver

from tests.api.conftest import LiveServer

WATER = "cap.swiftwater-rescue"
CHENGDU = {"latitude": 30.66, "longitude": 104.06}


@pytest.fixture(scope="module")
def api(live_api: LiveServer, driver: Driver, api_settings) -> LiveServer:  # type: ignore[no-untyped-def]
    """The seeded catalog, with water rescue held by every fourth test team."""
    driver.execute_query(
        """MATCH (c:Capability {id: $cap}) MATCH (t:Team) WHERE t.id STARTS WITH 'T-TEST-'
           WITH c, t, toInteger(right(t.id, 3)) AS k WHERE k % 4 = 0
           MERGE (t)-[r:HAS_CAPABILITY]->(c) SET r.level = 1 + k % 3""",
        cap=WATER,
        database_=api_settings.neo4j_database,
    )
    return live_api


def _km(a: dict[str, float], b: dict[str, float]) -> float:
    la1, lo1, la2, lo2 = map(
        math.radians, (a["latitude"], a["longitude"], b["latitude"], b["longitude"])
    )
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(h))


NEARBY = """query($near: NearInput!) {
  teams(filter: {availability: [AVAILABLE], capabilities: ["cap.swiftwater-rescue"],
                 near: $near}, orderBy: DISTANCE, first: 50) {
    totalCount
    nodes { id nameEn availability distanceKm location { latitude longitude }
            capabilities { capability { id } level } } } }"""


def test_task1_nearby_available_water_rescue_teams(api: LiveServer, driver: Driver) -> None:
    near = {"location": CHENGDU, "radiusKm": 60.0}
    got = api.data(NEARBY, {"near": near}, role="integrator")["teams"]
    nodes = got["nodes"]
    rows, _, _ = driver.execute_query(
        """MATCH (t:Team {status: 'available'})-[:HAS_CAPABILITY]->(:Capability {id: $cap})
           WHERE point.distance(t.location, point({latitude: $lat, longitude: $lon})) <= $m
           RETURN t.id AS id""",
        cap=WATER,
        lat=CHENGDU["latitude"],
        lon=CHENGDU["longitude"],
        m=60_000.0,
    )
    expected = {r["id"] for r in rows}
    assert expected, "the fixture should give some available water-rescue teams in reach"
    assert {n["id"] for n in nodes} == expected and got["totalCount"] == len(expected)
    distances = [n["distanceKm"] for n in nodes]
    assert distances == sorted(distances)
    for n in nodes:
        assert n["availability"] == "AVAILABLE"
        assert WATER in [c["capability"]["id"] for c in n["capabilities"]]
        assert n["distanceKm"] == pytest.approx(_km(CHENGDU, n["location"]), rel=0.01)


def test_task2_all_experts(api: LiveServer, driver: Driver) -> None:
    got = api.data(
        "{ experts(first: 100) { totalCount nodes { id nameZh nameEn available "
        "expertise { id name } region { id } } pageInfo { hasNextPage } } }",
        role="integrator",
    )["experts"]
    rows, _, _ = driver.execute_query("MATCH (x:Expert) RETURN x.id AS id ORDER BY id")
    assert [n["id"] for n in got["nodes"]] == [r["id"] for r in rows]
    assert got["totalCount"] == len(rows) and not got["pageInfo"]["hasNextPage"]


def test_task3_a_hazard_with_requirements_and_cascades(api: LiveServer, driver: Driver) -> None:
    rows, _, _ = driver.execute_query(
        """MATCH (h:HazardType)-[:REQUIRES]->() WITH h LIMIT 1
           OPTIONAL MATCH (h)-[r:REQUIRES]->(c) WITH h, collect(c.id) AS caps
           OPTIONAL MATCH (h)-[:MAY_TRIGGER]->(x) RETURN h.id AS id, caps, collect(x.id) AS next"""
    )
    hz = rows[0]
    got = api.data(
        """query($id: ID!) { hazardType(id: $id) { id nameEn taxonRank
             requires { capability { id nameZh } weight minResponseLevel }
             mayTrigger { hazard { id nameEn } likelihood } } }""",
        {"id": hz["id"]},
        role="integrator",
    )["hazardType"]
    assert sorted(r["capability"]["id"] for r in got["requires"]) == sorted(hz["caps"])
    assert all(r["minResponseLevel"] in ("I", "II", "III", "IV") for r in got["requires"])
    assert sorted(c["hazard"]["id"] for c in got["mayTrigger"]) == sorted(hz["next"])


GAPS = """query($s: ScenarioInput!) { recommendForces(scenario: $s) {
  gaps { capability { id } limitedBy units unitsProvided }
  capabilityGaps { capability { id nameEn providedBy { id } } reason units unitsProvided
                   unitsMissing nearestTeam { team { id } etaMinutes } reasons } } }"""


def test_task4_a_recommendations_gaps(api: LiveServer) -> None:
    scenario = {
        "hazardCodes": ["11A01"],
        "location": CHENGDU,
        "responseLevel": "I",
        "maxTeams": 2,
    }
    rec = api.data(GAPS, {"s": scenario}, role="commander")["recommendForces"]
    gaps = rec["capabilityGaps"]
    assert gaps, "a level-I flood with at most 2 test teams leaves gaps"
    assert [g["capability"]["id"] for g in gaps] == [g["capability"]["id"] for g in rec["gaps"]]
    for typed, old in zip(gaps, rec["gaps"], strict=True):
        assert typed["reason"] == _enum_name(old["limitedBy"])
        assert typed["unitsMissing"] == old["units"] - old["unitsProvided"] > 0
        assert typed["reasons"]


def _enum_name(camel: str) -> str:
    return "".join(f"_{ch}" if ch.isupper() else ch for ch in camel).upper()


def test_task5_one_teams_history(api: LiveServer) -> None:
    move = """mutation($i: UpdateTeamStatusInput!) { updateTeamStatus(input: $i) {
                userErrors { field } } }"""
    for status in ("DEPLOYED", "AVAILABLE"):
        out = api.data(move, {"i": {"team": "T-TEST-007", "status": status}}, role="commander")
        assert out["updateTeamStatus"]["userErrors"] == []
    got = api.data(
        """{ team(id: "T-TEST-007") { id history(first: 10) { totalCount
             nodes { operation recordedAt author { name role }
                     changes { field before { text } after { text } } } } } }""",
        role="integrator",
    )["team"]["history"]
    assert got["totalCount"] == 2
    newest, older = got["nodes"]
    assert newest["recordedAt"] >= older["recordedAt"]
    assert [c["after"]["text"] for c in newest["changes"] if c["field"] == "status"] == [
        "available"
    ]
    assert newest["author"] == {"name": "test-commander", "role": "COMMANDER"}
    assert newest["operation"] == "SET_TEAM_STATUS"


def test_unknown_ids_and_big_pages_null_only_their_field(api: LiveServer) -> None:
    body = api.gql(
        '{ a: team(id: "T-NOPE") { id } b: team(id: "T-TEST-001") { id } '
        "c: teams(first: 101) { totalCount } d: teams(first: 1) { totalCount } }",
        role="integrator",
    )
    assert body["data"]["a"] is None and body["data"]["b"] == {"id": "T-TEST-001"}
    assert body["data"]["c"] is None and body["data"]["d"]["totalCount"] > 0
    codes = {tuple(e["path"]): e["extensions"]["code"] for e in body["errors"]}
    assert codes == {("a",): "NOT_FOUND", ("c",): "BAD_USER_INPUT"}


def test_node_lookup_and_backwards_pages(api: LiveServer) -> None:
    got = api.data(
        '{ node(id: "T-TEST-002") { __typename id ... on Team { availability } } '
        'typed: node(id: "Region:510100") { __typename id } }',
        role="integrator",
    )
    assert got["node"]["__typename"] == "Team" and got["typed"]["__typename"] == "Region"
    forward = api.data("{ teams(first: 60) { nodes { id } } }")["teams"]["nodes"]
    ids = [n["id"] for n in forward]
    tail = api.data("{ teams(last: 5) { nodes { id } pageInfo { hasPreviousPage startCursor } } }")
    page = tail["teams"]
    assert [n["id"] for n in page["nodes"]] == ids[-5:] and page["pageInfo"]["hasPreviousPage"]
    prev = api.data(
        "query($b: String) { teams(last: 5, before: $b) { nodes { id } } }",
        {"b": page["pageInfo"]["startCursor"]},
    )["teams"]["nodes"]
    assert [n["id"] for n in prev] == ids[-10:-5]


def test_filters_reach_sub_regions_and_refuse_unknown_values(api: LiveServer) -> None:
    province = api.data('{ teams(filter: {region: "510000"}) { totalCount } }')["teams"]
    city = api.data('{ teams(filter: {region: "510100"}) { totalCount } }')["teams"]
    assert province["totalCount"] == city["totalCount"] == 60  # teams sit in the city
    legacy = api.data('{ teams(filter: {status: "AVAILABLE"}) { totalCount } }')["teams"]
    typed = api.data("{ teams(filter: {availability: [AVAILABLE]}) { totalCount } }")["teams"]
    assert legacy["totalCount"] == typed["totalCount"] == 40
    body = api.gql('{ teams(filter: {capabilities: ["cap.swiftwater-rescu"]}) { totalCount } }')
    assert body["data"]["teams"] is None
    assert "did you mean 'cap.swiftwater-rescue'" in body["errors"][0]["message"]
    body = api.gql('{ teams(filter: {status: "avail"}) { totalCount } }')
    assert "AVAILABLE" in body["errors"][0]["message"]
    levels = api.data(
        '{ teams(filter: {capabilities: ["cap.swiftwater-rescue"], capabilityMinLevel: 1}) '
        "{ nodes { capabilities { capability { id } level } } } }"
    )["teams"]["nodes"]
    assert levels
    for n in levels:
        held = [c["level"] for c in n["capabilities"] if c["capability"]["id"] == WATER]
        assert held == [1]


def test_unknown_excluded_team_is_an_error_with_the_closest(api: LiveServer) -> None:
    body = api.gql(
        "query($s: ScenarioInput!) { recommendForces(scenario: $s) { forcePackage { score } } }",
        {
            "s": {
                "hazardCodes": ["11A01"],
                "location": CHENGDU,
                "responseLevel": "IV",
                "excludeTeams": ["T-TEST-0O1"],
            }
        },
        role="commander",
    )
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    message = body["errors"][0]["message"]
    assert "unknown Team (excludeTeams) 'T-TEST-0O1'; did you mean 'T-TEST-0" in message
    me = api.data("{ me { apiRole role } }", role="planner")["me"]
    assert me == {"apiRole": "PLANNER", "role": "planner"}
