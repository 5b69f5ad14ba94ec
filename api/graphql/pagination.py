"""Relay-style connections with an opaque id cursor and a capped `first`."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Generic, TypeVar

import strawberry

from api.auth import Permission
from api.graphql.context import Info
from api.graphql.fields import field
from kg.errors import UserInputError
from queries.catalog.models import Node, Page
from queries.catalog.nodes import MAX_PAGE, NodeFilter, count_nodes, list_nodes

T = TypeVar("T")


def encode_cursor(value: str) -> str:
    return base64.urlsafe_b64encode(f"id:{value}".encode()).decode()


def decode_cursor(cursor: str | None) -> str | None:
    if cursor is None:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    if not text.startswith("id:"):
        raise UserInputError(
            f"after='{cursor}' is not a cursor from this API; pass pageInfo.endCursor unchanged"
        )
    return text[3:]


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description=f"A page of results; `first` is capped at {MAX_PAGE}.")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    kind: strawberry.Private[str]
    filters: strawberry.Private[NodeFilter]

    @strawberry.field
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
    had_cursor: bool,
) -> Connection[T]:
    edges = [Edge(cursor=encode_cursor(n.id), node=make(n)) for n in page.nodes]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=had_cursor,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        kind=kind,
        filters=filters,
    )


async def load_page(
    info: Info,
    kind: str,
    make: Callable[[Node], T],
    first: int | None,
    after: str | None,
    filters: NodeFilter,
) -> Connection[T]:
    """One page of nodes of `kind` (every listing needs the read permission)."""
    info.context.require(Permission.READ)
    page = await list_nodes(
        info.context.runner, kind, first=first, after=decode_cursor(after), filters=filters
    )
    return connection(page, kind, filters, make, had_cursor=after is not None)
