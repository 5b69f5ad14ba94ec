"""Loader records as RDF, the form the SHACL record shapes describe (for pyshacl).

Loaders never need this (they use `ontology.shapes.record_validator`); it exists
so that a record can be checked by any SHACL engine, and so a test can show
that pyshacl and the record validator agree.

Example::

    g = record_to_rdf("teams", {"id": "T-1", "teamType": "tt.water-rescue", ...})
    conforms, _, _ = pyshacl.validate(g, shacl_graph=shapes_graph())
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from urllib.parse import quote

from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef

from ontology.files import SHIPPED_DIR, parse_turtle
from ontology.model import EMKG_NS, ID_NS
from ontology.record_rules import FieldRule, values_of
from ontology.shapes import RecordValidator, record_validator

EMKG = Namespace(EMKG_NS)


def shapes_graph() -> Graph:
    """The shipped shapes.ttl as a graph."""
    return parse_turtle(SHIPPED_DIR / "shapes.ttl")


def record_to_rdf(
    kind: str, record: Mapping[str, object], validator: RecordValidator | None = None
) -> Graph:
    """One record as a node of its shape's target class; field values typed as the shape says."""
    v = validator or record_validator(kind)
    graph = Graph()
    graph.bind("emkg", EMKG_NS)
    rid = record.get("id")
    node: URIRef | BNode = URIRef(ID_NS + quote(rid, safe="")) if isinstance(rid, str) else BNode()
    graph.add((node, RDF.type, EMKG[v.target_class]))
    _fields(graph, node, record, v)
    return graph


def _fields(
    graph: Graph, node: URIRef | BNode, record: Mapping[str, object], v: RecordValidator | None
) -> None:
    for key, raw in record.items():
        rule = v.rule(key) if v is not None else None
        pred = EMKG[quote(key, safe="")]
        for value in values_of(raw):
            if isinstance(value, Mapping):
                child = BNode()
                graph.add((node, pred, child))
                sub = v.nested.get(rule.node) if (v is not None and rule and rule.node) else None
                _fields(graph, child, value, sub)
            else:
                graph.add((node, pred, _term(rule, value)))


def _term(rule: FieldRule | None, value: object) -> URIRef | Literal:
    datatype = rule.datatype if rule else None
    if rule is not None and rule.node_kind == "IRI" and isinstance(value, str):
        return URIRef(ID_NS + quote(value, safe=""))
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int | float) and datatype in ("double", "decimal"):
        return Literal(float(value), datatype=XSD.double)
    if isinstance(value, float):
        return Literal(value, datatype=XSD.double)
    if isinstance(value, str) and datatype == "date":
        # An invalid date stays an ill-typed literal so that SHACL reports it too.
        rdflib_term = logging.getLogger("rdflib.term")
        previous = rdflib_term.level
        rdflib_term.setLevel(logging.CRITICAL)
        try:
            return Literal(value, datatype=XSD.date)
        finally:
            rdflib_term.setLevel(previous)
    if isinstance(value, int | str | dt.date):
        return Literal(value)
    return Literal(str(value))
