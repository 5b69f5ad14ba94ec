"""allocate: force packages for several incidents at once, so that the first incident
served does not strip the second of its only team for a capability when a slightly
slower one would do.

Per scenario the single recommender's steps 1-4a (queries.recommend.prepare_scenario:
needs, scored candidates); then one plan over all incidents (solve.choose_plan: HiGHS
with the greedy plan as baseline and fallback, off the event loop); then per incident
steps 4b-6 for its share (complete_recommendation: gaps, with otherIncident when the
holders in reach went to another incident; equipment; plans assessed). Each incident
also says what it would have had under greedy, when that differs, and why.

Example::

    a = await allocate(runner, [flood_a, flood_b], keys=["INC-1", "INC-2"])
    a.method, a.objective, a.greedy_objective
    [[t.team.id for t in i.recommendation.force_package] for i in a.incidents]
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kg.cypher import CypherRunner
from kg.embedder import Embedder
from kg.errors import UserInputError
from queries.allocation.problem import IncidentNeeds, Plan, coverage, incident_value
from queries.allocation.solve import DEFAULT_TIME_LIMIT, AllocationMethod, Solution, choose_plan
from queries.models import (
    CandidateTeam,
    ConceptRef,
    ForceRecommendation,
    Reason,
    Scenario,
    TeamSummary,
)
from queries.recommend import (
    PreparedScenario,
    complete_recommendation,
    prepare_scenario,
    selection_input,
)

MAX_INCIDENTS = 10
MAX_TIME_LIMIT = 10.0  # seconds


@dataclass(frozen=True)
class IncidentForces:
    """One incident's share of the allocation."""

    key: str
    recommendation: ForceRecommendation  # package and gaps under the chosen plan
    value: float  # its part of the objective
    greedy_value: float
    coverage: float  # weighted, level-scaled covered need
    greedy_coverage: float
    greedy_package: tuple[TeamSummary, ...] | None  # under greedy, when different
    reasons: tuple[Reason, ...]  # what changed against greedy, and why


@dataclass(frozen=True)
class Allocation:
    method: AllocationMethod
    objective: float
    greedy_objective: float
    bound: float | None  # the solver's upper bound on the objective
    solve_seconds: float
    greedy_seconds: float
    fallback: str | None  # method GREEDY: timeLimit or solverFailed
    incidents: tuple[IncidentForces, ...]
    reasons: tuple[Reason, ...]


def validate_request(scenarios: Sequence[Scenario], keys: Sequence[str], time_limit: float) -> None:
    """Raise UserInputError saying what is wrong with the request and how to fix it."""
    if not 1 <= len(scenarios) <= MAX_INCIDENTS:
        raise UserInputError(f"give 1 to {MAX_INCIDENTS} scenarios, got {len(scenarios)}")
    if len(keys) != len(scenarios):
        raise UserInputError(
            f"give one incident id per scenario: {len(keys)} ids for {len(scenarios)} scenarios"
        )
    if len(set(keys)) != len(keys) or not all(k.strip() for k in keys):
        raise UserInputError("incident ids must be unique and not empty")
    if not 0 < time_limit <= MAX_TIME_LIMIT:
        raise UserInputError(
            f"timeLimitSeconds must be above 0 and at most {MAX_TIME_LIMIT}, got {time_limit}"
        )


def incident_needs(p: PreparedScenario) -> IncidentNeeds:
    """The allocation input of one prepared scenario (the single recommender's cover input)."""
    specs, options = selection_input(p.needs, p.pool, p.scored)
    return IncidentNeeds(tuple(specs), tuple(options), p.max_teams, p.max_minutes)


async def allocate(
    runner: CypherRunner,
    scenarios: Sequence[Scenario],
    *,
    keys: Sequence[str] | None = None,
    embedder: Embedder | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Allocation:
    """Allocate the available teams across `scenarios` together (keys name the incidents
    in reasons; default "1", "2", ...)."""
    names = list(keys) if keys is not None else [str(i + 1) for i in range(len(scenarios))]
    validate_request(scenarios, names, time_limit)
    # one incident after another (each one's reads still run together): on a small server
    # all incidents' reads at once only stretch every query toward its timeout
    prepared = [await prepare_scenario(runner, s, embedder=embedder) for s in scenarios]
    incidents = [incident_needs(p) for p in prepared]
    sol = await asyncio.to_thread(choose_plan, incidents, time_limit=time_limit)
    owner = {t: i for i, ids in enumerate(sol.plan) for t in ids}
    recs = [
        await complete_recommendation(
            runner, p, ids, elsewhere=[t for t, j in owner.items() if j != i]
        )
        for i, (p, ids) in enumerate(zip(prepared, sol.plan, strict=True))
    ]
    shares = tuple(
        _share(i, names, prepared[i], incidents[i], recs[i], sol) for i in range(len(scenarios))
    )
    return Allocation(
        method=sol.method,
        objective=sol.objective,
        greedy_objective=sol.greedy_objective,
        bound=sol.bound,
        solve_seconds=round(sol.solve_seconds, 4),
        greedy_seconds=round(sol.greedy_seconds, 4),
        fallback=sol.fallback,
        incidents=shares,
        reasons=method_reasons(sol),
    )


def method_reasons(sol: Solution) -> tuple[Reason, ...]:
    """Which method produced the plan, and its objective against greedy's."""
    objective, greedy = round(sol.objective, 3), round(sol.greedy_objective, 3)
    if sol.method is AllocationMethod.EXACT:
        if sol.plan == sol.greedy_plan:
            return (Reason.of("ALLOC_EXACT_SAME", objective=objective),)
        return (Reason.of("ALLOC_EXACT_BETTER", objective=objective, greedyObjective=greedy),)
    seconds = round(sol.time_limit, 1)
    if sol.method is AllocationMethod.BEST_FOUND:
        return (
            Reason.of(
                "ALLOC_BEST_FOUND", objective=objective, greedyObjective=greedy, seconds=seconds
            ),
        )
    if sol.fallback == "timeLimit":
        return (Reason.of("ALLOC_GREEDY_TIME_LIMIT", objective=greedy, seconds=seconds),)
    return (Reason.of("ALLOC_GREEDY_SOLVER_FAILED", objective=greedy),)


def _ref(t: TeamSummary) -> ConceptRef:
    return ConceptRef(t.id, t.name_zh, t.name_en)


def change_reasons(
    i: int,
    names: Sequence[str],
    plan: Plan,
    greedy: Plan,
    pool: Mapping[str, CandidateTeam],
    inc: IncidentNeeds,
) -> tuple[Reason, ...]:
    """What incident `i` gets under `plan` that it would not under `greedy`, and why."""
    ids, before = plan[i], greedy[i]
    now_at = {t: j for j, chosen in enumerate(plan) for t in chosen}
    was_at = {t: j for j, chosen in enumerate(greedy) for t in chosen}
    out: list[Reason] = []
    for t in before:
        if t in ids:
            continue
        team = _ref(pool[t].team)
        if t in now_at:
            out.append(Reason.of("ALLOC_TEAM_TO_OTHER", team=team, incident=names[now_at[t]]))
        else:
            out.append(Reason.of("ALLOC_TEAM_NOT_SENT", team=team))
    for t in ids:
        if t in before:
            continue
        c = pool[t]
        eta = round(c.eta_minutes)
        if t in was_at:
            out.append(
                Reason.of(
                    "ALLOC_TEAM_FROM_OTHER",
                    team=_ref(c.team),
                    incident=names[was_at[t]],
                    etaMinutes=eta,
                )
            )
        else:
            out.append(Reason.of("ALLOC_TEAM_INSTEAD", team=_ref(c.team), etaMinutes=eta))
    cov, greedy_cov = round(coverage(inc, ids), 4), round(coverage(inc, before), 4)
    if cov != greedy_cov:
        out.append(Reason.of("ALLOC_COVERAGE", coverage=cov, greedyCoverage=greedy_cov))
    return tuple(out)


def _share(
    i: int,
    names: Sequence[str],
    p: PreparedScenario,
    inc: IncidentNeeds,
    rec: ForceRecommendation,
    sol: Solution,
) -> IncidentForces:
    ids, before = sol.plan[i], sol.greedy_plan[i]
    changed = set(ids) != set(before)
    return IncidentForces(
        key=names[i],
        recommendation=rec,
        value=round(incident_value(inc, ids), 6),
        greedy_value=round(incident_value(inc, before), 6),
        coverage=round(coverage(inc, ids), 4),
        greedy_coverage=round(coverage(inc, before), 4),
        greedy_package=tuple(p.pool[t].team for t in before) if changed else None,
        reasons=change_reasons(i, names, sol.plan, sol.greedy_plan, p.pool, inc),
    )
