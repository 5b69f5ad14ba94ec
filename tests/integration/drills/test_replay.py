"""Replays against a real Neo4j: the statuses at the incident's time come from the audit
trail (a team busy then is not sent, a team free then but busy now is), the actual
strategy sends what the record says when it says, EMKG's own past incident is replayed
from its assignments, and nothing is written."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from neo4j import Driver

from kg.cypher import CypherRunner
from kg.settings import Settings
from queries.catalog.curation import set_team_status
from queries.drills import Strategy, run_drill
from queries.drills.history import parse_history
from queries.drills.past import emkg_incidents
from queries.drills.replay import replay_of
from queries.incidents.dispatch import DispatchRequest, TeamOrder, dispatch
from queries.incidents.lifecycle import NewIncident, open_incident
from queries.models import GeoPoint
from tests.integration.drills.test_drill import TEAMS, _checksum
from tests.integration.runner import run_with_runner

TIMEOUT_S = 60.0
STATUS = "MATCH (t:Team) WHERE t.id IN ['T-W', 'T-E'] RETURN t.id AS id, t.status AS s ORDER BY id"


def _teams(driver: Driver) -> None:
    driver.execute_query(
        TEAMS,
        teams=[
            {"id": "T-W", "lat": 30.1, "lon": 104.0, "caps": ["cap.water-rescue"]},
            {
                "id": "T-E",
                "lat": 30.3,
                "lon": 104.0,
                "caps": ["cap.evacuation", "cap.water-rescue"],
            },
        ],
    )


def test_a_replay_uses_the_statuses_of_its_time_and_sends_what_was_sent(
    ontology_graph: Driver, neo4j_settings: Settings
) -> None:
    _teams(ontology_graph)

    async def work(runner: CypherRunner) -> Any:
        await set_team_status(runner, "T-E", "unavailable", actor="test")
        await asyncio.sleep(1.1)
        then = datetime.now(UTC).replace(microsecond=0)
        await asyncio.sleep(1.1)
        await set_team_status(runner, "T-E", "available", actor="test")  # free today
        await set_team_status(runner, "T-W", "unavailable", actor="test")  # busy today
        records = (
            "incidentId,incidentNameZh,occurredAt,hazards,latitude,longitude,level,teamId,"
            "dispatchedAt,arrivedAt,releasedAt\n"
            f"F-1,洪水,{then.isoformat()},11A01,30.0,104.0,IV,T-E,"
            f"{(then + timedelta(minutes=5)).isoformat()},,\n"
        )
        replay = replay_of(parse_history(records))
        before = _checksum(ontology_graph)
        result = await run_drill(
            runner, replay.script, [Strategy.ACTUAL, Strategy.EMKG, Strategy.CLOSEST],
            seed=1, replay=replay,
        )  # fmt: skip
        assert _checksum(ontology_graph) == before
        return result, replay

    result, replay = run_with_runner(neo4j_settings, work, timeout_s=TIMEOUT_S)
    assert result.replay.busy_then == frozenset({"T-E"})
    assert "T-W" in result.replay.free_then
    actual, emkg, closest = result.runs
    [sent] = actual.run.sorties
    assert sent.team == "T-E" and sent.dispatched == replay.actual[0].dispatched
    # ETA of T-E: 10 min readiness + 33.40 km x 1.4 = 56.8 min after dispatch
    assert sent.arrives == round(sent.dispatched + 56.8, 1)
    for r in (emkg, closest):  # T-E was busy then; T-W, busy today, was free then
        assert {s.team for s in r.run.sorties} == {"T-W"}, r.run.strategy
        assert r.run.sorties[0].dispatched == 0.0
    [c] = result.comparisons()
    assert [v.team for v in c.added] == ["T-W"] and [v.team for v in c.dropped] == ["T-E"]
    assert [r.code for r in c.dropped[0].reasons] == ["REPLAY_WHY_BUSY_THEN"]
    d = result.as_dict()
    assert d["replay"]["busyThen"] == ["T-E"] and d["runs"][0]["strategy"] == "actual"
    assert [dict(r)["id"] for r in ontology_graph.execute_query(STATUS).records] == ["T-E", "T-W"]
    assert [r["s"] for r in ontology_graph.execute_query(STATUS).records] == [
        "available", "unavailable",
    ]  # fmt: skip


def test_an_emkg_incident_is_replayed_from_its_assignments(
    ontology_graph: Driver, neo4j_settings: Settings
) -> None:
    _teams(ontology_graph)

    async def work(runner: CypherRunner) -> Any:
        inc = await open_incident(
            runner,
            NewIncident("洪水", "Flood", GeoPoint(30.0, 104.0), "IV", ("11A01",)),
            actor="test",
        )
        await dispatch(
            runner,
            DispatchRequest(inc.id, None, (TeamOrder("T-E", "救援", "村口"),)),
            actor="test",
        )
        past = await emkg_incidents(runner, [inc.id, "INC-none"])
        from queries.drills.history import DispatchHistory

        replay = replay_of(DispatchHistory(tuple(past.values()), inc.id))
        result = await run_drill(
            runner, replay.script, [Strategy.ACTUAL, Strategy.EMKG], seed=1, replay=replay
        )
        return inc, past, result

    inc, past, result = run_with_runner(neo4j_settings, work, timeout_s=TIMEOUT_S)
    assert list(past) == [inc.id]
    [d] = past[inc.id].dispatches
    assert d.team == "T-E" and d.arrived_at is not None  # dispatch time + the order's ETA
    # T-E is deployed today but was available when the incident opened: EMKG may send it
    # (it alone holds both needs, water rescue and evacuation)
    assert "T-E" in result.replay.free_then
    actual, emkg = result.runs
    assert [s.team for s in actual.run.sorties] == ["T-E"]
    assert [s.team for s in emkg.run.sorties] == ["T-E"]
    assert emkg.run.sorties[0].dispatched == 0.0 <= actual.run.sorties[0].dispatched < 1.0
