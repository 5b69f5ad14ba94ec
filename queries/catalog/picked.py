"""One statement per listing or lookup, returning only what was picked (`projection.py`).

A page is one round trip: the filtered, ordered page (keyset by id, or offset for
other orders) with each node's picked properties and neighbour lists, plus the
link-filter ids that name no node (so an unknown capability id is still an error
with the closest ids, answered by `nodes.check_link_ids`). The whole page comes
back as one record holding a list (far cheaper to decode than a record per row).

Example::

    page = await list_picked(runner, "Team", Pick(props=("id", "nameZh")), first=50,
                             after=None, filters=NodeFilter(props={"status": "available"}))
    page.items[0].node.props     # {"id": "T-SC-0001", "nameZh": "..."}
    one = await get_picked(runner, "Team", pick, "T-SC-0001")
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, LiteralString, cast

from kg.cypher import CypherRunner
from kg.gate import label, rel
from ontology.registry import other_end
from queries.catalog.nodes import (
    LINK_FILTERS,
    NodeFilter,
    check_link_ids,
    count_nodes,
    page_size,
)
from queries.catalog.projection import Pick, Picked, keys, parse_picked, projection, shape

# A page holding more nodes than this (its items and their neighbours, at every depth) is
# parsed in a worker thread. Parsing costs ~3 us a node: a 100-team list with its ~1,060
# capabilities takes ~3-4 ms on the loop, 2,000 nodes ~6 ms. In a thread the same parse cost
# ~2 ms of CPU more (the hand-over, the loop's wake-up, the GIL passed to and fro with the
# requests the loop serves meanwhile): 9 % of a 100-team list's server CPU.
PARSE_OFF_LOOP = 2_000
_DIST_EXTRA: LiteralString = "dist / 1000.0"
_POINT: LiteralString = "point({latitude: $near.latitude, longitude: $near.longitude})"
_OTHER_SORT: LiteralString = (
    "ORDER BY CASE $order WHEN 'DISTANCE' THEN dist END, "
    "CASE $order WHEN 'NAME' THEN coalesce(n.nameZh, n.nameEn, n.id) END, "
    "CASE $order WHEN 'READINESS' THEN n.readinessMinutes END, n.id SKIP $skip LIMIT $limit"
)


def missing_ids(kind: str) -> LiteralString:
    """The entries of `$check` ({filter, id}) that name no node of the filter's labels."""
    cases: list[LiteralString] = []
    for name, rel_type in sorted(LINK_FILTERS.get(kind, {}).items()):
        found: list[LiteralString] = [
            "EXISTS { MATCH (x:" + label(k) + " {id: c.id}) }" for k in other_end(rel_type, kind)
        ]
        cases.append("WHEN " + cast(LiteralString, repr(str(name))) + " THEN " + " OR ".join(found))  # type: ignore[redundant-cast]
    if not cases:
        return "[]"
    return "[c IN $check WHERE NOT (CASE c.filter " + " ".join(cases) + " ELSE false END) | c]"


@dataclass(frozen=True)
class Given:
    """Which filters a listing has (their values stay parameters): the statement keeps
    only their conditions, so Neo4j plans (and runs) no condition nobody asked for."""

    text: bool = False
    props: bool = False
    links: bool = False
    deep: bool = False  # a link filter reaching sub-regions along PART_OF
    near: bool = False
    check: bool = False  # link-filter ids to look up
    bound: bool = False  # a keyset page starts past an id ($after, or $before backwards)
    backwards: bool = False  # a keyset page read from the end (before / last)

    @classmethod
    def of(
        cls,
        params: dict[str, Any],
        check: list[dict[str, str]],
        *,
        bound: bool = False,
        backwards: bool = False,
    ) -> Given:
        return cls(
            text=params["text"] is not None,
            props=bool(params["props"]),
            links=bool(params["links"]),
            deep=any(lk["deep"] for lk in params["links"]),
            near=params["near"] is not None,
            check=bool(check),
            bound=bound,
            backwards=backwards,
        )


def where(given: Given) -> LiteralString:
    """The conditions of the filters `given` (as nodes._WHERE, without the others)."""
    text: LiteralString = "WHERE NOT coalesce(n.retired, false) "
    if given.text:
        text += (
            "AND toLower(n.id + ' ' + coalesce(n.nameZh, '') + ' ' + coalesce(n.nameEn, '')) "
            "CONTAINS $text "
        )
    if given.props:
        text += "AND all(k IN keys($props) WHERE n[k] IN $props[k]) "
    if given.links:
        deep: LiteralString = (
            " OR (l.deep AND EXISTS { MATCH (m)-[:" + rel("PART_OF") + "*1..3]->(p) "
            "WHERE p.id IN l.ids })"
            if given.deep
            else ""
        )
        text += (
            "AND all(l IN $links WHERE EXISTS { MATCH (n)-[r]->(m) WHERE type(r) = l.rel "
            "AND (l.maxLevel IS NULL OR r.level <= l.maxLevel) AND (m.id IN l.ids" + deep + ") }) "
        )
    if given.near:
        text += "AND point.distance(n.location, " + _POINT + ") <= $near.meters "
    return text


def _keyset(given: Given) -> tuple[LiteralString, LiteralString]:
    """The id condition and the order of a keyset page. Each direction and bound has its own
    text (no `$after IS NULL OR ...`, no order chosen by a parameter), so Neo4j walks the
    id index in order and stops after `$limit` matches instead of reading and sorting every
    node of the label (a 100-team list: 14.8k -> 8.9k db hits; 50 teams holding a common
    capability: 48k -> 11k)."""
    if given.backwards:
        start: LiteralString = "AND n.id < $before " if given.bound else "AND n.id IS NOT NULL "
        return start, "ORDER BY n.id DESC LIMIT $limit"
    start = "AND n.id > $after " if given.bound else "AND n.id IS NOT NULL "
    return start, "ORDER BY n.id LIMIT $limit"


def _distance(given: Given) -> LiteralString:
    if not given.near:
        return "WITH n, null AS dist "
    return "WITH n, point.distance(n.location, " + _POINT + ") AS dist "


@lru_cache(maxsize=512)  # shapes come from clients' selections: keep the cache bounded
def picked_page_query(kind: str, pick: Pick, by_id: bool, given: Given = Given()) -> LiteralString:
    """A page ordered by id (keyset: `$after`, or `$before` read backwards, as `given`
    says) or by `$order` (offset, `$skip`), with the conditions of the filters `given`,
    projected through `pick`'s shape (properties: `$keys`); one record: rows and missing."""
    pick = shape(pick)
    order, sort = _keyset(given) if by_id else ("", _OTHER_SORT)
    return (
        "CALL () { MATCH (n:"
        + label(kind)
        + ") "
        + where(given)
        + order
        + _distance(given)
        + sort
        + " RETURN collect("
        + projection(kind, pick, "n", extra=_DIST_EXTRA)
        + ") AS rows } RETURN rows, "
        + (missing_ids(kind) if given.check else "[]")
        + " AS missing"
    )


@lru_cache(maxsize=512)
def picked_get_query(kind: str, pick: Pick) -> LiteralString:
    pick = shape(pick)
    return (
        "MATCH (n:" + label(kind) + " {id: $id}) RETURN " + projection(kind, pick, "n") + " AS row"
    )


@dataclass(frozen=True)
class PickedPage:
    items: tuple[Picked, ...]
    has_next: bool  # more items lie beyond the page in the direction it was read
    offset: int | None = None  # position of the first item (offset-paged orders only)
    extra: dict[str, Any] = field(default_factory=dict)


def _check(filters: NodeFilter, kind: str) -> list[dict[str, str]]:
    return [{"filter": name, "id": i} for name, _, ids in filters.targets(kind) for i in ids]


async def list_picked(
    runner: CypherRunner,
    kind: str,
    pick: Pick,
    *,
    first: int | None,
    after: str | None,
    filters: NodeFilter,
    before: str | None = None,
    last: int | None = None,
    skip: int | None = None,
) -> PickedPage:
    """One page in one statement. Ordered by id: keyset (`after` forwards, `before`/`last`
    backwards); other orders: offset pages from `skip`; `has_next` = more lie beyond in
    the paging direction. An unknown id in a link filter raises UnknownConceptError with
    the closest ids."""
    backwards = before is not None or last is not None
    size = page_size(last if backwards else first)
    params = filters.params(kind)
    check = _check(filters, kind)
    if filters.order != "ID":
        start = skip or 0
        if backwards:
            end = start if before is not None else None
            if end is None:
                end = await count_nodes(runner, kind, filters)
            start = max(0, end - size)
            size = end - start
        found = await runner.read_single(
            picked_page_query(kind, pick, False, Given.of(params, check)),
            order=filters.order,
            skip=start,
            limit=size + 1,
            check=check,
            keys=keys(pick),
            **params,
        )
        items = await _items(runner, kind, pick, filters, found)
        more = len(items) > size if not backwards else start > 0
        return PickedPage(items=items[:size], has_next=more, offset=start)
    bound = before if backwards else after
    given = Given.of(params, check, bound=bound is not None, backwards=backwards)
    found = await runner.read_single(
        picked_page_query(kind, pick, True, given),
        after=None if backwards else after,
        before=before,
        limit=size + 1,
        check=check,
        keys=keys(pick),
        **params,
    )
    items = await _items(runner, kind, pick, filters, found)
    page = items[:size]
    if backwards:
        page = tuple(reversed(page))
    return PickedPage(items=page, has_next=len(items) > size)


async def _items(
    runner: CypherRunner,
    kind: str,
    pick: Pick,
    filters: NodeFilter,
    found: dict[str, Any] | None,
) -> tuple[Picked, ...]:
    if found is None:  # the statement always answers one record; never reached
        return ()
    if found["missing"]:
        await check_link_ids(runner, kind, filters)  # raises, naming the closest ids
    rows = found["rows"]
    if pick.links and nodes_held(rows, pick) > PARSE_OFF_LOOP:
        # A large nested page: parse it in a worker thread so that the event loop keeps
        # serving other requests meanwhile (the GIL switches every few ms).
        return await asyncio.to_thread(_parse_all, rows, kind, pick)
    return _parse_all(rows, kind, pick)


def nodes_held(rows: list[Any], pick: Pick) -> int:
    """How many nodes projected `rows` hold: the rows and, at every depth, their
    neighbours (the lists after the first three entries, see `projection`)."""
    n = len(rows)
    for i, (_, sub) in enumerate(pick.links):
        column = 3 + i
        if sub.links:
            n += sum(nodes_held(r[column] or [], sub) for r in rows)
        else:
            n += sum(len(r[column] or ()) for r in rows)
    return n


def _parse_all(rows: list[Any], kind: str, pick: Pick) -> tuple[Picked, ...]:
    nodes: dict[Any, Any] = {}  # neighbours several rows name: one node (and Picked) each
    return tuple(parse_picked(r, kind, pick, "distanceKm", nodes) for r in rows)


async def get_picked(runner: CypherRunner, kind: str, pick: Pick, node_id: str) -> Picked | None:
    """The node of `kind` with this id, projected through `pick` (None if there is none)."""
    found = await runner.read_single(picked_get_query(kind, pick), id=node_id, keys=keys(pick))
    return parse_picked(found["row"], kind, pick) if found else None
