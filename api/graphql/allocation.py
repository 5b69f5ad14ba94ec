"""`recommendForIncidents`: force packages for several incidents at once (issue 15 item 3).

The teams are allocated across all the scenarios together (queries.allocation: an
integer program solved by HiGHS, the one-by-one greedy selection as baseline and
fallback); each incident gets the same recommendation `recommendForces` gives, for its
share of the teams, plus what it would have had under greedy when that differs.

Example::

    query {
      recommendForIncidents(input: {scenarios: [
          {hazardCodes: ["11A01"], location: {latitude: 30.9, longitude: 103.6},
           responseLevel: III},
          {hazardCodes: ["11A01"], location: {latitude: 30.7, longitude: 103.9},
           responseLevel: III}], incidentIds: ["INC-A", "INC-B"]}) {
        method objective greedyObjective
        incidents { incidentId recommendation { forcePackage { team { id } } gaps {
          capability { id } limitedBy } } greedyPackage { id } reasons }
      }
    }
"""

from __future__ import annotations

from enum import Enum

import strawberry

from api.auth import Permission
from api.graphql.context import Info
from api.graphql.enums import describe_values
from api.graphql.fields import document, field
from api.graphql.reasons import Locale, Reason, reasons_of, request_lang
from api.graphql.recommend import (
    ForceRecommendation,
    ScenarioInput,
    current_hazard_codes,
)
from api.graphql.types import Concept
from api.messages import Lang, render_all
from kg.errors import UserInputError
from queries import models as m
from queries.allocation import Allocation, IncidentForces, allocate
from queries.allocation.open_incidents import MAX_OPEN_INCIDENTS, open_incident_scenarios
from queries.allocation.solve import DEFAULT_TIME_LIMIT


@strawberry.enum(name="AllocationMethod", description="Which method produced the allocation.")
class AllocationMethodEnum(Enum):
    EXACT = "exact"  # HiGHS proved the plan optimal
    BEST_FOUND = "bestFound"  # the time limit stopped HiGHS with a plan better than greedy
    GREEDY = "greedy"  # HiGHS failed or found nothing better in time: one-by-one greedy


@strawberry.enum(description="Why the greedy plan was used (method GREEDY).")
class AllocationFallback(Enum):
    TIME_LIMIT = "timeLimit"
    SOLVER_FAILED = "solverFailed"


@strawberry.input(description="Several incidents to allocate the available teams across.")
class RecommendForIncidentsInput:
    scenarios: list[ScenarioInput] | None = strawberry.field(
        default=None,
        description="One scenario per incident (at most 10), in the order greedy serves them. "
        "Leave out with openIncidents.",
    )
    open_incidents: bool = strawberry.field(
        default=False,
        description="Allocate across the live incidents that still wait for forces (status "
        f"open or forces_requested; the oldest {MAX_OPEN_INCIDENTS}), each with its stored "
        "scenario, oldest first; their ids name them in the answer. Then give no scenarios "
        "or incidentIds.",
    )
    incident_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Names for the incidents in the answer; default 1, 2, ..."
    )
    time_limit_seconds: float | None = strawberry.field(
        default=None,
        description=f"Solver time limit, above 0 and at most 10 (default {DEFAULT_TIME_LIMIT}).",
    )


@strawberry.type(description="One incident's share of the allocation.")
class IncidentAllocation:
    incident_id: strawberry.ID
    recommendation: ForceRecommendation = strawberry.field(
        description="As recommendForces, for the teams this incident gets; a gap whose "
        "holders in reach went to another incident is limitedBy otherIncident."
    )
    objective: float = strawberry.field(description="This incident's part of the objective.")
    greedy_objective: float
    coverage: float = strawberry.field(
        description="Covered need: sum of need weight x level fit (a second unit at half)."
    )
    greedy_coverage: float
    changed: bool = strawberry.field(description="It gets other teams than under greedy.")
    greedy_package: list[Concept] | None = strawberry.field(
        description="The teams it would have had under greedy, when different."
    )
    reasons: list[str] = strawberry.field(description="What changed and why, in the locale.")
    reason_details: list[Reason]


@strawberry.type(description="Force packages for several incidents, allocated together.")
class ForceAllocation:
    method: AllocationMethodEnum
    fallback: AllocationFallback | None
    objective: float = strawberry.field(
        description="Sum over incidents of covered need minus a small ETA and score cost."
    )
    greedy_objective: float = strawberry.field(
        description="The same for serving the incidents one by one (the baseline)."
    )
    bound: float | None = strawberry.field(description="The solver's upper bound.")
    solve_seconds: float
    greedy_seconds: float
    reasons: list[str]
    reason_details: list[Reason]
    incidents: list[IncidentAllocation]
    warnings: list[str]
    locale: Locale


def _incident(i: IncidentForces, lang: Lang) -> IncidentAllocation:
    before = i.greedy_package
    return IncidentAllocation(
        incident_id=strawberry.ID(i.key),
        recommendation=ForceRecommendation.of(i.recommendation, lang),
        objective=i.value,
        greedy_objective=i.greedy_value,
        coverage=i.coverage,
        greedy_coverage=i.greedy_coverage,
        changed=before is not None,
        greedy_package=[Concept.of(m.ConceptRef(t.id, t.name_zh, t.name_en)) for t in before]
        if before is not None
        else None,
        reasons=render_all(i.reasons, lang),
        reason_details=reasons_of(i.reasons, lang),
    )


def force_allocation(a: Allocation, lang: Lang, warnings: list[str]) -> ForceAllocation:
    return ForceAllocation(
        method=AllocationMethodEnum(a.method.value),
        fallback=AllocationFallback(a.fallback) if a.fallback else None,
        objective=a.objective,
        greedy_objective=a.greedy_objective,
        bound=a.bound,
        solve_seconds=a.solve_seconds,
        greedy_seconds=a.greedy_seconds,
        reasons=render_all(a.reasons, lang),
        reason_details=reasons_of(a.reasons, lang),
        incidents=[_incident(i, lang) for i in a.incidents],
        warnings=warnings,
        locale=Locale(lang),
    )


@strawberry.type
class AllocationQuery:
    @field(
        description="Force packages for several incidents at once: the available teams are "
        "allocated across all of them together (an exact integer program, the one-by-one "
        "greedy selection as baseline and fallback), so the first incident does not take "
        "the second's only team for a capability when a slightly slower one would do."
    )
    async def recommend_for_incidents(
        self, info: Info, input: RecommendForIncidentsInput, locale: Locale | None = None
    ) -> ForceAllocation:
        ctx = info.context
        lang = request_lang(locale, ctx.request)
        ctx.require(Permission.RECOMMEND)
        warnings: list[str] = []
        scenarios: list[m.Scenario] = []
        keys = [str(k) for k in input.incident_ids] if input.incident_ids else None
        if input.open_incidents:
            if input.scenarios or input.incident_ids:
                raise UserInputError(
                    "give either openIncidents or scenarios (with incidentIds), not both"
                )
            scenarios, keys = await open_incident_scenarios(ctx.runner)
        else:
            if input.scenarios is None:
                raise UserInputError(
                    "give 1 to 10 scenarios (one per incident), or openIncidents: true to "
                    "allocate across the live incidents waiting for forces"
                )
            for s in input.scenarios:
                codes, said = current_hazard_codes(s.hazard_codes or (), ctx.state.ontology)
                warnings += [w for w in said if w not in warnings]
                scenarios.append(s.to_scenario(codes))
        a = await allocate(
            ctx.runner,
            scenarios,
            keys=keys,
            embedder=ctx.state.embedder,
            time_limit=DEFAULT_TIME_LIMIT
            if input.time_limit_seconds is None
            else input.time_limit_seconds,
        )
        return force_allocation(a, lang, warnings)


describe_values(
    AllocationMethodEnum,
    {
        "EXACT": "HiGHS proved the plan optimal (never worse than greedy; greedy's plan is "
        "kept when it is worth as much).",
        "BEST_FOUND": "The time limit stopped HiGHS with a plan better than greedy, not "
        "proven best.",
        "GREEDY": "The one-by-one greedy plan: HiGHS failed or found nothing better in time "
        "(see `fallback`).",
    },
)
describe_values(
    AllocationFallback,
    {
        "TIME_LIMIT": "HiGHS reached timeLimitSeconds without a plan better than greedy.",
        "SOLVER_FAILED": "HiGHS failed (no plan).",
    },
)
document(
    IncidentAllocation,
    {
        "incident_id": "The incident's name: from incidentIds, else its 1-based position.",
        "greedy_objective": "Its part of the objective under greedy.",
        "greedy_coverage": "Its covered need under greedy.",
    },
)
document(
    ForceAllocation,
    {
        "method": "Which method produced the allocation.",
        "fallback": "Method GREEDY: why; null otherwise.",
        "solve_seconds": "Wall time HiGHS took, seconds.",
        "greedy_seconds": "Wall time the greedy baseline took, seconds.",
        "reasons": "How the allocation was found (method, time limit), in the locale.",
        "incidents": "One per scenario, in the input's order.",
        "warnings": "What to know about the input, in the locale (e.g. an old hazard code "
        "read as its GB/T 35561 code).",
    },
)
document(
    AllocationQuery,
    {"recommend_for_incidents.input": "The scenarios and the solver's time limit."},
)
