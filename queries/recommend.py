"""recommend_forces: which teams to send for a scenario, why, and what is missing.

Baseline of DESIGN.md steps 1-4 (to be deepened: cascades, plans, experts,
equipment, search). Deterministic: ties break by team id.

Example::

    rec = await recommend_forces(driver, "neo4j", Scenario(
        location=GeoPoint(30.66, 104.06), response_level=ResponseLevel.II,
        hazard_codes=("11A01",)))
    [t.team.id for t in rec.force_package]
"""

from __future__ import annotations

from neo4j import AsyncDriver

from kg.errors import UserInputError
from queries.hazards import required_capabilities, resolve_hazard_codes
from queries.models import (
    CapabilityNeed,
    ConceptRef,
    ForceRecommendation,
    ResolvedHazard,
    Scenario,
    TeamRecommendation,
)
from queries.teams import candidate_teams
from queries.travel import eta_minutes, max_reach_km

DEFAULT_MAX_TRAVEL_MINUTES = 180
DEFAULT_MAX_TEAMS = 10


def validate_scenario(s: Scenario) -> None:
    if not -90.0 <= s.location.latitude <= 90.0 or not -180.0 <= s.location.longitude <= 180.0:
        raise UserInputError(
            f"location ({s.location.latitude}, {s.location.longitude}) is out of range; "
            "latitude must be in -90..90 and longitude in -180..180 (WGS-84 degrees)"
        )
    if not s.hazard_codes and not (s.description and s.description.strip()):
        raise UserInputError("give hazardCodes (e.g. ['11A01']) or a description of the incident")
    for name, value in (("maxTravelMinutes", s.max_travel_minutes), ("maxTeams", s.max_teams)):
        if value is not None and value <= 0:
            raise UserInputError(f"{name} must be a positive number, got {value}")


async def recommend_forces(driver: AsyncDriver, database: str, s: Scenario) -> ForceRecommendation:
    validate_scenario(s)
    hazards = await resolve_hazard_codes(driver, database, list(s.hazard_codes))
    resolved = tuple(ResolvedHazard(h, 1.0, "code") for h in hazards)
    needs = await required_capabilities(
        driver, database, [(h.id, 1.0) for h in hazards], s.response_level.severity
    )
    max_minutes = s.max_travel_minutes or DEFAULT_MAX_TRAVEL_MINUTES
    found = await candidate_teams(
        driver, database, s.location, [n.capability.id for n in needs],
        max_km=max_reach_km(max_minutes), exclude=list(s.exclude_teams),
    )
    weights = {n.capability.id: n.weight for n in needs}
    total = sum(weights.values()) or 1.0
    candidates: list[TeamRecommendation] = []
    for team, km, caps in found:
        eta = eta_minutes(km, team.mobility, team.readiness_minutes)
        if eta > max_minutes:
            continue
        covered = sum(weights[c.id] * (5 - lvl) / 4 for c, lvl in caps)
        score = round(0.7 * covered / total + 0.3 * max(0.0, 1 - eta / max_minutes), 4)
        reasons = tuple(
            f"covers {c.name_en} ({c.name_zh}) at level {lvl}" for c, lvl in caps
        ) + (f"ETA {eta:.0f} min: {km:.1f} km, {team.mobility}, ready in "
             f"{team.readiness_minutes} min",)
        candidates.append(TeamRecommendation(
            team=team, score=min(1.0, score), distance_km=round(km, 2),
            eta_minutes=round(eta, 1), covers=tuple(c for c, _ in caps), reasons=reasons,
        ))
    candidates.sort(key=lambda t: (-t.score, t.eta_minutes, t.team.id))
    package: list[TeamRecommendation] = []
    uncovered = set(weights)
    for cand in sorted(candidates, key=lambda t: (t.eta_minutes, t.team.id)):
        if len(package) >= (s.max_teams or DEFAULT_MAX_TEAMS):
            break
        if uncovered & {c.id for c in cand.covers}:
            package.append(cand)
            uncovered -= {c.id for c in cand.covers}
    gaps = tuple(n for n in needs if n.capability.id in uncovered)
    return ForceRecommendation(
        hazards=resolved, required_capabilities=tuple(needs), force_package=tuple(package),
        candidates=tuple(candidates), gaps=gaps,
    )


__all__ = ["CapabilityNeed", "ConceptRef", "recommend_forces", "validate_scenario"]
