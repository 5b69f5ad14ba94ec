"""Typed incidents, assignments and recommendation records, each parsed from one RETURN map."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from queries.models import GeoPoint


def to_datetime(v: Any) -> datetime | None:
    """A neo4j DateTime (or None) as a Python datetime."""
    if v is None:
        return None
    native = v.to_native() if hasattr(v, "to_native") else v
    assert isinstance(native, datetime)
    return native


def _strs(v: Any) -> tuple[str, ...]:
    return tuple(str(x) for x in v or ())


@dataclass(frozen=True)
class Contact:
    """A team's or expert's duty contact (demo data is fictional)."""

    duty_phone: str | None
    leader: str | None
    radio_channel: str | None

    @property
    def empty(self) -> bool:
        return not (self.duty_phone or self.leader or self.radio_channel)


def parse_contact(r: dict[str, Any]) -> Contact:
    return Contact(
        duty_phone=r.get("dutyPhone"), leader=r.get("leader"), radio_channel=r.get("radioChannel")
    )


@dataclass(frozen=True)
class Incident:
    id: str
    name_zh: str
    name_en: str
    status: str
    response_level: str
    location: GeoPoint
    hazard_codes: tuple[str, ...]
    description: str | None
    place_name: str | None
    max_travel_minutes: int | None
    max_teams: int | None
    opened_at: datetime | None
    opened_by: str | None
    updated_at: datetime | None
    order_count: int


INCIDENT_RETURN = (
    "id", "nameZh", "nameEn", "status", "responseLevel", "latitude", "longitude", "hazardCodes",
    "description", "placeName", "maxTravelMinutes", "maxTeams", "openedAt", "openedBy",
    "updatedAt", "orderCount",
)  # fmt: skip


def parse_incident(r: dict[str, Any]) -> Incident:
    return Incident(
        id=r["id"],
        name_zh=r["nameZh"],
        name_en=r["nameEn"],
        status=r["status"],
        response_level=r["responseLevel"],
        location=GeoPoint(float(r["latitude"]), float(r["longitude"])),
        hazard_codes=_strs(r["hazardCodes"]),
        description=r["description"],
        place_name=r["placeName"],
        max_travel_minutes=r["maxTravelMinutes"],
        max_teams=r["maxTeams"],
        opened_at=to_datetime(r["openedAt"]),
        opened_by=r["openedBy"],
        updated_at=to_datetime(r["updatedAt"]),
        order_count=int(r["orderCount"] or 0),
    )


@dataclass(frozen=True)
class Assignment:
    """A team on a dispatch order: (:Team)-[:ASSIGNED_TO]->(:Incident)."""

    team_id: str
    team_name_zh: str
    team_name_en: str
    team_status: str
    task: str
    assembly_point: str
    eta_minutes: float | None
    order_no: int
    dispatched_at: datetime | None
    dispatched_by: str
    previous_status: str
    released_at: datetime | None
    released_by: str | None
    recommendation_id: str | None
    contact: Contact

    @property
    def active(self) -> bool:
        return self.released_at is None


ASSIGNMENT_RETURN = (
    "teamId", "nameZh", "nameEn", "teamStatus", "task", "assemblyPoint", "etaMinutes", "orderNo",
    "dispatchedAt", "dispatchedBy", "previousStatus", "releasedAt", "releasedBy",
    "recommendationId", "dutyPhone", "leader", "radioChannel",
)  # fmt: skip


def parse_assignment(r: dict[str, Any]) -> Assignment:
    eta = r["etaMinutes"]
    return Assignment(
        team_id=r["teamId"],
        team_name_zh=r["nameZh"],
        team_name_en=r["nameEn"],
        team_status=r["teamStatus"],
        task=r["task"],
        assembly_point=r["assemblyPoint"],
        eta_minutes=float(eta) if eta is not None else None,
        order_no=int(r["orderNo"]),
        dispatched_at=to_datetime(r["dispatchedAt"]),
        dispatched_by=r["dispatchedBy"],
        previous_status=r["previousStatus"],
        released_at=to_datetime(r["releasedAt"]),
        released_by=r["releasedBy"],
        recommendation_id=r["recommendationId"],
        contact=parse_contact(r),
    )


@dataclass(frozen=True)
class RecommendationRecord:
    """One recommendation made for an incident: inputs, package, gaps, graph version."""

    id: str
    incident_id: str
    at: datetime | None
    actor: str
    hazard_codes: tuple[str, ...]
    response_level: str
    max_travel_minutes: int | None
    max_teams: int | None
    exclude_teams: tuple[str, ...]
    required_capabilities: tuple[str, ...]
    team_ids: tuple[str, ...]
    team_etas: tuple[float, ...]
    team_scores: tuple[float, ...]
    gap_capability_ids: tuple[str, ...]
    gap_limited_by: tuple[str, ...]
    graph_version: str | None
    ontology_version: str | None
    accepted_at: datetime | None
    accepted_by: str | None

    def eta_of(self, team_id: str) -> float | None:
        """The ETA the recommender estimated for a team of its package."""
        if team_id in self.team_ids:
            return self.team_etas[self.team_ids.index(team_id)]
        return None


RECOMMENDATION_RETURN = (
    "id", "incidentId", "at", "actor", "hazardCodes", "responseLevel", "maxTravelMinutes",
    "maxTeams", "excludeTeams", "requiredCapabilities", "teamIds", "teamEtas", "teamScores",
    "gapCapabilityIds", "gapLimitedBy", "graphVersion", "ontologyVersion", "acceptedAt",
    "acceptedBy",
)  # fmt: skip


def parse_recommendation(r: dict[str, Any]) -> RecommendationRecord:
    return RecommendationRecord(
        id=r["id"],
        incident_id=r["incidentId"],
        at=to_datetime(r["at"]),
        actor=r["actor"],
        hazard_codes=_strs(r["hazardCodes"]),
        response_level=r["responseLevel"],
        max_travel_minutes=r["maxTravelMinutes"],
        max_teams=r["maxTeams"],
        exclude_teams=_strs(r["excludeTeams"]),
        required_capabilities=_strs(r["requiredCapabilities"]),
        team_ids=_strs(r["teamIds"]),
        team_etas=tuple(float(x) for x in r["teamEtas"] or ()),
        team_scores=tuple(float(x) for x in r["teamScores"] or ()),
        gap_capability_ids=_strs(r["gapCapabilityIds"]),
        gap_limited_by=_strs(r["gapLimitedBy"]),
        graph_version=r["graphVersion"],
        ontology_version=r["ontologyVersion"],
        accepted_at=to_datetime(r["acceptedAt"]),
        accepted_by=r["acceptedBy"],
    )
