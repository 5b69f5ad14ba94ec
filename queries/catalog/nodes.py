"""Entity lookups, the catalog filters, counts and DataLoader batch queries (the pages
themselves are compiled from the selection in `picked.py`).

Query text is built once per label/relationship from the ontology-gated names
(``kg.gate``); filters are values (``$props``, ``$links``), never text. Which
labels a neighbour list may hold comes from the ontology's domains and ranges
(``ontology.registry``), never from a list typed here.

Example::

    n = await count_nodes(runner, "Team", NodeFilter(props={"status": ["available", "standby"]},
                                                     links={"region": ["510000"]},  # and subs
                                                     near=Near(30.66, 104.06, 50.0)))
    links = await neighbours(runner, "team.capabilities", ["T-SC-0001"])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, LiteralString

from kg.cypher import CypherRunner
from kg.errors import UnknownConceptError, UserInputError
from kg.gate import label, rel
from kg.schema import INSTANCE_LABELS
from ontology.registry import CONCEPT_KINDS, other_end
from queries.catalog.models import Link, Node, parse_link, parse_node

# What the catalog lists: the taxonomy kinds and the labels loader records become.
KINDS: tuple[str, ...] = (*CONCEPT_KINDS, *INSTANCE_LABELS)
MAX_PAGE = 100
DEFAULT_PAGE = 20

# Equality filters on properties and on outgoing relationships, per kind (filter -> name).
PROPERTY_FILTERS: Mapping[str, Mapping[str, str]] = {
    "HazardType": {"rank": "rank"},
    "Team": {"status": "status", "mobility": "mobility", "adminLevel": "adminLevel"},
    "Equipment": {"status": "status"},
    "Depot": {"adminLevel": "adminLevel"},
    "Expert": {"available": "available"},
    "Plan": {"level": "level"},
    "Region": {"rank": "rank"},
    "Incident": {"responseLevel": "responseLevel"},
}
LINK_FILTERS: Mapping[str, Mapping[str, str]] = {
    "HazardType": {"parent": "BROADER"},
    "EquipmentType": {"provides": "PROVIDES"},
    "Team": {"capability": "HAS_CAPABILITY", "teamType": "OF_TYPE", "region": "BASED_IN"},
    "Equipment": {"equipmentType": "OF_TYPE"},
    "Depot": {"region": "BASED_IN"},
    "Expert": {"expertise": "EXPERT_IN", "region": "BASED_IN"},
    "Plan": {"covers": "COVERS", "region": "APPLIES_TO"},
    "Region": {"parent": "PART_OF"},
    "Incident": {"hazardType": "OF_HAZARD", "region": "IN_REGION"},
}


@dataclass(frozen=True)
class LinkSpec:
    source: str
    rel: str
    targets: tuple[str, ...]
    outgoing: bool = True


def _link(source: str, rel_type: str, *, outgoing: bool = True) -> LinkSpec:
    """`source`'s neighbours along `rel_type`; the labels they may have are the ontology's."""
    return LinkSpec(source, rel_type, other_end(rel_type, source, outgoing=outgoing), outgoing)


# Every neighbour list the API resolves through a DataLoader (one query per batch).
LINKS: Mapping[str, LinkSpec] = {
    "hazard.parent": _link("HazardType", "BROADER"),
    "hazard.children": _link("HazardType", "BROADER", outgoing=False),
    "hazard.requires": _link("HazardType", "REQUIRES"),
    "hazard.triggers": _link("HazardType", "MAY_TRIGGER"),
    "capability.providedBy": _link("Capability", "PROVIDES", outgoing=False),
    "equipmentType.provides": _link("EquipmentType", "PROVIDES"),
    "teamType.capabilities": _link("TeamType", "TYPICALLY_HAS"),
    "team.teamType": _link("Team", "OF_TYPE"),
    "team.capabilities": _link("Team", "HAS_CAPABILITY"),
    "team.equipment": _link("Team", "HAS_EQUIPMENT"),
    "team.region": _link("Team", "BASED_IN"),
    "team.deployments": _link("Team", "DEPLOYED_TO"),
    "equipment.equipmentType": _link("Equipment", "OF_TYPE"),
    "equipment.holder": _link("Equipment", "HAS_EQUIPMENT", outgoing=False),
    "depot.equipment": _link("Depot", "HAS_EQUIPMENT"),
    "depot.region": _link("Depot", "BASED_IN"),
    "expert.expertise": _link("Expert", "EXPERT_IN"),
    "expert.region": _link("Expert", "BASED_IN"),
    "plan.covers": _link("Plan", "COVERS"),
    "plan.regions": _link("Plan", "APPLIES_TO"),
    "plan.prescribes": _link("Plan", "PRESCRIBES"),
    "region.parent": _link("Region", "PART_OF"),
    "region.children": _link("Region", "PART_OF", outgoing=False),
    "incident.hazardType": _link("Incident", "OF_HAZARD"),
    "incident.region": _link("Incident", "IN_REGION"),
    "incident.teams": _link("Incident", "DEPLOYED_TO", outgoing=False),
}

# Links to a region also match the region's sub-regions (county -> city -> province: the
# queries' PART_OF*1..3).
REGION_LINKS = frozenset({"BASED_IN", "APPLIES_TO", "IN_REGION", "PART_OF"})
# Orders a listing may ask for besides the id (DISTANCE needs `near`).
ORDERS = ("ID", "NAME", "DISTANCE", "READINESS")

# A node's properties without the bulky search ones (HIDDEN); its parser is `parse_node`.
NODE_PROJECTION: LiteralString = "n {.*, embedding: null, embeddingText: null, embeddingHash: null}"
# Property filters are lists (any of); link filters are lists of ids (any of), a region
# link reaching sub-regions along PART_OF, HAS_CAPABILITY optionally at a level <= maxLevel
# (1 = most capable); `near` keeps nodes within `meters` of a point.
_WHERE: LiteralString = (
    """
WHERE NOT coalesce(n.retired, false)
  AND ($text IS NULL OR toLower(n.id + ' ' + coalesce(n.nameZh, '') + ' '
       + coalesce(n.nameEn, '')) CONTAINS $text)
  AND all(k IN keys($props) WHERE n[k] IN $props[k])
  AND all(l IN $links WHERE EXISTS {
        MATCH (n)-[r]->(m) WHERE type(r) = l.rel
          AND (l.maxLevel IS NULL OR r.level <= l.maxLevel)
          AND (m.id IN l.ids OR (l.deep AND EXISTS {
                MATCH (m)-[:"""
    + rel("PART_OF")
    + """*1..3]->(p) WHERE p.id IN l.ids })) })
  AND ($near IS NULL OR point.distance(n.location,
       point({latitude: $near.latitude, longitude: $near.longitude})) <= $near.meters)
"""
)


@cache
def get_query(kind: str) -> LiteralString:
    return (
        "UNWIND $ids AS id MATCH (n:"
        + label(kind)
        + " {id: id}) RETURN "
        + NODE_PROJECTION
        + " AS node"
    )


@cache
def exists_query(kinds: tuple[str, ...]) -> LiteralString:
    """Which of `$ids` are nodes of any of `kinds` (one indexed lookup per label)."""
    parts: list[LiteralString] = [
        "MATCH (n:" + label(k) + ") WHERE n.id IN $ids RETURN n.id AS id" for k in kinds
    ]
    return " UNION ".join(parts)


@cache
def known_query(kinds: tuple[str, ...]) -> LiteralString:
    """Ids and names of `kinds`, for suggesting the closest to an unknown id."""
    parts: list[LiteralString] = [
        "MATCH (n:" + label(k) + ") WHERE NOT coalesce(n.retired, false) "
        "RETURN n.id AS id, coalesce(n.nameZh, n.nameEn, '') AS name LIMIT $limit"
        for k in kinds
    ]
    return " UNION ".join(parts)


@cache
def node_query() -> LiteralString:
    """A node of any listed kind by id, with its labels (for `node(id:)`)."""
    parts: list[LiteralString] = [
        "MATCH (n:"
        + label(k)
        + " {id: $id}) RETURN labels(n) AS labels, "
        + NODE_PROJECTION
        + " AS node"
        for k in KINDS
    ]
    return " UNION ALL ".join(parts)


@cache
def count_query(kind: str) -> LiteralString:
    return "MATCH (n:" + label(kind) + ")" + _WHERE + "RETURN count(n) AS total"


@cache
def link_query(name: str) -> LiteralString:
    spec = LINKS[name]
    arrow: LiteralString = (
        "-[r:" + rel(spec.rel) + "]->" if spec.outgoing else ("<-[r:" + rel(spec.rel) + "]-")
    )
    return (
        "UNWIND $ids AS id MATCH (s:" + label(spec.source) + " {id: id})" + arrow + "(n) "
        "WHERE NOT coalesce(n.retired, false) AND any(l IN labels(n) WHERE l IN $kinds) "
        "RETURN id AS source, properties(r) AS rel, labels(n) AS labels, "
        + NODE_PROJECTION
        + " AS node ORDER BY source, n.id"
    )


@dataclass(frozen=True)
class Near:
    """Within `radius_km` of a WGS-84 point."""

    latitude: float
    longitude: float
    radius_km: float


MAX_RADIUS_KM = 5000.0


def _listed(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]


@dataclass(frozen=True)
class NodeFilter:
    """A listing's filter: property and link values are one value or a list (any of).

    `capability_max_level` keeps teams holding a filtered capability at that level or a
    more capable one (1 = most capable); `order` is one of ORDERS.
    """

    text: str | None = None
    props: Mapping[str, Any] = field(default_factory=dict)
    links: Mapping[str, Any] = field(default_factory=dict)
    near: Near | None = None
    capability_max_level: int | None = None
    order: str = "ID"

    def params(self, kind: str) -> dict[str, Any]:
        allowed_props = PROPERTY_FILTERS.get(kind, {})
        allowed_links = LINK_FILTERS.get(kind, {})
        for name in [*self.props, *self.links]:
            if name not in allowed_props and name not in allowed_links:
                known = ", ".join(sorted([*allowed_props, *allowed_links])) or "text only"
                raise UserInputError(f"{kind} cannot be filtered by '{name}'; use: {known}")
        if self.order not in ORDERS:
            raise UserInputError(f"orderBy '{self.order}' is unknown; use {', '.join(ORDERS)}")
        if self.order == "DISTANCE" and self.near is None:
            raise UserInputError("orderBy DISTANCE needs near: {location, radiusKm}")
        level = self.capability_max_level
        if level is not None and not 1 <= level <= 4:
            raise UserInputError(
                f"capabilityMinLevel {level} is not a level; use 1 (most capable) .. 4"
            )
        if level is not None and "capability" not in self.links:
            raise UserInputError("capabilityMinLevel needs capabilities: [...] to apply to")
        near = None
        if self.near is not None:
            n = self.near
            if not (-90 <= n.latitude <= 90 and -180 <= n.longitude <= 180):
                raise UserInputError(
                    f"near.location ({n.latitude}, {n.longitude}) is not a WGS-84 point; "
                    "latitude -90..90, longitude -180..180"
                )
            if not 0 < n.radius_km <= MAX_RADIUS_KM:
                raise UserInputError(
                    f"near.radiusKm {n.radius_km} is out of range; use (0, {MAX_RADIUS_KM:.0f}]"
                )
            near = {"latitude": n.latitude, "longitude": n.longitude, "meters": n.radius_km * 1000}
        links = []
        for k, v in self.links.items():
            if v is None:
                continue
            rel_type = allowed_links[k]
            links.append(
                {
                    "rel": rel_type,
                    "ids": [str(x) for x in _listed(v)],
                    "deep": rel_type in REGION_LINKS,
                    "maxLevel": level if rel_type == "HAS_CAPABILITY" else None,
                }
            )
        return {
            "text": self.text.strip().lower() if self.text and self.text.strip() else None,
            "props": {allowed_props[k]: _listed(v) for k, v in self.props.items() if v is not None},
            "links": links,
            "near": near,
        }

    def targets(self, kind: str) -> list[tuple[str, tuple[str, ...], list[str]]]:
        """(filter name, the labels its ids name, the ids) for each link filter given."""
        allowed = LINK_FILTERS.get(kind, {})
        return [
            (k, other_end(allowed[k], kind), [str(x) for x in _listed(v)])
            for k, v in self.links.items()
            if v is not None and k in allowed
        ]


def page_size(first: int | None) -> int:
    if first is None:
        return DEFAULT_PAGE
    if not 0 <= first <= MAX_PAGE:
        raise UserInputError(
            f"first={first} is out of range; ask for 0..{MAX_PAGE} items per page and "
            "follow pageInfo.endCursor for more"
        )
    return first


async def get_nodes(runner: CypherRunner, kind: str, ids: list[str]) -> dict[str, Node]:
    rows = await runner.read(get_query(kind), ids=ids)
    return {n.id: n for n in (parse_node(r, kind) for r in rows)}


async def check_link_ids(runner: CypherRunner, kind: str, filters: NodeFilter) -> None:
    """Raise UnknownConceptError (with the closest ids) for an id a link filter names
    that is in the graph under none of the labels it may have."""
    for name, kinds, ids in filters.targets(kind):
        await check_ids(runner, kinds, ids, f"{'/'.join(kinds)} ({name})")


async def check_ids(
    runner: CypherRunner, kinds: tuple[str, ...], ids: list[str], what: str
) -> None:
    """Raise UnknownConceptError naming the closest known ids when an id of `ids` is no
    node of `kinds`. Example::

        await check_ids(runner, ("Team",), ["T-SC-0001"], "Team (excludeTeams)")
    """
    if not ids:
        return
    rows = await runner.read(exists_query(kinds), ids=ids)
    found = {r["id"] for r in rows}
    missing = [i for i in ids if i not in found]
    if missing:
        known = await runner.read(known_query(kinds), limit=20000)
        raise UnknownConceptError(what, missing[0], [(str(r["id"]), str(r["name"])) for r in known])


async def find_node(runner: CypherRunner, node_id: str) -> list[Node]:
    """Every listed node with this id (one, unless two kinds share the id)."""
    rows = await runner.read(node_query(), id=node_id)
    return [parse_node(r, next(k for k in KINDS if k in r["labels"])) for r in rows]


async def count_nodes(runner: CypherRunner, kind: str, filters: NodeFilter) -> int:
    """How many nodes of `kind` the filter keeps."""
    rows = await runner.read(count_query(kind), **filters.params(kind))
    return int(rows[0]["total"])


async def neighbours(runner: CypherRunner, name: str, ids: list[str]) -> dict[str, list[Link]]:
    """For each source id, its neighbours along link `name` (ordered by id)."""
    spec = LINKS[name]
    rows = await runner.read(link_query(name), ids=ids, kinds=list(spec.targets))
    out: dict[str, list[Link]] = {i: [] for i in ids}
    for r in rows:
        link = parse_link(r, spec.targets)
        out.setdefault(link.source, []).append(link)
    return out
