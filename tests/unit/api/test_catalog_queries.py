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
    Near,
    NodeFilter,
    count_query,
    get_query,
    link_query,
    page_size,
)


@pytest.mark.parametrize("kind", KINDS)
def test_queries_use_gated_labels_and_parameters(kind: str) -> None:
    for q in (get_query(kind), count_query(kind)):
        assert f"`{kind}`" in q
    assert "$text" in count_query(kind) and "$props" in count_query(kind)


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
        "props": {"status": ["available"]},
        "links": [
            {"rel": "HAS_CAPABILITY", "ids": ["cap.water-rescue"], "deep": False, "maxLevel": None}
        ],
        "near": None,
    }
    with pytest.raises(UserInputError, match="cannot be filtered by 'colour'"):
        NodeFilter(props={"colour": "red"}).params("Team")


def test_lists_regions_near_and_levels_become_parameters() -> None:
    p = NodeFilter(
        props={"status": ["available", "standby"]},
        links={"capability": ["cap.a", "cap.b"], "region": "510000"},
        near=Near(30.0, 104.0, 25.0),
        capability_max_level=2,
        order="DISTANCE",
    ).params("Team")
    assert p["props"] == {"status": ["available", "standby"]}
    cap, region = p["links"]
    assert cap == {"rel": "HAS_CAPABILITY", "ids": ["cap.a", "cap.b"], "deep": False, "maxLevel": 2}
    assert region["deep"] is True and region["maxLevel"] is None  # sub-regions match
    assert p["near"] == {"latitude": 30.0, "longitude": 104.0, "meters": 25000.0}


@pytest.mark.parametrize(
    ("f", "why"),
    [
        (NodeFilter(order="DISTANCE"), "needs near"),
        (NodeFilter(order="SIZE"), "unknown"),
        (NodeFilter(links={"capability": "c"}, capability_max_level=5), "1 .most capable"),
        (NodeFilter(capability_max_level=2), "needs capabilities"),
        (NodeFilter(near=Near(95.0, 0.0, 10.0)), "latitude -90..90"),
        (NodeFilter(near=Near(30.0, 104.0, 0.0)), "radiusKm"),
    ],
)
def test_bad_filters_say_what_to_fix(f: NodeFilter, why: str) -> None:
    with pytest.raises(UserInputError, match=why):
        f.params("Team")


def test_region_filter_reaches_sub_regions_through_the_gate() -> None:
    q = count_query("Team")
    assert "`PART_OF`*1..3" in q and "$near" in q


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
    assert LINKS["plan.prescribes"].targets == (
        "Capability",
        "TeamType",
        "Team",
        "EquipmentType",
        "Expert",
    )
    assert LINKS["capability.providedBy"].targets == ("EquipmentType",)
