"""Instance GraphQL types: Team, Equipment, Depot, Expert, Plan, Region, Incident.

Closed vocabularies are enums (api/graphql/enums.py); the older free-string fields
stay for one release, marked ``@deprecated`` with the field to use instead.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Annotated, Any

import strawberry

from api.graphql.audit import AuditConnection, subject_history
from api.graphql.contacts import Contact, contact_field, contact_masked_field
from api.graphql.enums import (
    REGION_RANK_LEVEL,
    AdminLevel,
    EquipmentStatus,
    Mobility,
    ResponseLevel,
    TeamStatus,
    enum_of,
)
from api.graphql.fields import deprecated, document
from api.graphql.node_types import as_type, neighbour, neighbours, node_type
from api.graphql.reasons import Reason
from api.graphql.scalars import to_date
from api.graphql.types import (
    Capability,
    CapabilityLevel,
    EquipmentType,
    GeoPoint,
    HazardType,
    NamedNode,
    TaxonomyConcept,
    TeamType,
    names,
)
from queries.catalog.models import Link, Node


@node_type
@strawberry.type(description="An equipment item or stock held by a team or a depot.")
class Equipment(NamedNode):
    quantity: int | None = strawberry.field(description="How many units (pieces, sets).")
    status: str | None = deprecated("`condition` (the EquipmentStatus enum)", nullable=False)
    condition: EquipmentStatus | None = strawberry.field(
        description="Ready, maintenance, deployed."
    )
    location: GeoPoint | None = strawberry.field(description="Where it is stored, if known.")
    equipment_type: EquipmentType | None = neighbour(
        "equipment.equipmentType", "The kind of equipment (OF_TYPE).", name="equipmentType"
    )
    holder: (
        Annotated[
            Team | Depot, strawberry.union("EquipmentHolder", description="A team or a depot.")
        ]
        | None
    ) = neighbour("equipment.holder", "The team or depot holding this stock.")

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

    @classmethod
    def held(cls, link: Link) -> Equipment:
        """A HAS_EQUIPMENT neighbour (the stock's quantity on the relationship)."""
        return cls.of(link.node, link.rel)


EquipmentHolder = Annotated[
    "Team | Depot", strawberry.union("EquipmentHolder", description="A team or a depot.")
]
PrescribedForce = Annotated[
    "Capability | TeamType | Team",
    strawberry.union("PrescribedForce", description="A capability, team type or team."),
]


@node_type
@strawberry.type(description="An emergency supplies depot (储备库).")
class Depot(NamedNode):
    admin_level: str | None = deprecated("`tier` (the AdminLevel enum)", nullable=False)
    tier: AdminLevel | None = strawberry.field(description="Administrative level of the depot.")
    location: GeoPoint | None = strawberry.field(description="Where the depot is.")
    distance_km: float | None = strawberry.field(
        default=None, description="Km from filter.near's point (null without near)."
    )
    equipment: list[Equipment] = neighbours(
        "depot.equipment",
        "The stocks the depot holds (HAS_EQUIPMENT).",
        lambda lk: Equipment.held(lk),
    )
    region: Region | None = neighbour(
        "depot.region", "The region the depot is based in (BASED_IN)."
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


@node_type
@strawberry.type(description="An expert who can advise on hazards and capabilities.")
class Expert(NamedNode):
    available: bool | None = strawberry.field(description="Can be called on now.")
    affiliation: str | None = strawberry.field(description="Where the expert works.")
    profile_zh: str | None = strawberry.field(description="Short Chinese profile.")
    profile_en: str | None = strawberry.field(description="Short English profile.")
    location: GeoPoint | None = strawberry.field(description="Where the expert is based.")
    distance_km: float | None = strawberry.field(
        default=None, description="Km from filter.near's point (null without near)."
    )
    contact: Contact | None = contact_field("Expert")
    contact_masked: Reason | None = contact_masked_field()
    expertise: list[TaxonomyConcept] = neighbours(
        "expert.expertise", "Hazard types and capabilities the expert knows (EXPERT_IN)."
    )
    region: Region | None = neighbour(
        "expert.region", "The region the expert is based in (BASED_IN)."
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


@strawberry.type(description="What a plan prescribes at a response level.")
class Prescription:
    response_level: str | None = deprecated("`level` (the ResponseLevel enum)", nullable=False)
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

    @classmethod
    def of(cls, link: Link) -> Prescription:
        """A PRESCRIBES neighbour: the target as its type, the terms on the relationship."""
        level = link.rel.get("responseLevel")
        return cls(
            response_level=level,
            level=enum_of(ResponseLevel, level),
            target=as_type(link.node),
            quantity=link.rel.get("quantity"),
            capability_level=link.rel.get("capabilityLevel"),
        )


@node_type
@strawberry.type(description="An emergency plan (应急预案).")
class Plan(NamedNode):
    level: str | None = deprecated("`tier` (the AdminLevel enum)", nullable=False)
    tier: AdminLevel | None = strawberry.field(
        description="Administrative level of the plan (national .. county)."
    )
    issuer: str | None = strawberry.field(description="The issuing authority.")
    version: str | None = strawberry.field(description="The plan's version label.")
    effective_date: str | None = deprecated("`effectiveOn` (a Date)", nullable=False)
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
    covers: list[HazardType] = neighbours("plan.covers", "Hazard types the plan covers (COVERS).")
    regions: list[Region] = neighbours(
        "plan.regions", "Regions the plan applies to (APPLIES_TO), sub-regions included."
    )
    prescribes: list[Prescription] = neighbours(
        "plan.prescribes",
        "What the plan prescribes per response level (PRESCRIBES).",
        lambda lk: Prescription.of(lk),
        via="target",
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


@node_type
@strawberry.type(description="An administrative division (GB/T 2260 code).")
class Region(NamedNode):
    rank: str | None = deprecated("`tier` (the AdminLevel enum)", nullable=False)
    tier: AdminLevel | None = strawberry.field(
        description="PROVINCIAL (province), MUNICIPAL (prefecture/city) or COUNTY."
    )
    location: GeoPoint | None = strawberry.field(description="A representative point.")
    parent: Region | None = neighbour(
        "region.parent", "The region this one is PART_OF (null for a province)."
    )
    children: list[Region] = neighbours(
        "region.children", "Regions directly PART_OF this one, ordered by code."
    )

    @classmethod
    def of(cls, n: Node) -> Region:
        rank = n.get("rank")
        return cls(
            **names(n),
            rank=rank,
            tier=REGION_RANK_LEVEL.get(str(rank)),
            location=GeoPoint.of(n.get("location")),
        )


@node_type
@strawberry.type(description="A past incident (history used as experience).")
class Incident(NamedNode):
    occurred_at: str | None = deprecated("`occurredOn` (a Date)", nullable=False)
    occurred_on: datetime.date | None = strawberry.field(description="When it happened.")
    response_level: str | None = deprecated("`level` (the ResponseLevel enum)", nullable=False)
    level: ResponseLevel | None = strawberry.field(description="The response level declared.")
    location: GeoPoint | None = strawberry.field(description="Where it happened.")
    hazard_type: HazardType | None = neighbour(
        "incident.hazardType", "The incident's hazard type (OF_HAZARD).", name="hazardType"
    )
    region: Region | None = neighbour("incident.region", "The region it happened in (IN_REGION).")
    teams: list[Team] = neighbours("incident.teams", "Teams deployed to this incident.")

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


@node_type
@strawberry.type(
    description="A rescue team (the fields of the original recommendForces contract first)."
)
class Team(NamedNode):
    status: str = deprecated(
        "`availability` (the TeamStatus enum, the same values as setTeamStatus takes)",
        nullable=False,
    )
    availability: TeamStatus = strawberry.field(
        description="Whether the team can be sent now (AVAILABLE, STANDBY, DEPLOYED, UNAVAILABLE)."
    )
    location: GeoPoint | None = strawberry.field(description="Where the team is based.")
    mobility: str = deprecated("`travelMode` (the Mobility enum)", nullable=False)
    travel_mode: Mobility = strawberry.field(description="How the team travels.")
    admin_level: str = deprecated("`tier` (the AdminLevel enum)", nullable=False)
    tier: AdminLevel = strawberry.field(description="Administrative level of the team.")
    readiness_minutes: int = strawberry.field(
        description="Minutes from alert to departure (assembly time)."
    )
    headcount: int | None = strawberry.field(default=None, description="Members, if known.")
    distance_km: float | None = strawberry.field(
        default=None, description="Km from filter.near's point (null without near)."
    )
    contact: Contact | None = contact_field("Team")
    contact_masked: Reason | None = contact_masked_field()
    team_type: TeamType | None = neighbour(
        "team.teamType", "The team's type (OF_TYPE).", name="teamType"
    )
    capabilities: list[CapabilityLevel] = neighbours(
        "team.capabilities",
        "Capabilities with level (HAS_CAPABILITY).",
        lambda lk: CapabilityLevel.of(lk),
        via="capability",
    )
    equipment: list[Equipment] = neighbours(
        "team.equipment", "Equipment the team holds (HAS_EQUIPMENT).", lambda lk: Equipment.held(lk)
    )
    region: Region | None = neighbour("team.region", "The region the team is based in.")
    deployments: list[Incident] = neighbours(
        "team.deployments", "Incidents the team was deployed to (experience)."
    )
    history: AuditConnection | None = subject_history(
        "Recorded changes to this team (status changes, dispatches, releases), "
        "newest first (an audit-trail "
        "connection: first/after, last/before; default 20, at most 100)."
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


for _cls in (Equipment, Depot, Expert, Plan, Region, Incident, Team):
    document(_cls)
