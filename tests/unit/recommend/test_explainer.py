"""TeamExplainer shares what a scenario's teams have in common, and nothing leaks between
teams: each team's reasons and graph are what a fresh explainer gives for it alone, in any
order, and hold only that team's capabilities, plans and deployments."""

from __future__ import annotations

from dataclasses import replace

from queries.explain import TeamExplainer
from queries.models import (
    CandidateTeam,
    CapabilityNeed,
    ConceptRef,
    Deployment,
    Explanation,
    Reason,
    ResolvedHazard,
    ResponseLevel,
)
from queries.plans import parse_plan
from queries.scoring import score_candidate
from tests.unit.recommend.test_messages import MEDIC, PLAN_ROW, QUAKE, SLIDE, TEAM, USAR

NEEDS = [
    CapabilityNeed(USAR, 1.0, ("11C02", "11D04"), needed_level=1),
    CapabilityNeed(MEDIC, 0.7, ("11D04",), needed_level=2),
]
HAZARDS = [ResolvedHazard(QUAKE, 1.0, "code"), ResolvedHazard(SLIDE, 0.6, "cascade from 11C02")]
PLAN = parse_plan(PLAN_ROW, ResponseLevel.I)
DEP = Deployment(ConceptRef("INC-1", "芦山地震", "Lushan earthquake"), "11C02")
TEAMS = [
    CandidateTeam(TEAM, 25.0, 50.0, (("cap.usar", 2),), (DEP,)),
    CandidateTeam(replace(TEAM, id="T-2", team_type=None), 5.0, 20.0, (("cap.medical", 1),)),
    CandidateTeam(replace(TEAM, id="T-9"), 9.0, 30.0, (("cap.medical", 3), ("cap.usar", 1))),
    CandidateTeam(replace(TEAM, id="T-4"), 12.0, 35.0, (("cap.usar", 2),)),  # same level as T-1
]


Explained = tuple[tuple[Reason, ...], Explanation]


def _explain_each(why: TeamExplainer, teams: list[CandidateTeam]) -> dict[str, Explained]:
    out: dict[str, Explained] = {}
    for c in teams:
        b = score_candidate(c, NEEDS, max_minutes=180, plan_teams={"T-9"}, plan_types={"tt.usar"})
        out[c.team.id] = why.explain(c, b)
    return out


def test_a_shared_explainer_gives_each_team_what_a_fresh_one_gives() -> None:
    shared = TeamExplainer(NEEDS, HAZARDS, [PLAN], mountainous=False)
    forward = _explain_each(shared, TEAMS)
    backward = _explain_each(shared, TEAMS[::-1])
    for c in TEAMS:
        fresh = _explain_each(TeamExplainer(NEEDS, HAZARDS, [PLAN], mountainous=False), [c])
        assert forward[c.team.id] == fresh[c.team.id] == backward[c.team.id]


def test_each_team_graph_holds_only_its_own_capabilities_and_deployments() -> None:
    shared = TeamExplainer(NEEDS, HAZARDS, [PLAN], mountainous=False)
    graphs = {tid: graph for tid, (_, graph) in _explain_each(shared, TEAMS).items()}
    medic_only = {n.id for n in graphs["T-2"].nodes}
    assert "cap.medical" in medic_only and "cap.usar" not in medic_only
    assert "INC-1" not in medic_only and "INC-1" in {n.id for n in graphs["T-1"].nodes}
    # the medical need comes from the landslide only: no earthquake REQUIRES edge for T-2
    assert {(e.source, e.target) for e in graphs["T-2"].edges if e.type == "REQUIRES"} == {
        ("11D04", "cap.medical")
    }
    levels = {
        tid: [r.param("level") for r in reasons if r.code == "COVERS"]
        for tid, (reasons, _) in _explain_each(shared, TEAMS).items()
    }
    assert levels == {"T-1": [2], "T-2": [1], "T-9": [1, 3], "T-4": [2]}
