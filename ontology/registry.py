"""What core.ttl says about the graph's shape, as Python values: labels, kinds, who links to whom.

core.ttl is the one place these facts are written (see its header for the
conventions); this module reads them once per process and everything else
imports them from here instead of typing its own copy:

* `NODE_LABELS` / `REL_TYPES`: the classes typed ``emkg:NodeType`` and the
  properties typed ``emkg:RelationshipType`` (the closed vocabulary of Cypher);
* `CONCEPT_KINDS`: the taxonomy kinds, in the order of ``emkg:TaxonomyConcept``;
* `RELATIONSHIPS`: each relationship type's domain and range labels;
* `TAXONOMY_RELATIONSHIPS`: those between taxonomy kinds (owned by the ontology);
* `record_link`: which relationship a loader-record field becomes.

Example::

    RELATIONSHIPS["EXPERT_IN"].range          # ('HazardType', 'Capability')
    other_end("OF_TYPE", "Team")              # ('TeamType',)
    record_link("Equipment", "holder")        # RecordLink('holder', 'HAS_EQUIPMENT',
                                              #            ('Team', 'Depot'), incoming=True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from rdflib import OWL, RDF, RDFS, BNode, Graph, URIRef
from rdflib.collection import Collection

from ontology.errors import OntologyError, did_you_mean
from ontology.files import SHIPPED_DIR, parse_turtle
from ontology.namespaces import EMKG_NS

CORE_TTL = "core.ttl"
_EMKG_QUALIFIES = URIRef(EMKG_NS + "qualifies")
_EMKG_SCHEME = URIRef(EMKG_NS + "scheme")


@dataclass(frozen=True)
class Relationship:
    """A relationship type and the labels it may start from (domain) and end at (range)."""

    type: str
    domain: tuple[str, ...]
    range: tuple[str, ...]


@dataclass(frozen=True)
class RecordLink:
    """A loader-record field that becomes relationships: which type, to which labels, which way.

    ``incoming`` means the record is the relationship's end: an Equipment record
    names its ``holder``, and the relationship is (holder)-[:HAS_EQUIPMENT]->(equipment).
    """

    field: str
    rel_type: str
    targets: tuple[str, ...]
    incoming: bool = False


@cache
def core_graph() -> Graph:
    """core.ttl, parsed once."""
    return parse_turtle(SHIPPED_DIR / CORE_TTL)


def _name(node: object) -> str | None:
    text = str(node)
    return text[len(EMKG_NS) :] if isinstance(node, URIRef) and text.startswith(EMKG_NS) else None


def _typed(g: Graph, meta: str) -> frozenset[str]:
    return frozenset(
        n for s in g.subjects(RDF.type, URIRef(EMKG_NS + meta)) if (n := _name(s)) is not None
    )


def _union(g: Graph, cls: object) -> tuple[str, ...] | None:
    """The emkg: classes of `cls`'s ``owl:unionOf`` list, in list order (None: no such list)."""
    members = g.value(cls, OWL.unionOf) if isinstance(cls, BNode | URIRef) else None
    if not isinstance(members, BNode | URIRef):
        return None
    names = tuple(_name(m) for m in Collection(g, members))
    return tuple(n for n in names if n) if names and all(names) else None


def _classes(g: Graph, node: object, where: str) -> tuple[str, ...]:
    """A named class, or the members of an anonymous ``owl:unionOf`` class, in list order."""
    if (name := _name(node)) is not None:
        return (name,)
    members = _union(g, node) if isinstance(node, BNode) else None
    if members is None:
        raise OntologyError(f"{where} is neither an emkg: class nor [ owl:unionOf ( emkg:... ) ]")
    return members


def _one_class_set(g: Graph, rel: URIRef, prop: URIRef, labels: frozenset[str]) -> tuple[str, ...]:
    where = f"{_name(rel)} {prop.n3(g.namespace_manager)}"
    values = list(g.objects(rel, prop))
    if len(values) != 1:
        raise OntologyError(
            f"core.ttl: {where} is stated {len(values)} times; state it once "
            "(a union for several classes, see the header)"
        )
    classes = _classes(g, values[0], f"core.ttl: {where}")
    unknown = [c for c in classes if c not in labels]
    if unknown:
        raise OntologyError(f"core.ttl: {where} names {unknown[0]}, which is no emkg:NodeType")
    return classes


def _relationships(g: Graph, labels: frozenset[str]) -> dict[str, Relationship]:
    out: dict[str, Relationship] = {}
    for s in g.subjects(RDF.type, URIRef(EMKG_NS + "RelationshipType")):
        name = _name(s)
        if name is not None and isinstance(s, URIRef):
            out[name] = Relationship(
                name,
                _one_class_set(g, s, RDFS.domain, labels),
                _one_class_set(g, s, RDFS.range, labels),
            )
    return dict(sorted(out.items()))


def _restrictions(g: Graph) -> dict[tuple[str, str], tuple[str, ...]]:
    """(label, relationship type) -> the classes ``owl:allValuesFrom`` allows from that label."""
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for cls, restriction in g.subject_objects(RDFS.subClassOf):
        label = _name(cls)
        rel = _name(g.value(restriction, OWL.onProperty))
        values = g.value(restriction, OWL.allValuesFrom)
        if label and rel and values is not None:
            out[(label, rel)] = _classes(g, values, f"core.ttl: {label} on {rel}")
    return out


def _concept_kinds(g: Graph, labels: frozenset[str]) -> tuple[str, ...]:
    kinds = _union(g, URIRef(EMKG_NS + "TaxonomyConcept"))
    if kinds is None:
        raise OntologyError("core.ttl: emkg:TaxonomyConcept needs owl:unionOf ( emkg:... )")
    with_scheme = {n for s in g.subjects(_EMKG_SCHEME, None) if (n := _name(s)) in labels}
    if set(kinds) != with_scheme:
        raise OntologyError(
            f"core.ttl: emkg:TaxonomyConcept lists {', '.join(kinds)} but the node types with "
            f"an emkg:scheme are {', '.join(sorted(with_scheme))}; make them the same"
        )
    return kinds


_graph = core_graph()
# Neo4j node labels: the classes typed emkg:NodeType in core.ttl.
NODE_LABELS: frozenset[str] = _typed(_graph, "NodeType")
# Neo4j relationship types: the object properties typed emkg:RelationshipType.
REL_TYPES: frozenset[str] = _typed(_graph, "RelationshipType")
# Taxonomy kinds, in the order they are written to the graph.
CONCEPT_KINDS: tuple[str, ...] = _concept_kinds(_graph, NODE_LABELS)
RELATIONSHIPS: Mapping[str, Relationship] = MappingProxyType(_relationships(_graph, NODE_LABELS))
# Relationships between taxonomy concepts: written by `emkg ontology apply`, never by loaders.
TAXONOMY_RELATIONSHIPS: tuple[Relationship, ...] = tuple(
    r
    for r in RELATIONSHIPS.values()
    if set(r.domain) <= set(CONCEPT_KINDS) and set(r.range) <= set(CONCEPT_KINDS)
)
_RESTRICTED: Mapping[tuple[str, str], tuple[str, ...]] = MappingProxyType(_restrictions(_graph))
del _graph


def relationship(rel_type: str) -> Relationship:
    """The relationship type's domain and range; unknown types raise with a suggestion."""
    found = RELATIONSHIPS.get(rel_type)
    if found is None:
        hint = did_you_mean(rel_type, RELATIONSHIPS)
        raise OntologyError(f"unknown relationship type '{rel_type}'{hint}")
    return found


def other_end(rel_type: str, label: str, *, outgoing: bool = True) -> tuple[str, ...]:
    """Labels at the other end of `rel_type` seen from a `label` node.

    >>> other_end("OF_TYPE", "Team"), other_end("HAS_EQUIPMENT", "Equipment", outgoing=False)
    (('TeamType',), ('Team', 'Depot'))
    """
    rel = relationship(rel_type)
    if label not in (rel.domain if outgoing else rel.range):
        way = "start from" if outgoing else "end at"
        raise OntologyError(f"{rel_type} does not {way} {label} (see its domain/range in core.ttl)")
    if outgoing:
        return _RESTRICTED.get((label, rel_type), rel.range)
    return tuple(s for s in rel.domain if label in _RESTRICTED.get((s, rel_type), (label,)))


def record_link(label: str, field: str) -> RecordLink | None:
    """The relationship a record field of a `label` record becomes, or None for a plain field."""
    g = core_graph()
    qualified = sorted(
        n for o in g.objects(URIRef(EMKG_NS + field), _EMKG_QUALIFIES) if (n := _name(o))
    )
    for rel_type in qualified:
        rel = relationship(rel_type)
        if label in rel.domain:
            return RecordLink(field, rel_type, other_end(rel_type, label))
        if label in rel.range:
            return RecordLink(field, rel_type, other_end(rel_type, label, outgoing=False), True)
    if qualified:
        raise OntologyError(
            f"core.ttl: emkg:{field} qualifies {', '.join(qualified)}, none of which "
            f"starts or ends at {label}; add {label} to a domain or range"
        )
    return None
