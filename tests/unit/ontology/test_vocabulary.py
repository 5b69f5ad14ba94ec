"""The closed vocabulary: equal to docs/graph-model.md and to core.ttl; misspellings raise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import URIRef

from ontology import OntologyError
from ontology.model import EMKG_NS
from ontology.vocabulary import EMKG, NODE_LABELS, REL_TYPES, core_graph, node_label, rel_type

GRAPH_MODEL = Path(__file__).resolve().parents[3] / "docs" / "graph-model.md"


def _graph_model() -> str:
    if not GRAPH_MODEL.is_file():
        pytest.skip(f"{GRAPH_MODEL} not found")
    return GRAPH_MODEL.read_text(encoding="utf-8")


def test_node_labels_equal_the_graph_model() -> None:
    doc = _graph_model()
    labels = set(re.findall(r"^\| `([A-Z][A-Za-z]+)` \|", doc, re.M))
    labels |= set(re.findall(r"\(:([A-Z][A-Za-z]+)\)", doc))
    assert labels == NODE_LABELS


def test_relationship_types_equal_the_graph_model() -> None:
    doc = _graph_model()
    types = set(re.findall(r"\[:([A-Z_]+)", doc))
    types |= set(re.findall(r"`([A-Z]+_[A-Z_]+|[A-Z]{4,})\b", doc))  # not the levels `III`
    assert types == REL_TYPES


def test_misspelt_names_raise_with_a_suggestion() -> None:
    assert node_label("Team") == "Team"
    assert rel_type("HAS_CAPABILITY") == "HAS_CAPABILITY"
    with pytest.raises(OntologyError, match=r"unknown node label 'Teem'; did you mean 'Team'\?"):
        node_label("Teem")
    with pytest.raises(OntologyError, match="did you mean 'MAY_TRIGGER'"):
        rel_type("MAY_TRIGER")
    with pytest.raises(OntologyError, match="unknown node label 'Requirement'"):
        node_label("Requirement")  # an n-ary helper class, not a graph node


def test_defined_namespace_is_closed_and_matches_core_ttl() -> None:
    assert EMKG.Team == URIRef(EMKG_NS + "Team")
    with pytest.raises(AttributeError):
        _ = EMKG.Teem
    declared = {
        str(s)
        for s in core_graph().subjects()
        if isinstance(s, URIRef) and str(s).startswith(EMKG_NS)
    }
    listed = {str(EMKG[name]) for name in EMKG.__annotations__}
    assert listed == declared
