"""Every reason queries.allocation emits, from its producers (used by the message-catalog
test, tests/unit/recommend/test_messages.py, and by the reason tests here)."""

from __future__ import annotations

from queries.allocation.allocate import change_reasons, method_reasons
from queries.allocation.problem import IncidentNeeds
from queries.allocation.solve import AllocationMethod, Solution
from queries.models import CandidateTeam, GeoPoint, Reason, TeamSummary
from queries.selection import NeedSpec, Option

WATER = "cap.water-rescue"


def team(id_: str, eta: float) -> CandidateTeam:
    summary = TeamSummary(
        id_, f"{id_}水域救援队", f"{id_} water rescue", "available", GeoPoint(30.6, 104.0),
        "water", "municipal", 10,
    )  # fmt: skip
    return CandidateTeam(summary, eta, eta, ((WATER, 1),))


POOL = {t: team(t, eta) for t, eta in (("W1", 20.0), ("W2", 35.0), ("W3", 50.0))}


def incident(*teams: str) -> IncidentNeeds:
    options = tuple(Option(t, POOL[t].eta_minutes, {WATER: 1.0}, 0.5) for t in teams)
    return IncidentNeeds((NeedSpec(WATER, 1.0),), options, 5, 180.0)


def solution(
    method: AllocationMethod, fallback: str | None = None, *, same: bool = False
) -> Solution:
    greedy = (("W1",), ())
    plan = greedy if same else (("W2",), ("W1",))
    return Solution(method, plan, 1.9, greedy, 0.99, 2.0, 2.01, 0.001, 2.0, fallback)


def allocation_reasons() -> list[Reason]:
    out: list[Reason] = []
    out += method_reasons(solution(AllocationMethod.EXACT))
    out += method_reasons(solution(AllocationMethod.EXACT, same=True))
    out += method_reasons(solution(AllocationMethod.BEST_FOUND))
    out += method_reasons(solution(AllocationMethod.GREEDY, "timeLimit", same=True))
    out += method_reasons(solution(AllocationMethod.GREEDY, "solverFailed", same=True))
    a, b = incident("W1", "W2", "W3"), incident("W1")
    names = ["INC-A", "INC-B"]
    plan, greedy = (("W2",), ("W1",)), (("W1", "W3"), ())
    out += change_reasons(0, names, plan, greedy, POOL, a)  # to other, not sent, instead
    out += change_reasons(1, names, plan, greedy, POOL, b)  # from other, coverage
    return out
