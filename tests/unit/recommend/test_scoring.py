"""Scoring a candidate: each part in [0, 1], and moving the way a fire officer expects."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from queries.explain import explain_team
from queries.models import (
    CandidateTeam,
    CapabilityNeed,
    ConceptRef,
    Deployment,
    GeoPoint,
    PlanMatch,
    PlanSummary,
    ResolvedHazard,
    TeamSummary,
)
from queries.scoring import WEIGHTS, fits, level_fit, score_candidate, score_of

WATER = CapabilityNeed(ConceptRef("cap.water-rescue", "水域救援", "Water rescue"), 1.0, ("11A01",))
EVAC = CapabilityNeed(ConceptRef("cap.evacuation", "疏散", "Evacuation"), 0.5, ("11A01",))
NEEDS = [WATER, EVAC]


def team(**kw: object) -> TeamSummary:
    base = TeamSummary(
        id="T-1",
        name_zh="水域救援队",
        name_en="Water team",
        status="available",
        location=GeoPoint(30.6, 104.0),
        mobility="water",
        admin_level="municipal",
        readiness_minutes=10,
        team_type="tt.water-rescue",
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def cand(
    caps: tuple[tuple[str, int], ...] = (("cap.water-rescue", 1),),
    eta: float = 30.0,
    deployments: tuple[Deployment, ...] = (),
    **kw: object,
) -> CandidateTeam:
    return CandidateTeam(team(**kw), 10.0, eta, caps, deployments)


def score(c: CandidateTeam, needs: list[CapabilityNeed] = NEEDS, **kw: set[str]) -> float:
    b = score_candidate(
        c,
        needs,
        max_minutes=180,
        plan_teams=kw.get("teams", set()),
        plan_types=kw.get("types", set()),
    )
    return score_of(b)


def test_weights_sum_to_one() -> None:
    w = WEIGHTS
    assert w.coverage + w.eta + w.readiness + w.plan + w.experience == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("team_level", "needed", "fit"),
    [
        (1, 1, 1.0),
        (1, 4, 1.0),
        (2, 1, 0.75),
        (3, 1, 0.5),
        (4, 1, 0.25),
        (4, 3, 0.75),
        (4, 4, 1.0),
    ],
)
def test_level_fit(team_level: int, needed: int, fit: float) -> None:
    assert level_fit(team_level, needed) == fit


def test_scores_stay_in_unit_interval_at_the_extremes() -> None:
    dep = Deployment(ConceptRef("INC-1", "洪水", "Flood"), "11A01")
    for lvl, eta, ready, deps, named in itertools.product(
        (1, 4), (0.0, 90.0, 180.0, 500.0), (0, 30, 300), ((), (dep,) * 5), (True, False)
    ):
        c = cand(
            (("cap.water-rescue", lvl), ("cap.evacuation", lvl)), eta, deps, readiness_minutes=ready
        )
        b = score_candidate(
            c, NEEDS, max_minutes=180, plan_teams={"T-1"} if named else set(), plan_types=set()
        )
        for part in (b.coverage, b.eta, b.readiness, b.plan, b.experience):
            assert 0.0 <= part <= 1.0
        assert 0.0 <= score_of(b) <= 1.0
    best = cand(
        (("cap.water-rescue", 1), ("cap.evacuation", 1)), 0.0, (dep,) * 2, readiness_minutes=0
    )
    assert score(best, teams={"T-1"}) == pytest.approx(1.0)


def test_more_capable_nearer_readier_designated_experienced_score_higher() -> None:
    base = score(cand())
    assert score(cand((("cap.water-rescue", 1), ("cap.evacuation", 2)))) > base
    level1 = [replace(n, needed_level=1) for n in NEEDS]
    assert score(cand((("cap.water-rescue", 1),)), level1) > score(
        cand((("cap.water-rescue", 3),)), level1
    )
    assert score(cand(eta=20.0)) > score(cand(eta=60.0))
    assert score(cand(readiness_minutes=5)) > score(cand(readiness_minutes=40))
    assert score(cand(), teams={"T-1"}) > score(cand(), types={"tt.water-rescue"}) > base
    dep = Deployment(ConceptRef("INC-1", "洪水", "Flood"), "11A01")
    assert score(cand(deployments=(dep,))) > base


def test_fits_only_for_needs_held() -> None:
    c = cand((("cap.water-rescue", 2), ("cap.mine-rescue", 1)))
    assert fits(c, [replace(WATER, needed_level=1), EVAC]) == {"cap.water-rescue": 0.75}


def test_explanation_names_the_paths_behind_each_reason() -> None:
    dep = Deployment(ConceptRef("INC-1", "乐山洪水", "Leshan flood"), "11A01")
    c = cand((("cap.water-rescue", 1),), deployments=(dep,))
    plan = PlanMatch(
        PlanSummary("P-1", "防汛预案", "Flood plan", "provincial"),
        (),
        (ConceptRef("11A01", "洪水", "Flood"),),
        prescribed_teams=("T-1",),
    )
    hz = [ResolvedHazard(ConceptRef("11A01", "洪水", "Flood"), 1.0, "code")]
    b = score_candidate(c, NEEDS, max_minutes=180, plan_teams={"T-1"}, plan_types=set())
    reasons, graph = explain_team(c, NEEDS, hz, [plan], b, mountainous=False)
    codes = [r.code for r in reasons]
    assert codes == ["COVERS", "ETA", "PLAN_TEAM", "EXPERIENCE", "SCORE"]
    covers = reasons[0]
    assert covers.param("capability") == WATER.capability and covers.param("level") == 1
    assert reasons[2].param("plan") == ConceptRef("P-1", "防汛预案", "Flood plan")
    assert reasons[3].param("incident") == dep.incident  # evacuation (not held) is not claimed
    kinds = {n.kind for n in graph.nodes}
    assert kinds == {"team", "capability", "hazard", "plan", "incident"}
    ids = {n.id for n in graph.nodes}
    assert all(e.source in ids and e.target in ids for e in graph.edges)
    assert {e.type for e in graph.edges} == {
        "HAS_CAPABILITY",
        "REQUIRES",
        "PRESCRIBES",
        "COVERS",
        "DEPLOYED_TO",
        "OF_HAZARD",
    }
