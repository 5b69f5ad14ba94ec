"""Instance GraphQL types: Equipment, Depot, Expert, Plan, Region, Incident."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

import strawberry

from api.graphql.context import Info
from api.graphql.fields import field
from api.graphql.types import (
    Capability,
    CapabilityLevel,
    EquipmentType,
    GeoPoint,
    HazardType,
    TaxonomyConcept,
    TeamType,
    names,
)
from queries.catalog.models import Node


def _concept(n: Node) -> TaxonomyConcept:
    maker = {
        "HazardType": HazardType.of,
        "Capability": Capability.of,
        "TeamType": TeamType.of,
        "EquipmentType": EquipmentType.of,
    }[n.kind]
    return maker(n)


@strawberry.type
class Equipment:
    id: strawberry.ID
    name: str
    name_zh: str
    name_en: str
    quantity: int | None
    status: str | None
    location: GeoPoint | None

    @classmethod
    def of(cls, n: Node, rel: Mapping[str, Any] | None = None) -> Equipment:
        qty = (rel or {}).get("quantity", n.get("quantity"))
        return cls(
            **names(n),
            quantity=qty,
            status=n.get("status"),
            location=GeoPoint.of(n.get("location")),
        )

    @field(name="equipmentType")
    async def equipment_type(self, info: Info) -> EquipmentType | None:
        links = await info.context.links("equipment.equipmentType").load(str(self.id))
        return EquipmentType.of(links[0].node) if links else None

    @field(description="The team or depot holding this stock.")
    async def holder(
        self, info: Info
    ) -> Annotated[Team | Depot, strawberry.union("EquipmentHolder")] | None:
        links = await info.context.links("equipment.holder").load(str(self.id))
        if not links:
            return None
        n = links[0].node
        return Team.of(n) if n.kind == "Team" else Depot.of(n)


@strawberry.type(description="An emergency supplies depot (储备库).")
class Depot:
    id: strawberry.ID
    name: str
    name_zh: str
    name_en: str
    admin_level: str | None
    location: GeoPoint | None

    @classmethod
    def of(cls, n: Node) -> Depot:
        return cls(
            **names(n), admin_level=n.get("adminLevel"), location=GeoPoint.of(n.get("location"))
        )

    @field()
    async def equipment(self, info: Info) -> list[Equipment]:
        links = await info.context.links("depot.equipment").load(str(self.id))
        return [Equipment.of(lk.node, lk.rel) for lk in links]

    @field()
    async def region(self, info: Info) -> Region | None:
        links = await info.context.links("depot.region").load(str(self.id))
        return Region.of(links[0].node) if links else None


@strawberry.type
class Expert:
    id: strawberry.ID
    name: str
    name_zh: str
    name_en: str
    available: bool | None
    affiliation: str | None
    profile_zh: str | None
    profile_en: str | None
    location: GeoPoint | None

    @classmethod
    def of(cls, n: Node) -> Expert:
        return cls(
            **names(n),
            available=n.get("available"),
            affiliation=n.get("affiliation"),
            profile_zh=n.get("profileZh"),
            profile_en=n.get("profileEn"),
            location=GeoPoint.of(n.get("location")),
        )

    @field(description="Hazard types and capabilities the expert knows (EXPERT_IN).")
    async def expertise(self, info: Info) -> list[TaxonomyConcept]:
        links = await info.context.links("expert.expertise").load(str(self.id))
        return [_concept(lk.node) for lk in links]

    @field()
    async def region(self, info: Info) -> Region | None:
        links = await info.context.links("expert.region").load(str(self.id))
        return Region.of(links[0].node) if links else None


@strawberry.type(description="What a plan prescribes at a response level.")
class Prescription:
    response_level: str | None
    target: Annotated[Capability | TeamType | Team, strawberry.union("PrescribedForce")]


@strawberry.type(description="An emergency plan (应急预案).")
class Plan:
    id: strawberry.ID
    name: str
    name_zh: str
    name_en: str
    level: str | None
    issuer: str | None
    version: str | None
    effective_date: str | None
    summary_zh: str | None
    summary_en: str | None

    @classmethod
    def of(cls, n: Node) -> Plan:
        return cls(
            **names(n),
            level=n.get("level"),
            issuer=n.get("issuer"),
            version=n.get("version"),
            effective_date=n.get("effectiveDate"),
            summary_zh=n.get("summaryZh"),
            summary_en=n.get("summaryEn"),
        )

    @field()
    async def covers(self, info: Info) -> list[HazardType]:
        links = await info.context.links("plan.covers").load(str(self.id))
        return [HazardType.of(lk.node) for lk in links]

    @field()
    async def regions(self, info: Info) -> list[Region]:
        links = await info.context.links("plan.regions").load(str(self.id))
        return [Region.of(lk.node) for lk in links]

    @field()
    async def prescribes(self, info: Info) -> list[Prescription]:
        links = await info.context.links("plan.prescribes").load(str(self.id))
        out = []
        for lk in links:
            n = lk.node
            target: Capability | TeamType | Team = (
                Team.of(n)
                if n.kind == "Team"
                else TeamType.of(n)
                if n.kind == "TeamType"
                else Capability.of(n)
            )
            out.append(Prescription(response_level=lk.rel.get("responseLevel"), target=target))
        return out


@strawberry.type(description="An administrative division (GB/T 2260 code).")
class Region:
    id: strawberry.ID
    name: str
    name_zh: str
    name_en: str
    rank: str | None
    location: GeoPoint | None

    @classmethod
    def of(cls, n: Node) -> Region:
        return cls(**names(n), rank=n.get("rank"), location=GeoPoint.of(n.get("location")))

    @field()
    async def parent(self, info: Info) -> Region | None:
        links = await info.context.links("region.parent").load(str(self.id))
        return Region.of(links[0].node) if links else None

    @field()
    async def children(self, info: Info) -> list[Region]:
        links = await info.context.links("region.children").load(str(self.id))
        return [Region.of(lk.node) for lk in links]


@strawberry.type(description="A past incident (history used as experience).")
class Incident:
    id: strawberry.ID
    name: str
    name_zh: str
    name_en: str
    occurred_at: str | None
    response_level: str | None
    location: GeoPoint | None

    @classmethod
    def of(cls, n: Node) -> Incident:
        return cls(
            **names(n),
            occurred_at=n.get("occurredAt"),
            response_level=n.get("responseLevel"),
            location=GeoPoint.of(n.get("location")),
        )

    @field(name="hazardType")
    async def hazard_type(self, info: Info) -> HazardType | None:
        links = await info.context.links("incident.hazardType").load(str(self.id))
        return HazardType.of(links[0].node) if links else None

    @field()
    async def region(self, info: Info) -> Region | None:
        links = await info.context.links("incident.region").load(str(self.id))
        return Region.of(links[0].node) if links else None

    @field(description="Teams deployed to this incident.")
    async def teams(self, info: Info) -> list[Team]:
        links = await info.context.links("incident.teams").load(str(self.id))
        return [Team.of(lk.node) for lk in links]


@strawberry.type(description="A rescue team (DESIGN.md contract fields first).")
class Team:
    id: strawberry.ID
    name: str
    name_zh: str
    name_en: str
    status: str
    location: GeoPoint | None
    mobility: str
    admin_level: str
    readiness_minutes: int
    headcount: int | None = None

    @classmethod
    def of(cls, n: Node) -> Team:
        return cls(
            **names(n),
            status=str(n.get("status", "unavailable")),
            location=GeoPoint.of(n.get("location")),
            mobility=str(n.get("mobility", "")),
            admin_level=str(n.get("adminLevel", "")),
            readiness_minutes=int(n.get("readinessMinutes", 0)),
            headcount=n.get("headcount"),
        )

    @field(name="teamType")
    async def team_type(self, info: Info) -> TeamType | None:
        links = await info.context.links("team.teamType").load(str(self.id))
        return TeamType.of(links[0].node) if links else None

    @field(description="Capabilities with level (HAS_CAPABILITY).")
    async def capabilities(self, info: Info) -> list[CapabilityLevel]:
        links = await info.context.links("team.capabilities").load(str(self.id))
        return [
            CapabilityLevel(capability=Capability.of(lk.node), level=int(lk.rel.get("level", 4)))
            for lk in links
        ]

    @field(description="Equipment the team holds (HAS_EQUIPMENT).")
    async def equipment(self, info: Info) -> list[Equipment]:
        links = await info.context.links("team.equipment").load(str(self.id))
        return [Equipment.of(lk.node, lk.rel) for lk in links]

    @field(description="The region the team is based in.")
    async def region(self, info: Info) -> Region | None:
        links = await info.context.links("team.region").load(str(self.id))
        return Region.of(links[0].node) if links else None

    @field(description="Incidents the team was deployed to (experience).")
    async def deployments(self, info: Info) -> list[Incident]:
        links = await info.context.links("team.deployments").load(str(self.id))
        return [Incident.of(lk.node) for lk in links]
