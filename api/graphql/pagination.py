"""Relay-style connections: opaque cursors, `first`/`after` and `last`/`before`, capped.

Listings ordered by id page by keyset (cursor = the id); other orders (name,
distance, readiness) by offset (cursor = the position). Page size: default
`DEFAULT_PAGE` (20), at most `MAX_PAGE` (100); more is an error entry on that
field only (the connection fields are nullable), never a nulled response.

Example::

    { teams(first: 5, filter: {availability: [AVAILABLE]}) {
        totalCount nodes { id } pageInfo { hasNextPage endCursor } } }
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Generic, TypeVar

import strawberry

from api.graphql.context import Info
from api.graphql.fields import field
from kg.errors import UserInputError
from queries.catalog.models import Node, Page
from queries.catalog.nodes import DEFAULT_PAGE, MAX_PAGE, NodeFilter, count_nodes

T = TypeVar("T")


def encode_cursor(value: str) -> str:
    return base64.urlsafe_b64encode(f"id:{value}".encode()).decode()


def encode_offset(position: int) -> str:
    return base64.urlsafe_b64encode(f"at:{position}".encode()).decode()


def _decoded(cursor: str) -> str:
    try:
        return base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return ""


def decode_cursor(cursor: str | None) -> str | None:
    if cursor is None:
        return None
    text = _decoded(cursor)
    if not text.startswith("id:"):
        raise UserInputError(
            f"cursor '{cursor}' is not a cursor from this API (of this listing and order); "
            "pass pageInfo.endCursor or startCursor unchanged"
        )
    return text[3:]


def decode_offset(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    text = _decoded(cursor)
    if not text.startswith("at:") or not text[3:].isdigit():
        raise UserInputError(
            f"cursor '{cursor}' is not a cursor of this ordered listing; pass "
            "pageInfo.endCursor or startCursor unchanged (and keep orderBy the same)"
        )
    return int(text[3:])


@strawberry.type(description="Where a page lies in its listing (Relay PageInfo).")
class PageInfo:
    has_next_page: bool = strawberry.field(
        description="More items follow the page (when paging forwards with first/after)."
    )
    has_previous_page: bool = strawberry.field(
        description="Items precede the page (exact when paging backwards with last/before)."
    )
    start_cursor: str | None = strawberry.field(
        description="The first item's cursor: pass it as `before` for the previous page."
    )
    end_cursor: str | None = strawberry.field(
        description="The last item's cursor: pass it as `after` for the next page."
    )


@strawberry.type(description="An item and its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque; pass as `after` or `before`.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(
    description=f"A page of results: first/after forwards, last/before backwards; default "
    f"{DEFAULT_PAGE} per page, at most {MAX_PAGE}."
)
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items with their cursors.")
    page_info: PageInfo = strawberry.field(description="Where this page lies.")
    kind: strawberry.Private[str]
    filters: strawberry.Private[NodeFilter]

    @field(description="The items without cursors.")
    def nodes(self) -> list[T]:
        return [e.node for e in self.edges]

    @field(description="How many items match the filter (one extra query).")
    async def total_count(self, info: Info) -> int:
        return await count_nodes(info.context.runner, self.kind, self.filters)


def connection(
    page: Page,
    kind: str,
    filters: NodeFilter,
    make: Callable[[Node], T],
    *,
    backwards: bool,
    had_cursor: bool,
) -> Connection[T]:
    if page.offset is not None:
        edges = [
            Edge(cursor=encode_offset(page.offset + i), node=make(n))
            for i, n in enumerate(page.nodes)
        ]
    else:
        edges = [Edge(cursor=encode_cursor(n.id), node=make(n)) for n in page.nodes]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=had_cursor if backwards else page.has_next,
            has_previous_page=page.has_next if backwards else had_cursor,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        kind=kind,
        filters=filters,
    )
