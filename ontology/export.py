"""`emkg ontology export`: the merged ontology as one Turtle or JSON-LD document.

The export includes what loading entails (``a skos:Concept``, ``skos:inScheme``)
so that generic SKOS tools see complete concept schemes. JSON-LD uses a small
context so that terms read as ``emkg:weight``, ``skos:prefLabel``, ``id:11A01``.

Example::

    text = export(load_ontology(), "jsonld")
    Path("emkg.jsonld").write_text(text, encoding="utf-8")
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from typing import Literal

from rdflib import BNode, Graph

from ontology.model import EMKG_NS, FEMA_CC_NS, ID_NS, RTLT_NS, SHAPE_NS, Ontology

ExportFormat = Literal["ttl", "jsonld"]
FORMATS: tuple[str, ...] = ("ttl", "jsonld")

PREFIXES: dict[str, str] = {
    "emkg": EMKG_NS,
    "id": ID_NS,
    "shape": SHAPE_NS,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "dcterms": "http://purl.org/dc/terms/",
    "femacc": FEMA_CC_NS,
    "rtlt": RTLT_NS,
}


def export(onto: Ontology, fmt: ExportFormat) -> str:
    """The ontology serialised as Turtle (``"ttl"``) or JSON-LD (``"jsonld"``)."""
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    graph += stable_blank_nodes(onto.graph)
    if fmt == "ttl":
        return graph.serialize(format="turtle")
    if fmt == "jsonld":
        doc = json.loads(graph.serialize(format="json-ld", context=PREFIXES, auto_compact=True))
        return json.dumps(_ordered(doc), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    raise ValueError(f"unknown export format '{fmt}'; use one of {', '.join(FORMATS)}")


def _ordered(value: object, key: str = "") -> object:
    """JSON-LD with every unordered array sorted (RDF lists, "@list", keep their order)."""
    if isinstance(value, dict):
        return {k: _ordered(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_ordered(v) for v in value]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def stable_blank_nodes(graph: Graph, rounds: int = 3) -> Graph:
    """A copy of `graph` whose blank nodes are named by a hash of their surroundings.

    Blank node ids differ on every parse; naming each by what it says and who
    points at it (refined a few rounds through neighbouring blank nodes) makes
    exports of the same ontology byte-identical without full canonicalisation.
    """
    bnodes = {t for triple in graph for t in triple if isinstance(t, BNode)}
    sig: dict[BNode, str] = dict.fromkeys(bnodes, "")
    for _ in range(rounds):
        parts: dict[BNode, list[str]] = defaultdict(list)
        for s_, p_, o_ in graph:
            if isinstance(s_, BNode):
                parts[s_].append(f">{p_}|{sig[o_] if isinstance(o_, BNode) else o_.n3()}")
            if isinstance(o_, BNode):
                parts[o_].append(f"<{p_}|{sig[s_] if isinstance(s_, BNode) else s_.n3()}")
        sig = {
            b: hashlib.sha256("\n".join(sorted(parts[b])).encode()).hexdigest()[:16] for b in bnodes
        }
    names: dict[BNode, BNode] = {}
    used: dict[str, int] = defaultdict(int)
    for b in sorted(bnodes, key=lambda x: sig[x]):
        used[sig[b]] += 1
        names[b] = BNode(f"b{sig[b]}{'' if used[sig[b]] == 1 else used[sig[b]]}")
    out = Graph()
    for triple in graph:
        out.add(
            tuple(
                names.get(t, t) if isinstance(t, BNode) else t  # type: ignore[arg-type]
                for t in triple
            )
        )
    return out
