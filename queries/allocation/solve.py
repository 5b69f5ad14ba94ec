"""Choose the plan: the exact solver's, with the greedy plan as baseline and fallback (pure).

- EXACT: HiGHS proved its plan optimal (never worse than greedy, which it includes
  as a feasible plan). When the greedy plan is worth as much, the greedy plan is kept,
  so a case without conflicts reads exactly like the single recommender.
- BEST_FOUND: the time limit stopped HiGHS with a plan better than greedy, not proven best.
- GREEDY: HiGHS failed, or stopped without a better plan (`fallback` says which).

Example::

    s = choose_plan(incidents, time_limit=2.0)
    s.method, s.objective, s.greedy_objective
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from queries.allocation.exact import solve_exact
from queries.allocation.problem import IncidentNeeds, Plan, check_plan, greedy_plan, plan_value

DEFAULT_TIME_LIMIT = 2.0  # seconds for HiGHS
TOLERANCE = 1e-6  # objective differences below this are ties


class AllocationMethod(StrEnum):
    EXACT = "exact"
    BEST_FOUND = "bestFound"
    GREEDY = "greedy"


@dataclass(frozen=True)
class Solution:
    method: AllocationMethod
    plan: Plan
    objective: float
    greedy_plan: Plan
    greedy_objective: float
    bound: float | None  # the solver's upper bound (None when it gave none)
    solve_seconds: float
    greedy_seconds: float
    time_limit: float = DEFAULT_TIME_LIMIT
    fallback: str | None = None  # GREEDY only: "timeLimit" or "solverFailed"


def choose_plan(
    incidents: Sequence[IncidentNeeds], *, time_limit: float = DEFAULT_TIME_LIMIT
) -> Solution:
    t0 = time.perf_counter()
    base = greedy_plan(incidents)
    greedy_seconds = time.perf_counter() - t0
    base_value = plan_value(incidents, base)
    exact = solve_exact(incidents, time_limit=time_limit)

    def done(method: AllocationMethod, plan: Plan, fallback: str | None = None) -> Solution:
        check_plan(incidents, plan)
        return Solution(
            method=method,
            plan=plan,
            objective=round(plan_value(incidents, plan), 6),
            greedy_plan=base,
            greedy_objective=round(base_value, 6),
            bound=None if exact.bound is None else round(exact.bound, 6),
            solve_seconds=exact.seconds,
            greedy_seconds=greedy_seconds,
            time_limit=time_limit,
            fallback=fallback,
        )

    if exact.plan is None or exact.objective is None:
        reason = "timeLimit" if exact.status == "timeLimit" else "solverFailed"
        return done(AllocationMethod.GREEDY, base, reason)
    better = exact.objective > base_value + TOLERANCE
    if exact.status == "optimal":
        return done(AllocationMethod.EXACT, exact.plan if better else base)
    if better:
        return done(AllocationMethod.BEST_FOUND, exact.plan)
    return done(AllocationMethod.GREEDY, base, "timeLimit")
