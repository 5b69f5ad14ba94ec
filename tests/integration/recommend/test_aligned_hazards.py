"""Every hazard type an external incident type is mapped to (ontology/alignment_scope.yaml)
brings forces on the demo graph: its needs are asked for, and the new extensions
(12PX2 高空坠物险情, 12YX3 航天器残骸坠落) get teams that cover their first need."""

from __future__ import annotations

import pytest
from neo4j import Driver

from ontology import load_ontology
from ontology.alignment_scope import load_scope
from ontology.model import hazard_rank
from tests.integration.recommend.conftest import Recommend

CHENGDU = (30.66, 104.06)
ONTO = load_ontology()
MAPPED = sorted(
    {
        e.hazard
        for rows in load_scope().sources.values()
        for e in rows.values()
        if e.hazard and hazard_rank(e.hazard) != "root"  # 10000 "an emergency": no needs
    }
)


@pytest.mark.parametrize("code", MAPPED)
def test_a_mapped_hazard_asks_for_its_needs(
    demo_graph: Driver, recommend: Recommend, code: str
) -> None:
    rec = recommend([code], CHENGDU, "II")
    assert rec.hazards[0].hazard.id == code
    asked = {n.capability.id for n in rec.required_capabilities}
    assert set(ONTO.needs(code, "II")) <= asked, code


@pytest.mark.parametrize(
    ("code", "first_need", "cascade"),
    [("12PX2", "cap.security-cordon", None), ("12YX3", "cap.hazmat-detection", "12D02")],
)
def test_new_extension_types_get_teams(
    demo_graph: Driver, recommend: Recommend, code: str, first_need: str, cascade: str | None
) -> None:
    rec = recommend([code], CHENGDU, "III")
    assert rec.force_package, f"no team for {code}"
    covered = {c.id for r in rec.force_package for c in r.covers}
    assert first_need in covered
    if cascade:
        assert any(h.hazard.id == cascade and h.via.startswith("cascade") for h in rec.hazards)
