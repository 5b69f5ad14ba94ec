"""Compiled catalog lists over real HTTP and a real Neo4j: one statement per list or
lookup, answers equal to the graph's, merged selections complete, errors and the cost
budget as before."""

from __future__ import annotations

from neo4j import Driver

from tests.api.conftest import LiveServer

PAGE = """query Page($cap: ID!) { teams(first: 50, filter: {availability: [AVAILABLE],
  capabilities: [$cap]}) { pageInfo { hasNextPage endCursor } edges { cursor node {
  id name nameEn availability capabilities { level capability { id name } }
  equipment { id name quantity condition } } } } }"""


def _first_capability(live_api: LiveServer) -> str:
    team = live_api.data('{ team(id: "T-TEST-001") { capabilities { capability { id } } } }')
    return str(team["team"]["capabilities"][0]["capability"]["id"])


def test_a_nested_page_is_one_statement_and_matches_the_graph(
    live_api: LiveServer, driver: Driver
) -> None:
    cap = _first_capability(live_api)
    before = live_api.metric("emkg_cypher_queries_total", "Page")
    got = live_api.data(PAGE, {"cap": cap}, role="integrator")["teams"]
    assert live_api.metric("emkg_cypher_queries_total", "Page") - before == 1
    rows, _, _ = driver.execute_query(
        """MATCH (t:Team {status: 'available'})-[:HAS_CAPABILITY]->(:Capability {id: $cap})
           WITH t ORDER BY t.id LIMIT 50
           RETURN t.id AS id, t.nameZh AS name,
                  COLLECT { MATCH (t)-[r:HAS_CAPABILITY]->(c) RETURN [c.id, r.level] } AS caps,
                  COLLECT { MATCH (t)-[:HAS_EQUIPMENT]->(e) RETURN [e.id, e.quantity] } AS eq""",
        cap=cap,
    )
    assert rows, "the seed should give available teams holding the capability"
    nodes = [e["node"] for e in got["edges"]]
    assert [n["id"] for n in nodes] == [r["id"] for r in rows]
    for n, r in zip(nodes, rows, strict=True):
        assert n["name"] == r["name"] and n["availability"] == "AVAILABLE"
        assert sorted([c["capability"]["id"], c["level"]] for c in n["capabilities"]) == sorted(
            r["caps"]
        )
        assert sorted([e["id"], e["quantity"]] for e in n["equipment"]) == sorted(r["eq"])
        assert all(e["condition"] == "READY" for e in n["equipment"])


def test_a_lookup_with_nested_lists_is_one_statement(live_api: LiveServer) -> None:
    q = """query One { team(id: "T-TEST-002") { id tier readinessMinutes
      region { id parent { id } } capabilities { level capability { id nameEn } } } }"""
    before = live_api.metric("emkg_cypher_queries_total", "One")
    team = live_api.data(q)["team"]
    assert live_api.metric("emkg_cypher_queries_total", "One") - before == 1
    assert team["tier"] == "MUNICIPAL" and team["readinessMinutes"] == 7
    assert team["region"] == {"id": "510100", "parent": {"id": "510000"}}
    assert len(team["capabilities"]) == 3 and all(
        c["capability"]["nameEn"] for c in team["capabilities"]
    )


def test_two_aliases_with_different_selections_both_get_all_they_asked_for(
    live_api: LiveServer,
) -> None:
    d = live_api.data("""{
      a: teams(first: 5) { nodes { id capabilities { capability { id } } } }
      b: teams(first: 5) { nodes { id capabilities { level capability { nameEn nameZh } } } }
      c: team(id: "T-TEST-001") { capabilities { capability { definitionZh rtlt } } } }""")
    for n in d["b"]["nodes"]:
        assert all(
            c["capability"]["nameEn"] and c["capability"]["nameZh"] for c in n["capabilities"]
        )
        assert all(1 <= c["level"] <= 4 for c in n["capabilities"])
    assert [len(n["capabilities"]) for n in d["a"]["nodes"]] == [
        len(n["capabilities"]) for n in d["b"]["nodes"]
    ]
    assert all(isinstance(c["capability"]["rtlt"], list) for c in d["c"]["capabilities"])


def test_unknown_filter_ids_and_bad_cursors_are_still_errors(live_api: LiveServer) -> None:
    body = live_api.gql(
        '{ teams(filter: {capabilities: ["cap.swiftwater-rescu"]}) { nodes { id } } }'
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "cap.swiftwater-rescue" in body["errors"][0]["message"]
    body = live_api.gql('{ teams(first: 5, after: "bm90LWEtY3Vyc29y") { nodes { id } } }')
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_the_cost_budget_refuses_the_field_that_passes_it(live_api: LiveServer) -> None:
    deep = "capabilities { capability { providedBy { provides { providedBy { id } } } } }"
    body = live_api.gql(
        f"{{ small: teams(first: 2) {{ nodes {{ id }} }} "
        f"big: teams(first: 100) {{ nodes {{ id {deep} }} }} }}"
    )
    assert body["data"]["small"]["nodes"]
    assert body["data"]["big"] is None
    err = body["errors"][0]
    assert err["extensions"]["code"] == "QUERY_TOO_COMPLEX" and err["path"] == ["big"]
    assert "first:" in err["message"]
