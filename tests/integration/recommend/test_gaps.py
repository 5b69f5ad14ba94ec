"""Honest gaps (issue 12): every reason has a scenario that produces it, a need that asks
for two units and gets one says so, and a hazard no team can handle gets no filler."""

from __future__ import annotations

from neo4j import Driver

from tests.integration.recommend.conftest import Recommend

CHENGDU = (30.66, 104.06)
URUMQI = (43.8, 87.6)  # far beyond 180 minutes by road from Chengdu

TEAM = """
UNWIND $teams AS t
MATCH (c:Capability {id: t.cap})
CREATE (n:Team {id: t.id, nameZh: t.id, nameEn: t.id, status: t.status,
                location: point({latitude: t.lat, longitude: t.lon}), mobility: 'ground',
                readinessMinutes: 10, adminLevel: 'municipal', headcount: 20, source: 'test'})
CREATE (n)-[:HAS_CAPABILITY {level: 1}]->(c)
"""


def _teams(driver: Driver, *teams: tuple[str, str, str, tuple[float, float]]) -> None:
    rows = [
        {"id": i, "cap": cap, "status": status, "lat": at[0], "lon": at[1]}
        for i, cap, status, at in teams
    ]
    driver.execute_query(TEAM, teams=rows)


def _gap(rec: object, cap: str) -> object:
    found = [g for g in rec.gaps if g.capability.id == cap]  # type: ignore[attr-defined]
    assert len(found) == 1, f"no single gap for {cap}"
    return found[0]


def test_every_holder_busy_is_all_busy(ontology_graph: Driver, recommend: Recommend) -> None:
    _teams(ontology_graph, ("T-W1", "cap.water-rescue", "deployed", CHENGDU))
    gap = _gap(recommend(["11A01"], CHENGDU, "III"), "cap.water-rescue")
    assert gap.limited_by == "allBusy" and gap.busy_teams == 1  # type: ignore[attr-defined]


def test_excluded_holders_are_excluded(ontology_graph: Driver, recommend: Recommend) -> None:
    _teams(ontology_graph, ("T-W1", "cap.water-rescue", "available", CHENGDU))
    rec = recommend(["11A01"], CHENGDU, "III", exclude_teams=("T-W1",))
    gap = _gap(rec, "cap.water-rescue")
    assert gap.limited_by == "excluded" and gap.excluded_teams == 1  # type: ignore[attr-defined]


def test_a_far_holder_is_too_far_and_named(ontology_graph: Driver, recommend: Recommend) -> None:
    _teams(ontology_graph, ("T-W9", "cap.water-rescue", "available", URUMQI))
    gap = _gap(recommend(["11A01"], CHENGDU, "III"), "cap.water-rescue")
    assert gap.limited_by == "tooFar"  # type: ignore[attr-defined]
    assert gap.nearest_team.team.id == "T-W9"  # type: ignore[attr-defined]
    assert gap.nearest_team.eta_minutes > 180  # type: ignore[attr-defined]


def test_nobody_holds_it_is_no_team(ontology_graph: Driver, recommend: Recommend) -> None:
    gap = _gap(recommend(["11A01"], CHENGDU, "III"), "cap.water-rescue")
    assert gap.limited_by == "noTeam" and gap.nearest_team is None  # type: ignore[attr-defined]


def test_two_units_asked_one_provided_is_a_gap(
    ontology_graph: Driver, recommend: Recommend
) -> None:
    """Level I asks two units of a critical need; the one team in reach is not enough."""
    _teams(ontology_graph, ("T-W1", "cap.water-rescue", "available", CHENGDU))
    rec = recommend(["11A01"], CHENGDU, "I")
    assert "T-W1" in [r.team.id for r in rec.force_package]
    gap = _gap(rec, "cap.water-rescue")
    assert (gap.units, gap.units_provided) == (2, 1)  # type: ignore[attr-defined]
    assert gap.limited_by == "noTeam"  # type: ignore[attr-defined]  # no second team exists
    _teams(ontology_graph, ("T-W9", "cap.water-rescue", "available", URUMQI))
    gap = _gap(recommend(["11A01"], CHENGDU, "I"), "cap.water-rescue")
    assert gap.limited_by == "tooFar"  # type: ignore[attr-defined]  # one exists, far away


def test_no_filler_for_a_hazard_nobody_can_handle(
    ontology_graph: Driver, recommend: Recommend
) -> None:
    """An epidemic: only a command team nearby, for a minor need: no package, honest gaps."""
    _teams(ontology_graph, ("T-C1", "cap.incident-command", "available", CHENGDU))
    rec = recommend(["13A00"], CHENGDU, "II")
    assert rec.force_package == ()
    command = _gap(rec, "cap.incident-command")
    assert command.limited_by == "lowPriority"  # type: ignore[attr-defined]
    assert all(g.limited_by in ("noTeam", "lowPriority") for g in rec.gaps)
