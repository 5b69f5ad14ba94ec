"""The incident lifecycle as data, and the pure dispatch rules (no Neo4j)."""

from __future__ import annotations

import pytest

from api.messages import render
from queries.incidents.dispatch import (
    DispatchRequest,
    TeamOrder,
    order_eta,
    order_problems,
    resolved_orders,
    status_after_dispatch,
    team_problems,
)
from queries.incidents.lifecycle import (
    DISPATCHABLE,
    STATUS_LABELS,
    STATUSES,
    TRANSITIONS,
    check_transition,
)
from queries.incidents.models import RecommendationRecord
from queries.incidents.problems import IncidentProblem, ProblemKind
from queries.models import GeoPoint
from tests.unit.incidents.samples import incident_reasons, state


def test_every_status_has_its_transitions_labels_and_the_graph_is_a_forward_path() -> None:
    assert set(TRANSITIONS) == set(STATUSES) == set(STATUS_LABELS)
    order = {s: i for i, s in enumerate(STATUSES)}
    for source, targets in TRANSITIONS.items():
        assert all(order[t] > order[source] for t in targets), source  # never backwards
    reachable, todo = {"open"}, ["open"]
    while todo:
        for t in TRANSITIONS[todo.pop()]:
            if t not in reachable:
                reachable.add(t)
                todo.append(t)
    assert reachable == set(STATUSES)
    assert TRANSITIONS["closed"] == ()


@pytest.mark.parametrize(("source", "target"), [(s, t) for s in STATUSES for t in STATUSES])
def test_check_transition_allows_exactly_the_listed_moves(source: str, target: str) -> None:
    allowed = target in TRANSITIONS[source] and target != "dispatched"
    if allowed:
        check_transition(source, target)
        return
    with pytest.raises(IncidentProblem) as e:
        check_transition(source, target)
    problem = e.value.problems[0]
    assert problem.kind is ProblemKind.ILLEGAL_TRANSITION and problem.field == "to"


def test_an_illegal_transition_names_the_allowed_ones_in_both_languages() -> None:
    with pytest.raises(IncidentProblem) as e:
        check_transition("dispatched", "closed")
    reason = e.value.problems[0].reason
    assert (
        render(reason, "zh") == "事件当前为“已调派”，不能转为“已结案”；当前可转为：已到场、已撤离"
    )
    assert render(reason, "en").endswith("it can move to: on scene, released")


def test_order_defaults_fill_each_team_and_problems_name_the_field() -> None:
    req = DispatchRequest(
        "INC-1",
        None,
        (TeamOrder(" T-1 ", "救人"), TeamOrder("T-2")),
        task="转移",
        assembly_point="A",
    )
    assert resolved_orders(req) == [TeamOrder("T-1", "救人", "A"), TeamOrder("T-2", "转移", "A")]
    assert order_problems(req) == []
    bad = DispatchRequest("INC-1", None, (TeamOrder("T-1"), TeamOrder("T-1", "x", "y")))
    fields = [p.field for p in order_problems(bad)]
    assert fields == ["teams[0].task", "teams[0].assemblyPoint", "teams[1].teamId"]
    assert [p.field for p in order_problems(DispatchRequest("I", None, ()))] == ["teams"]


def test_only_free_unassigned_known_teams_can_be_sent() -> None:
    states = {
        "A": state("A"),
        "S": state("S", "standby"),
        "D": state("D", "deployed"),
        "X": state("X", found=False),
        "E": state("E", assigned="INC-2"),
    }
    problems = team_problems([TeamOrder(t) for t in states], states)
    assert [(p.field, p.kind.value) for p in problems] == [
        ("teams[2].teamId", "CONFLICT"),
        ("teams[3].teamId", "NOT_FOUND"),
        ("teams[4].teamId", "CONFLICT"),
    ]
    assert "INC-2" in render(problems[2].reason, "en")
    assert "已出动" in render(problems[0].reason, "zh")


def test_eta_comes_from_the_accepted_recommendation_else_the_travel_formula() -> None:
    rec = RecommendationRecord(
        "REC-1", "INC-1", None, "w", (), "II", None, None, (), (), ("A",), (42.5,), (0.9,),
        (), (), None, None, None, None,
    )  # fmt: skip
    scene = GeoPoint(30.6, 104.0)
    assert order_eta(state("A"), scene, rec) == 42.5
    far = state("B")
    assert order_eta(far, scene, rec) == 10.0  # at the scene: readiness only
    assert order_eta(far, GeoPoint(29.6, 104.0), None) == pytest.approx(10 + 111.2 * 1.4, abs=0.5)


def test_status_after_an_order_keeps_an_incident_on_scene() -> None:
    assert [status_after_dispatch(s) for s in DISPATCHABLE] == [
        "dispatched", "dispatched", "dispatched", "on_scene",
    ]  # fmt: skip


def test_every_incident_reason_renders_in_both_languages() -> None:
    reasons = incident_reasons()
    assert len({r.code for r in reasons}) >= 25
    for r in reasons:
        assert "{" not in render(r, "zh") and "{" not in render(r, "en")
