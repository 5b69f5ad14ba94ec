"""Step 4a (pure): how good is one candidate team for this scenario, in [0, 1].

    score = 0.45 x coverage + 0.25 x eta + 0.10 x readiness + 0.10 x plan + 0.10 x experience

- coverage: the share of the scenario's total need weight the team covers,
  each need credited by `level_fit` (a team holding the capability at the
  needed level or better gets full credit; each level short loses LEVEL_STEP);
- eta: 1 - ETA / max travel minutes (0 at the limit);
- readiness: 1 - readiness minutes / READINESS_SCALE (a team ready at once scores 1);
- plan: 1 if an applicable plan names the team, PLAN_TYPE_CREDIT if it
  prescribes the team's type, else 0;
- experience: deployments to past incidents of the scenario's hazards, 1 from
  EXPERIENCE_SATURATION deployments on.

Example::

    breakdown = score_candidate(cand, needs, max_minutes=180, plan_teams=set(), plan_types=set())
    total = score_of(breakdown)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from queries.models import CandidateTeam, CapabilityNeed, ScoreBreakdown

WEIGHTS = ScoreBreakdown(coverage=0.45, eta=0.25, readiness=0.10, plan=0.10, experience=0.10)
LEVEL_STEP = 0.25  # credit lost per capability level below the needed one
MIN_LEVEL_FIT = 0.25  # a team holding the capability at all keeps this much credit
READINESS_SCALE = 60.0  # minutes; readiness at or beyond this scores 0
PLAN_TYPE_CREDIT = 0.7  # plan prescribes the team's type (a named team gets 1.0)
EXPERIENCE_SATURATION = 2  # deployments on these hazards that earn full experience credit


def level_fit(team_level: int, needed_level: int) -> float:
    """Credit for holding a capability at `team_level` when `needed_level` is asked (1 = best)."""
    if team_level <= needed_level:
        return 1.0
    return max(MIN_LEVEL_FIT, 1.0 - LEVEL_STEP * (team_level - needed_level))


def fits(cand: CandidateTeam, needs: Iterable[CapabilityNeed]) -> dict[str, float]:
    """Capability id -> level fit, for the needs this team covers."""
    held = dict(cand.capabilities)
    return {
        n.capability.id: level_fit(held[n.capability.id], n.needed_level)
        for n in needs
        if n.capability.id in held
    }


def plan_credit(
    team_id: str, team_type: str | None, plan_teams: set[str], plan_types: set[str]
) -> float:
    if team_id in plan_teams:
        return 1.0
    if team_type is not None and team_type in plan_types:
        return PLAN_TYPE_CREDIT
    return 0.0


def _clamp(x: float) -> float:
    return min(1.0, max(0.0, x))


def score_candidate(
    cand: CandidateTeam,
    needs: list[CapabilityNeed],
    *,
    max_minutes: float,
    plan_teams: set[str],
    plan_types: set[str],
) -> ScoreBreakdown:
    total = sum(n.weight for n in needs) or 1.0
    weight: Mapping[str, float] = {n.capability.id: n.weight for n in needs}
    covered = sum(weight[c] * f for c, f in fits(cand, needs).items())
    return ScoreBreakdown(
        coverage=round(_clamp(covered / total), 4),
        eta=round(_clamp(1.0 - cand.eta_minutes / max_minutes) if max_minutes > 0 else 0.0, 4),
        readiness=round(_clamp(1.0 - cand.team.readiness_minutes / READINESS_SCALE), 4),
        plan=plan_credit(cand.team.id, cand.team.team_type, plan_teams, plan_types),
        experience=round(_clamp(len(cand.deployments) / EXPERIENCE_SATURATION), 4),
    )


def score_of(b: ScoreBreakdown) -> float:
    """The weighted sum, in [0, 1] because the weights sum to 1 and each part is in [0, 1]."""
    w = WEIGHTS
    s = (
        w.coverage * b.coverage
        + w.eta * b.eta
        + w.readiness * b.readiness
        + w.plan * b.plan
        + w.experience * b.experience
    )
    return round(_clamp(s), 4)
