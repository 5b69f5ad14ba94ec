"""The multi-incident allocation problem (pure): what a plan is worth, and the greedy baseline.

One `IncidentNeeds` per incident is the single recommender's set-cover input
(`queries.recommend.selection_input`: needs with weight and units, the useful teams
with ETA, level fit per need and score) plus its team limit. A plan gives each
incident a list of team ids; a team serves at most one incident.

What a plan is worth (the objective the exact solver maximises, and the yardstick
for the greedy plan):

    value = sum over incidents, needs n:  weight(n) x (best fit + REDUNDANCY_CREDIT x
                                          the next units(n) - 1 fits among its teams)
          - sum over sent teams:          ETA_COST x ETA / maxTravelMinutes
                                          + SCORE_COST x (1 - score)

Covered need is weighted and level-scaled exactly as the single recommender's greedy
gain (a second unit counts REDUNDANCY_CREDIT of the first). A team's cost is small
(at most ETA_COST + SCORE_COST = 0.03, a fifth of the least a team can add for a
need above the relevance floor: 0.6 x 0.25): coverage decides, ETA and then the
score (plan designation, readiness, experience) decide between plans that cover the
same. So the plan never strips incident B of its only water-rescue team when a
slightly slower one would do for incident A.

Greedy baseline (`greedy_plan`): incidents served one after another in the given
order, each by the current single-incident selection (greedy + local search) over
the teams the earlier incidents left.

Example::

    plan = greedy_plan(incidents)            # (("T-1", "T-4"), ("T-2",))
    plan_value(incidents, plan)              # 2.41
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from queries.selection import REDUNDANCY_CREDIT, NeedSpec, Option, select_package

ETA_COST = 0.02  # the cost of a team arriving at the incident's maxTravelMinutes
SCORE_COST = 0.01  # the cost of a team scoring 0 (a team scoring 1 costs nothing more)

Plan = tuple[tuple[str, ...], ...]  # per incident, the team ids sent


@dataclass(frozen=True)
class IncidentNeeds:
    """One incident's set-cover input: its needs, the useful teams, its limits."""

    needs: tuple[NeedSpec, ...]
    options: tuple[Option, ...]
    max_teams: int
    max_minutes: float

    def option(self, team_id: str) -> Option:
        return next(o for o in self.options if o.id == team_id)


def team_cost(inc: IncidentNeeds, o: Option) -> float:
    """What sending `o` to this incident costs in the objective (ETA and score)."""
    return ETA_COST * o.eta / max(inc.max_minutes, 1.0) + SCORE_COST * (1.0 - o.score)


def coverage(inc: IncidentNeeds, team_ids: Sequence[str]) -> float:
    """Weighted, level-scaled covered need of these teams at this incident."""
    chosen = [inc.option(t) for t in team_ids]
    total = 0.0
    for n in inc.needs:
        fits = sorted((o.fits[n.id] for o in chosen if n.id in o.fits), reverse=True)
        if fits:
            total += n.weight * (fits[0] + REDUNDANCY_CREDIT * sum(fits[1 : n.units]))
    return total


def incident_value(inc: IncidentNeeds, team_ids: Sequence[str]) -> float:
    """Coverage minus the teams' costs."""
    return coverage(inc, team_ids) - sum(team_cost(inc, inc.option(t)) for t in team_ids)


def plan_value(incidents: Sequence[IncidentNeeds], plan: Plan) -> float:
    """The objective of a whole plan (higher is better)."""
    return sum(incident_value(inc, ids) for inc, ids in zip(incidents, plan, strict=True))


def check_plan(incidents: Sequence[IncidentNeeds], plan: Plan) -> None:
    """Raise ValueError when a plan breaks a rule: a team twice, a team that is no option
    of its incident, or more teams than the incident's limit."""
    if len(plan) != len(incidents):
        raise ValueError(f"plan has {len(plan)} incidents, expected {len(incidents)}")
    seen: set[str] = set()
    for i, (inc, ids) in enumerate(zip(incidents, plan, strict=True)):
        known = {o.id for o in inc.options}
        if len(ids) > inc.max_teams:
            raise ValueError(f"incident {i}: {len(ids)} teams, limit {inc.max_teams}")
        for t in ids:
            if t in seen:
                raise ValueError(f"team {t} is sent to two incidents")
            if t not in known:
                raise ValueError(f"team {t} is no candidate of incident {i}")
            seen.add(t)


def greedy_plan(incidents: Sequence[IncidentNeeds]) -> Plan:
    """Serve the incidents in order with the single-incident selection (the baseline)."""
    taken: set[str] = set()
    plan: list[tuple[str, ...]] = []
    for inc in incidents:
        left = [o for o in inc.options if o.id not in taken]
        chosen = tuple(o.id for o in select_package(list(inc.needs), left, inc.max_teams))
        taken.update(chosen)
        plan.append(chosen)
    return tuple(plan)
