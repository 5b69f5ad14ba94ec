"""Compile what a client asked for (a `Pick`) into one Cypher projection, and parse it back.

A `Pick` names the stored properties to read of a node and the neighbour lists
(``LINKS`` names) to read with it, each with its own `Pick`. The projection is a
list per node, ``[[values], r {.level}, extra, COLLECT {...}, ...]``: the values of
the picked properties (their names are the ``$keys`` parameter, so one statement
text, planned once, serves every selection of the same shape), the properties of
the relationship that led to it (for a neighbour), a computed value (the distance
of a listing near a point), then one ordered list per link, built by a ``COLLECT``
subquery (ordered by id, like the batched link query). Only gated labels and
relationship types and the fixed relationship properties (``REL_PROPS``) enter the
text; property names come from the API's whitelist as values, and every value
stays a ``$parameter``.

Example::

    pick = Pick(props=("id", "nameZh"),
                links=(("team.capabilities", Pick(props=("id", "nameZh"))),))
    projection("Team", pick, "n")
    # [[k0 IN $keys[0] | n[k0]], null, null, COLLECT { MATCH (n)-[r1:`HAS_CAPABILITY`]->
    #   (n1:`Capability`) WHERE ... RETURN [[k1 IN $keys[1] | n1[k1]], r1 {.`level`}, null]
    #   ORDER BY n1.id }]
    keys(pick)                        # [["id", "nameZh"], ["id", "nameZh"]]
    parse_picked(row, "Team", pick)   # Picked(node=Node(...), links={"team.capabilities": [...]})
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, LiteralString, cast

from kg.gate import label, rel
from queries.catalog.models import HIDDEN, Node, plain
from queries.catalog.nodes import LINKS

# The properties a relationship carries that the API reads (level of a capability held,
# quantity of a stock, weight of a requirement ...), per relationship type.
REL_PROPS: Mapping[str, tuple[str, ...]] = {
    "HAS_CAPABILITY": ("level",),
    "TYPICALLY_HAS": ("level",),
    "HAS_EQUIPMENT": ("quantity",),
    "REQUIRES": ("weight", "minLevel"),
    "MAY_TRIGGER": ("likelihood",),
    "PRESCRIBES": ("responseLevel",),
}
MAX_LINK_DEPTH = 6  # nested neighbour lists; the GraphQL depth limit is lower anyway
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*\Z")


@dataclass(frozen=True)
class Pick:
    """What to read of a node: stored properties and neighbour lists (sorted, hashable)."""

    props: tuple[str, ...] = ("id",)
    links: tuple[tuple[str, Pick], ...] = ()

    def cost(self, fanout: int) -> int:
        """Nodes read per node picked, counting `fanout` neighbours per list."""
        return 1 + sum(fanout * p.cost(fanout) for _, p in self.links)


@dataclass(frozen=True)
class Picked:
    """A node read through a `Pick`: its properties (only those picked), the properties of
    the relationship that led to it, and its neighbour lists by link name."""

    node: Node
    rel: Mapping[str, Any] = field(default_factory=dict)
    links: Mapping[str, list[Picked]] = field(default_factory=dict)


def _prop(name: str) -> LiteralString:
    """A whitelisted property name, backtick-quoted (never text from a request)."""
    if not _NAME.match(name):
        raise ValueError(f"'{name}' is not a property name")
    return cast(LiteralString, f"`{name}`")  # type: ignore[redundant-cast]


def _map(var: LiteralString, props: Sequence[str]) -> LiteralString:
    if not props:
        return "{}"
    keys: list[LiteralString] = ["." + _prop(p) for p in props]
    return var + " {" + ", ".join(keys) + "}"


def _num(i: int) -> LiteralString:
    return cast(LiteralString, str(i))  # type: ignore[redundant-cast]


def link_rel_props(name: str) -> tuple[str, ...]:
    return REL_PROPS.get(LINKS[name].rel, ())


def shape(pick: Pick) -> Pick:
    """`pick` without its properties: the statement's text depends only on this (the
    properties are the `$keys` parameter), so Neo4j plans it once per shape."""
    return Pick(props=(), links=tuple((n, shape(p)) for n, p in pick.links))


def keys(pick: Pick) -> list[list[str]]:
    """The `$keys` parameter: each picked node's property names, in pre-order."""
    out = [list(pick.props)]
    for _, sub in pick.links:
        out.extend(keys(sub))
    return out


def projection(
    kind: str,
    pick: Pick,
    var: LiteralString,
    depth: int = 0,
    rel_var: LiteralString | None = None,
    rel_props: tuple[str, ...] = (),
    extra: LiteralString = "null",
    start: list[int] | None = None,
) -> LiteralString:
    """The list expression for one node bound to `var` (see the module docstring): the
    values of its properties named by ``$keys[i]`` (i = its place in the pick, pre-order),
    the relationship's, `extra` (e.g. ``dist / 1000.0``), then its neighbour lists."""
    if depth > MAX_LINK_DEPTH:
        raise ValueError(f"links nested deeper than {MAX_LINK_DEPTH}")
    counter = start if start is not None else [0]
    index = _num(counter[0])
    counter[0] += 1
    k = "k" + _num(depth)
    parts: list[LiteralString] = [
        "[" + k + " IN $keys[" + index + "] | " + var + "[" + k + "]]",
        _map(rel_var, rel_props) if rel_var is not None and rel_props else "null",
        extra,
    ]
    for name, sub in pick.links:
        spec = LINKS[name]
        if len(spec.targets) != 1:
            raise ValueError(f"link {name} may end at several labels; it is not compiled")
        m = "n" + _num(depth + 1)
        r = "r" + _num(depth + 1)
        arrow: LiteralString = (
            "-[" + r + ":" + rel(spec.rel) + "]->"
            if spec.outgoing
            else "<-[" + r + ":" + rel(spec.rel) + "]-"
        )
        inner = projection(
            spec.targets[0], sub, m, depth + 1, r, link_rel_props(name), start=counter
        )
        parts.append(
            "COLLECT { MATCH (" + var + ")" + arrow + "(" + m + ":" + label(spec.targets[0]) + ") "
            "WHERE NOT coalesce("
            + m
            + ".retired, false) RETURN "
            + inner
            + " ORDER BY "
            + m
            + ".id }"
        )
    return "[" + ", ".join(parts) + "]"


def parse_picked(
    row: Sequence[Any],
    kind: str,
    pick: Pick,
    extra: str | None = None,
    nodes: dict[Any, Any] | None = None,
) -> Picked:
    """The `Picked` tree of one projected node (the parser paired with `projection`);
    `extra` names the computed third entry (e.g. ``distanceKm``) when there is one.
    Rows parsed with the same `nodes` share one `Node` per neighbour read the same (a
    100-team list names ~30 capabilities ~1,000 times), so what is made of it is made
    once (`api.graphql.node_types.made`), and one `Picked` per neighbour reached by the
    same relationship values (its items are never changed)."""
    memo = nodes if nodes is not None else {}
    links: dict[str, list[Picked]] = {}
    for i, (name, sub) in enumerate(pick.links):
        target = LINKS[name].targets[0]
        links[name] = [_neighbour(r, target, sub, memo) for r in row[3 + i] or []]
    return Picked(node=_node(row, kind, pick, extra), rel=_rel(row), links=links)


def _node(row: Sequence[Any], kind: str, pick: Pick, extra: str | None) -> Node:
    props = {
        k: plain(v)
        for k, v in zip(pick.props, row[0] or (), strict=False)
        if v is not None and k not in HIDDEN
    }
    if extra is not None and row[2] is not None:
        props[extra] = row[2]
    return Node(kind=kind, id=str(props.get("id", "")), props=props)


def _rel(row: Sequence[Any]) -> dict[str, Any]:
    return {k: plain(v) for k, v in (row[1] or {}).items() if v is not None}


def _neighbour(row: Sequence[Any], kind: str, pick: Pick, memo: dict[Any, Any]) -> Picked:
    if pick.links:
        return parse_picked(row, kind, pick, None, memo)
    rel = row[1]
    try:
        key = (kind, pick.props, tuple(row[0] or ()))
        both = (key, tuple(rel.items()) if rel else ())
        found: Picked | None = memo.get(both)
    except TypeError:  # a list value (unhashable): not shared
        return Picked(node=_node(row, kind, pick, None), rel=_rel(row))
    if found is None:  # the same neighbour by the same relationship values: one Picked
        node = memo.get(key)
        if node is None:
            node = memo[key] = _node(row, kind, pick, None)
        found = memo[both] = Picked(node=node, rel=_rel(row))
    return found


def allowed_links(kind: str) -> frozenset[str]:
    """Link names a `kind` node may be picked with (one target label each)."""
    return frozenset(n for n, s in LINKS.items() if s.source == kind and len(s.targets) == 1)
