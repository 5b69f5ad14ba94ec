"""Equipment and experts in context on the demo graph (issue 12 item 3): boats for a flood,
none for a building fire, a wildfire or a landslide; a wildfire's experts include a
wildfire expert; the ontology's SERVES tags reach the graph."""

from __future__ import annotations

import pytest
from neo4j import Driver

from kg.settings import Settings
from ontology import load_ontology
from tests.integration.recommend.commander_checks import BOATS
from tests.integration.recommend.conftest import Recommend

LESHAN = (29.55, 103.77)
CHENGDU = (30.66, 104.06)
XICHANG = (27.85, 102.25)
MAOXIAN = (31.68, 103.85)


@pytest.mark.parametrize(
    ("code", "at", "boats"),
    [
        ("11A01", LESHAN, True),
        ("12G03", CHENGDU, False),
        ("12G04", CHENGDU, False),
        ("11G01", XICHANG, False),
        ("11D01", MAOXIAN, False),
    ],
)
def test_boats_only_for_water_hazards(
    demo_graph: Driver, recommend: Recommend, code: str, at: tuple[float, float], boats: bool
) -> None:
    rec = recommend([code], at, "II")
    types = {e.equipment_type.id for e in rec.equipment}
    assert bool(types & BOATS) is boats, types
    assert rec.equipment, "some equipment fits every one of these hazards"
    for e in rec.equipment:  # each suggestion says which hazard its type serves
        assert "EQUIPMENT_SERVES" in [r.code for r in e.reasons]


def test_wildfire_experts_include_a_wildfire_expert_first(
    demo_graph: Driver, recommend: Recommend
) -> None:
    rec = recommend(["11G01"], XICHANG, "II")
    assert rec.experts and rec.experts[0].topics[0].id in ("11G01", "11G00")
    assert all(e.expert.affiliation for e in rec.experts)


def test_serves_tags_reach_the_graph(demo_graph: Driver, neo4j_settings: Settings) -> None:
    onto = load_ontology()
    rows = demo_graph.execute_query(
        "MATCH (et:EquipmentType)-[:SERVES]->(h:HazardType) RETURN et.id AS et, h.id AS h",
        database_=neo4j_settings.neo4j_database,
    ).records
    assert {(r["et"], r["h"]) for r in rows} == {
        (s.equipment_type, s.hazard) for s in onto.services
    }
