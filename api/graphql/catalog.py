"""Lookups by id, `node(id:)`, and filtered, paginated lists for every entity (all roles read).

Lookups are nullable: an unknown id answers null for that field plus an error entry
(NOT_FOUND) naming the id, and the rest of the response stands. Listings take
first/after or last/before (default 20, at most 100; more is an error entry on that
listing only), a filter (catalog_filters.py) and, where it makes sense, `orderBy`.

Example::

    { team(id: "T-SC-0001") { id availability }
      teams(first: 5, filter: {availability: [AVAILABLE], region: "510000"}) {
        totalCount nodes { id tier } pageInfo { hasNextPage endCursor } } }
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import strawberry

from api.auth import Permission
from api.graphql.catalog_filters import (
    DepotFilter,
    EquipmentFilter,
    ExpertFilter,
    HazardTypeFilter,
    IncidentFilter,
    ListOrder,
    PlanFilter,
    RegionFilter,
    TeamFilter,
    TextFilter,
)
from api.graphql.catalog_pages import load_one, load_page
from api.graphql.context import Info
from api.graphql.entities import Depot, Equipment, Expert, Incident, Plan, Region, Team
from api.graphql.fields import document, field
from api.graphql.pagination import Connection
from api.graphql.selection_plan import node_pick
from api.graphql.types import Capability, EquipmentType, HazardType, NodeInterface, TeamType
from kg.errors import NotFoundError, UserInputError
from queries.catalog.models import Node
from queries.catalog.nodes import DEFAULT_PAGE, KINDS, MAX_PAGE, NodeFilter, find_node

T = TypeVar("T")

MAKERS: dict[str, Callable[[Node], Any]] = {
    "HazardType": HazardType.of,
    "Capability": Capability.of,
    "TeamType": TeamType.of,
    "EquipmentType": EquipmentType.of,
    "Team": Team.of,
    "Equipment": Equipment.of,
    "Depot": Depot.of,
    "Expert": Expert.of,
    "Plan": Plan.of,
    "Region": Region.of,
    "Incident": Incident.of,
}

First = Annotated[
    int | None,
    strawberry.argument(
        description=f"Page size forwards (default {DEFAULT_PAGE}, at most {MAX_PAGE})."
    ),
]
After = Annotated[
    str | None, strawberry.argument(description="Items after this cursor (endCursor).")
]
Last = Annotated[
    int | None,
    strawberry.argument(description=f"Page size backwards (at most {MAX_PAGE})."),
]
Before = Annotated[
    str | None, strawberry.argument(description="Items before this cursor (startCursor).")
]
Id = Annotated[strawberry.ID, strawberry.argument(description="The id to look up.")]
Order = Annotated[
    ListOrder, strawberry.argument(description="How to order (default ID; ties by id).")
]


async def _one(info: Info, kind: str, make: Callable[[Node], T], node_id: str) -> T | None:
    found = await load_one(info, kind, make, node_id)
    if found is None:
        raise NotFoundError(
            f"no {kind} with id '{node_id}'; search the list with filter: {{text: ...}}"
        )
    return found


async def _page(
    info: Info,
    kind: str,
    make: Callable[[Node], T],
    first: int | None,
    after: str | None,
    filters: NodeFilter,
    last: int | None = None,
    before: str | None = None,
) -> Connection[T] | None:
    return await load_page(info, kind, make, first, after, filters, last, before)


@strawberry.type
class CatalogQuery:
    @field(
        description="Any catalog item by id (a hazard code, a team id, ...), or 'Kind:id' "
        "(e.g. 'Team:T-SC-0001') when two kinds share an id. Null plus an error entry when "
        "nothing has the id."
    )
    async def node(self, info: Info, id: Id) -> NodeInterface | None:
        info.context.require(Permission.READ)
        text = str(id)
        kind, _, plain = text.partition(":")
        if plain and kind in KINDS:
            return await _one(info, kind, MAKERS[kind], plain)
        found = await find_node(info.context.runner, text)
        if not found:
            raise NotFoundError(f"nothing has id '{text}'; search with search(text: ...)")
        if len(found) > 1:
            kinds = ", ".join(f"'{n.kind}:{text}'" for n in found)
            raise UserInputError(f"id '{text}' names several items; ask for one of {kinds}")
        return MAKERS[found[0].kind](found[0])  # type: ignore[no-any-return]

    @field(description="A hazard type by its GB/T 35561 code (null + error if unknown).")
    async def hazard_type(self, info: Info, id: Id) -> HazardType | None:
        return await _one(info, "HazardType", HazardType.of, id)

    @field(description="Hazard types; filter by taxonRank or parent for one tree level.")
    async def hazard_types(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: HazardTypeFilter | None = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[HazardType] | None:
        f = (filter or HazardTypeFilter()).to_filter()
        return await _page(info, "HazardType", HazardType.of, first, after, f, last, before)

    @field(description="The hazard taxonomy's categories; walk `children` down.")
    async def hazard_type_tree(self, info: Info) -> list[HazardType]:
        pick = node_pick("HazardType", [s for f in info.selected_fields for s in f.selections])
        page = await load_page(
            info,
            "HazardType",
            HazardType.of,
            100,
            None,
            NodeFilter(props={"rank": "category"}),
            pick=pick,
        )
        return [e.node for e in page.edges] if page else []

    @field(description="A capability by id (null + error if unknown).")
    async def capability(self, info: Info, id: Id) -> Capability | None:
        return await _one(info, "Capability", Capability.of, id)

    @field(description="Capabilities, by id.")
    async def capabilities(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: TextFilter | None = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Capability] | None:
        f = NodeFilter(text=(filter or TextFilter()).text)
        return await _page(info, "Capability", Capability.of, first, after, f, last, before)

    @field(description="A team type by id (null + error if unknown).")
    async def team_type(self, info: Info, id: Id) -> TeamType | None:
        return await _one(info, "TeamType", TeamType.of, id)

    @field(description="Team types, by id.")
    async def team_types(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: TextFilter | None = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[TeamType] | None:
        f = NodeFilter(text=(filter or TextFilter()).text)
        return await _page(info, "TeamType", TeamType.of, first, after, f, last, before)

    @field(description="An equipment type by id (null + error if unknown).")
    async def equipment_type(self, info: Info, id: Id) -> EquipmentType | None:
        return await _one(info, "EquipmentType", EquipmentType.of, id)

    @field(description="Equipment types, by id.")
    async def equipment_types(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: TextFilter | None = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[EquipmentType] | None:
        f = NodeFilter(text=(filter or TextFilter()).text)
        return await _page(info, "EquipmentType", EquipmentType.of, first, after, f, last, before)

    @field(description="A team by id (null + error if unknown).")
    async def team(self, info: Info, id: Id) -> Team | None:
        return await _one(info, "Team", Team.of, id)

    @field(
        description="Teams: by status, travel mode, level, capabilities (at a level), type, "
        "region (with sub-regions) or near a point (each with distanceKm); orderBy DISTANCE "
        "for the nearest first."
    )
    async def teams(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: TeamFilter | None = None,
        last: Last = None,
        before: Before = None,
        order_by: Order = ListOrder.ID,
    ) -> Connection[Team] | None:
        f = (filter or TeamFilter()).to_filter(order_by)
        return await _page(info, "Team", Team.of, first, after, f, last, before)

    @field(name="equipmentItem", description="An equipment item by id (null + error).")
    async def equipment_item(self, info: Info, id: Id) -> Equipment | None:
        return await _one(info, "Equipment", Equipment.of, id)

    @field(description="Equipment items and stocks.")
    async def equipment(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: EquipmentFilter | None = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Equipment] | None:
        f = (filter or EquipmentFilter()).to_filter()
        return await _page(info, "Equipment", Equipment.of, first, after, f, last, before)

    @field(description="A depot by id (null + error if unknown).")
    async def depot(self, info: Info, id: Id) -> Depot | None:
        return await _one(info, "Depot", Depot.of, id)

    @field(description="Supplies depots (储备库).")
    async def depots(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: DepotFilter | None = None,
        last: Last = None,
        before: Before = None,
        order_by: Order = ListOrder.ID,
    ) -> Connection[Depot] | None:
        if order_by is ListOrder.READINESS:
            raise UserInputError("depots cannot be ordered by READINESS; use ID, NAME, DISTANCE")
        f = (filter or DepotFilter()).to_filter(order_by)
        return await _page(info, "Depot", Depot.of, first, after, f, last, before)

    @field(description="An expert by id (null + error if unknown).")
    async def expert(self, info: Info, id: Id) -> Expert | None:
        return await _one(info, "Expert", Expert.of, id)

    @field(description="Experts: all of them, or by expertise, availability, region, distance.")
    async def experts(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: ExpertFilter | None = None,
        last: Last = None,
        before: Before = None,
        order_by: Order = ListOrder.ID,
    ) -> Connection[Expert] | None:
        if order_by is ListOrder.READINESS:
            raise UserInputError("experts cannot be ordered by READINESS; use ID, NAME, DISTANCE")
        f = (filter or ExpertFilter()).to_filter(order_by)
        return await _page(info, "Expert", Expert.of, first, after, f, last, before)

    @field(description="A plan by id (null + error if unknown).")
    async def plan(self, info: Info, id: Id) -> Plan | None:
        return await _one(info, "Plan", Plan.of, id)

    @field(description="Emergency plans (应急预案).")
    async def plans(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: PlanFilter | None = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Plan] | None:
        f = (filter or PlanFilter()).to_filter()
        return await _page(info, "Plan", Plan.of, first, after, f, last, before)

    @field(description="A region by its GB/T 2260 code (null + error if unknown).")
    async def region(self, info: Info, id: Id) -> Region | None:
        return await _one(info, "Region", Region.of, id)

    @field(description="Administrative regions.")
    async def regions(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: RegionFilter | None = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Region] | None:
        f = (filter or RegionFilter()).to_filter()
        return await _page(info, "Region", Region.of, first, after, f, last, before)

    @field(description="A past incident by id (null + error if unknown).")
    async def incident(self, info: Info, id: Id) -> Incident | None:
        return await _one(info, "Incident", Incident.of, id)

    @field(description="Past incidents (experience).")
    async def incidents(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: IncidentFilter | None = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Incident] | None:
        f = (filter or IncidentFilter()).to_filter()
        return await _page(info, "Incident", Incident.of, first, after, f, last, before)


document(CatalogQuery)
