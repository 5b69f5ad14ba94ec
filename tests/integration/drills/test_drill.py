"""Drills against a real Neo4j: a small drill whose metrics are checked by hand, the
sandbox never changing the graph, and the same script + seed giving the same result."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import Driver

from kg.cypher import CypherRunner
from kg.settings import Settings
from queries.drills import CHOOSING, Strategy, load_script, parse_script, run_drill
from queries.drills.drill import DrillResult
from queries.drills.saved import load_saved, rerun_drill, save_drill
from queries.drills.script import DrillScript, shipped_script
from tests.integration.recommend.conftest import run_async

SLOW_MACHINE_TIMEOUT_S = 60.0  # a shared 2-core machine: cold query plans can take seconds

TEAMS = """
UNWIND $teams AS t
CREATE (n:Team {id: t.id, nameZh: t.id + '队', nameEn: t.id + ' team', status: 'available',
                location: point({latitude: t.lat, longitude: t.lon}), mobility: 'ground',
                readinessMinutes: 10, adminLevel: 'municipal', headcount: 20, source: 'test'})
WITH n, t
UNWIND t.caps AS cap
MATCH (c:Capability {id: cap})
CREATE (n)-[:HAS_CAPABILITY {level: 1}]->(c)
"""

# Two floods at the same place, 6 h 30 min apart; one water-rescue team (also swiftwater)
# 0.1 degrees north, one evacuation team 0.3 degrees north, nobody for medical triage.
SMALL = """\
version: 1
id: small
name: {zh: 两场洪水, en: Two floods}
durationHours: 10
policy: {replanMinutes: 30}
incidents:
  - {id: A, at: 0, name: {zh: 甲, en: A}, hazards: ["11A01"], level: IV,
     location: {latitude: 30.0, longitude: 104.0}}
  - {id: B, at: 6h30m, name: {zh: 乙, en: B}, hazards: ["11A01"], level: IV,
     location: {latitude: 30.0, longitude: 104.0}}
"""


def _drill(
    settings: Settings, script: DrillScript, strategies: list[Strategy], seed: int = 7
) -> DrillResult:
    return run_async(
        settings,
        lambda d: run_drill(
            CypherRunner(d, settings.neo4j_database, timeout_s=SLOW_MACHINE_TIMEOUT_S),
            script,
            strategies,
            seed=seed,
        ),
    )


def test_a_small_drill_gives_the_metrics_worked_out_by_hand(
    ontology_graph: Driver, neo4j_settings: Settings
) -> None:
    ontology_graph.execute_query(
        TEAMS,
        teams=[
            {
                "id": "T-W",
                "lat": 30.1,
                "lon": 104.0,
                "caps": ["cap.water-rescue", "cap.swiftwater-rescue"],
            },
            {"id": "T-E", "lat": 30.3, "lon": 104.0, "caps": ["cap.evacuation"]},
        ],
    )
    result = _drill(neo4j_settings, parse_script(SMALL), list(CHOOSING))
    # Flood at level IV needs water rescue 1.0, evacuation 0.9, swiftwater 0.8, medical
    # triage 0.6. Neo4j measures on a 6378.14 km sphere: 0.1 deg = 11.13 km, ETA 10 + 11.13 x
    # 1.4 = 25.6 min; 0.3 deg = 33.40 km, ETA 56.8. T-W works 6 h (flood water rescue), home
    # at 385.6 + 15.6 = 401.2, so B (at 390) gets it at the 420 tick: on scene at 445.6
    # (55.6 min). T-E home at 416.8 + 46.8 = 463.6, sent at the 480 tick, on scene at 536.8
    # (146.8 min after B opened).
    for r in result.runs:  # one holder per need: every strategy must do the same
        first = {(n.incident, n.capability): n.minutes_to_first_unit for n in r.run.needs}
        assert first == {
            ("A", "cap.water-rescue"): 25.6,
            ("A", "cap.swiftwater-rescue"): 25.6,
            ("A", "cap.evacuation"): 56.8,
            ("A", "cap.medical-triage"): None,
            ("B", "cap.water-rescue"): pytest.approx(55.6),
            ("B", "cap.swiftwater-rescue"): pytest.approx(55.6),
            ("B", "cap.evacuation"): pytest.approx(146.8),
            ("B", "cap.medical-triage"): None,
        }, r.run.strategy
        m = r.metrics
        assert m.covered_within == {30: 0.2727, 60: 0.6818, 120: 0.6818}  # 1.8, 4.5, 4.5 / 6.6
        assert m.covered_at_end == 0.8182  # 5.4 / 6.6
        assert [(u.capability, u.count, u.weight) for u in m.unmet_by_kind] == [
            ("cap.medical-triage", 2, 1.2)
        ]
        assert (m.sorties, m.teams_used, m.teams_exhausted) == (4, 2, 0)
        # out and back for A, out only for B (still working at the end): 3 x (11.13 + 33.40)
        assert m.total_travel_km == 133.6
        assert m.mean_minutes_to_first_unit == pytest.approx(
            round((25.6 * 2 + 56.8 + 55.6 * 2 + 146.8) / 6, 1)
        )


CHECKSUM = """
MATCH (n) WITH n ORDER BY elementId(n)
WITH collect(labels(n)) + collect(properties(n)) AS nodes
MATCH ()-[r]->() WITH nodes, r ORDER BY elementId(r)
RETURN nodes, collect([type(r), properties(r), elementId(startNode(r)),
                       elementId(endNode(r))]) AS rels
"""


def _checksum(driver: Driver) -> str:
    import hashlib

    records, _, _ = driver.execute_query(CHECKSUM)
    return hashlib.sha256(repr(records[0].data()).encode()).hexdigest()


def test_the_sandbox_never_writes_and_a_saved_drill_reruns_to_the_same_result(
    demo_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    path = shipped_script("chemical_park_pengzhou")
    script = load_script(path)
    before = _checksum(demo_graph)
    first = _drill(neo4j_settings, script, list(CHOOSING), seed=11)
    assert _checksum(demo_graph) == before
    assert all(r.run.sorties for r in first.runs)  # the drill did dispatch teams
    second = _drill(neo4j_settings, script, list(CHOOSING), seed=11)
    assert second.fingerprint == first.fingerprint
    assert second.as_dict()["runs"][2]["sorties"] == first.as_dict()["runs"][2]["sorties"]

    saved = tmp_path / "drill.json"
    save_drill(saved, path.read_text(encoding="utf-8"), path.name, first)
    check = run_async(
        neo4j_settings,
        lambda d: rerun_drill(
            CypherRunner(d, neo4j_settings.neo4j_database, timeout_s=SLOW_MACHINE_TIMEOUT_S),
            load_saved(saved),
        ),
    )
    assert check.same and not check.graph_changed
    assert _checksum(demo_graph) == before
