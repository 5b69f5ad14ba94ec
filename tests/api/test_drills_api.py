"""Drills over GraphQL with real keys on the demo data: startDrill runs in the background,
drill(id) shows progress then the strategies' metrics and the replay, the graph is not
written; bad scripts come back as userErrors naming the line and field, in the locale."""

from __future__ import annotations

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
    id status progress currentStrategy error graphVersion fingerprint durationMinutes
    results { strategy needs coveredWithin30 coveredWithin60 coveredWithin120 coveredAtEnd
              meanMinutesToFirstUnit sorties teamsUsed totalTravelKm decisions
              unmet { capability nameZh count } series { minute covered teamsOut }
              timeline {
                incidents { id nameZh level location { latitude longitude } openedMinute
                            levels { minute level } }
                needs { incident capability { id nameZh nameEn } weight units arisenMinute
                        teams firstArrivalMinute minutesToFirstUnit }
                sorties { team nameZh mobility incident covers base { latitude longitude }
                          scene { latitude } dispatchedMinute arrivesMinute workMinutes
                          readinessMinutes leavesMinute homeMinute }
                events { minute kind incident teams noteZh area { radiusKm } untilMinute }
                exhaustedTeams } }
    replay { source start busyThen freeThenCount
             comparisons { incident kept meanFirstUnitActual meanFirstUnitEmkg
                           added { team nameZh arrivesMinute covers reasons { code text } }
                           dropped { team nameZh arrivesMinute covers reasons { code text } } } }
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
    assert d["durationMinutes"] == 12 * 60 and d["replay"] is None
    for r in d["results"]:
        t = r["timeline"]
        assert [i["id"] for i in t["incidents"]] == ["CH-LEAK", "CH-FIRE"]
        assert t["sorties"][0]["team"].startswith("T-SC-")
        assert len(t["sorties"]) == r["sorties"]
        for x in t["sorties"]:
            assert x["dispatchedMinute"] <= x["arrivesMinute"]
            assert x["arrivesMinute"] - x["dispatchedMinute"] >= x["readinessMinutes"]
        met = [n for n in t["needs"] if n["firstArrivalMinute"] is not None]
        assert met and all(n["teams"] for n in met)
        assert len(t["needs"]) == r["needs"]
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


REPLAY = """
mutation($input: StartReplayInput!) {
  startReplay(input: $input) {
    drill { id status scriptId nameZh nameEn }
    userErrors { field message code detail { code params { name value } } }
  }
}
"""
SAMPLES = "{ replaySamples { id records mapping } }"


def wait(client: TestClient, drill_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 900
    while True:
        d = gql(client, DRILL, {"id": drill_id})["drill"]
        if d["status"] != "RUNNING" or time.monotonic() > deadline:
            return dict(d)
        time.sleep(1.0)


def test_a_replay_of_dispatch_records_compares_actual_with_emkg(
    client: TestClient, demo_graph: Driver
) -> None:
    before = demo_graph.execute_query(TEAMS).records
    [sample] = gql(client, SAMPLES, {})["replaySamples"]
    assert sample["id"] == "luding_2022" and "队伍编号" in sample["records"]
    out = gql(
        client,
        REPLAY,
        {"input": {"records": sample["records"], "mapping": sample["mapping"],
                   "strategies": ["EMKG", "CLOSEST"]}},
    )["startReplay"]  # fmt: skip
    assert out["userErrors"] == []
    assert out["drill"]["nameZh"] == "复盘：泸定地震（虚构记录） 等 2 起事件"
    d = wait(client, out["drill"]["id"])
    assert d["status"] == "DONE", d["error"]
    assert [r["strategy"] for r in d["results"]] == ["ACTUAL", "EMKG", "CLOSEST"]
    actual = d["results"][0]["timeline"]
    sent = [(x["team"], x["incident"], x["dispatchedMinute"]) for x in actual["sorties"]]
    # the record: 12:52 earthquake, T-SC-0069 sent 13:05 (minute 13), on scene 14:10 (78)
    assert ("T-SC-0069", "LD-EQ", 13.0) in sent and ("T-SC-0132", "LD-LS", 198.0) in sent
    assert len(sent) == 7
    first = next(x for x in actual["sorties"] if x["team"] == "T-SC-0069")
    assert first["arrivesMinute"] == 78.0 and first["leavesMinute"] == 788.0  # 02:00 next day
    assert d["durationMinutes"] == 17 * 60  # 14 h 8 min recorded + 2 h, rounded up
    replay = d["replay"]
    assert replay["source"] == "records" and replay["start"].startswith("2022-09-05T12:52")
    quake = next(c for c in replay["comparisons"] if c["incident"] == "LD-EQ")
    teams = set(quake["kept"]) | {v["team"] for v in quake["added"] + quake["dropped"]}
    recorded = {t for t, inc, _ in sent if inc == "LD-EQ"}
    assert recorded <= teams
    for v in quake["added"] + quake["dropped"]:
        assert v["reasons"] and all(r["code"].startswith("REPLAY_WHY_") for r in v["reasons"])
    assert quake["meanFirstUnitEmkg"] is not None and quake["meanFirstUnitActual"] is not None
    # EMKG sends at the minute the incident opened; the record took 13 minutes or more
    emkg = d["results"][1]["timeline"]["sorties"]
    assert min(x["dispatchedMinute"] for x in emkg if x["incident"] == "LD-EQ") == 0.0
    assert demo_graph.execute_query(TEAMS).records == before  # nothing written


def test_bad_records_are_answered_by_row_and_column_in_the_locale(client: TestClient) -> None:
    head = (
        "incidentId,incidentNameZh,occurredAt,hazards,latitude,longitude,level,teamId,"
        "dispatchedAt\n"
    )
    rows = (
        "A,甲,2025-07-01 08:00,11A01,30.6,104.0,V,T-SC-0001,2025-07-01 08:10\n"
        "A,甲,2025-07-01 08:00,11A01,30.6,104.0,IV,T-NOPE,2025-07-01 08:10\n"
    )
    zh = gql(client, REPLAY, {"input": {"records": head + rows}})["startReplay"]
    [err] = zh["userErrors"]
    assert err["field"] == "records" and err["detail"]["code"] == "REPLAY_AT"
    assert err["message"] == "第 1 行，level 列：应为以下之一：I, II, III, IV；实际为 'V'"
    en = gql(client, REPLAY, {"input": {"records": head + rows}}, **{"Accept-Language": "en"})
    assert en["startReplay"]["userErrors"][0]["message"] == (
        "row 1, column level: must be one of I, II, III, IV; got 'V'"
    )
    # the file is fine, the graph does not know the team: named by row too
    fixed = rows.replace(",V,", ",IV,")
    out = gql(client, REPLAY, {"input": {"records": head + fixed}}, **{"Accept-Language": "en"})
    [err] = out["startReplay"]["userErrors"]
    assert err["code"] == "NOT_FOUND" and err["message"].startswith(
        "row 2, column teamId: there is no team T-NOPE in the graph"
    )
    none = gql(client, REPLAY, {"input": {"incidentIds": ["INC-404"]}})["startReplay"]
    assert none["userErrors"][0]["field"] == "incidentIds[0]"
    both = gql(client, REPLAY, {"input": {}})["startReplay"]
    assert both["userErrors"][0]["detail"]["code"] == "REPLAY_ONE_OF"
    actual = gql(client, START, {"input": {"scriptId": "flood_fujiang", "strategies": ["ACTUAL"]}})
    assert actual["startDrill"]["userErrors"][0]["detail"]["code"] == "DRILL_ACTUAL_REPLAY_ONLY"


def test_a_running_drill_is_cancelled_when_the_server_shuts_down(
    demo_graph: Driver, neo4j_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.drill_jobs import DrillJobs, DrillStatus

    seen: list[DrillJobs] = []
    start = DrillJobs.start

    def keep(self: DrillJobs, *args: Any, **kwargs: Any) -> Any:
        seen.append(self)
        return start(self, *args, **kwargs)

    monkeypatch.setattr(DrillJobs, "start", keep)
    settings = neo4j_settings.with_overrides(keys_file=tmp_path / "k.json", query_timeout_s=60.0)
    keys = issue_keys(settings)
    with TestClient(
        create_app(settings), headers={"Authorization": f"Bearer {keys['commander']}"}
    ) as c:
        wait_until_ready(c)
        out = gql(c, START, {"input": {"scriptId": "earthquake_luding"}})["startDrill"]
        assert out["drill"]["status"] == "RUNNING"
        t0 = time.monotonic()
    stopped = time.monotonic() - t0
    [jobs] = seen
    job = jobs.get(out["drill"]["id"])
    assert job is not None and job.status is DrillStatus.CANCELLED
    assert "server shut down" in (job.error or "") and jobs.tasks == {}
    assert stopped < 30  # it did not run the 24-hour earthquake drill to its end
