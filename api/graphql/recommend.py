"""GraphQL types and the `recommendForces` query (the DESIGN.md contract)."""

from __future__ import annotations

from enum import Enum

import strawberry

from api.auth import Permission
from api.graphql.context import Info
from api.graphql.fields import field
from api.graphql.types import Concept, GeoPoint, Team
from queries import models as m
from queries.recommend import recommend_forces


@strawberry.enum(description="Response level: I 特别重大 > II 重大 > III 较大 > IV 一般")
class ResponseLevel(Enum):
    I = "I"  # noqa: E741
    II = "II"
    III = "III"
    IV = "IV"


@strawberry.input
class GeoPointInput:
    latitude: float
    longitude: float


@strawberry.input
class ScenarioInput:
    hazard_codes: list[str] | None = None
    description: str | None = None
    location: GeoPointInput
    response_level: ResponseLevel
    max_travel_minutes: int | None = None
    max_teams: int | None = None
    required_capabilities: list[str] | None = None
    exclude_teams: list[strawberry.ID] | None = None

    def to_scenario(self) -> m.Scenario:
        return m.Scenario(
            location=m.GeoPoint(self.location.latitude, self.location.longitude),
            response_level=m.ResponseLevel(self.response_level.value),
            hazard_codes=tuple(self.hazard_codes or ()),
            description=self.description,
            max_travel_minutes=self.max_travel_minutes,
            max_teams=self.max_teams,
            required_capabilities=tuple(self.required_capabilities or ()),
            exclude_teams=tuple(str(t) for t in self.exclude_teams or ()),
        )


@strawberry.type
class ResolvedHazard:
    hazard: Concept
    confidence: float
    via: str


@strawberry.type
class CapabilityNeed:
    capability: Concept
    weight: float
    sources: list[str]


@strawberry.type
class TeamRecommendation:
    team: Team
    score: float
    distance_km: float
    eta_minutes: float
    covers: list[Concept]
    reasons: list[str]

    @classmethod
    def of(cls, r: m.TeamRecommendation) -> TeamRecommendation:
        t = r.team
        return cls(
            team=Team(
                id=strawberry.ID(t.id),
                name=t.name_zh,
                name_zh=t.name_zh,
                name_en=t.name_en,
                status=t.status,
                location=GeoPoint(latitude=t.location.latitude, longitude=t.location.longitude),
                mobility=t.mobility,
                admin_level=t.admin_level,
                readiness_minutes=t.readiness_minutes,
            ),
            score=r.score,
            distance_km=r.distance_km,
            eta_minutes=r.eta_minutes,
            covers=[Concept.of(c) for c in r.covers],
            reasons=list(r.reasons),
        )


@strawberry.type
class ForceRecommendation:
    hazards: list[ResolvedHazard]
    required_capabilities: list[CapabilityNeed]
    force_package: list[TeamRecommendation]
    candidates: list[TeamRecommendation]
    gaps: list[CapabilityNeed]


def _need(n: m.CapabilityNeed) -> CapabilityNeed:
    return CapabilityNeed(
        capability=Concept.of(n.capability), weight=n.weight, sources=list(n.sources)
    )


@strawberry.type
class RecommendQuery:
    @field(description="Which forces to send for a scenario, why, and what is missing.")
    async def recommend_forces(self, info: Info, scenario: ScenarioInput) -> ForceRecommendation:
        ctx = info.context
        ctx.require(Permission.RECOMMEND)
        rec = await recommend_forces(ctx.driver, ctx.database, scenario.to_scenario())
        return ForceRecommendation(
            hazards=[
                ResolvedHazard(hazard=Concept.of(h.hazard), confidence=h.confidence, via=h.via)
                for h in rec.hazards
            ],
            required_capabilities=[_need(n) for n in rec.required_capabilities],
            force_package=[TeamRecommendation.of(t) for t in rec.force_package],
            candidates=[TeamRecommendation.of(t) for t in rec.candidates],
            gaps=[_need(n) for n in rec.gaps],
        )
