"""Catalog queries over real HTTP: every lookup and list, filters, pagination, no N+1."""

from __future__ import annotations

import pytest

from tests.api.conftest import SEED_TEAMS, LiveServer

LISTS = {
    "hazardTypes": "HazardType",
    "capabilities": "Capability",
    "teamTypes": "TeamType",
    "equipmentTypes": "EquipmentType",
    "teams": "Team",
    "equipment": "Equipment",
    "depots": "Depot",
    "experts": "Expert",
    "plans": "Plan",
    "regions": "Region",
    "incidents": "Incident",
}
LOOKUPS = {
    "hazardTypes": "hazardType",
    "capabilities": "capability",
    "teamTypes": "teamType",
    "equipmentTypes": "equipmentType",
    "teams": "team",
    "equipment": "equipmentItem",
    "depots": "depot",
    "experts": "expert",
    "plans": "plan",
    "regions": "region",
    "incidents": "incident",
}


@pytest.mark.parametrize("field", sorted(LISTS))
def test_every_list_pages_and_every_lookup_finds_its_items(
    live_api: LiveServer, field: str
) -> None:
    page = live_api.data(
        f"{{ {field}(first: 3) {{ totalCount edges {{ cursor node {{ id name }} }} "
        "pageInfo { hasNextPage endCursor } } }"
    )[field]
    assert page["totalCount"] >= 1
    assert 1 <= len(page["edges"]) <= 3
    first_id = page["edges"][0]["node"]["id"]
    one = live_api.data(f'{{ {LOOKUPS[field]}(id: "{first_id}") {{ id name }} }}')
    assert one[LOOKUPS[field]]["id"] == first_id


def test_unknown_id_is_not_found(live_api: LiveServer) -> None:
    body = live_api.gql('{ team(id: "T-NOPE") { id } }')
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert "T-NOPE" in body["errors"][0]["message"]


def test_pages_walk_the_whole_list_without_gaps_or_repeats(live_api: LiveServer) -> None:
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        page = live_api.data(
            "query($after: String) { teams(first: 7, after: $after) "
            "{ edges { node { id } } pageInfo { hasNextPage endCursor hasPreviousPage } } }",
            {"after": after},
        )["teams"]
        seen += [e["node"]["id"] for e in page["edges"]]
        pages += 1
        assert page["pageInfo"]["hasPreviousPage"] == (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == SEED_TEAMS == len(set(seen))
    assert seen == sorted(seen)
    assert pages == -(-SEED_TEAMS // 7)


def test_first_is_capped_and_cursors_are_checked(live_api: LiveServer) -> None:
    body = live_api.gql("{ teams(first: 101) { edges { cursor } } }")
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "0..100" in body["errors"][0]["message"]
    body = live_api.gql('{ teams(after: "not-a-cursor") { edges { cursor } } }')
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_team_filters_narrow_the_list(live_api: LiveServer) -> None:
    standby = live_api.data(
        '{ teams(first: 100, filter: {status: "standby"}) { totalCount nodes { status } } }'
    )["teams"]
    assert standby["totalCount"] == SEED_TEAMS // 3
    assert {t["status"] for t in standby["nodes"]} == {"standby"}
    text = live_api.data('{ teams(filter: {text: "test team 42"}) { nodes { id } } }')
    assert [t["id"] for t in text["teams"]["nodes"]] == ["T-TEST-042"]
    cap = live_api.data('{ team(id: "T-TEST-001") { capabilities { capability { id } } } }')
    cap_id = cap["team"]["capabilities"][0]["capability"]["id"]
    holders = live_api.data(
        "query($c: ID) { teams(first: 100, filter: {capability: $c}) { totalCount } }",
        {"c": cap_id},
    )["teams"]["totalCount"]
    assert 0 < holders <= SEED_TEAMS


def test_legacy_and_typed_filters_combine_and_orders_are_checked(live_api: LiveServer) -> None:
    both = live_api.data(
        '{ teams(first: 100, filter: {status: "STANDBY", availability: [AVAILABLE]}) '
        "{ totalCount nodes { availability } } }"
    )["teams"]
    standby = live_api.data("{ teams(filter: {availability: [STANDBY]}) { totalCount } }")
    available = live_api.data("{ teams(filter: {availability: [AVAILABLE]}) { totalCount } }")
    assert both["totalCount"] == (standby["teams"]["totalCount"] + available["teams"]["totalCount"])
    assert {t["availability"] for t in both["nodes"]} == {"STANDBY", "AVAILABLE"}
    typo = live_api.gql('{ teams(filter: {status: "STANDBYY"}) { totalCount } }')
    assert "did you mean STANDBY?" in typo["errors"][0]["message"]
    for field in ("depots", "experts"):
        body = live_api.gql(f"{{ {field}(orderBy: READINESS) {{ totalCount }} }}")
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert body["errors"][0]["message"] == (
            f"{field} cannot be ordered by READINESS; use ID, NAME, DISTANCE"
        )
    fastest = live_api.data("{ teams(first: 2, orderBy: READINESS) { nodes { id } } }")
    assert len(fastest["teams"]["nodes"]) == 2


def test_nested_entities_resolve(live_api: LiveServer) -> None:
    d = live_api.data("""{
      team(id: "T-TEST-001") { teamType { id } region { id parent { id } }
        equipment { id quantity holder { ... on Team { id } } }
        deployments { id hazardType { id } teams { id } } }
      depot(id: "D-TEST-1") { equipment { id quantity } region { id } }
      expert(id: "X-TEST-1") { expertise { id name } region { id } }
      plan(id: "P-TEST-1") { covers { id } regions { id children { id } }
        prescribes { responseLevel target { ... on Capability { id providedBy { id } } } } }
      region(id: "510000") { children { id } }
    }""")
    t = d["team"]
    assert t["teamType"] is not None
    assert t["region"] == {"id": "510100", "parent": {"id": "510000"}}
    assert t["equipment"][0]["holder"] == {"id": "T-TEST-001"}
    assert {x["id"] for x in t["deployments"][0]["teams"]} == {"T-TEST-001", "T-TEST-002"}
    assert d["depot"]["equipment"][0]["quantity"] == 500
    assert d["expert"]["expertise"][0]["id"] == t["deployments"][0]["hazardType"]["id"]
    assert d["plan"]["prescribes"][0]["responseLevel"] == "II"
    assert d["region"]["children"] == [{"id": "510100"}]


def test_hazard_tree_walks_down_from_the_categories(live_api: LiveServer) -> None:
    tree = live_api.data(
        "{ hazardTypeTree { id rank children { id rank parent { id } children { id } } } }"
    )["hazardTypeTree"]
    assert {c["rank"] for c in tree} == {"category"}
    assert [c["id"] for c in tree] == ["11000", "12000", "13000", "14000", "19000"]
    sub = tree[0]["children"][0]
    assert sub["parent"]["id"] == tree[0]["id"]
    assert sub["rank"] == "subcategory"


TEAMS_DEEP = """query TeamsDeep($n: Int) { teams(first: $n) { edges { node { id
  capabilities { level capability { id name providedBy { id } } }
  equipment { id quantity equipmentType { id } } teamType { id } } } } }"""


def test_listing_50_teams_with_capabilities_and_equipment_runs_bounded_queries(
    live_api: LiveServer,
) -> None:
    counts = {}
    for n in (5, 50):
        before = live_api.metric("emkg_cypher_queries_total", "TeamsDeep")
        data = live_api.data(TEAMS_DEEP, {"n": n})
        assert len(data["teams"]["edges"]) == n
        assert all(
            e["node"]["capabilities"] and e["node"]["equipment"] for e in data["teams"]["edges"]
        )
        counts[n] = live_api.metric("emkg_cypher_queries_total", "TeamsDeep") - before
    print(f"Cypher statements: 5 teams -> {counts[5]:.0f}, 50 teams -> {counts[50]:.0f}")
    # page + capabilities + providedBy + equipment + equipmentType + teamType = 6 batches
    assert counts[50] == counts[5] <= 6


def test_recommend_and_search_run_through_the_request_runner(live_api: LiveServer) -> None:
    """Counted in /metrics (and so bound by EMKG_QUERY_TIMEOUT_S, which the runner carries)."""
    rec = (
        'query Rec { recommendForces(scenario: {hazardCodes: ["11A01"], responseLevel: III, '
        "location: {latitude: 30.66, longitude: 104.06}}) { forcePackage { team { id } } } }"
    )
    before = live_api.metric("emkg_cypher_queries_total", "Rec")
    live_api.data(rec)
    assert live_api.metric("emkg_cypher_queries_total", "Rec") - before >= 2
    before = live_api.metric("emkg_cypher_queries_total", "Find")
    live_api.data('query Find { search(text: "洪水", kinds: ["HazardType"]) { id } }')
    assert live_api.metric("emkg_cypher_queries_total", "Find") - before >= 1
