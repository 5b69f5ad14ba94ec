"""Typed results of the decision queries (frozen dataclasses; parsed from records in one place)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class ResponseLevel(str, Enum):
    I = "I"  # 特别重大  # noqa: E741
    II = "II"  # 重大
    III = "III"  # 较大
    IV = "IV"  # 一般

    @property
    def severity(self) -> int:
        """4 for level I (most severe) down to 1 for level IV."""
        return {"I": 4, "II": 3, "III": 2, "IV": 1}[self.value]


@dataclass(frozen=True)
class GeoPoint:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Scenario:
    location: GeoPoint
    response_level: ResponseLevel
    hazard_codes: tuple[str, ...] = ()
    description: str | None = None
    max_travel_minutes: int | None = None
    max_teams: int | None = None
    required_capabilities: tuple[str, ...] = ()
    exclude_teams: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConceptRef:
    id: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class ResolvedHazard:
    hazard: ConceptRef
    confidence: float
    via: str  # "code", "cascade from 11C01", "search"


@dataclass(frozen=True)
class CapabilityNeed:
    capability: ConceptRef
    weight: float
    sources: tuple[str, ...] = ()
    nearest_team_beyond_limits: str | None = None


@dataclass(frozen=True)
class TeamSummary:
    id: str
    name_zh: str
    name_en: str
    status: str
    location: GeoPoint
    mobility: str
    admin_level: str
    readiness_minutes: int
    team_type: str | None = None


@dataclass(frozen=True)
class TeamRecommendation:
    team: TeamSummary
    score: float
    distance_km: float
    eta_minutes: float
    covers: tuple[ConceptRef, ...]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ForceRecommendation:
    hazards: tuple[ResolvedHazard, ...]
    required_capabilities: tuple[CapabilityNeed, ...]
    force_package: tuple[TeamRecommendation, ...]
    candidates: tuple[TeamRecommendation, ...]
    gaps: tuple[CapabilityNeed, ...]
    plans: tuple[object, ...] = field(default=())
    experts: tuple[object, ...] = field(default=())
    equipment: tuple[object, ...] = field(default=())
