"""`allocate` against a real Neo4j: the hand-made water-rescue conflict on a graph of our
own, and seeded multi-incident cases on the demo graph checked against the graph itself."""

from __future__ import annotations

import random
from dataclasses import replace

from neo4j import Driver

from kg.cypher import CypherRunner
from kg.settings import Settings
from queries.allocation import Allocation, AllocationMethod, allocate
from queries.models import GeoPoint, ResponseLevel, Scenario
from tests.integration.recommend.conftest import check_invariants, run_async

WATER = "cap.water-rescue"
# The shared 2-core test machine runs several suites at once: a cold query plan can take
# seconds there. These tests check the allocation, not latency (benchmarks/ does that).
SLOW_MACHINE_TIMEOUT_S = 60.0
A = (30.66, 104.06)  # Chengdu
B = (30.90, 103.60)  # Dujiangyan, ~50 km north-west

TEAM = """
UNWIND $teams AS t
MATCH (c:Capability {id: $cap})
CREATE (n:Team {id: t.id, nameZh: t.id + '水域救援队', nameEn: t.id + ' water rescue',
                status: 'available', location: point({latitude: t.lat, longitude: t.lon}),
                mobility: 'ground', readinessMinutes: 10, adminLevel: 'municipal',
                headcount: 20, source: 'test'})
CREATE (n)-[:HAS_CAPABILITY {level: 1}]->(c)
"""


def _teams(driver: Driver, **at: tuple[float, float]) -> None:
    rows = [{"id": i, "lat": p[0], "lon": p[1]} for i, p in at.items()]
    driver.execute_query(TEAM, teams=rows, cap=WATER)


def _run(settings: Settings, scenarios: list[Scenario], **kw: object) -> Allocation:
    return run_async(
        settings,
        lambda d: allocate(
            CypherRunner(d, settings.neo4j_database, timeout_s=SLOW_MACHINE_TIMEOUT_S),
            scenarios,
            **kw,  # type: ignore[arg-type]
        ),
    )


def flood(at: tuple[float, float], **kw: object) -> Scenario:
    return Scenario(GeoPoint(*at), ResponseLevel.III, ("11A01",), **kw)  # type: ignore[arg-type]


def _package(a: Allocation, i: int) -> list[str]:
    return [t.team.id for t in a.incidents[i].recommendation.force_package]


def _gap(a: Allocation, i: int, cap: str) -> object | None:
    return next((g for g in a.incidents[i].recommendation.gaps if g.capability.id == cap), None)


def test_the_first_flood_takes_the_slower_team_so_the_second_keeps_its_only_one(
    ontology_graph: Driver, neo4j_settings: Settings
) -> None:
    # W1 lies between both floods (46 min from A, 68 from B); W2 is 52 min from A and beyond
    # B's 90-minute limit. Served one by one, A takes the faster W1 and B has no water team.
    _teams(ontology_graph, W1=(30.78, 103.83), W2=(30.55, 104.35))
    a = _run(
        neo4j_settings,
        [flood(A), flood(B, max_travel_minutes=90)],
        keys=["INC-A", "INC-B"],
    )
    assert a.method is AllocationMethod.EXACT
    assert _package(a, 0) == ["W2"] and _package(a, 1) == ["W1"]
    assert a.objective > a.greedy_objective
    first, second = a.incidents
    assert [t.id for t in first.greedy_package or ()] == ["W1"]
    assert second.greedy_package == ()
    assert _gap(a, 1, WATER) is None and second.coverage > second.greedy_coverage
    assert [r.code for r in first.reasons][:2] == ["ALLOC_TEAM_TO_OTHER", "ALLOC_TEAM_INSTEAD"]
    assert first.reasons[0].param("incident") == "INC-B"
    assert a.reasons[0].code == "ALLOC_EXACT_BETTER"


def test_a_need_whose_only_team_went_elsewhere_says_so_and_names_the_team(
    ontology_graph: Driver, neo4j_settings: Settings
) -> None:
    _teams(ontology_graph, W1=(30.78, 103.83))
    a = _run(neo4j_settings, [flood(A), flood(B)])
    sent = [i for i in (0, 1) if _package(a, i) == ["W1"]]
    assert len(sent) == 1
    other = 1 - sent[0]
    gap = _gap(a, other, WATER)
    assert gap is not None and gap.limited_by == "otherIncident"  # type: ignore[attr-defined]
    assert gap.nearest_team.team.id == "W1"  # type: ignore[attr-defined]


def test_seeded_cases_on_the_demo_graph_keep_every_rule(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    rng = random.Random(5)
    hazards = ["11A01", "11C02", "11D04", "12B00", "11E01", "12A01"]
    better = 0
    for n in (2, 3):
        for _ in range(2):
            scenarios = [
                Scenario(
                    GeoPoint(
                        round(rng.uniform(29.0, 31.5), 3), round(rng.uniform(103.0, 106.0), 3)
                    ),
                    ResponseLevel(rng.choice(["I", "II", "III"])),
                    (rng.choice(hazards),),
                    max_travel_minutes=rng.choice([90, 120, 180]),
                    max_teams=rng.choice([3, 5, 8]),
                )
                for _ in range(n)
            ]
            a = _run(neo4j_settings, scenarios)
            assert a.method is AllocationMethod.EXACT
            assert a.objective >= a.greedy_objective - 1e-6
            better += a.objective > a.greedy_objective + 1e-6
            packages = [{t.team.id for t in i.recommendation.force_package} for i in a.incidents]
            assert sum(map(len, packages)) == len(set().union(*packages)), "a team sent twice"
            for k, (s, inc) in enumerate(zip(scenarios, a.incidents, strict=True)):
                rec = inc.recommendation
                elsewhere = set().union(*(p for j, p in enumerate(packages) if j != k))
                taken = [g for g in rec.gaps if g.limited_by == "otherIncident"]
                for g in taken:  # the team it names was sent to another incident
                    assert g.nearest_team is not None and g.nearest_team.team.id in elsewhere
                # every other gap keeps the single recommender's rules, against the graph
                rest = replace(rec, gaps=tuple(g for g in rec.gaps if g not in taken))
                check_invariants(demo_graph, neo4j_settings.neo4j_database, s, rest)
    assert better > 0  # the seeded cases hold conflicts the exact plan resolves
