"""The planner workbench over real HTTP on a real Neo4j: every editor round-trips (edit,
read back, audit entry), and an invalid edit is refused with a userError naming the field,
in Chinese and in English, changing nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kg.settings import Settings
from tests.api.conftest import LiveServer


@pytest.fixture(scope="module")
def api_settings(neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """As tests/api's, with a longer query limit: these tests check what an edit does, not
    how fast a busy machine answers (a shared 2-core machine timed out 10 s requests)."""
    keys_file = tmp_path_factory.mktemp("keys") / "api-keys.json"
    return neo4j_settings.with_overrides(keys_file=keys_file, query_timeout_s=60.0)


PAYLOAD = "auditEntry { id action target before after } userErrors { field message code }"


# Ontology ids (the shipped TTL): the seeded graph holds the whole ontology.
CAPS = ["cap.water-rescue", "cap.swiftwater-rescue"]
TEAM_TYPE = "tt.water-rescue"
HAZARDS = ["11A01", "11D01"]
EQUIPMENT_TYPE = "eq.fire-engine"


def _caps(live: LiveServer, n: int = 2) -> list[str]:
    return CAPS[:n]


def _team_type(live: LiveServer) -> str:
    return TEAM_TYPE


def _hazards(live: LiveServer, n: int = 2) -> list[str]:
    return HAZARDS[:n]


def _errors_in_both(
    live: LiveServer, mutation: str, name: str, variables: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """userErrors of one refused edit, asked in Chinese (the default) and in English."""
    zh = live.gql(mutation, variables, role="planner")
    assert not zh.get("errors"), zh
    en = live.post(mutation, variables, role="planner", headers={"Accept-Language": "en"}).json()
    out_zh, out_en = zh["data"][name], en["data"][name]
    assert out_zh["auditEntry"] is None and out_en["auditEntry"] is None
    return out_zh["userErrors"], out_en["userErrors"]


TEAM = f"""mutation($input: TeamInput!, $create: Boolean!) {{
  createTeam(input: $input) @include(if: $create) {{ team {{ id nameZh headcount }} {PAYLOAD} }}
  updateTeam(input: $input) @skip(if: $create) {{ team {{ id nameZh headcount }} {PAYLOAD} }} }}"""


def _team_input(live: LiveServer, **over: Any) -> dict[str, Any]:
    caps = _caps(live)
    return {
        "id": "T-WB-1",
        "nameZh": "工作台测试队",
        "nameEn": "Workbench Test Team",
        "teamType": _team_type(live),
        "status": "AVAILABLE",
        "headcount": 24,
        "readinessMinutes": 15,
        "mobility": "GROUND",
        "adminLevel": "MUNICIPAL",
        "location": {"latitude": 30.6, "longitude": 104.05},
        "region": "510100",
        "capabilities": [{"capability": caps[0], "level": 2}, {"capability": caps[1], "level": 3}],
        "dutyPhone": "028-12345678",
        "leader": "王队长",
        **over,
    }


def test_team_editor_round_trips_and_keeps_contacts_it_was_not_given(live_api: LiveServer) -> None:
    data = _team_input(live_api)
    out = live_api.data(TEAM, {"input": data, "create": True}, role="planner")["createTeam"]
    assert out["userErrors"] == [] and out["team"]["headcount"] == 24
    assert out["auditEntry"]["action"] == "createTeam" and out["auditEntry"]["target"] == "T-WB-1"
    after = json.loads(out["auditEntry"]["after"])
    assert after["headcount"] == 24 and any("HAS_CAPABILITY" in lk for lk in after["links"])

    # an update that leaves the contacts out (a planner cannot read them) keeps them
    changed = {k: v for k, v in data.items() if k not in ("dutyPhone", "leader")}
    changed.update(
        headcount=30,
        capabilities=[{"capability": data["capabilities"][0]["capability"], "level": 1}],
    )
    out = live_api.data(TEAM, {"input": changed, "create": False}, role="planner")["updateTeam"]
    assert out["userErrors"] == [] and out["auditEntry"]["action"] == "updateTeam"
    assert json.loads(out["auditEntry"]["before"])["headcount"] == 24
    back = live_api.data(
        """{ team(id: "T-WB-1") { headcount availability travelMode region { id }
              capabilities { capability { id } level } contact { dutyPhone leader } } }"""
    )["team"]
    assert back["headcount"] == 30 and back["region"]["id"] == "510100"
    assert back["capabilities"] == [
        {"capability": {"id": data["capabilities"][0]["capability"]}, "level": 1}
    ]
    assert back["contact"] == {"dutyPhone": "028-12345678", "leader": "王队长"}
    trail = live_api.data('{ auditTrail(target: "T-WB-1") { edges { node { action } } } }')
    assert [e["node"]["action"] for e in trail["auditTrail"]["edges"]] == [
        "updateTeam",
        "createTeam",
    ]


def test_invalid_team_edits_name_the_field_in_both_languages(live_api: LiveServer) -> None:
    base = _team_input(live_api, id="T-WB-2")
    cases = [
        ({"headcount": 0}, "headcount", ">= 1", ">= 1"),
        ({"location": {"latitude": 95, "longitude": 104}}, "latitude", "90", "90"),
        (
            {"capabilities": [{"capability": "cap.no-such-thing", "level": 2}]},
            "capabilities[0].capability",
            "cap.no-such-thing",
            "cap.no-such-thing",
        ),
        (
            {"capabilities": [{"capability": _caps(live_api)[0], "level": 7}]},
            "capabilities[0].level",
            "4",
            "4",
        ),
        ({"region": "999999"}, "region", "行政区", "region"),
    ]
    for over, fld, zh_part, en_part in cases:
        zh, en = _errors_in_both(
            live_api, TEAM, "createTeam", {"input": {**base, **over}, "create": True}
        )
        assert zh and zh[0]["field"] == fld, (over, zh)
        assert en[0]["field"] == fld
        assert zh_part in zh[0]["message"] and en_part in en[0]["message"], (zh, en)
        assert zh[0]["message"] != en[0]["message"], "the message follows the caller's language"
    gone = live_api.gql('{ team(id: "T-WB-2") { id } }')
    assert gone["data"]["team"] is None, "nothing was written"
    # an id in use, and an update of an id that does not exist
    live_api.data(TEAM, {"input": base, "create": True}, role="planner")
    zh, en = _errors_in_both(live_api, TEAM, "createTeam", {"input": base, "create": True})
    assert (
        zh[0]["field"] == "id"
        and "已被" in zh[0]["message"]
        and "already exists" in en[0]["message"]
    )
    zh, en = _errors_in_both(
        live_api, TEAM, "updateTeam", {"input": {**base, "id": "T-WB-404"}, "create": False}
    )
    assert zh[0]["code"] == "NOT_FOUND" and "create it first" in en[0]["message"]


def test_the_registry_editors_need_the_curate_permission(live_api: LiveServer) -> None:
    body = live_api.gql(
        TEAM, {"input": _team_input(live_api, id="T-WB-3"), "create": True}, role="integrator"
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


EXPERT = f"""mutation($input: ExpertInput!) {{
  createExpert(input: $input) {{ expert {{ id nameZh available }} {PAYLOAD} }} }}"""
UPDATE_EXPERT = f"""mutation($input: ExpertInput!) {{
  updateExpert(input: $input) {{ expert {{ id nameZh available }} {PAYLOAD} }} }}"""


def test_expert_editor_round_trips(live_api: LiveServer) -> None:
    hz = _hazards(live_api, 1)[0]
    cap = _caps(live_api, 1)[0]
    data = {
        "id": "X-WB-1",
        "nameZh": "李专家",
        "nameEn": "Expert Li",
        "available": True,
        "affiliation": "应急管理大学",
        "expertise": [hz, cap],
        "region": "510100",
        "location": {"latitude": 30.6, "longitude": 104.0},
    }
    out = live_api.data(EXPERT, {"input": data}, role="planner")["createExpert"]
    assert out["userErrors"] == [] and out["auditEntry"]["action"] == "createExpert"
    out = live_api.data(
        UPDATE_EXPERT, {"input": {**data, "available": False, "expertise": [cap]}}, role="planner"
    )
    assert out["updateExpert"]["expert"]["available"] is False
    back = live_api.data('{ expert(id: "X-WB-1") { available affiliation expertise { id } } }')[
        "expert"
    ]
    assert back == {"available": False, "affiliation": "应急管理大学", "expertise": [{"id": cap}]}
    zh, en = _errors_in_both(
        live_api, UPDATE_EXPERT, "updateExpert", {"input": {**data, "expertise": ["cap.nope"]}}
    )
    assert zh[0]["field"] == "expertise[0]" and "cap.nope" in en[0]["message"]
    zh, en = _errors_in_both(
        live_api, UPDATE_EXPERT, "updateExpert", {"input": {**data, "dutyPhone": "call me"}}
    )
    assert zh[0]["field"] == "dutyPhone" and zh[0]["message"] != en[0]["message"]


EQUIPMENT = f"""mutation($input: EquipmentInput!) {{
  createEquipment(input: $input) {{ equipment {{ id quantity condition }} {PAYLOAD} }}
}}"""
UPDATE_EQUIPMENT = f"""mutation($input: EquipmentInput!) {{
  updateEquipment(input: $input) {{ equipment {{ id quantity condition }} {PAYLOAD} }} }}"""


def test_equipment_editor_round_trips_with_its_holder(live_api: LiveServer) -> None:
    eq = EQUIPMENT_TYPE
    data = {
        "id": "E-WB-1",
        "nameZh": "冲锋舟",
        "nameEn": "Assault boat",
        "equipmentType": eq,
        "quantity": 12,
        "status": "READY",
        "holder": "D-TEST-1",
    }
    out = live_api.data(EQUIPMENT, {"input": data}, role="planner")["createEquipment"]
    assert out["userErrors"] == [] and out["equipment"]["quantity"] == 12
    out = live_api.data(
        UPDATE_EQUIPMENT,
        {"input": {**data, "quantity": 8, "status": "MAINTENANCE", "holder": "T-TEST-001"}},
        role="planner",
    )
    assert out["updateEquipment"]["equipment"] == {
        "id": "E-WB-1",
        "quantity": 8,
        "condition": "MAINTENANCE",
    }
    holder = live_api.data(
        '{ equipmentItem(id: "E-WB-1") { holder { __typename ... on Team { id } } } }'
    )
    assert holder["equipmentItem"]["holder"] == {"__typename": "Team", "id": "T-TEST-001"}, (
        "the holder moved"
    )
    assert (
        "<HAS_EQUIPMENT:D-TEST-1"
        in json.loads(out["updateEquipment"]["auditEntry"]["before"])["links"]
    )
    zh, en = _errors_in_both(
        live_api, UPDATE_EQUIPMENT, "updateEquipment", {"input": {**data, "quantity": -1}}
    )
    assert zh[0]["field"] == "quantity" and ">= 0" in en[0]["message"]
    zh, en = _errors_in_both(
        live_api, UPDATE_EQUIPMENT, "updateEquipment", {"input": {**data, "holder": "NOBODY"}}
    )
    assert zh[0]["field"] == "holder" and "NOBODY" in zh[0]["message"]


DEPOT = f"""mutation($input: DepotInput!) {{
  createDepot(input: $input) {{ depot {{ id nameZh tier }} {PAYLOAD} }} }}"""
UPDATE_DEPOT = f"""mutation($input: DepotInput!) {{
  updateDepot(input: $input) {{ depot {{ id nameZh tier }} {PAYLOAD} }} }}"""


def test_depot_editor_round_trips(live_api: LiveServer) -> None:
    data = {
        "id": "D-WB-1",
        "nameZh": "成都应急物资库",
        "nameEn": "Chengdu depot",
        "adminLevel": "MUNICIPAL",
        "location": {"latitude": 30.7, "longitude": 104.1},
        "region": "510100",
    }
    out = live_api.data(DEPOT, {"input": data}, role="planner")["createDepot"]
    assert out["userErrors"] == [] and out["depot"]["tier"] == "MUNICIPAL"
    out = live_api.data(
        UPDATE_DEPOT, {"input": {**data, "adminLevel": "PROVINCIAL"}}, role="planner"
    )["updateDepot"]
    assert out["depot"]["tier"] == "PROVINCIAL" and out["auditEntry"]["action"] == "updateDepot"
    zh, en = _errors_in_both(
        live_api, UPDATE_DEPOT, "updateDepot", {"input": {**data, "adminLevel": "SOCIAL"}}
    )
    assert zh[0]["field"] == "adminLevel" and "county" in en[0]["message"]


PLAN_FIELDS = """id version tier prescribes { level quantity capabilityLevel target { __typename
  ... on Capability { id } ... on Team { id } ... on EquipmentType { id }
  ... on Expert { id } } }"""
CREATE_PLAN = f"""mutation($input: PlanInput!) {{
  createPlan(input: $input) {{ plan {{ {PLAN_FIELDS} }} {PAYLOAD} }} }}"""
NEW_VERSION = f"""mutation($input: PlanVersionInput!) {{
  createPlanVersion(input: $input) {{ plan {{ {PLAN_FIELDS} }} {PAYLOAD} }} }}"""


def _plan_input(live: LiveServer) -> dict[str, Any]:
    caps = _caps(live)
    eq = EQUIPMENT_TYPE
    return {
        "id": "P-WB-1",
        "nameZh": "测试地震应急预案",
        "nameEn": "Test earthquake plan",
        "level": "PROVINCIAL",
        "issuer": "测试省政府",
        "version": "2020",
        "effectiveDate": "2020-06-01",
        "timeStandardMinutes": 120,
        "covers": _hazards(live, 1),
        "regions": ["510000"],
        "prescribes": [
            {
                "level": "I",
                "kind": "CAPABILITY",
                "target": caps[0],
                "quantity": 4,
                "capabilityLevel": 2,
            },
            {"level": "I", "kind": "TEAM", "target": "T-TEST-001"},
            {"level": "I", "kind": "EQUIPMENT_TYPE", "target": eq, "quantity": 20},
            {"level": "II", "kind": "EXPERT", "target": "X-TEST-1"},
            {"level": "II", "kind": "CAPABILITY", "target": caps[0], "quantity": 2},
        ],
    }


def test_plan_editor_versions_and_diff(live_api: LiveServer) -> None:
    data = _plan_input(live_api)
    out = live_api.data(CREATE_PLAN, {"input": data}, role="planner")["createPlan"]
    assert out["userErrors"] == [] and out["auditEntry"]["action"] == "createPlan"
    got = {
        (
            p["level"],
            p["target"]["__typename"],
            p["target"]["id"],
            p["quantity"],
            p["capabilityLevel"],
        )
        for p in out["plan"]["prescribes"]
    }
    caps = [p["target"] for p in data["prescribes"] if p["kind"] == "CAPABILITY"]
    assert got == {
        ("I", "Capability", caps[0], 4, 2),
        ("I", "Team", "T-TEST-001", None, None),
        ("I", "EquipmentType", data["prescribes"][2]["target"], 20, None),
        ("II", "Expert", "X-TEST-1", None, None),
        ("II", "Capability", caps[0], 2, None),
    }

    newer = {
        **data,
        "id": "P-WB-1.v2025",
        "version": "2025",
        "effectiveDate": "2025-03-01",
        "prescribes": [
            {**data["prescribes"][0], "quantity": 6},
            data["prescribes"][2],
            {"level": "III", "kind": "TEAM", "target": "T-TEST-002"},
        ],
    }
    out = live_api.data(
        NEW_VERSION, {"input": {"supersedes": "P-WB-1", "plan": newer}}, role="planner"
    )
    out = out["createPlanVersion"]
    assert out["userErrors"] == [] and out["auditEntry"]["action"] == "supersedePlan"
    assert json.loads(out["auditEntry"]["after"])["supersedes"] == "P-WB-1"
    listed = live_api.data('{ plans(filter: {text: "P-WB-1"}) { nodes { id } } }')["plans"]["nodes"]
    assert listed == [{"id": "P-WB-1.v2025"}], "the old version is retired: lists show the current"

    # what the plan editor reads for the new version (the plan, its links, its history)
    current = live_api.gql(
        """query($id: ID!) { plan(id: $id) { id tier effectiveOn timeStandardMinutes
             covers { id } regions { id } prescribes { level quantity target { __typename } } }
           planHistory(id: $id) { id current supersededAt } }""",
        {"id": "P-WB-1.v2025"},
        role="planner",
    )
    assert not current.get("errors"), current["errors"]
    assert len(current["data"]["planHistory"]) == 2
    history = live_api.data('{ planHistory(id: "P-WB-1") { id version current supersedes actor } }')
    assert [(v["id"], v["current"], v["supersedes"]) for v in history["planHistory"]] == [
        ("P-WB-1.v2025", True, "P-WB-1"),
        ("P-WB-1", False, None),
    ]
    diff = live_api.data("""{ planDiff(older: "P-WB-1", newer: "P-WB-1.v2025") {
        fields { field before after } coversAdded regionsRemoved
        prescriptions { level target targetKind change quantityBefore quantityAfter } } }""")[
        "planDiff"
    ]
    assert {(f["field"], f["before"], f["after"]) for f in diff["fields"]} == {
        ("version", "2020", "2025"),
        ("effectiveDate", "2020-06-01", "2025-03-01"),
    }
    assert [
        (p["level"], p["target"], p["change"], p["quantityBefore"], p["quantityAfter"])
        for p in diff["prescriptions"]
    ] == [
        ("I", "T-TEST-001", "REMOVED", None, None),  # by level, then id
        ("I", caps[0], "CHANGED", 4, 6),
        ("II", "X-TEST-1", "REMOVED", None, None),
        ("II", caps[0], "REMOVED", 2, None),
        ("III", "T-TEST-002", "ADDED", None, None),
    ]
    # the old version cannot be superseded again: start from the current one
    again = {**newer, "id": "P-WB-1.v2026"}
    zh, en = _errors_in_both(
        live_api,
        NEW_VERSION,
        "createPlanVersion",
        {"input": {"supersedes": "P-WB-1", "plan": again}},
    )
    assert zh[0]["field"] == "supersedes" and "P-WB-1.v2025" in zh[0]["message"]
    assert "not the current version" in en[0]["message"]


def test_invalid_plan_edits_name_the_prescription(live_api: LiveServer) -> None:
    data = {**_plan_input(live_api), "id": "P-WB-2"}
    bad_quantity = {**data, "prescribes": [{**data["prescribes"][0], "quantity": 0}]}
    zh, en = _errors_in_both(live_api, CREATE_PLAN, "createPlan", {"input": bad_quantity})
    assert zh[0]["field"] == "prescribes[0].quantity" and ">= 1" in en[0]["message"]
    bad_team = {**data, "prescribes": [{"level": "I", "kind": "TEAM", "target": "T-NOPE"}]}
    zh, en = _errors_in_both(live_api, CREATE_PLAN, "createPlan", {"input": bad_team})
    assert zh[0]["field"] == "prescribes[0].target" and "T-NOPE" in zh[0]["message"]
    bad_kind = {**data, "prescribes": [{"level": "I", "kind": "REGION", "target": "510000"}]}
    zh, en = _errors_in_both(live_api, CREATE_PLAN, "createPlan", {"input": bad_kind})
    assert zh[0]["field"] == "prescribes[0].kind" and "预案不能规定" in zh[0]["message"]
    no_hazard = {**data, "covers": []}
    zh, en = _errors_in_both(live_api, CREATE_PLAN, "createPlan", {"input": no_hazard})
    assert zh[0]["field"] == "covers"


CASCADE = f"""mutation($input: SetHazardCascadeInput!) {{
  setHazardCascade(input: $input) {{
    hazard {{ id mayTrigger {{ hazard {{ id }} likelihood }} }} {PAYLOAD} }} }}"""
REMOVE_CASCADE = f"""mutation($input: RemoveHazardCascadeInput!) {{
  removeHazardCascade(input: $input) {{
    hazard {{ id mayTrigger {{ hazard {{ id }} }} }} {PAYLOAD} }} }}"""


def test_cascade_editor_round_trips(live_api: LiveServer) -> None:
    a, b = _hazards(live_api, 2)
    out = live_api.data(
        CASCADE, {"input": {"hazard": a, "triggers": b, "likelihood": 0.4}}, role="planner"
    )
    out = out["setHazardCascade"]
    assert {"hazard": {"id": b}, "likelihood": 0.4} in out["hazard"]["mayTrigger"]
    assert (
        out["auditEntry"]["action"] == "setCascade" and out["auditEntry"]["target"] == f"{a}->{b}"
    )
    zh, en = _errors_in_both(
        live_api,
        CASCADE,
        "setHazardCascade",
        {"input": {"hazard": a, "triggers": b, "likelihood": 1.5}},
    )
    assert (
        zh[0]["field"] == "likelihood"
        and "可能性" in zh[0]["message"]
        and "(0, 1]" in en[0]["message"]
    )
    zh, en = _errors_in_both(
        live_api,
        CASCADE,
        "setHazardCascade",
        {"input": {"hazard": a, "triggers": a, "likelihood": 0.5}},
    )
    assert zh[0]["field"] == "triggers" and "itself" in en[0]["message"]
    zh, en = _errors_in_both(
        live_api,
        CASCADE,
        "setHazardCascade",
        {"input": {"hazard": a, "triggers": "99Z99", "likelihood": 0.5}},
    )
    assert zh[0]["field"] == "triggers" and "99Z99" in en[0]["message"]
    still = live_api.data(
        f'{{ hazardType(id: "{a}") {{ mayTrigger {{ hazard {{ id }} likelihood }} }} }}'
    )
    assert {"hazard": {"id": b}, "likelihood": 0.4} in still["hazardType"]["mayTrigger"], (
        "unchanged"
    )
    out = live_api.data(REMOVE_CASCADE, {"input": {"hazard": a, "triggers": b}}, role="planner")[
        "removeHazardCascade"
    ]
    assert {"hazard": {"id": b}} not in out["hazard"]["mayTrigger"]
    assert out["auditEntry"]["action"] == "removeCascade"
