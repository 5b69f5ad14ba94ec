"""Which GraphQL type shows a stored node of each kind, and fields along its neighbours.

Each catalog type registers itself with `@node_type` (its `of()` builds it from a
`Node`); `as_type(node)` then picks the maker by the node's kind, and `MAKERS` is the
one table the lookups, listings, selection plans and curation payloads share.
`neighbour` and `neighbours` declare a field that resolves along one of the
request's link loaders (`queries.catalog.nodes.LINKS`), batched per request; the
link's name is kept on the field, so the selection plan compiles the same
neighbour list into the listing's one statement (`linked_fields`).

Example::

    @node_type
    @strawberry.type
    class Depot(NamedNode):
        region: Region | None = neighbour("depot.region", "The region it is based in.")

    as_type(Node(kind="Depot", id="D-1", props={...}))   # Depot(id="D-1", ...)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

import strawberry

from api.graphql.context import Info
from queries.catalog.models import Link, Node

C = TypeVar("C", bound=type)
T = TypeVar("T")

# Kind (the class name, as in queries.catalog.nodes.KINDS) -> the maker of its type.
MAKERS: dict[str, Callable[[Node], Any]] = {}
_LINK = "emkg.link"
# On a neighbour field: how its value is made from the request's link list, so the fast
# path (api/graphql/fast_plan.py) can make it from a primed list without calling the
# resolver: (make, many). The resolver below does exactly this after its `load`.
_MAKE = "emkg.link.make"


def node_type(cls: C) -> C:
    """Register `cls` as the GraphQL type of the stored kind of the same name."""
    MAKERS[cls.__name__] = cls.of  # type: ignore[attr-defined]
    return cls


def made(node: Node, make: Callable[[Node], T], key: Any = None) -> T:
    """`make(node)`, made once per node object (and `key`, when what is made depends on
    more than the node: `make` itself otherwise): a 100-team list holds ~1,000 capability
    links to ~30 capabilities, each one node of the statement's parse (the made objects
    are never changed, so every list may share them)."""
    slot = make if key is None else key
    got: T | None = node.made.get(slot)
    if got is None:
        got = node.made[slot] = make(node)
    return got


def as_type(node: Node) -> Any:
    """The node as its kind's GraphQL type."""
    return made(node, MAKERS[node.kind])


def _of_node(link: Link) -> Any:
    return as_type(link.node)


def neighbour(
    link: str, description: str, make: Callable[[Link], Any] = _of_node, **kwargs: Any
) -> Any:
    """A field answering the first neighbour along `link` (null when there is none);
    its type is the class attribute's annotation."""

    async def resolve(root: Any, info: Info) -> Any:
        links = await info.context.links(link).load(str(root.id))
        return from_links(links, make, False)

    return strawberry.field(
        resolver=resolve,
        description=description,
        metadata={_LINK: (link, None), _MAKE: (make, False)},
        **kwargs,
    )


def neighbours(
    link: str,
    description: str,
    make: Callable[[Link], Any] = _of_node,
    *,
    via: str | None = None,
    **kwargs: Any,
) -> Any:
    """A field answering every neighbour along `link`, each made by `make`; `via` names
    the field of the item that holds the neighbour when the items wrap it (a
    CapabilityLevel's `capability`)."""

    async def resolve(root: Any, info: Info) -> list[Any]:
        links = await info.context.links(link).load(str(root.id))
        return from_links(links, make, True)  # type: ignore[no-any-return]

    return strawberry.field(
        resolver=resolve,
        description=description,
        metadata={_LINK: (link, via), _MAKE: (make, True)},
        **kwargs,
    )


def from_links(links: list[Link], make: Callable[[Link], Any], many: bool) -> Any:
    """A neighbour field's value from its link list: every neighbour made (`many`), or
    the first (None when there is none)."""
    if many:
        return [make(lk) for lk in links]
    return make(links[0]) if links else None


def link_maker(field: Any) -> tuple[Callable[[Link], Any], bool] | None:
    """(make, many) of a strawberry field declared by `neighbour(s)`; None for others."""
    found = (field.metadata or {}).get(_MAKE)
    return found if isinstance(found, tuple) else None


def linked_fields(types: Mapping[str, type]) -> Iterator[tuple[tuple[str, str], tuple[str, Any]]]:
    """((type name, GraphQL field name), (link name, via)) of every `neighbour(s)` field."""
    for kind, cls in types.items():
        for f in cls.__strawberry_definition__.fields:  # type: ignore[attr-defined]
            if _LINK in (f.metadata or {}):
                yield (kind, f.graphql_name or _camel(f.python_name)), f.metadata[_LINK]


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)
