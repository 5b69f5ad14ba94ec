"""Planner curation and commander team status over real HTTP, with the audit trail."""

from __future__ import annotations

import json

from tests.api.conftest import LiveServer

CURATE = """mutation($id: ID!, $changes: ConceptChanges!) {
  curateConcept(kind: HAZARD_TYPE, id: $id, changes: $changes) {
    concept { id nameEn altEn altZh } audit { id actor action target before after } } }"""


def _hazard(live: LiveServer) -> dict[str, str]:
    page = live.data('{ hazardTypes(first: 1, filter: {rank: "type"}) { nodes { id nameEn } } }')
    return dict(page["hazardTypes"]["nodes"][0])


def test_curating_labels_changes_the_graph_and_is_audited(live_api: LiveServer) -> None:
    hz = _hazard(live_api)
    out = live_api.data(
        CURATE,
        {
            "id": hz["id"],
            "changes": {"altEn": ["test synonym", "test synonym"], "altZh": ["测试同义词"]},
        },
        role="planner",
    )["curateConcept"]
    assert out["concept"]["altEn"] == ["test synonym"]
    assert out["concept"]["altZh"] == ["测试同义词"]
    audit = out["audit"]
    assert audit["action"] == "updateHazardType" and audit["target"] == hz["id"]
    assert "test-planner" in audit["actor"] and "planner" in audit["actor"]
    assert json.loads(audit["after"]) == {"altEn": ["test synonym"], "altZh": ["测试同义词"]}
    assert "altEn" in json.loads(audit["before"])
    trail = live_api.data(
        "query($t: String) { auditTrail(target: $t) { edges { node { id action } } } }",
        {"t": hz["id"]},
        role="integrator",
    )["auditTrail"]["edges"]
    assert trail[0]["node"]["id"] == audit["id"]
    again = live_api.data(f'{{ hazardType(id: "{hz["id"]}") {{ altEn }} }}')
    assert again["hazardType"]["altEn"] == ["test synonym"]


def test_invalid_curation_is_rejected_with_a_clear_reason(live_api: LiveServer) -> None:
    hz = _hazard(live_api)
    cases = [
        ({"nameZh": "Flood"}, "CURATE_NEEDS_CHINESE", "不含汉字", "no Chinese"),
        ({"nameEn": "洪水"}, "CURATE_NO_CHINESE", "含有汉字", "contains Chinese"),
        ({"nameEn": "   "}, "CURATE_EMPTY_TEXT", "英文名称不能为空", "non-empty"),
        ({}, "CURATE_NOTHING", "没有要修改的内容", "nothing to change"),
    ]
    for changes, code, zh, en in cases:
        variables = {"id": hz["id"], "changes": changes}
        body = live_api.gql(CURATE, variables, role="planner")  # no Accept-Language: Chinese
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body
        assert body["errors"][0]["extensions"]["messageCode"] == code
        assert zh in body["errors"][0]["message"]
        english = live_api.post(
            CURATE, variables, role="planner", headers={"Accept-Language": "en"}
        )
        assert en in english.json()["errors"][0]["message"]
    body = live_api.gql(CURATE, {"id": "99Z99", "changes": {"nameEn": "x"}}, role="planner")
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


REQ = """mutation($h: ID!, $c: ID!, $w: Float!, $l: MinLevel!) {
  setRequirement(hazard: $h, capability: $c, weight: $w, minLevel: $l) {
    hazard { requires { capability { id } weight minLevel } } audit { before after } } }"""


def test_requirements_are_set_validated_and_removed(live_api: LiveServer) -> None:
    hz = _hazard(live_api)["id"]
    cap = live_api.data('{ capabilities(first: 1, filter: {text: "cap."}) { nodes { id } } }')
    cid = cap["capabilities"]["nodes"][0]["id"]
    out = live_api.data(REQ, {"h": hz, "c": cid, "w": 0.35, "l": "III"}, role="planner")[
        "setRequirement"
    ]
    assert {"capability": {"id": cid}, "weight": 0.35, "minLevel": "III"} in out["hazard"][
        "requires"
    ]
    assert json.loads(out["audit"]["after"]) == {"weight": 0.35, "minLevel": "III"}
    for w, lvl, code, why in (
        (1.5, "II", "BAD_USER_INPUT", "(0, 1]"),
        (0.0, "II", "BAD_USER_INPUT", "(0, 1]"),
    ):
        body = live_api.gql(REQ, {"h": hz, "c": cid, "w": w, "l": lvl}, role="planner")
        assert body["errors"][0]["extensions"]["code"] == code
        assert why in body["errors"][0]["message"]
    body = live_api.gql(REQ, {"h": hz, "c": "cap.nope", "w": 0.5, "l": "II"}, role="planner")
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "cap.nope" in body["errors"][0]["message"]
    r = live_api.post(REQ, {"h": hz, "c": cid, "w": 0.5, "l": "V"}, role="planner")
    assert r.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    gone = live_api.data(
        f'mutation {{ removeRequirement(hazard: "{hz}", capability: "{cid}") '
        "{ hazard { requires { capability { id } } } audit { after } } }",
        role="planner",
    )["removeRequirement"]
    assert cid not in [r["capability"]["id"] for r in gone["hazard"]["requires"]]
    assert gone["audit"]["after"] == "null"


def test_commander_sets_team_status_and_it_is_audited(live_api: LiveServer) -> None:
    out = live_api.data(
        """mutation { setTeamStatus(team: "T-TEST-010", status: DEPLOYED,
        reason: "sent to flood") { team { id status } audit { before after actor } } }""",
        role="commander",
    )["setTeamStatus"]
    assert out["team"] == {"id": "T-TEST-010", "status": "deployed"}
    assert json.loads(out["audit"]["before"]) == {"status": "available"}
    assert json.loads(out["audit"]["after"]) == {"status": "deployed", "reason": "sent to flood"}
    listed = live_api.data('{ teams(first: 100, filter: {status: "deployed"}) { nodes { id } } }')
    assert {"id": "T-TEST-010"} in listed["teams"]["nodes"]
    body = live_api.gql(
        'mutation { setTeamStatus(team: "T-NONE", status: DEPLOYED) { team { id } } }',
        role="commander",
    )
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
