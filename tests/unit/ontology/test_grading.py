"""grading.ttl: the national plans' grading criteria, read into typed values and validated."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
from rdflib import RDF, URIRef

from ontology import Ontology, OntologyError, load_ontology
from ontology.files import SHIPPED_DIR, parse_turtle
from ontology.grading import GradingTerms, grading_rules, shipped_broader, shipped_grading
from ontology.model import level_severity
from ontology.namespaces import EMKG_NS


def test_the_shipped_rules_are_read_once_and_cover_declared_hazards(onto: Ontology) -> None:
    rules = shipped_grading()
    assert rules is shipped_grading()
    assert {p.id for p in rules.plans} >= {"earthquake-2012", "geological-2006", "work-safety-2007"}
    for plan in rules.plans:
        assert plan.name_zh and plan.name_en and plan.source, plan.id
        for code in plan.covers:
            assert onto.get(code, "HazardType"), (plan.id, code)
        for c in plan.criteria:
            assert set(c.facts) <= set(rules.fact_kinds), c.id
            assert c.description_zh and c.description_en and c.source, c.id


def test_each_plans_ranges_on_a_fact_do_not_overlap_and_rise_with_severity() -> None:
    for plan in shipped_grading().plans:
        by_fact: dict[tuple[str, ...], list[tuple[float, float | None, str]]] = {}
        for c in plan.criteria:
            by_fact.setdefault(c.facts, []).append((c.min, c.max, c.level))
        for facts, ranges in by_fact.items():
            ranges.sort()
            for (lo1, hi1, lvl1), (lo2, _hi2, lvl2) in pairwise(ranges):
                assert hi1 is not None and hi1 <= lo2, (plan.id, facts, lo1, lo2)
                assert level_severity(lvl1) < level_severity(lvl2), (plan.id, facts)


def test_the_earthquake_plan_reads_as_written() -> None:
    quake = shipped_grading().plan("earthquake-2012")
    assert quake.covers == ("11C00",) and "2012" in quake.source
    first = quake.criteria[0]
    assert (first.level, first.fact, first.includes, first.min, first.max) == (
        "I",
        "dead",
        ("missing",),
        300.0,
        None,
    )
    assert first.holds(300) and not first.holds(299)
    with pytest.raises(OntologyError, match="did you mean 'earthquake-2012'"):
        shipped_grading().plan("earthquake-2021")


def test_broader_gives_each_hazards_parent_chain() -> None:
    assert shipped_broader()["11C02"] == ("11C00", "11000", "10000")
    assert shipped_broader()["10000"] == ()


def test_the_closed_terms_are_those_grading_ttl_declares_and_uses() -> None:
    graph = parse_turtle(SHIPPED_DIR / "grading.ttl")
    declared = {
        str(s)[len(EMKG_NS) :]
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(EMKG_NS)
    }
    used = {
        str(t)[len(EMKG_NS) :]
        for triple in graph
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(EMKG_NS)
    }
    closed = set(GradingTerms.__annotations__)
    assert declared <= closed
    assert used - {"responseLevel", "covers"} <= declared  # the two reused from core.ttl
    assert closed <= used | {"ResponseLevel"}  # level labels are read from core.ttl
    with pytest.raises(AttributeError):
        _ = GradingTerms.criterionof


BROKEN = [
    # (old, new, what the refusal must say)
    (
        'emkg:responseLevel "I" ; emkg:fact grading:fact-dead ; '
        "emkg:includesFact grading:fact-missing ; emkg:minInclusive 30 ;",
        'emkg:responseLevel "V" ; emkg:fact grading:fact-dead ; '
        "emkg:includesFact grading:fact-missing ; emkg:minInclusive 30 ;",
        'grading:work-safety-2007-I-dead: emkg:responseLevel is "V", not an allowed value',
    ),
    (
        "emkg:fact grading:fact-magnitude ;\n    emkg:minInclusive 6.0",
        "emkg:fact grading:fact-magnitudes ;\n    emkg:minInclusive 6.0",
        "emkg:fact points to grading:fact-magnitudes, which is no emkg:FactKind",
    ),
    (
        "emkg:minInclusive 50 ; emkg:maxExclusive 300 ;",
        "emkg:minInclusive 300 ; emkg:maxExclusive 50 ;",
        "emkg:minInclusive 300 is not below emkg:maxExclusive",
    ),
    (
        "    emkg:covers id:13C01 .",
        "    .",
        "grading:public-health-2006-occupational-poisoning: emkg:covers is missing",
    ),
    (
        "emkg:covers id:13B03 .",
        "emkg:covers id:13B93 .",
        "emkg:covers points to id:13B93, which is no emkg:HazardType",
    ),
]


def test_an_invalid_grading_file_is_refused_naming_file_line_and_fix(
    tmp_path: Path, copy_ontology: Callable[..., Path]
) -> None:
    folder = copy_ontology()
    path = folder / "grading.ttl"
    text = path.read_text(encoding="utf-8")
    for old, new, _ in BROKEN:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OntologyError) as refused:
        load_ontology([folder], strict=True)
    message = str(refused.value)
    assert f"the ontology has {len(BROKEN)} error(s)" in message
    for _old, _new, says in BROKEN:
        assert says in message
    assert f"{path}:" in message and "Fix: a criterion needs exactly one emkg:responseLevel" in (
        message
    )
    # Read without validation, the rules still refuse to be used.
    with pytest.raises(OntologyError, match="grading"):
        grading_rules(load_ontology([folder]).graph)
