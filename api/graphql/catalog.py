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

import inspect
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
from api.graphql.fields import document
from api.graphql.node_types import MAKERS
from api.graphql.pagination import Connection
from api.graphql.selection_plan import node_pick
from api.graphql.types import Capability, EquipmentType, HazardType, NodeInterface, TeamType
from kg.errors import NotFoundError, UserInputError
from queries.catalog.models import Node
from queries.catalog.nodes import DEFAULT_PAGE, KINDS, MAX_PAGE, NodeFilter, find_node

T = TypeVar("T")

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


def lookup(kind: str, make: Callable[[Node], Any], description: str, **kwargs: Any) -> Any:
    """A field `(id:)` answering the node of `kind` with that id, or null plus a NOT_FOUND
    error entry naming it. Its GraphQL type is the class attribute's annotation.

    Example::

        team: Team | None = lookup("Team", Team.of, "A team by id (null + error if unknown).")
    """

    async def resolve(info: Info, id: Id) -> Any:
        return await _one(info, kind, make, id)

    return strawberry.field(resolver=resolve, description=description, **kwargs)


def listing(
    kind: str,
    make: Callable[[Node], Any],
    filter_type: type[Any],
    description: str,
    *,
    orders: tuple[ListOrder, ...] | None = None,
) -> Any:
    """A paginated field listing `kind` (first/after, filter, last/before), the filter an
    input of `filter_type` whose `to_filter()` builds the NodeFilter. With `orders` it
    takes `orderBy` too, one of those (another is an error naming them).

    Example::

        depots: Connection[Depot] | None = listing(
            "Depot", Depot.of, DepotFilter, "Supplies depots.", orders=(ListOrder.ID,)
        )
    """

    async def resolve(
        info: Info,
        first: First = None,
        after: After = None,
        filter: Any = None,
        last: Last = None,
        before: Before = None,
        order_by: Order = ListOrder.ID,
    ) -> Any:
        given = filter or filter_type()
        if orders is None:
            f = given.to_filter()
        elif order_by in orders:
            f = given.to_filter(order_by)
        else:
            allowed = ", ".join(o.name for o in orders)
            raise UserInputError(
                f"{kind.lower()}s cannot be ordered by {order_by.name}; use {allowed}"
            )
        return await load_page(info, kind, make, first, after, f, last, before)

    # What strawberry reads: the filter argument's input type, and no orderBy without orders.
    resolve.__annotations__["filter"] = filter_type | None
    if orders is None:
        signature = inspect.signature(resolve)
        params = [p for p in signature.parameters.values() if p.name != "order_by"]
        setattr(resolve, "__signature__", signature.replace(parameters=params))  # noqa: B010
    return strawberry.field(resolver=resolve, description=description)


async def _node(info: Info, id: Id) -> NodeInterface | None:
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


async def _hazard_type_tree(info: Info) -> list[HazardType]:
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


_ALL_ORDERS = tuple(ListOrder)
_PLACE_ORDERS = (ListOrder.ID, ListOrder.NAME, ListOrder.DISTANCE)


@strawberry.type
class CatalogQuery:
    node: NodeInterface | None = strawberry.field(
        resolver=_node,
        description="Any catalog item by id (a hazard code, a team id, ...), or 'Kind:id' "
        "(e.g. 'Team:T-SC-0001') when two kinds share an id. Null plus an error entry when "
        "nothing has the id.",
    )
    hazard_type: HazardType | None = lookup(
        "HazardType",
        HazardType.of,
        "A hazard type by its GB/T 35561 code (null + error if unknown).",
    )
    hazard_types: Connection[HazardType] | None = listing(
        "HazardType",
        HazardType.of,
        HazardTypeFilter,
        "Hazard types; filter by taxonRank or parent for one tree level.",
    )

    hazard_type_tree: list[HazardType] = strawberry.field(
        resolver=_hazard_type_tree,
        description="The hazard taxonomy's categories; walk `children` down.",
    )
    capability: Capability | None = lookup(
        "Capability", Capability.of, "A capability by id (null + error if unknown)."
    )
    capabilities: Connection[Capability] | None = listing(
        "Capability", Capability.of, TextFilter, "Capabilities, by id."
    )
    team_type: TeamType | None = lookup(
        "TeamType", TeamType.of, "A team type by id (null + error if unknown)."
    )
    team_types: Connection[TeamType] | None = listing(
        "TeamType", TeamType.of, TextFilter, "Team types, by id."
    )
    equipment_type: EquipmentType | None = lookup(
        "EquipmentType", EquipmentType.of, "An equipment type by id (null + error if unknown)."
    )
    equipment_types: Connection[EquipmentType] | None = listing(
        "EquipmentType", EquipmentType.of, TextFilter, "Equipment types, by id."
    )
    team: Team | None = lookup("Team", Team.of, "A team by id (null + error if unknown).")
    teams: Connection[Team] | None = listing(
        "Team",
        Team.of,
        TeamFilter,
        "Teams: by status, travel mode, level, capabilities (at a level), type, "
        "region (with sub-regions) or near a point (each with distanceKm); orderBy DISTANCE "
        "for the nearest first.",
        orders=_ALL_ORDERS,
    )
    equipment_item: Equipment | None = lookup(
        "Equipment",
        Equipment.of,
        "An equipment item by id (null + error).",
        name="equipmentItem",
    )
    equipment: Connection[Equipment] | None = listing(
        "Equipment", Equipment.of, EquipmentFilter, "Equipment items and stocks."
    )
    depot: Depot | None = lookup("Depot", Depot.of, "A depot by id (null + error if unknown).")
    depots: Connection[Depot] | None = listing(
        "Depot", Depot.of, DepotFilter, "Supplies depots (储备库).", orders=_PLACE_ORDERS
    )
    expert: Expert | None = lookup(
        "Expert", Expert.of, "An expert by id (null + error if unknown)."
    )
    experts: Connection[Expert] | None = listing(
        "Expert",
        Expert.of,
        ExpertFilter,
        "Experts: all of them, or by expertise, availability, region, distance.",
        orders=_PLACE_ORDERS,
    )
    plan: Plan | None = lookup("Plan", Plan.of, "A plan by id (null + error if unknown).")
    plans: Connection[Plan] | None = listing(
        "Plan", Plan.of, PlanFilter, "Emergency plans (应急预案)."
    )
    region: Region | None = lookup(
        "Region", Region.of, "A region by its GB/T 2260 code (null + error if unknown)."
    )
    regions: Connection[Region] | None = listing(
        "Region", Region.of, RegionFilter, "Administrative regions."
    )
    incident: Incident | None = lookup(
        "Incident", Incident.of, "A past incident by id (null + error if unknown)."
    )
    incidents: Connection[Incident] | None = listing(
        "Incident", Incident.of, IncidentFilter, "Past incidents (experience)."
    )


document(CatalogQuery)
