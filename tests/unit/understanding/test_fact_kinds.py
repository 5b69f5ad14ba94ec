"""The fact kinds are one list in three places: the parser's FACT_KINDS, the ontology's
emkg:FactKind concepts (ontology/grading.ttl) and the GraphQL FactKind enum. A kind added
to one and not the others would be read but not graded, or graded but not served."""

from __future__ import annotations

from api.graphql.parse import FactKind
from ontology.grading import shipped_grading
from queries.understanding.facts import COUNT_KINDS, FACT_KINDS, SCALAR_KINDS, fact_terms


def test_parser_ontology_and_graphql_hold_the_same_kinds() -> None:
    parser = sorted(FACT_KINDS)
    assert len(parser) == len(set(parser))
    assert sorted(shipped_grading().fact_kinds) == parser
    assert sorted(k.value for k in FactKind) == parser


def test_graphql_enum_names_are_the_kinds_in_capitals() -> None:
    assert {k.name: k.value for k in FactKind} == {k.upper(): k for k in FACT_KINDS}


def test_every_count_kind_has_its_words_and_nothing_else_does() -> None:
    assert set(fact_terms()["counts"]) == set(COUNT_KINDS)
    negated = {k for entry in fact_terms()["negation_only"] for k in entry["kinds"]}
    assert negated <= set(COUNT_KINDS)
    assert not set(COUNT_KINDS) & set(SCALAR_KINDS)


def test_every_kind_has_a_label_in_both_languages() -> None:
    kinds = shipped_grading().fact_kinds
    assert [k for k in FACT_KINDS if not (kinds[k].label_zh and kinds[k].label_en)] == []
