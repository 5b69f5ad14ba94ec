"""Live incidents over real HTTP (issue 15): every transition with its role rules,
dispatch, release, undo, recommendations kept per incident, audit entries, contacts."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest
from neo4j import Driver

from tests.api.conftest import LiveServer

INCIDENT = """
id status allowedTransitions orderCount titleZh titleEn responseLevel hazardCodes
assignments { teamId teamName task assemblyPoint etaMinutes orderNo active teamStatus
              undoableUntil contact { dutyPhone leader radioChannel }
              contactMasked { code text } }
"""
ERRORS = "userErrors { field message code detail { code } }"
OPEN = f"""mutation($input: OpenIncidentInput!) {{
  openIncident(input: $input) {{ incident {{ {INCIDENT} }} {ERRORS} }} }}"""
MOVE = f"""mutation($input: TransitionIncidentInput!) {{
  transitionIncident(input: $input) {{ incident {{ {INCIDENT} }} releasedTeams {ERRORS} }} }}"""
DISPATCH = f"""mutation($input: DispatchIncidentInput!) {{
  dispatchIncident(input: $input) {{ orderNo teams removed added
    incident {{ {INCIDENT} }} {ERRORS} }} }}"""
RELEASE = f"""mutation($input: ReleaseTeamInput!) {{
  releaseTeam(input: $input) {{ incident {{ {INCIDENT} }} releasedTeams {ERRORS} }} }}"""
UNDO = f"""mutation($input: UndoDispatchInput!) {{
  undoDispatch(input: $input) {{ orderNo restoredTeams incident {{ {INCIDENT} }} {ERRORS} }} }}"""
RECOMMEND = f"""mutation($input: RecommendForIncidentInput!) {{
  recommendForIncident(input: $input) {{
    incident {{ status }}
    recommendation {{ id hazardCodes package {{ teamId etaMinutes score }} gapCapabilityIds
                      graphVersion ontologyVersion accepted }}
    result {{ forcePackage {{ team {{ id }} etaMinutes }} gaps {{ capability {{ id }} }} }}
    {ERRORS} }} }}"""


@pytest.fixture(scope="module")
def warm_api(live_api: LiveServer) -> LiveServer:
    """The server once its start-up warm-up recommendation finished (a recommendation
    during it competes for the CPU and may time out on a busy machine)."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        body = httpx.get(f"{live_api.url}/readyz", timeout=10).json()
        if body.get("status") != "starting":
            break
        time.sleep(0.5)
    return live_api


def _hazard(live: LiveServer) -> str:
    page = live.data('{ hazardTypes(first: 1, filter: {rank: "type"}) { nodes { id } } }')
    return str(page["hazardTypes"]["nodes"][0]["id"])


def _open(live: LiveServer, role: str = "commander", **extra: Any) -> dict[str, Any]:
    inp = {
        "titleZh": "测试县洪水",
        "titleEn": "Test county flood",
        "location": {"latitude": 30.1, "longitude": 104.0},
        "responseLevel": "II",
        "hazardCodes": [_hazard(live)],
        **extra,
    }
    out = live.data(OPEN, {"input": inp}, role=role)["openIncident"]
    assert out["userErrors"] == [], out
    return dict(out["incident"])


def _status(driver: Driver, team: str) -> str:
    rows, _, _ = driver.execute_query("MATCH (t:Team {id: $id}) RETURN t.status AS s", id=team)
    return str(rows[0]["s"])


def _free_teams(driver: Driver, n: int) -> list[str]:
    rows, _, _ = driver.execute_query(
        "MATCH (t:Team) WHERE t.status = 'available' AND NOT (t)-[:ASSIGNED_TO]->() "
        "RETURN t.id AS id ORDER BY id LIMIT $n",
        n=n,
    )
    return [str(r["id"]) for r in rows]


def _audit(live: LiveServer, target: str) -> list[dict[str, Any]]:
    q = (
        "query($t: String) { auditTrail(target: $t, first: 50) "
        "{ edges { node { action actor after } } } }"
    )
    edges = live.data(q, {"t": target}, role="integrator")["auditTrail"]["edges"]
    return [e["node"] for e in edges]


def test_the_whole_lifecycle_is_audited_and_illegal_moves_name_the_allowed_ones(
    live_api: LiveServer, driver: Driver
) -> None:
    inc = _open(live_api)
    assert inc["status"] == "OPEN" and inc["id"].startswith("INC-")
    assert inc["allowedTransitions"] == ["FORCES_REQUESTED", "CLOSED"]
    # open -> on scene is not allowed: the error names what is
    bad = live_api.data(MOVE, {"input": {"incidentId": inc["id"], "to": "ON_SCENE"}})
    err = bad["transitionIncident"]["userErrors"][0]
    assert err["code"] == "ILLEGAL_TRANSITION" and err["field"] == "to"
    assert "已请求力量" in err["message"] and "已结案" in err["message"], err
    # dispatched only by an order
    live_api.data(MOVE, {"input": {"incidentId": inc["id"], "to": "FORCES_REQUESTED"}})
    bad = live_api.data(MOVE, {"input": {"incidentId": inc["id"], "to": "DISPATCHED"}})
    assert bad["transitionIncident"]["userErrors"][0]["detail"]["code"] == (
        "INCIDENT_TRANSITION_BY_ACTION"
    )
    teams = _free_teams(driver, 2)
    order = live_api.data(
        DISPATCH,
        {"input": {"incidentId": inc["id"], "task": "搜救", "assemblyPoint": "县体育场",
                   "teams": [{"teamId": t} for t in teams]}},
    )["dispatchIncident"]  # fmt: skip
    assert order["userErrors"] == [] and order["orderNo"] == 1
    assert order["incident"]["status"] == "DISPATCHED"
    for step in ("ON_SCENE", "RELEASED"):
        out = live_api.data(MOVE, {"input": {"incidentId": inc["id"], "to": step,
                                             "reason": "测试"}})["transitionIncident"]  # fmt: skip
        assert out["userErrors"] == [] and out["incident"]["status"] == step
    assert sorted(out["releasedTeams"]) == sorted(teams)
    assert all(_status(driver, t) == "available" for t in teams)
    assert not any(a["active"] for a in out["incident"]["assignments"])
    closed = live_api.data(MOVE, {"input": {"incidentId": inc["id"], "to": "CLOSED"}})
    assert closed["transitionIncident"]["incident"]["allowedTransitions"] == []
    final = live_api.data(MOVE, {"input": {"incidentId": inc["id"], "to": "OPEN"}}, role="admin")[
        "transitionIncident"
    ]["userErrors"][0]
    assert final["detail"]["code"] == "INCIDENT_FINAL"
    actions = [e["action"] for e in reversed(_audit(live_api, inc["id"]))]
    assert actions == [
        "incident.opened",
        "incident.transition",
        "incident.dispatched",
        "incident.transition",
        *["team.released"] * 2,
        "incident.transition",
        "incident.transition",
    ]
    # released teams gained the experience link
    rows, _, _ = driver.execute_query(
        "MATCH (t:Team)-[:DEPLOYED_TO]->(:Incident {id: $id}) RETURN count(t) AS n", id=inc["id"]
    )
    assert rows[0]["n"] == 2


@pytest.mark.parametrize("role", ["integrator", "planner"])
def test_roles_without_dispatch_rights_cannot_change_incidents(
    live_api: LiveServer, driver: Driver, role: str
) -> None:
    inc = _open(live_api)
    team = _free_teams(driver, 1)[0]
    calls = [
        (OPEN, {"input": {"titleZh": "x", "location": {"latitude": 30, "longitude": 104},
                          "responseLevel": "IV", "hazardCodes": [_hazard(live_api)]}}),
        (MOVE, {"input": {"incidentId": inc["id"], "to": "CLOSED"}}),
        (DISPATCH, {"input": {"incidentId": inc["id"], "task": "t", "assemblyPoint": "p",
                              "teams": [{"teamId": team}]}}),
        (RELEASE, {"input": {"incidentId": inc["id"], "teamId": team}}),
        (UNDO, {"input": {"incidentId": inc["id"]}}),
        (RECOMMEND, {"input": {"incidentId": inc["id"]}}),
    ]  # fmt: skip
    for query, variables in calls:
        body = live_api.gql(query, variables, role=role)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body
    assert _status(driver, team) == "available"
    # ... but they may read the incident
    q = "query($id: ID!) { liveIncident(id: $id) { id status } }"
    assert live_api.data(q, {"id": inc["id"]}, role=role)["liveIncident"]["status"] == "OPEN"


def test_dispatch_release_and_undo_move_teams_and_refuse_double_booking(
    warm_api: LiveServer, driver: Driver
) -> None:
    live_api = warm_api
    a, b = _open(live_api), _open(live_api)
    t1, t2, t3 = _free_teams(driver, 3)
    driver.execute_query("MATCH (t:Team {id: $id}) SET t.status = 'standby'", id=t3)
    order = live_api.data(
        DISPATCH,
        {"input": {"incidentId": a["id"], "assemblyPoint": "集结点A", "task": "转移群众",
                   "teams": [{"teamId": t1}, {"teamId": t3, "task": "医疗救护"}]}},
    )["dispatchIncident"]  # fmt: skip
    assert order["userErrors"] == []
    tasks = {x["teamId"]: x["task"] for x in order["incident"]["assignments"]}
    assert tasks == {t1: "转移群众", t3: "医疗救护"}
    assert all(x["etaMinutes"] > 0 for x in order["incident"]["assignments"])
    assert _status(driver, t1) == _status(driver, t3) == "deployed"
    # t1 is committed to A: incident B cannot have it
    clash = live_api.data(
        DISPATCH,
        {"input": {"incidentId": b["id"], "task": "x", "assemblyPoint": "y",
                   "teams": [{"teamId": t2}, {"teamId": t1}]}},
    )["dispatchIncident"]  # fmt: skip
    err = clash["userErrors"]
    assert [e["field"] for e in err] == ["teams[1].teamId"] and err[0]["code"] == "CONFLICT"
    assert a["id"] in err[0]["message"]
    assert _status(driver, t2) == "available"  # nothing was written
    # ... and the recommender does not offer it to B
    rec = live_api.data(RECOMMEND, {"input": {"incidentId": b["id"]}})["recommendForIncident"]
    offered = {t["team"]["id"] for t in rec["result"]["forcePackage"]}
    assert t1 not in offered and t3 not in offered
    # release one team: back to available, the assignment stays as history
    rel = live_api.data(RELEASE, {"input": {"incidentId": a["id"], "teamId": t1}})
    assert rel["releaseTeam"]["userErrors"] == []
    assert _status(driver, t1) == "available"
    again = live_api.data(RELEASE, {"input": {"incidentId": a["id"], "teamId": t1}})
    assert again["releaseTeam"]["userErrors"][0]["detail"]["code"] == "RELEASE_ALREADY"
    # undo the order: the standby team gets standby back, the released one stays released
    undo = live_api.data(UNDO, {"input": {"incidentId": a["id"]}})["undoDispatch"]
    assert undo["userErrors"] == [] and undo["restoredTeams"] == [t3]
    assert _status(driver, t3) == "standby"
    assert [x["teamId"] for x in undo["incident"]["assignments"]] == [t1]
    twice = live_api.data(UNDO, {"input": {"incidentId": a["id"]}})["undoDispatch"]
    assert twice["userErrors"][0]["detail"]["code"] == "UNDO_ALL_RELEASED"
    actions = {e["action"] for e in _audit(live_api, a["id"])}
    assert {"incident.dispatched", "team.released", "incident.dispatch_undone"} <= actions


def test_undo_is_refused_after_the_grace_period(live_api: LiveServer, driver: Driver) -> None:
    inc = _open(live_api)
    team = _free_teams(driver, 1)[0]
    live_api.data(
        DISPATCH,
        {"input": {"incidentId": inc["id"], "task": "t", "assemblyPoint": "p",
                   "teams": [{"teamId": team}]}},
    )  # fmt: skip
    driver.execute_query(
        "MATCH (:Team {id: $t})-[a:ASSIGNED_TO]->(:Incident {id: $i}) "
        "SET a.dispatchedAt = datetime() - duration({minutes: 11})",
        t=team,
        i=inc["id"],
    )
    out = live_api.data(UNDO, {"input": {"incidentId": inc["id"]}})["undoDispatch"]
    err = out["userErrors"][0]
    assert err["code"] == "GRACE_PERIOD_OVER" and "10" in err["message"], err
    assert _status(driver, team) == "deployed"
    live_api.data(MOVE, {"input": {"incidentId": inc["id"], "to": "RELEASED"}})
    assert _status(driver, team) == "available"


def test_bad_orders_answer_every_problem_in_the_callers_language(live_api: LiveServer) -> None:
    inc = _open(live_api)
    inp = {"incidentId": inc["id"], "teams": [{"teamId": "T-NOPE"}, {"teamId": "T-NOPE"}]}
    r = live_api.post(DISPATCH, {"input": inp}, role="commander", headers={"Accept-Language": "en"})
    errs = r.json()["data"]["dispatchIncident"]["userErrors"]
    fields = [e["field"] for e in errs]
    assert "teams[0].task" in fields and "teams[0].assemblyPoint" in fields
    assert "teams[1].teamId" in fields  # twice
    assert any("required" in e["message"] for e in errs)
    inp = {
        "incidentId": inc["id"],
        "task": "t",
        "assemblyPoint": "p",
        "teams": [{"teamId": "T-NOPE"}],
    }
    zh = live_api.data(DISPATCH, {"input": inp})["dispatchIncident"]["userErrors"][0]
    assert zh["code"] == "NOT_FOUND" and "没有编号为 T-NOPE 的队伍" in zh["message"]
    missing = live_api.data(MOVE, {"input": {"incidentId": "INC-NOPE", "to": "CLOSED"}})
    assert missing["transitionIncident"]["userErrors"][0]["code"] == "NOT_FOUND"
    bad = live_api.data(
        OPEN,
        {"input": {"location": {"latitude": 95, "longitude": 104}, "responseLevel": "II",
                   "hazardCodes": ["99Z99"]}},
    )["openIncident"]["userErrors"]  # fmt: skip
    assert {e["field"] for e in bad} >= {"titleZh", "location"}


def test_a_recommendation_is_kept_and_accepted_by_the_order(
    warm_api: LiveServer, driver: Driver
) -> None:
    live_api = warm_api
    rows, _, _ = driver.execute_query(
        "MATCH (t:Team {status: 'available'})-[:HAS_CAPABILITY]->(c:Capability) "
        "WHERE NOT (t)-[:ASSIGNED_TO]->() RETURN c.id AS c ORDER BY c LIMIT 1"
    )
    cap = rows[0]["c"]
    inc = _open(live_api, maxTravelMinutes=240)
    out = live_api.data(
        RECOMMEND, {"input": {"incidentId": inc["id"], "requiredCapabilities": [cap]}}
    )["recommendForIncident"]
    assert out["userErrors"] == [] and out["incident"]["status"] == "FORCES_REQUESTED"
    stored = out["recommendation"]
    package = [p["teamId"] for p in stored["package"]]
    assert package == [t["team"]["id"] for t in out["result"]["forcePackage"]] and package
    assert stored["graphVersion"] and stored["ontologyVersion"] and not stored["accepted"]
    assert stored["gapCapabilityIds"] == [g["capability"]["id"] for g in out["result"]["gaps"]]
    # the commander drops the first team and sends the rest
    kept = package[1:] or package
    order = live_api.data(
        DISPATCH,
        {"input": {"incidentId": inc["id"], "recommendationId": stored["id"], "task": "t",
                   "assemblyPoint": "p", "teams": [{"teamId": t} for t in kept]}},
    )["dispatchIncident"]  # fmt: skip
    assert order["userErrors"] == []
    assert order["removed"] == [t for t in package if t not in kept]
    etas = {p["teamId"]: p["etaMinutes"] for p in stored["package"]}
    for a in order["incident"]["assignments"]:
        assert a["etaMinutes"] == etas[a["teamId"]]
    q = "query($id: ID!) { liveIncident(id: $id) { recommendations { id accepted } } }"
    recs = live_api.data(q, {"id": inc["id"]})["liveIncident"]["recommendations"]
    assert recs == [{"id": stored["id"], "accepted": True}]
    entry = next(e for e in _audit(live_api, inc["id"]) if e["action"] == "incident.dispatched")
    assert json.loads(entry["after"])["recommendation"] == stored["id"]
    live_api.data(MOVE, {"input": {"incidentId": inc["id"], "to": "RELEASED"}})


def test_contacts_are_shown_to_commanders_and_masked_for_integrators(
    live_api: LiveServer, driver: Driver
) -> None:
    inc = _open(live_api)
    team = _free_teams(driver, 1)[0]
    driver.execute_query(
        "MATCH (t:Team {id: $id}) SET t.dutyPhone = '028-8000-0001', t.leader = '王队长', "
        "t.radioChannel = 'CH-7'",
        id=team,
    )
    live_api.data(
        DISPATCH,
        {"input": {"incidentId": inc["id"], "task": "t", "assemblyPoint": "p",
                   "teams": [{"teamId": team}]}},
    )  # fmt: skip
    q = f"query($id: ID!) {{ liveIncident(id: $id) {{ {INCIDENT} }} }}"
    seen = live_api.data(q, {"id": inc["id"]}, role="commander")["liveIncident"]["assignments"]
    assert seen[0]["contact"] == {"dutyPhone": "028-8000-0001", "leader": "王队长",
                                  "radioChannel": "CH-7"}  # fmt: skip
    assert seen[0]["contactMasked"] is None
    masked = live_api.data(q, {"id": inc["id"]}, role="integrator")["liveIncident"]["assignments"]
    assert masked[0]["contact"] is None
    assert masked[0]["contactMasked"]["code"] == "CONTACT_MASKED"
    live_api.data(MOVE, {"input": {"incidentId": inc["id"], "to": "RELEASED"}})


def test_incidents_list_filters_by_status(live_api: LiveServer) -> None:
    inc = _open(live_api)
    q = (
        "query($s: [IncidentStatus!]) { liveIncidents(status: $s, first: 100) "
        "{ edges { node { id status } } } }"
    )
    open_ids = {
        e["node"]["id"] for e in live_api.data(q, {"s": ["OPEN"]})["liveIncidents"]["edges"]
    }
    assert inc["id"] in open_ids
    closed = live_api.data(q, {"s": ["CLOSED"]})["liveIncidents"]["edges"]
    assert inc["id"] not in {e["node"]["id"] for e in closed}


@pytest.mark.parametrize(
    ("role", "visible"),
    [("commander", True), ("admin", True), ("planner", False), ("integrator", False)],
)
def test_registry_contacts_follow_the_dispatch_right(
    live_api: LiveServer, driver: Driver, role: str, visible: bool
) -> None:
    team = _free_teams(driver, 1)[0]
    driver.execute_query(
        "MATCH (t:Team {id: $id}) SET t.dutyPhone = '028-8123-4567', t.leader = '赵队长', "
        "t.radioChannel = 'CH-09' "
        "WITH t MATCH (x:Expert) SET x.dutyPhone = '028-8765-4321'",
        id=team,
    )
    q = """query($id: ID!) { team(id: $id) { contact { dutyPhone leader radioChannel }
             contactMasked { code } }
           experts(first: 1) { nodes { contact { dutyPhone } contactMasked { code } } } }"""
    data = live_api.data(q, {"id": team}, role=role)
    expert = data["experts"]["nodes"][0]
    if visible:
        assert data["team"]["contact"] == {"dutyPhone": "028-8123-4567", "leader": "赵队长",
                                           "radioChannel": "CH-09"}  # fmt: skip
        assert data["team"]["contactMasked"] is None
        assert expert["contact"] == {"dutyPhone": "028-8765-4321"}
    else:
        assert data["team"]["contact"] is None and expert["contact"] is None
        assert data["team"]["contactMasked"] == {"code": "CONTACT_MASKED"}


def test_reassignment_options_say_what_the_other_incident_would_lose(
    live_api: LiveServer, driver: Driver
) -> None:
    a, b = _open(live_api), _open(live_api)
    x, y = _free_teams(driver, 2)
    caps = lambda t: sorted(  # noqa: E731
        r["c"]
        for r in driver.execute_query(
            "MATCH (:Team {id: $t})-[:HAS_CAPABILITY]->(c) RETURN c.id AS c", t=t
        )[0]
    )
    live_api.data(
        DISPATCH,
        {"input": {"incidentId": a["id"], "task": "t", "assemblyPoint": "p",
                   "teams": [{"teamId": x}, {"teamId": y}]}},
    )  # fmt: skip
    gap = caps(x)[0]
    # B's recommendation found no free team for `gap` (as when every holder is busy)
    driver.execute_query(
        "MATCH (i:Incident {id: $b}) CREATE (:Recommendation {id: 'REC-TEST-' + $b, "
        "at: datetime(), actor: 'test', gapCapabilityIds: [$gap]})-[:RECOMMENDED_FOR]->(i)",
        b=b["id"],
        gap=gap,
    )
    q = """query($id: ID!) { liveIncident(id: $id) { reassignmentOptions {
             teamId fromIncident fills { id } wouldLose { id } etaMinutes } } }"""
    options = live_api.data(q, {"id": b["id"]})["liveIncident"]["reassignmentOptions"]
    mine = {o["teamId"]: o for o in options if o["fromIncident"] == a["id"]}
    assert x in mine and mine[x]["fills"] == [{"id": gap}] and mine[x]["etaMinutes"] >= 0
    only_x = [c for c in caps(x) if c not in caps(y)]
    assert [c["id"] for c in mine[x]["wouldLose"]] == only_x
    # nothing offered to A from itself
    options = live_api.data(q, {"id": a["id"]})["liveIncident"]["reassignmentOptions"]
    assert all(o["fromIncident"] != a["id"] for o in options)
    live_api.data(MOVE, {"input": {"incidentId": a["id"], "to": "RELEASED"}})


ALLOCATE_OPEN = """query { recommendForIncidents(input: {openIncidents: true}) {
  method incidents { incidentId recommendation { forcePackage { team { id } } } } } }"""


def test_the_open_incidents_share_the_teams_in_one_allocation(
    warm_api: LiveServer, driver: Driver
) -> None:
    """recommendForIncidents(openIncidents: true) reads the incidents waiting for forces from
    the graph (issue 15 item 3): oldest first, each by its id, no team in two packages."""
    live = warm_api
    for i in [*_waiting(live)]:  # earlier tests' incidents: close them the way a user would
        live.data(MOVE, {"input": {"incidentId": i, "to": "CLOSED"}}, role="commander")
    first = _open(live)
    second = _open(live, titleZh="测试县第二处洪水", titleEn="Second test flood",
                   location={"latitude": 30.2, "longitude": 104.05})  # fmt: skip
    out = live.data(ALLOCATE_OPEN, role="commander")["recommendForIncidents"]
    assert [x["incidentId"] for x in out["incidents"]] == [first["id"], second["id"]]
    sent = [t["team"]["id"] for x in out["incidents"] for t in x["recommendation"]["forcePackage"]]
    assert sent and len(sent) == len(set(sent))

    live.data(MOVE, {"input": {"incidentId": second["id"], "to": "CLOSED"}}, role="commander")
    out = live.data(ALLOCATE_OPEN, role="commander")["recommendForIncidents"]
    assert [x["incidentId"] for x in out["incidents"]] == [first["id"]]
    live.data(MOVE, {"input": {"incidentId": first["id"], "to": "CLOSED"}}, role="commander")
    body = live.gql(ALLOCATE_OPEN, role="commander")
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "no live incident waits for forces" in body["errors"][0]["message"]


def _waiting(live: LiveServer) -> list[str]:
    q = (
        "query { liveIncidents(status: [OPEN, FORCES_REQUESTED], first: 100) "
        "{ edges { node { id } } } }"
    )
    return [e["node"]["id"] for e in live.data(q)["liveIncidents"]["edges"]]
