"""From a GraphQL selection (strawberry's ``info.selected_fields``) to a `Pick`.

Which stored properties a field reads, and which fields are neighbour lists, is
derived from the type definitions: the properties each type's ``of()`` reads
(recorded once, at import) are the whitelist; the few fields whose stored name
differs (``name`` reads ``nameZh``/``nameEn``, ``availability`` reads ``status``,
...) are named below; a field this table does not know reads every property its
type may read (correct, only slower). Client text never becomes a property name:
only names of this whitelist reach `queries.catalog.projection`.

Example::

    pick = node_pick("Team", info.selected_fields[0].selections)
    # Pick(props=('id', 'nameZh', 'nameEn'),
    #      links=(('team.capabilities', Pick(props=('id', 'nameZh', 'nameEn'))),))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection
from strawberry.utils.str_converters import to_camel_case

import api.graphql.entities  # noqa: F401  (registers the catalog types in MAKERS)
from api.graphql.node_types import MAKERS, linked_fields
from queries.catalog.models import Node
from queries.catalog.projection import MAX_LINK_DEPTH, Pick, allowed_links

# Interfaces a fragment inside a kind's selection may be typed on.
INTERFACES = frozenset({"Node", "TaxonomyConcept"})


class _Recording(dict[str, Any]):
    """Props that record which names a type's ``of()`` reads."""

    def __init__(self) -> None:
        super().__init__()
        self.read: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return default


def _read_by(kind: str) -> frozenset[str]:
    props = _Recording()
    MAKERS[kind](Node(kind=kind, id="x", props=props))
    return frozenset({"id", *props.read} - {"distanceKm"})


def _resolved(kind: str) -> frozenset[str]:
    """GraphQL names of the fields of `kind`'s type that have a resolver of their own."""
    cls = MAKERS[kind].__self__  # type: ignore[attr-defined]
    return frozenset(
        f.graphql_name or to_camel_case(f.python_name)
        for f in cls.__strawberry_definition__.fields
        if f.base_resolver is not None
    )


# Fields with resolvers of their own, per kind (neighbour lists, contact, history ...).
RESOLVED: Mapping[str, frozenset[str]] = {k: _resolved(k) for k in MAKERS}
# Every property a kind's GraphQL type reads (the whitelist), derived from its `of()`.
STORED: Mapping[str, frozenset[str]] = {k: _read_by(k) for k in MAKERS}

_NAMES = {
    "name": ("nameZh", "nameEn"),
    "nameZh": ("nameZh", "nameEn"),
    "nameEn": ("nameEn", "nameZh"),
}
# Fields whose stored property has another name (enums read from the older strings).
ALIASES: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "Team": {"availability": ("status",), "travelMode": ("mobility",), "tier": ("adminLevel",)},
    "Depot": {"tier": ("adminLevel",)},
    "Equipment": {"condition": ("status",)},
    "Plan": {"tier": ("level",), "effectiveOn": ("effectiveDate",)},
    "Region": {"tier": ("rank",)},
    "Incident": {"occurredOn": ("occurredAt",), "level": ("responseLevel",)},
    "HazardType": {"taxonRank": ("rank",)},
}
# Fields that read no stored property (computed, or resolved by their own query).
NO_PROPS = frozenset({"__typename", "id", "distanceKm", "contact", "contactMasked", "history"})

# Neighbour-list fields: (type, field) -> (LINKS name, the wrapper's field holding the
# neighbour, or None when the field's items are the neighbours themselves); declared
# once, on the types' `neighbour(s)` fields.
LINK_FIELDS: Mapping[tuple[str, str], tuple[str, str | None]] = dict(
    linked_fields({k: MAKERS[k].__self__ for k in MAKERS})  # type: ignore[attr-defined]
)


def field_props(kind: str, name: str) -> tuple[str, ...] | None:
    """The stored properties field `name` of `kind` reads; None when unknown here."""
    if name in NO_PROPS:
        return ()
    found = _NAMES.get(name) or ALIASES.get(kind, {}).get(name)
    if found is None and name in STORED[kind]:
        found = (name,)
    return found


def fields(selections: Iterable[Selection], on: str | None) -> Iterable[SelectedField]:
    """The fields selected on type `on`, fragments (on it or its interfaces) flattened;
    `on=None` (a wrapper or connection type) flattens every fragment."""
    for sel in selections:
        if isinstance(sel, SelectedField):
            yield sel
        elif isinstance(sel, (FragmentSpread, InlineFragment)):
            cond = sel.type_condition
            if on is None or cond is None or cond == on or cond in INTERFACES:
                yield from fields(sel.selections, on)


def node_pick(kind: str, selections: Sequence[Selection]) -> Pick:
    """The `Pick` for nodes of `kind` selected by `selections` (aliases and repeats merged)."""
    return _pick(kind, list(selections), 0)


def _pick(kind: str, selections: list[Selection], depth: int) -> Pick:
    props: set[str] = {"id"}
    nested: dict[str, list[Selection]] = {}
    for f in fields(selections, kind):
        link = LINK_FIELDS.get((kind, f.name))
        compiled = link is not None and link[0] in allowed_links(kind) and not f.arguments
        if link is not None and compiled and depth < MAX_LINK_DEPTH:
            name, via = link
            subs = nested.setdefault(name, [])
            if via is None:
                subs.extend(f.selections)
            else:
                subs.extend(
                    s for w in fields(f.selections, None) if w.name == via for s in w.selections
                )
            continue
        if f.name in RESOLVED[kind]:
            continue  # its own resolver reads it (through a DataLoader or a query)
        found = field_props(kind, f.name)
        props.update(STORED[kind] if found is None else found)
    targets = {n: _target(n) for n in nested}
    links = tuple(sorted((n, _pick(targets[n], subs, depth + 1)) for n, subs in nested.items()))
    return Pick(props=tuple(sorted(props)), links=links)


def _target(link_name: str) -> str:
    from queries.catalog.nodes import LINKS

    return LINKS[link_name].targets[0]


def connection_pick(kind: str, selected: Sequence[Selection]) -> Pick:
    """The `Pick` for a connection field's items: `edges { node }` and `nodes` merged."""
    items: list[Selection] = []
    for conn in fields(selected, None):
        for f in fields(conn.selections, None):
            if f.name == "nodes":
                items.extend(f.selections)
            elif f.name == "edges":
                items.extend(
                    s for e in fields(f.selections, None) if e.name == "node" for s in e.selections
                )
    return node_pick(kind, items)
