"""Every reason queries.incidents emits, from its producers (used by the message-catalog
test, tests/unit/recommend/test_messages.py, and by the tests here)."""

from __future__ import annotations

from collections.abc import Callable

from api.graphql.contacts import CONTACT_MASKED
from queries.incidents import problems as p
from queries.incidents.dispatch import (
    DispatchRequest,
    TeamOrder,
    TeamState,
    check_dispatchable,
    order_problems,
    team_problems,
)
from queries.incidents.lifecycle import NewIncident, check_transition, validate_new_incident
from queries.models import GeoPoint, Reason


def _raised(call: Callable[[], object]) -> list[Reason]:
    try:
        call()
    except p.IncidentProblem as e:
        return [x.reason for x in e.problems]
    raise AssertionError(f"{call} raised nothing")


def state(
    team: str, status: str = "available", *, found: bool = True, assigned: str = ""
) -> TeamState:
    return TeamState(team, found, status, False, (assigned,) if assigned else (),
                     GeoPoint(30.6, 104.0), "ground", 10)  # fmt: skip


def incident_reasons() -> list[Reason]:
    out: list[Reason] = []
    out += _raised(lambda: check_transition("open", "on_scene"))
    out += _raised(lambda: check_transition("forces_requested", "dispatched"))
    out += _raised(lambda: check_transition("closed", "open"))
    out += _raised(lambda: check_transition("open", "lost"))
    bad = NewIncident(None, None, GeoPoint(95.0, 104.0), "II", tuple("x" * 21), None, "地" * 201)
    out += _raised(lambda: validate_new_incident(bad))
    out += _raised(
        lambda: validate_new_incident(NewIncident("某地", None, GeoPoint(30.0, 104.0), "II"))
    )
    req = DispatchRequest("INC-1", None, (TeamOrder("T-1"), TeamOrder("T-1")))
    out += order_problems(req) and [x.reason for x in order_problems(req)]
    states = {"T-1": state("T-1", found=False), "T-2": state("T-2", assigned="INC-9"),
              "T-3": state("T-3", "unavailable")}  # fmt: skip
    out += [x.reason for x in team_problems([TeamOrder(t) for t in states], states)]
    out += _raised(lambda: check_dispatchable("closed"))
    for problem in (
        p.incident_not_found("INC-1"),
        p.incident_closed("INC-1"),
        p.teams_still_assigned(["T-1", "T-2"]),
        p.unknown_hazards(["99Z99"]),
        p.recommendation_not_for("REC-1", "INC-1"),
        p.no_order("INC-1", 2),
        p.undo_too_late(1, 12.4, 10),
        p.order_all_released(1),
        p.not_assigned("T-1", "INC-1"),
        p.already_released("T-1", "INC-1"),
    ):
        out += [x.reason for x in problem.problems]
    out.append(CONTACT_MASKED)
    return out
