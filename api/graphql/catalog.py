"""Lookups by id and filtered, paginated lists for every entity (all roles may read)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import strawberry

from api.auth import Permission
from api.graphql.context import Info
from api.graphql.entities import Depot, Equipment, Expert, Incident, Plan, Region, Team
from api.graphql.fields import field
from api.graphql.pagination import Connection, load_page
from api.graphql.types import Capability, EquipmentType, HazardType, TeamType
from kg.errors import NotFoundError
from queries.catalog.models import Node
from queries.catalog.nodes import NodeFilter

T = TypeVar("T")


@strawberry.input(description="Case-insensitive text in id, nameZh or nameEn.")
class TextFilter:
    text: str | None = None


@strawberry.input
class HazardTypeFilter:
    text: str | None = None
    rank: str | None = strawberry.field(default=None, description="category|subcategory|type")
    parent: strawberry.ID | None = None


@strawberry.input
class TeamFilter:
    text: str | None = None
    status: str | None = None
    mobility: str | None = None
    admin_level: str | None = None
    capability: strawberry.ID | None = None
    team_type: strawberry.ID | None = None
    region: strawberry.ID | None = None


@strawberry.input
class EquipmentFilter:
    text: str | None = None
    status: str | None = None
    equipment_type: strawberry.ID | None = None


@strawberry.input
class DepotFilter:
    text: str | None = None
    admin_level: str | None = None
    region: strawberry.ID | None = None


@strawberry.input
class ExpertFilter:
    text: str | None = None
    available: bool | None = None
    expertise: strawberry.ID | None = None
    region: strawberry.ID | None = None


@strawberry.input
class PlanFilter:
    text: str | None = None
    level: str | None = None
    covers: strawberry.ID | None = None
    region: strawberry.ID | None = None


@strawberry.input
class RegionFilter:
    text: str | None = None
    rank: str | None = None
    parent: strawberry.ID | None = None


@strawberry.input
class IncidentFilter:
    text: str | None = None
    response_level: str | None = None
    hazard_type: strawberry.ID | None = None
    region: strawberry.ID | None = None


def _filter(text: str | None, props: dict[str, object], links: dict[str, object]) -> NodeFilter:
    return NodeFilter(
        text=text,
        props={k: v for k, v in props.items() if v is not None},
        links={k: str(v) for k, v in links.items() if v is not None},
    )


async def _one(info: Info, kind: str, make: Callable[[Node], T], node_id: str) -> T:
    info.context.require(Permission.READ)
    node = await info.context.nodes(kind).load(node_id)
    if node is None:
        raise NotFoundError(f"no {kind} with id '{node_id}'; search the list with filter: {{text}}")
    return make(node)


_page = load_page  # listing: read permission, cursor, filters, one query


@strawberry.type
class CatalogQuery:
    @field()
    async def hazard_type(self, info: Info, id: strawberry.ID) -> HazardType:
        return await _one(info, "HazardType", HazardType.of, id)

    @field(description="Hazard types; filter by rank or parent for one tree level.")
    async def hazard_types(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: HazardTypeFilter | None = None,
    ) -> Connection[HazardType]:
        f = filter or HazardTypeFilter()
        return await _page(
            info,
            "HazardType",
            HazardType.of,
            first,
            after,
            _filter(f.text, {"rank": f.rank}, {"parent": f.parent}),
        )

    @field(description="The hazard taxonomy's categories; walk `children` down.")
    async def hazard_type_tree(self, info: Info) -> list[HazardType]:
        page = await _page(
            info, "HazardType", HazardType.of, 100, None, _filter(None, {"rank": "category"}, {})
        )
        return [e.node for e in page.edges]

    @field()
    async def capability(self, info: Info, id: strawberry.ID) -> Capability:
        return await _one(info, "Capability", Capability.of, id)

    @field()
    async def capabilities(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: TextFilter | None = None,
    ) -> Connection[Capability]:
        f = filter or TextFilter()
        return await _page(info, "Capability", Capability.of, first, after, _filter(f.text, {}, {}))

    @field()
    async def team_type(self, info: Info, id: strawberry.ID) -> TeamType:
        return await _one(info, "TeamType", TeamType.of, id)

    @field()
    async def team_types(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: TextFilter | None = None,
    ) -> Connection[TeamType]:
        f = filter or TextFilter()
        return await _page(info, "TeamType", TeamType.of, first, after, _filter(f.text, {}, {}))

    @field()
    async def equipment_type(self, info: Info, id: strawberry.ID) -> EquipmentType:
        return await _one(info, "EquipmentType", EquipmentType.of, id)

    @field()
    async def equipment_types(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: TextFilter | None = None,
    ) -> Connection[EquipmentType]:
        f = filter or TextFilter()
        return await _page(
            info, "EquipmentType", EquipmentType.of, first, after, _filter(f.text, {}, {})
        )

    @field()
    async def team(self, info: Info, id: strawberry.ID) -> Team:
        return await _one(info, "Team", Team.of, id)

    @field()
    async def teams(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: TeamFilter | None = None,
    ) -> Connection[Team]:
        f = filter or TeamFilter()
        return await _page(
            info,
            "Team",
            Team.of,
            first,
            after,
            _filter(
                f.text,
                {"status": f.status, "mobility": f.mobility, "adminLevel": f.admin_level},
                {"capability": f.capability, "teamType": f.team_type, "region": f.region},
            ),
        )

    @field(name="equipmentItem")
    async def equipment_item(self, info: Info, id: strawberry.ID) -> Equipment:
        return await _one(info, "Equipment", Equipment.of, id)

    @field()
    async def equipment(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: EquipmentFilter | None = None,
    ) -> Connection[Equipment]:
        f = filter or EquipmentFilter()
        return await _page(
            info,
            "Equipment",
            Equipment.of,
            first,
            after,
            _filter(f.text, {"status": f.status}, {"equipmentType": f.equipment_type}),
        )

    @field()
    async def depot(self, info: Info, id: strawberry.ID) -> Depot:
        return await _one(info, "Depot", Depot.of, id)

    @field()
    async def depots(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: DepotFilter | None = None,
    ) -> Connection[Depot]:
        f = filter or DepotFilter()
        return await _page(
            info,
            "Depot",
            Depot.of,
            first,
            after,
            _filter(f.text, {"adminLevel": f.admin_level}, {"region": f.region}),
        )

    @field()
    async def expert(self, info: Info, id: strawberry.ID) -> Expert:
        return await _one(info, "Expert", Expert.of, id)

    @field()
    async def experts(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: ExpertFilter | None = None,
    ) -> Connection[Expert]:
        f = filter or ExpertFilter()
        return await _page(
            info,
            "Expert",
            Expert.of,
            first,
            after,
            _filter(
                f.text, {"available": f.available}, {"expertise": f.expertise, "region": f.region}
            ),
        )

    @field()
    async def plan(self, info: Info, id: strawberry.ID) -> Plan:
        return await _one(info, "Plan", Plan.of, id)

    @field()
    async def plans(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: PlanFilter | None = None,
    ) -> Connection[Plan]:
        f = filter or PlanFilter()
        return await _page(
            info,
            "Plan",
            Plan.of,
            first,
            after,
            _filter(f.text, {"level": f.level}, {"covers": f.covers, "region": f.region}),
        )

    @field()
    async def region(self, info: Info, id: strawberry.ID) -> Region:
        return await _one(info, "Region", Region.of, id)

    @field()
    async def regions(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: RegionFilter | None = None,
    ) -> Connection[Region]:
        f = filter or RegionFilter()
        return await _page(
            info,
            "Region",
            Region.of,
            first,
            after,
            _filter(f.text, {"rank": f.rank}, {"parent": f.parent}),
        )

    @field()
    async def incident(self, info: Info, id: strawberry.ID) -> Incident:
        return await _one(info, "Incident", Incident.of, id)

    @field()
    async def incidents(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: IncidentFilter | None = None,
    ) -> Connection[Incident]:
        f = filter or IncidentFilter()
        return await _page(
            info,
            "Incident",
            Incident.of,
            first,
            after,
            _filter(
                f.text,
                {"responseLevel": f.response_level},
                {"hazardType": f.hazard_type, "region": f.region},
            ),
        )
