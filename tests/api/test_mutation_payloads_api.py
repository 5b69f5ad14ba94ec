"""Mutations in the standard shape (issue 22 item 2): one input, a payload, userErrors.

A validation failure answers with the object null, a userError naming the input
field, and no top-level error; the change and its typed audit entry come back
together when the input is good.
"""

from __future__ import annotations

from tests.api.conftest import LiveServer

UPDATE_STATUS = """mutation Status($input: UpdateTeamStatusInput!) {
  updateTeamStatus(input: $input) {
    team { id availability }
    auditEntry { operation targetId author { name role }
                 changes { field before { text } after { text } } }
    userErrors { field message code } } }"""

SET_REQ = """mutation($input: SetHazardRequirementInput!) {
  setHazardRequirement(input: $input) {
    hazard { id requires { capability { id } weight minResponseLevel } }
    auditEntry { operation targetId }
    userErrors { field message code } } }"""


def _ids(live: LiveServer) -> tuple[str, str, str]:
    d = live.data(
        '{ hazardTypes(first: 1, filter: {rank: "type"}) { nodes { id } } '
        "capabilities(first: 1) { nodes { id } } teams(first: 1) { nodes { id } } }"
    )
    return (
        d["hazardTypes"]["nodes"][0]["id"],
        d["capabilities"]["nodes"][0]["id"],
        d["teams"]["nodes"][0]["id"],
    )


def test_team_status_payload_and_typed_audit(live_api: LiveServer) -> None:
    _, _, team = _ids(live_api)
    statements = live_api.metric("emkg_cypher_queries_total", "Status")
    body = live_api.gql(
        UPDATE_STATUS,
        {"input": {"team": team, "status": "DEPLOYED", "reason": "flood drill"}},
        role="commander",
    )
    assert "errors" not in body, body
    out = body["data"]["updateTeamStatus"]
    assert out["userErrors"] == []
    assert out["team"] == {"id": team, "availability": "DEPLOYED"}
    # one transaction: the change, its audit entry and the team as changed (under load
    # every further round trip waits its turn on the event loop)
    assert live_api.metric("emkg_cypher_queries_total", "Status") - statements == 1
    entry = out["auditEntry"]
    assert entry["operation"] == "SET_TEAM_STATUS" and entry["targetId"] == team
    assert entry["author"] == {"name": "test-commander", "role": "COMMANDER"}
    changes = {c["field"]: c for c in entry["changes"]}
    assert changes["status"]["after"]["text"] == "deployed"
    assert changes["reason"]["after"]["text"] == "flood drill"
    live_api.data(UPDATE_STATUS, {"input": {"team": team, "status": "AVAILABLE"}}, role="commander")


def test_validation_failures_are_user_errors_not_top_level(live_api: LiveServer) -> None:
    hazard, cap, _ = _ids(live_api)
    body = live_api.gql(
        UPDATE_STATUS, {"input": {"team": "T-NOPE", "status": "DEPLOYED"}}, role="commander"
    )
    assert "errors" not in body, body
    out = body["data"]["updateTeamStatus"]
    assert out["team"] is None and out["auditEntry"] is None
    assert out["userErrors"][0]["field"] == "team"
    assert out["userErrors"][0]["code"] == "NOT_FOUND"
    too_long = live_api.gql(
        UPDATE_STATUS,
        {"input": {"team": "T-TEST-001", "status": "DEPLOYED", "reason": "x" * 501}},
        role="commander",
    )["data"]["updateTeamStatus"]
    assert too_long["userErrors"][0]["field"] == "reason"
    assert "500" in too_long["userErrors"][0]["message"]
    assert too_long["userErrors"][0]["message"].startswith("原因长")  # the caller's language
    bad_weight = live_api.gql(
        SET_REQ,
        {"input": {"hazard": hazard, "capability": cap, "weight": 2.0, "minResponseLevel": "II"}},
        role="planner",
    )["data"]["setHazardRequirement"]
    assert bad_weight["hazard"] is None
    assert bad_weight["userErrors"][0]["field"] == "weight"
    assert bad_weight["userErrors"][0]["code"] == "INVALID"


def test_requirement_round_trip_with_enums(live_api: LiveServer) -> None:
    hazard, cap, _ = _ids(live_api)
    out = live_api.data(
        SET_REQ,
        {"input": {"hazard": hazard, "capability": cap, "weight": 0.7, "minResponseLevel": "II"}},
        role="planner",
    )["setHazardRequirement"]
    assert out["userErrors"] == []
    req = next(r for r in out["hazard"]["requires"] if r["capability"]["id"] == cap)
    assert req["weight"] == 0.7 and req["minResponseLevel"] == "II"
    assert out["auditEntry"] == {"operation": "SET_REQUIREMENT", "targetId": f"{hazard}->{cap}"}
    removed = live_api.data(
        """mutation($i: RemoveHazardRequirementInput!) { removeHazardRequirement(input: $i) {
             hazard { requires { capability { id } } } userErrors { field } } }""",
        {"i": {"hazard": hazard, "capability": cap}},
        role="planner",
    )["removeHazardRequirement"]
    assert cap not in [r["capability"]["id"] for r in removed["hazard"]["requires"]]


def test_wrong_role_is_still_a_top_level_error(live_api: LiveServer) -> None:
    body = live_api.gql(
        UPDATE_STATUS, {"input": {"team": "T-TEST-001", "status": "DEPLOYED"}}, role="integrator"
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
