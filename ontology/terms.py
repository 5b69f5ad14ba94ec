"""Reading terms out of an ontology graph: concept ids, language-tagged texts, numbers.

Shared by building the typed view (`ontology.build`), the validation checks and
alignment; a low module that imports nothing above the namespaces.

Example::

    concept_id(URIRef("https://w3id.org/emkg/id/11A01"))    # '11A01'
    texts(graph, flood, SKOS.prefLabel, "zh")                 # ['洪水']
"""

from __future__ import annotations

from typing import cast

from rdflib import RDFS, SKOS, Graph, Literal, Namespace, URIRef

from ontology.namespaces import EMKG_NS, ID_NS

# Open on purpose: validation must be able to name a misspelt term to report it
# (production code that builds RDF uses the closed `ontology.vocabulary.EMKG`).
EMKG = Namespace(EMKG_NS)


def concept_id(node: object) -> str | None:
    """'11A01' for <https://w3id.org/emkg/id/11A01>; None for anything else."""
    if isinstance(node, URIRef) and str(node).startswith(ID_NS) and len(str(node)) > len(ID_NS):
        return str(node)[len(ID_NS) :]
    return None


def texts(graph: Graph, s: object, p: URIRef, lang: str) -> list[str]:
    """Sorted literal values of `s p` in language `lang` (primary subtag: 'zh' matches zh-Hans)."""
    out = [
        str(o)
        for o in graph.objects(cast(URIRef, s), p)
        if isinstance(o, Literal) and (o.language or "").lower().split("-")[0] == lang
    ]
    return sorted(out)


def label_of(graph: Graph, node: object) -> str:
    """Best human label of any node: skos:prefLabel (en, then any), else rdfs:label."""
    for p in (SKOS.prefLabel, RDFS.label):
        found = texts(graph, node, p, "en") or sorted(
            str(o) for o in graph.objects(cast(URIRef, node), p) if isinstance(o, Literal)
        )
        if found:
            return found[0]
    return ""


def number(value: object) -> float | None:
    """A numeric literal as float; None when it is missing or not a number."""
    if isinstance(value, Literal) and not value.ill_typed:
        py = value.toPython()
        if isinstance(py, int | float) and not isinstance(py, bool):
            return float(py)
        try:
            return float(str(py))
        except ValueError:
            return None
    return None
