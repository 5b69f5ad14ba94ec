"""The registry: core.ttl's labels, kinds, domains and ranges, and what is derived from them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDFS, Graph, URIRef

from ontology import OntologyError
from ontology.files import SHIPPED_DIR, parse_turtle
from ontology.model import ID_PATTERNS
from ontology.namespaces import EMKG_NS
from ontology.registry import (
    CONCEPT_KINDS,
    NODE_LABELS,
    REL_TYPES,
    RELATIONSHIPS,
    TAXONOMY_RELATIONSHIPS,
    _relationships,
    core_graph,
    other_end,
    record_link,
)
from ontology.relation_rules import (
    Interval,
    cascade_likelihood,
    qualified_relations,
    requirement_rule,
)
from ontology.text import CJK_RANGES, CJK_RUN, has_cjk

GRAPH_MODEL = Path(__file__).resolve().parents[3] / "docs" / "graph-model.md"


def test_every_relationship_type_has_a_domain_and_a_range_of_node_labels() -> None:
    assert set(RELATIONSHIPS) == REL_TYPES
    for r in RELATIONSHIPS.values():
        assert r.domain and r.range, r.type
        assert set(r.domain) | set(r.range) <= NODE_LABELS, r.type


def test_unions_keep_their_order_and_restrictions_narrow_the_range() -> None:
    assert CONCEPT_KINDS == ("HazardType", "Capability", "TeamType", "EquipmentType")
    assert RELATIONSHIPS["EXPERT_IN"].range == ("HazardType", "Capability")
    assert RELATIONSHIPS["PRESCRIBES"].range == (
        "Capability",
        "TeamType",
        "Team",
        "EquipmentType",
        "Expert",
    )
    assert other_end("OF_TYPE", "Team") == ("TeamType",)
    assert other_end("OF_TYPE", "Equipment") == ("EquipmentType",)
    assert other_end("OF_TYPE", "EquipmentType", outgoing=False) == ("Equipment",)
    assert other_end("HAS_EQUIPMENT", "Equipment", outgoing=False) == ("Team", "Depot")
    with pytest.raises(OntologyError, match="OF_TYPE does not start from Region"):
        other_end("OF_TYPE", "Region")
    with pytest.raises(OntologyError, match="did you mean 'OF_TYPE'"):
        other_end("OF_TYP", "Team")


def test_taxonomy_relationships_join_taxonomy_kinds() -> None:
    assert {r.type for r in TAXONOMY_RELATIONSHIPS} == {
        "BROADER",
        "MAY_TRIGGER",
        "REQUIRES",
        "PROVIDES",
        "SERVES",
        "TYPICALLY_HAS",
    }


def test_record_fields_become_the_relationship_of_their_record_class() -> None:
    assert record_link("Team", "region") is not None
    assert record_link("Team", "region").rel_type == "BASED_IN"  # type: ignore[union-attr]
    assert record_link("Incident", "region").rel_type == "IN_REGION"  # type: ignore[union-attr]
    holder = record_link("Equipment", "holder")
    assert holder is not None and holder.incoming and holder.targets == ("Team", "Depot")
    assert record_link("Team", "status") is None
    with pytest.raises(OntologyError, match="none of which starts or ends at Plan"):
        record_link("Plan", "region")


def test_several_range_statements_are_refused() -> None:
    g = Graph()
    g += core_graph()
    g.add((URIRef(EMKG_NS + "COVERS"), RDFS.range, URIRef(EMKG_NS + "Region")))
    with pytest.raises(OntologyError, match="COVERS rdfs:range is stated 2 times"):
        _relationships(g, NODE_LABELS)


def test_the_graph_model_page_agrees_with_the_domains_and_ranges() -> None:
    if not GRAPH_MODEL.is_file():
        pytest.skip(f"{GRAPH_MODEL} not found")
    doc = GRAPH_MODEL.read_text(encoding="utf-8")
    found = re.findall(r"\(:([A-Za-z]+)\)-\[:([A-Z_]+).*?\]->\(:([A-Za-z]+)\)", doc)
    # The instance table: | `Team` | properties | `OF_TYPE` -> TeamType; `BASED_IN` -> Region |
    for label, links in re.findall(r"^\| `([A-Za-z]+)` \|.*\| (.*) \|$", doc, re.M):
        for rel, targets in re.findall(
            r"`([A-Z_]+)[^`]*` -> ([A-Za-z /]+(?: or [A-Za-z]+)?)", links
        ):
            found += [(label, rel, t) for t in re.split(r" / | or ", targets.strip())]
    assert len(found) >= 20
    for src, rel, dst in found:
        assert dst in other_end(rel, src), (src, rel, dst)


def test_the_requirement_rule_is_the_shapes() -> None:
    rule = requirement_rule()
    assert str(rule.weight) == "(0, 1]" and str(cascade_likelihood()) == "(0, 1]"
    assert [x in rule.weight for x in (0.0, 0.01, 1.0, 1.5)] == [False, True, True, False]
    assert rule.min_levels == ("I", "II", "III", "IV")
    assert rule.levels_text() == "I, II, III or IV"
    assert str(Interval(((">=", 1.0), ("<", 4.0)))) == "[1, 4)"
    assert str(Interval(((">=", 0.0),))) == "[0, inf)"


def test_chinese_text_is_told_apart() -> None:
    assert has_cjk("M7 地震") and has_cjk("㐀") and has_cjk("\uf900")
    assert not has_cjk("earthquake, 7.0")
    assert CJK_RUN.findall("M7 地震 滑坡") == ["地震", "滑坡"]


def test_the_ui_tells_chinese_apart_with_the_same_ranges() -> None:
    html_js = GRAPH_MODEL.parents[1] / "api" / "static" / "js" / "html.js"
    escaped = "".join(c if c.isascii() else f"\\u{ord(c):04x}" for c in CJK_RANGES)
    assert f"export const CJK = /[{escaped}]/;" in html_js.read_text(encoding="utf-8")


def test_qualified_relations_agree_with_the_relationships_they_stand_for() -> None:
    found = {q.rel_type: q for q in qualified_relations()}
    assert set(found) == {"REQUIRES", "MAY_TRIGGER", "TYPICALLY_HAS"}
    for rel_type, q in found.items():
        assert (q.owner,) == RELATIONSHIPS[rel_type].domain
        assert (q.target,) == RELATIONSHIPS[rel_type].range
    assert [str(v).rsplit("#", 1)[1] for v in found["REQUIRES"].values] == ["weight", "minLevel"]


def test_the_shapes_reference_concepts_by_the_models_id_syntax() -> None:
    # shapes.ttl writes the id syntax again inside its IRI patterns (SHACL cannot import a
    # Python constant): every concept pattern there must be one of ID_PATTERNS, so that a
    # change to one without the other fails here.
    shapes = parse_turtle(SHIPPED_DIR / "shapes.ttl")
    prefix = "^https://w3id\\.org/emkg/id/"
    concept = {p[1:-1].replace("(?:", "("): kind for kind, p in ID_PATTERNS.items()}
    instance = {"[0-9]{6}", "[A-Za-z0-9][A-Za-z0-9._-]{0,63}"}  # region codes, record ids
    seen: set[str] = set()
    for o in shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#pattern")):
        text = str(o)
        if not text.startswith(prefix):
            continue
        body = text[len(prefix) : -1]
        if body.startswith("(") and body.endswith(")") and _balanced(body[1:-1]):
            body = body[1:-1]
        for alternative in _top_level_alternatives(body):
            assert alternative in concept or alternative in instance, alternative
            seen.update([concept[alternative]] if alternative in concept else [])
    assert seen == set(ID_PATTERNS)


def _balanced(text: str) -> bool:
    depth = 0
    for c in text:
        depth += {"(": 1, ")": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def _top_level_alternatives(text: str) -> list[str]:
    out, depth, start = [], 0, 0
    for i, c in enumerate(text):
        depth += {"(": 1, ")": -1}.get(c, 0)
        if c == "|" and depth == 0:
            out.append(text[start:i])
            start = i + 1
    return [*out, text[start:]]
