"""Catalog query text and validation (no Neo4j): gated labels, parameters, clear errors."""

from __future__ import annotations

import pytest

from kg.errors import UserInputError
from ontology.registry import RELATIONSHIPS
from queries.catalog import curation
from queries.catalog.nodes import (
    KINDS,
    LINK_FILTERS,
    LINKS,
    NodeFilter,
    count_query,
    get_query,
    link_query,
    page_query,
    page_size,
)


@pytest.mark.parametrize("kind", KINDS)
def test_queries_use_gated_labels_and_parameters(kind: str) -> None:
    for q in (get_query(kind), page_query(kind), count_query(kind)):
        assert f"`{kind}`" in q
    assert "LIMIT $limit" in page_query(kind)


@pytest.mark.parametrize("name", sorted(LINKS))
def test_link_queries_batch_by_ids(name: str) -> None:
    q = link_query(name)
    assert q.startswith("UNWIND $ids AS id")
    assert f"`{LINKS[name].rel}`" in q


def test_filters_are_checked_and_become_parameters() -> None:
    p = NodeFilter(
        text=" Flood ", props={"status": "available"}, links={"capability": "cap.water-rescue"}
    ).params("Team")
    assert p == {
        "text": "flood",
        "props": {"status": "available"},
        "links": [{"rel": "HAS_CAPABILITY", "id": "cap.water-rescue"}],
    }
    with pytest.raises(UserInputError, match="cannot be filtered by 'colour'"):
        NodeFilter(props={"colour": "red"}).params("Team")


def test_page_size_is_capped() -> None:
    assert page_size(None) == 20
    assert page_size(100) == 100
    with pytest.raises(UserInputError, match=r"0\.\.100"):
        page_size(101)
    with pytest.raises(UserInputError):
        page_size(-1)


def test_concept_changes_follow_the_ontology_label_rules() -> None:
    ok = curation.validate_concept_changes({"nameZh": " 洪水 ", "altEn": ["flood", "flood"]})
    assert ok == {"nameZh": "洪水", "altEn": ["flood"]}
    for bad, why in (
        ({"nameZh": "Flood"}, "no Chinese"),
        ({"altEn": ["洪水"]}, "Chinese"),
        ({"rank": "type"}, "cannot be curated"),
        ({}, "nothing to change"),
        ({"nameEn": "x" * 201}, "under 200"),
    ):
        with pytest.raises(UserInputError, match=why):
            curation.validate_concept_changes(bad)


def test_requirement_rules() -> None:
    curation.validate_requirement(1.0, "IV")
    with pytest.raises(UserInputError, match=r"\(0, 1\]"):
        curation.validate_requirement(0.0, "II")
    with pytest.raises(UserInputError, match="I, II, III or IV"):
        curation.validate_requirement(0.5, "V")


def test_link_filters_follow_relationships_the_kind_starts() -> None:
    for kind, filters in LINK_FILTERS.items():
        for name, rel_type in filters.items():
            assert kind in RELATIONSHIPS[rel_type].domain, (kind, name)


def test_neighbour_labels_come_from_the_ontology() -> None:
    assert LINKS["team.teamType"].targets == ("TeamType",)
    assert LINKS["equipment.holder"].targets == ("Team", "Depot")
    assert LINKS["plan.prescribes"].targets == ("Capability", "TeamType", "Team")
    assert LINKS["capability.providedBy"].targets == ("EquipmentType",)
