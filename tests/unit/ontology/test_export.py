"""Export: Turtle and JSON-LD carry the whole ontology and are stable."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from ontology import Ontology, load_ontology
from ontology.export import export


@pytest.mark.parametrize(("fmt", "rdf_format"), [("ttl", "turtle"), ("jsonld", "json-ld")])
def test_export_round_trips(onto: Ontology, fmt: str, rdf_format: str) -> None:
    text = export(onto, fmt)  # type: ignore[arg-type]
    back = Graph().parse(data=text, format=rdf_format)
    assert len(back) == len(onto.graph)
    assert text == export(load_ontology(), fmt)  # type: ignore[arg-type]  # byte-stable


def test_jsonld_uses_readable_names(onto: Ontology) -> None:
    doc = json.loads(export(onto, "jsonld"))
    assert doc["@context"]["id"] == "https://w3id.org/emkg/id/"
    flood = next(n for n in doc["@graph"] if n.get("@id") == "id:11A01")
    assert {"@language": "zh", "@value": "洪水"} in flood["skos:prefLabel"]


def test_turtle_uses_prefixes(onto: Ontology) -> None:
    text = export(onto, "ttl")
    assert "@prefix emkg: <https://w3id.org/emkg/ontology#> ." in text
    assert "id:11A01 a " in text


def test_unknown_format_raises(onto: Ontology) -> None:
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        export(onto, "xml")  # type: ignore[arg-type]
