"""Catalog listings and lookups, each one statement compiled from the selection.

`load_page` and `load_one` read only what the client selected (`selection_plan`
-> `queries.catalog.picked`), hand the neighbour lists they read to the request's
DataLoaders (`prefetch`), and charge the request's cost budget (`cost_budget`).
Paging rules and cursors are `pagination.py`'s.

Example::

    page = await load_page(info, "Team", Team.of, 50, None, TeamFilter().to_filter(ListOrder.ID))
    team = await load_one(info, "Team", Team.of, "T-SC-0001")   # None when there is none
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from api.auth import Permission
from api.graphql.context import Info
from api.graphql.cost_budget import charge
from api.graphql.pagination import Connection, connection, decode_cursor, decode_offset
from api.graphql.prefetch import prime_links
from api.graphql.selection_plan import connection_pick, node_pick
from kg.errors import UserInputError
from queries.catalog.models import Node, Page
from queries.catalog.nodes import NodeFilter, page_size
from queries.catalog.picked import get_picked, list_picked
from queries.catalog.projection import Pick

T = TypeVar("T")


async def load_page(
    info: Info,
    kind: str,
    make: Callable[[Node], T],
    first: int | None,
    after: str | None,
    filters: NodeFilter,
    last: int | None = None,
    before: str | None = None,
    pick: Pick | None = None,
) -> Connection[T]:
    """One page of nodes of `kind` in one statement that reads only what the selection
    asks for (`pick`; by default compiled from the connection's `edges { node }` and
    `nodes`), its neighbour lists handed to the request's loaders. Every listing needs
    the read permission and is charged to the request's cost budget; unknown ids in the
    filter are an error naming the closest ids."""
    info.context.require(Permission.READ)
    if first is not None and (last is not None or before is not None):
        raise UserInputError("give first/after to page forwards or last/before backwards, not both")
    runner = info.context.runner
    backwards = last is not None or before is not None
    if pick is None:
        pick = connection_pick(kind, info.selected_fields)
    charge(info, size=page_size(last if backwards else first), pick=pick)
    if filters.order == "ID":
        page = await list_picked(
            runner,
            kind,
            pick,
            first=first,
            after=decode_cursor(after),
            before=decode_cursor(before),
            last=last,
            filters=filters,
        )
    else:
        position = decode_offset(before if backwards else after)
        skip = position if backwards else (position + 1 if position is not None else 0)
        page = await list_picked(
            runner,
            kind,
            pick,
            first=first,
            after=None,
            filters=filters,
            last=last,
            skip=skip,
            before="" if before is not None else None,
        )
    for item in page.items:
        prime_links(info.context, item, pick)
    return connection(
        Page(nodes=tuple(i.node for i in page.items), has_next=page.has_next, offset=page.offset),
        kind,
        filters,
        make,
        backwards=backwards,
        had_cursor=(before if backwards else after) is not None,
    )


async def load_one(info: Info, kind: str, make: Callable[[Node], T], node_id: str) -> T | None:
    """The node of `kind` with this id in one statement reading what the field selects
    (None when there is none); needs the read permission."""
    info.context.require(Permission.READ)
    pick = node_pick(kind, [s for f in info.selected_fields for s in f.selections])
    charge(info, size=1, pick=pick)
    item = await get_picked(info.context.runner, kind, pick, node_id)
    if item is None:
        return None
    prime_links(info.context, item, pick)
    return make(item.node)
