"""Instance GraphQL types: Team, Equipment, Depot, Expert, Plan, Region, Incident.

Closed vocabularies are enums (api/graphql/enums.py); the older free-string fields
stay for one release, marked ``@deprecated`` with the field to use instead.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Annotated, Any

import strawberry

from api.graphql.audit import AuditAction, AuditConnection, audit_page
from api.graphql.contacts import Contact, contact_mask, node_contact
from api.graphql.context import Info
from api.graphql.enums import (
    REGION_RANK_LEVEL,
    AdminLevel,
    EquipmentStatus,
    Mobility,
    ResponseLevel,
    TeamStatus,
    enum_of,
)
from api.graphql.fields import document, field
from api.graphql.reasons import Reason
from api.graphql.scalars import to_date
from api.graphql.types import (
    Capability,
    CapabilityLevel,
    EquipmentType,
    GeoPoint,
    HazardType,
    NodeInterface,
    TaxonomyConcept,
    TeamType,
    names,
)
from queries.catalog.audit import AuditFilter
from queries.catalog.models import Node


def _concept(n: Node) -> TaxonomyConcept:
    maker = {
        "HazardType": HazardType.of,
        "Capability": Capability.of,
        "TeamType": TeamType.of,
        "EquipmentType": EquipmentType.of,
    }[n.kind]
    return maker(n)


@strawberry.type(description="An equipment item or stock held by a team or a depot.")
class Equipment(NodeInterface):
    id: strawberry.ID = strawberry.field(description="Stable id.")
    name: str = strawberry.field(description="The Chinese name (same as nameZh).")
    name_zh: str = strawberry.field(description="Chinese name.")
    name_en: str = strawberry.field(description="English name.")
    quantity: int | None = strawberry.field(description="How many units (pieces, sets).")
    status: str | None = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        deprecation_reason="Use `condition` (the EquipmentStatus enum); removed in the next "
        "release.",
    )
    condition: EquipmentStatus | None = strawberry.field(
        description="Ready, maintenance, deployed."
    )
    location: GeoPoint | None = strawberry.field(description="Where it is stored, if known.")

    @classmethod
    def of(cls, n: Node, rel: Mapping[str, Any] | None = None) -> Equipment:
        qty = (rel or {}).get("quantity", n.get("quantity"))
        return cls(
            **names(n),
            quantity=qty,
            status=n.get("status"),
            condition=enum_of(EquipmentStatus, n.get("status")),
            location=GeoPoint.of(n.get("location")),
        )

    @field(name="equipmentType", description="The kind of equipment (OF_TYPE).")
    async def equipment_type(self, info: Info) -> EquipmentType | None:
        links = await info.context.links("equipment.equipmentType").load(str(self.id))
        return EquipmentType.of(links[0].node) if links else None

    @field(description="The team or depot holding this stock.")
    async def holder(
        self, info: Info
    ) -> (
        Annotated[
            Team | Depot, strawberry.union("EquipmentHolder", description="A team or a depot.")
        ]
        | None
    ):
        links = await info.context.links("equipment.holder").load(str(self.id))
        if not links:
            return None
        n = links[0].node
        return Team.of(n) if n.kind == "Team" else Depot.of(n)


EquipmentHolder = Annotated[
    "Team | Depot", strawberry.union("EquipmentHolder", description="A team or a depot.")
]
PrescribedForce = Annotated[
    "Capability | TeamType | Team",
    strawberry.union("PrescribedForce", description="A capability, team type or team."),
]


@strawberry.type(description="An emergency supplies depot (储备库).")
class Depot(NodeInterface):
    id: strawberry.ID = strawberry.field(description="Stable id.")
    name: str = strawberry.field(description="The Chinese name (same as nameZh).")
    name_zh: str = strawberry.field(description="Chinese name.")
    name_en: str = strawberry.field(description="English name.")
    admin_level: str | None = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        deprecation_reason="Use `tier` (the AdminLevel enum); removed in the next release.",
    )
    tier: AdminLevel | None = strawberry.field(description="Administrative level of the depot.")
    location: GeoPoint | None = strawberry.field(description="Where the depot is.")
    distance_km: float | None = strawberry.field(
        default=None, description="Km from filter.near's point (null without near)."
    )

    @classmethod
    def of(cls, n: Node) -> Depot:
        level = n.get("adminLevel")
        return cls(
            **names(n),
            admin_level=level,
            tier=enum_of(AdminLevel, level),
            location=GeoPoint.of(n.get("location")),
            distance_km=n.get("distanceKm"),
        )

    @field(description="The stocks the depot holds (HAS_EQUIPMENT).")
    async def equipment(self, info: Info) -> list[Equipment]:
        links = await info.context.links("depot.equipment").load(str(self.id))
        return [Equipment.of(lk.node, lk.rel) for lk in links]

    @field(description="The region the depot is based in (BASED_IN).")
    async def region(self, info: Info) -> Region | None:
        links = await info.context.links("depot.region").load(str(self.id))
        return Region.of(links[0].node) if links else None


@strawberry.type(description="An expert who can advise on hazards and capabilities.")
class Expert(NodeInterface):
    id: strawberry.ID = strawberry.field(description="Stable id.")
    name: str = strawberry.field(description="The Chinese name (same as nameZh).")
    name_zh: str = strawberry.field(description="Chinese name.")
    name_en: str = strawberry.field(description="English name.")
    available: bool | None = strawberry.field(description="Can be called on now.")
    affiliation: str | None = strawberry.field(description="Where the expert works.")
    profile_zh: str | None = strawberry.field(description="Short Chinese profile.")
    profile_en: str | None = strawberry.field(description="Short English profile.")
    location: GeoPoint | None = strawberry.field(description="Where the expert is based.")
    distance_km: float | None = strawberry.field(
        default=None, description="Km from filter.near's point (null without near)."
    )

    @classmethod
    def of(cls, n: Node) -> Expert:
        return cls(
            **names(n),
            available=n.get("available"),
            affiliation=n.get("affiliation"),
            profile_zh=n.get("profileZh"),
            profile_en=n.get("profileEn"),
            location=GeoPoint.of(n.get("location")),
            distance_km=n.get("distanceKm"),
        )

    @field(
        description="Duty phone, leader, radio channel: only for roles that may dispatch "
        "(commander, admin); null otherwise (see contactMasked)."
    )
    async def contact(self, info: Info) -> Contact | None:
        return await node_contact(info, "Expert", str(self.id))

    @field(description="Why contact is null for this caller (a role that may not dispatch).")
    def contact_masked(self, info: Info) -> Reason | None:
        return contact_mask(info)

    @field(description="Hazard types and capabilities the expert knows (EXPERT_IN).")
    async def expertise(self, info: Info) -> list[TaxonomyConcept]:
        links = await info.context.links("expert.expertise").load(str(self.id))
        return [_concept(lk.node) for lk in links]

    @field(description="The region the expert is based in (BASED_IN).")
    async def region(self, info: Info) -> Region | None:
        links = await info.context.links("expert.region").load(str(self.id))
        return Region.of(links[0].node) if links else None


@strawberry.type(description="What a plan prescribes at a response level.")
class Prescription:
    response_level: str | None = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        deprecation_reason="Use `level` (the ResponseLevel enum); removed in the next release.",
    )
    level: ResponseLevel | None = strawberry.field(
        description="The response level at which the plan prescribes it."
    )
    target: Annotated[
        Capability | TeamType | Team | EquipmentType | Expert,
        strawberry.union(
            "PrescribedForce",
            description="A capability, team type, team, equipment type or expert.",
        ),
    ] = strawberry.field(
        description="A capability, a team type, a named team, an equipment type or a named expert."
    )
    quantity: int | None = strawberry.field(
        default=None,
        description="How many: units of a capability or team type, pieces of an equipment "
        "type (null: one).",
    )
    capability_level: int | None = strawberry.field(
        default=None,
        description="The capability level 1-4 a unit must have at least (1 = most capable).",
    )


@strawberry.type(description="An emergency plan (应急预案).")
class Plan(NodeInterface):
    id: strawberry.ID = strawberry.field(description="Stable id.")
    name: str = strawberry.field(description="The Chinese name (same as nameZh).")
    name_zh: str = strawberry.field(description="Chinese name.")
    name_en: str = strawberry.field(description="English name.")
    level: str | None = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        deprecation_reason="Use `tier` (the AdminLevel enum); removed in the next release.",
    )
    tier: AdminLevel | None = strawberry.field(
        description="Administrative level of the plan (national .. county)."
    )
    issuer: str | None = strawberry.field(description="The issuing authority.")
    version: str | None = strawberry.field(description="The plan's version label.")
    effective_date: str | None = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        deprecation_reason="Use `effectiveOn` (a Date); removed in the next release.",
    )
    effective_on: datetime.date | None = strawberry.field(
        description="The date the plan took effect (ISO 8601 date)."
    )
    summary_zh: str | None = strawberry.field(description="Chinese summary.")
    summary_en: str | None = strawberry.field(description="English summary.")
    time_standard_minutes: int | None = strawberry.field(
        default=None,
        description="Minutes within which the prescribed forces must arrive (null: the "
        "readiness default for the level).",
    )

    @classmethod
    def of(cls, n: Node) -> Plan:
        return cls(
            **names(n),
            level=n.get("level"),
            tier=enum_of(AdminLevel, n.get("level")),
            issuer=n.get("issuer"),
            version=n.get("version"),
            effective_date=n.get("effectiveDate"),
            effective_on=to_date(n.get("effectiveDate")),
            summary_zh=n.get("summaryZh"),
            summary_en=n.get("summaryEn"),
            time_standard_minutes=n.get("timeStandardMinutes"),
        )

    @field(description="Hazard types the plan covers (COVERS).")
    async def covers(self, info: Info) -> list[HazardType]:
        links = await info.context.links("plan.covers").load(str(self.id))
        return [HazardType.of(lk.node) for lk in links]

    @field(description="Regions the plan applies to (APPLIES_TO), sub-regions included.")
    async def regions(self, info: Info) -> list[Region]:
        links = await info.context.links("plan.regions").load(str(self.id))
        return [Region.of(lk.node) for lk in links]

    @field(description="What the plan prescribes per response level (PRESCRIBES).")
    async def prescribes(self, info: Info) -> list[Prescription]:
        links = await info.context.links("plan.prescribes").load(str(self.id))
        out = []
        for lk in links:
            n = lk.node
            makers: dict[str, Any] = {
                "Team": Team.of,
                "TeamType": TeamType.of,
                "EquipmentType": EquipmentType.of,
                "Expert": Expert.of,
            }
            target = makers.get(n.kind, Capability.of)(n)
            level = lk.rel.get("responseLevel")
            out.append(
                Prescription(
                    response_level=level,
                    level=enum_of(ResponseLevel, level),
                    target=target,
                    quantity=lk.rel.get("quantity"),
                    capability_level=lk.rel.get("capabilityLevel"),
                )
            )
        return out


@strawberry.type(description="An administrative division (GB/T 2260 code).")
class Region(NodeInterface):
    id: strawberry.ID = strawberry.field(description="Stable id.")
    name: str = strawberry.field(description="The Chinese name (same as nameZh).")
    name_zh: str = strawberry.field(description="Chinese name.")
    name_en: str = strawberry.field(description="English name.")
    rank: str | None = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        deprecation_reason="Use `tier` (the AdminLevel enum); removed in the next release.",
    )
    tier: AdminLevel | None = strawberry.field(
        description="PROVINCIAL (province), MUNICIPAL (prefecture/city) or COUNTY."
    )
    location: GeoPoint | None = strawberry.field(description="A representative point.")

    @classmethod
    def of(cls, n: Node) -> Region:
        rank = n.get("rank")
        return cls(
            **names(n),
            rank=rank,
            tier=REGION_RANK_LEVEL.get(str(rank)),
            location=GeoPoint.of(n.get("location")),
        )

    @field(description="The region this one is PART_OF (null for a province).")
    async def parent(self, info: Info) -> Region | None:
        links = await info.context.links("region.parent").load(str(self.id))
        return Region.of(links[0].node) if links else None

    @field(description="Regions directly PART_OF this one, ordered by code.")
    async def children(self, info: Info) -> list[Region]:
        links = await info.context.links("region.children").load(str(self.id))
        return [Region.of(lk.node) for lk in links]


@strawberry.type(description="A past incident (history used as experience).")
class Incident(NodeInterface):
    id: strawberry.ID = strawberry.field(description="Stable id.")
    name: str = strawberry.field(description="The Chinese name (same as nameZh).")
    name_zh: str = strawberry.field(description="Chinese name.")
    name_en: str = strawberry.field(description="English name.")
    occurred_at: str | None = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        deprecation_reason="Use `occurredOn` (a Date); removed in the next release.",
    )
    occurred_on: datetime.date | None = strawberry.field(description="When it happened.")
    response_level: str | None = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        deprecation_reason="Use `level` (the ResponseLevel enum); removed in the next release.",
    )
    level: ResponseLevel | None = strawberry.field(description="The response level declared.")
    location: GeoPoint | None = strawberry.field(description="Where it happened.")

    @classmethod
    def of(cls, n: Node) -> Incident:
        return cls(
            **names(n),
            occurred_at=n.get("occurredAt"),
            occurred_on=to_date(n.get("occurredAt")),
            response_level=n.get("responseLevel"),
            level=enum_of(ResponseLevel, n.get("responseLevel")),
            location=GeoPoint.of(n.get("location")),
        )

    @field(name="hazardType", description="The incident's hazard type (OF_HAZARD).")
    async def hazard_type(self, info: Info) -> HazardType | None:
        links = await info.context.links("incident.hazardType").load(str(self.id))
        return HazardType.of(links[0].node) if links else None

    @field(description="The region it happened in (IN_REGION).")
    async def region(self, info: Info) -> Region | None:
        links = await info.context.links("incident.region").load(str(self.id))
        return Region.of(links[0].node) if links else None

    @field(description="Teams deployed to this incident.")
    async def teams(self, info: Info) -> list[Team]:
        links = await info.context.links("incident.teams").load(str(self.id))
        return [Team.of(lk.node) for lk in links]


@strawberry.type(description="A rescue team (DESIGN.md contract fields first).")
class Team(NodeInterface):
    id: strawberry.ID = strawberry.field(description="Stable id.")
    name: str = strawberry.field(description="The Chinese name (same as nameZh).")
    name_zh: str = strawberry.field(description="Chinese name.")
    name_en: str = strawberry.field(description="English name.")
    status: str = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        deprecation_reason="Use `availability` (the TeamStatus enum, the same values as "
        "setTeamStatus takes); removed in the next release.",
    )
    availability: TeamStatus = strawberry.field(
        description="Whether the team can be sent now (AVAILABLE, STANDBY, DEPLOYED, UNAVAILABLE)."
    )
    location: GeoPoint | None = strawberry.field(description="Where the team is based.")
    mobility: str = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        deprecation_reason="Use `travelMode` (the Mobility enum); removed in the next release.",
    )
    travel_mode: Mobility = strawberry.field(description="How the team travels.")
    admin_level: str = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        deprecation_reason="Use `tier` (the AdminLevel enum); removed in the next release.",
    )
    tier: AdminLevel = strawberry.field(description="Administrative level of the team.")
    readiness_minutes: int = strawberry.field(
        description="Minutes from alert to departure (assembly time)."
    )
    headcount: int | None = strawberry.field(default=None, description="Members, if known.")
    distance_km: float | None = strawberry.field(
        default=None, description="Km from filter.near's point (null without near)."
    )

    @classmethod
    def make(cls, *, status: str, mobility: str, admin_level: str, **fields: Any) -> Team:
        """A team from stored values; the enums are read from the same strings."""
        return cls(
            status=status,
            availability=enum_of(TeamStatus, status) or TeamStatus.UNAVAILABLE,
            mobility=mobility,
            travel_mode=enum_of(Mobility, mobility) or Mobility.GROUND,
            admin_level=admin_level,
            tier=enum_of(AdminLevel, admin_level) or AdminLevel.SOCIAL,
            **fields,
        )

    @classmethod
    def of(cls, n: Node) -> Team:
        return cls.make(
            **names(n),
            status=str(n.get("status", "unavailable")),
            location=GeoPoint.of(n.get("location")),
            mobility=str(n.get("mobility", "")),
            admin_level=str(n.get("adminLevel", "")),
            readiness_minutes=int(n.get("readinessMinutes", 0)),
            headcount=n.get("headcount"),
            distance_km=n.get("distanceKm"),
        )

    @field(
        description="Duty phone, leader, radio channel: only for roles that may dispatch "
        "(commander, admin); null otherwise (see contactMasked)."
    )
    async def contact(self, info: Info) -> Contact | None:
        return await node_contact(info, "Team", str(self.id))

    @field(description="Why contact is null for this caller (a role that may not dispatch).")
    def contact_masked(self, info: Info) -> Reason | None:
        return contact_mask(info)

    @field(name="teamType", description="The team's type (OF_TYPE).")
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

    @field(
        description="Recorded changes to this team (status changes, dispatches, releases), "
        "newest first (an audit-trail "
        "connection: first/after, last/before; default 20, at most 100)."
    )
    async def history(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        actions: list[AuditAction] | None = None,
    ) -> AuditConnection | None:
        f = AuditFilter(
            subject=str(self.id),
            actions=tuple(str(a.value) for a in actions) if actions is not None else None,
        )
        return await audit_page(info, f, first, after, before, last)


for _cls in (Equipment, Depot, Expert, Plan, Region, Incident, Team):
    document(_cls)
