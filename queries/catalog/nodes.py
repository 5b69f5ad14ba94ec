"""Entity lookups, filtered Relay pages (id cursor) and DataLoader batch queries.

Query text is built once per label/relationship from the ontology-gated names
(``kg.gate``); filters are values (``$props``, ``$links``), never text. Which
labels a neighbour list may hold comes from the ontology's domains and ranges
(``ontology.registry``), never from a list typed here.

Example::

    page = await list_nodes(runner, "Team", first=20, after=None,
                            filters=NodeFilter(props={"status": "available"}))
    links = await neighbours(runner, "team.capabilities", ["T-SC-0001"])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, LiteralString

from kg.cypher import CypherRunner
from kg.errors import UserInputError
from kg.gate import label, rel
from ontology.registry import CONCEPT_KINDS, other_end
from ontology.shapes import RECORD_KINDS, record_validator
from queries.catalog.models import Link, Node, Page, parse_link, parse_node

# What the catalog lists: the taxonomy kinds and the labels loader records become.
KINDS: tuple[str, ...] = (
    *CONCEPT_KINDS,
    *(record_validator(k).target_class for k in RECORD_KINDS),
)
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

_PROJECT: LiteralString = "n {.*, embedding: null, embeddingText: null, embeddingHash: null}"
_WHERE: LiteralString = """
WHERE NOT coalesce(n.retired, false)
  AND ($text IS NULL OR toLower(n.id + ' ' + coalesce(n.nameZh, '') + ' '
       + coalesce(n.nameEn, '')) CONTAINS $text)
  AND all(k IN keys($props) WHERE n[k] = $props[k])
  AND all(l IN $links WHERE EXISTS { MATCH (n)-[r]->(m) WHERE type(r) = l.rel AND m.id = l.id })
"""


@cache
def get_query(kind: str) -> LiteralString:
    return (
        "UNWIND $ids AS id MATCH (n:" + label(kind) + " {id: id}) RETURN " + _PROJECT + " AS node"
    )


@cache
def page_query(kind: str) -> LiteralString:
    return (
        "MATCH (n:" + label(kind) + ")" + _WHERE + "AND ($after IS NULL OR n.id > $after) "
        "RETURN " + _PROJECT + " AS node ORDER BY n.id LIMIT $limit"
    )


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
        + _PROJECT
        + " AS node ORDER BY source, n.id"
    )


@dataclass(frozen=True)
class NodeFilter:
    text: str | None = None
    props: Mapping[str, Any] = field(default_factory=dict)
    links: Mapping[str, str] = field(default_factory=dict)

    def params(self, kind: str) -> dict[str, Any]:
        allowed_props = PROPERTY_FILTERS.get(kind, {})
        allowed_links = LINK_FILTERS.get(kind, {})
        for name in [*self.props, *self.links]:
            if name not in allowed_props and name not in allowed_links:
                known = ", ".join(sorted([*allowed_props, *allowed_links])) or "text only"
                raise UserInputError(f"{kind} cannot be filtered by '{name}'; use: {known}")
        return {
            "text": self.text.strip().lower() if self.text and self.text.strip() else None,
            "props": {allowed_props[k]: v for k, v in self.props.items() if v is not None},
            "links": [
                {"rel": allowed_links[k], "id": v} for k, v in self.links.items() if v is not None
            ],
        }


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


async def list_nodes(
    runner: CypherRunner,
    kind: str,
    *,
    first: int | None,
    after: str | None,
    filters: NodeFilter,
) -> Page:
    size = page_size(first)
    rows = await runner.read(page_query(kind), after=after, limit=size + 1, **filters.params(kind))
    nodes = tuple(parse_node(r, kind) for r in rows)
    return Page(nodes=nodes[:size], has_next=len(nodes) > size)


async def count_nodes(runner: CypherRunner, kind: str, filters: NodeFilter) -> int:
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
