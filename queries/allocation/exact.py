"""The allocation as an integer program, solved exactly by HiGHS (`scipy.optimize.milp`).

Variables, per incident i and team t that is useful there (problem.IncidentNeeds):

- x[i,t] in {0, 1}: t is sent to i;
- first[i,n,t] in [0, 1]: t brings the first unit of need n at i (t holds n);
- extra[i,n,t] in [0, 1]: t brings a further unit of n (needs asking for 2+ units).

    maximise  sum w(n) fit(t,n) first[i,n,t] + REDUNDANCY_CREDIT w(n) fit(t,n) extra[i,n,t]
              - sum cost(i,t) x[i,t]
    s.t.      sum_i x[i,t] <= 1                  a team goes to at most one incident
              sum_t x[i,t] <= maxTeams(i)
              sum_t first[i,n,t] <= 1            one first unit per need
              sum_t extra[i,n,t] <= units(n) - 1
              first[i,n,t] + extra[i,n,t] <= x[i,t]   only a sent team brings units

For fixed x the unit variables form a transportation problem (integral optima), so
they stay continuous and the objective equals `problem.plan_value` of the plan read
from x. HiGHS is deterministic: same input, same plan.

Example::

    result = solve_exact(incidents, time_limit=2.0)
    result.status, result.plan, result.objective
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from queries.allocation.problem import IncidentNeeds, Plan, plan_value, team_cost
from queries.selection import REDUNDANCY_CREDIT

ExactStatus = Literal["optimal", "timeLimit", "failed"]
MIP_GAP = 1e-6  # relative optimality gap at which HiGHS stops (its default 1e-4 is coarser)


@dataclass(frozen=True)
class ExactResult:
    status: ExactStatus
    plan: Plan | None  # None when the solver found no plan (failed, or no plan in time)
    objective: float | None  # plan_value(plan)
    bound: float | None  # the solver's upper bound on the objective
    seconds: float
    message: str = ""


class _Model:
    """Column and row builder (sparse)."""

    def __init__(self) -> None:
        self.gain: list[float] = []
        self.integer: list[int] = []
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.vals: list[float] = []
        self.upper: list[float] = []

    def var(self, gain: float, *, integer: bool) -> int:
        self.gain.append(gain)
        self.integer.append(1 if integer else 0)
        return len(self.gain) - 1

    def row(self, terms: Sequence[tuple[int, float]], upper: float) -> None:
        r = len(self.upper)
        for col, val in terms:
            self.rows.append(r)
            self.cols.append(col)
            self.vals.append(val)
        self.upper.append(upper)


def _build(incidents: Sequence[IncidentNeeds]) -> tuple[_Model, dict[tuple[int, str], int]]:
    m = _Model()
    x: dict[tuple[int, str], int] = {}
    by_team: dict[str, list[int]] = {}
    for i, inc in enumerate(incidents):
        firsts: dict[str, list[int]] = {}
        extras: dict[str, list[int]] = {}
        for o in inc.options:
            xi = x[(i, o.id)] = m.var(-team_cost(inc, o), integer=True)
            by_team.setdefault(o.id, []).append(xi)
            for n in inc.needs:
                fit = o.fits.get(n.id)
                if fit is None:
                    continue
                f = m.var(n.weight * fit, integer=False)
                firsts.setdefault(n.id, []).append(f)
                link = [(xi, -1.0), (f, 1.0)]
                if n.units > 1:
                    e = m.var(REDUNDANCY_CREDIT * n.weight * fit, integer=False)
                    extras.setdefault(n.id, []).append(e)
                    link.append((e, 1.0))
                m.row(link, 0.0)  # one unit of n per sent team
        m.row([(x[(i, o.id)], 1.0) for o in inc.options], float(inc.max_teams))
        for n in inc.needs:
            if n.id in firsts:
                m.row([(f, 1.0) for f in firsts[n.id]], 1.0)
            if n.id in extras:
                m.row([(e, 1.0) for e in extras[n.id]], float(n.units - 1))
    for cols in by_team.values():
        if len(cols) > 1:
            m.row([(c, 1.0) for c in cols], 1.0)
    return m, x


def solve_exact(incidents: Sequence[IncidentNeeds], *, time_limit: float) -> ExactResult:
    """The best plan (status optimal), the best found in `time_limit` s, or none (failed)."""
    t0 = time.perf_counter()
    m, x = _build(incidents)
    if not m.gain:
        empty: Plan = tuple(() for _ in incidents)
        return ExactResult("optimal", empty, 0.0, 0.0, time.perf_counter() - t0)
    # scipy's optimizer (~0.7 s of CPU to import) only when an allocation is solved, not in
    # every process that imports the API
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    a = coo_array(
        (m.vals, (m.rows, m.cols)), shape=(len(m.upper), len(m.gain)), dtype=float
    ).tocsr()
    try:
        res = milp(
            c=-np.asarray(m.gain),
            integrality=np.asarray(m.integer),
            bounds=Bounds(0.0, 1.0),
            constraints=LinearConstraint(a, -np.inf, np.asarray(m.upper)),
            options={"time_limit": max(time_limit, 0.01), "mip_rel_gap": MIP_GAP, "disp": False},
        )
    except (ValueError, RuntimeError) as e:  # HiGHS refused the model: fall back
        return ExactResult("failed", None, None, None, time.perf_counter() - t0, str(e))
    seconds = time.perf_counter() - t0
    bound = getattr(res, "mip_dual_bound", None)
    upper = -float(bound) if bound is not None and np.isfinite(bound) else None
    if res.x is None:
        status: ExactStatus = "timeLimit" if res.status == 1 else "failed"
        return ExactResult(status, None, None, upper, seconds, str(res.message))
    plan = tuple(
        tuple(
            o.id
            for o in sorted(inc.options, key=lambda o: (o.eta, o.id))
            if res.x[x[(i, o.id)]] > 0.5
        )
        for i, inc in enumerate(incidents)
    )
    status = "optimal" if res.status == 0 else "timeLimit"
    return ExactResult(status, plan, plan_value(incidents, plan), upper, seconds, str(res.message))
