"""The shipped ontology: valid, complete enough for the decision engine, consistent."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pyshacl
import pytest

from ontology import Ontology
from ontology.records import shapes_graph
from ontology.validate import validate_files

ROOT = Path(__file__).resolve().parents[3]

SCENARIOS = {
    "flood": ("11A01", "洪水"),
    "earthquake": ("11C02", "天然地震事件"),
    "landslide": ("11D01", "滑坡事件"),
    "debris flow": ("11D02", "泥石流事件"),
    "forest fire": ("11G01", "境内森林火灾事件"),
    "high-rise fire": ("12G04", "高层民用建筑火灾"),
    "hazmat leak": ("12D02", "危险化学品泄漏事故"),
    "mine accident": ("12A00", "煤矿事故"),
    "typhoon": ("11B01", "台风事件"),
    "building collapse": ("12P13", "建筑垮塌事故"),
    "drowning": ("12YX1", "溺水事故"),
    "epidemic": ("13A00", "传染病事件"),
}


def test_shipped_ontology_validates_without_errors_or_warnings() -> None:
    issues = validate_files()
    assert issues == [], "\n".join(str(i) for i in issues)


def test_taxonomy_sizes(onto: Ontology) -> None:
    counts = Counter(c.kind for c in onto.concepts.values())
    assert counts["Capability"] >= 30
    assert counts["EquipmentType"] >= 40
    assert counts["TeamType"] >= 15
    categories = [c.id for c in onto.of_kind("HazardType") if c.rank == "category"]
    assert categories == ["11000", "12000", "13000", "14000", "19000"]
    assert [c.id for c in onto.of_kind("HazardType") if c.rank == "root"] == ["10000"]


def test_every_subcategory_with_types_in_the_table_has_them(onto: Ontology) -> None:
    children = Counter(b for c in onto.of_kind("HazardType") for b in c.broader)
    for sub in ("11A00", "11B00", "11C00", "11D00", "11E00", "11G00", "12D00", "12G00"):
        assert children[sub] >= 2, sub
    for category in ("11000", "12000", "13000", "14000"):
        assert children[category] >= 5


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_every_scenario_kind_has_a_hazard_with_needs(onto: Ontology, scenario: str) -> None:
    code, name = SCENARIOS[scenario]
    hazard = onto.get(code, "HazardType")
    assert hazard.name_zh == name and hazard.name_en
    needs = onto.needs(code, "IV")
    assert max(needs.values()) == 1.0, f"{code} has no indispensable need"
    assert len(onto.needs(code, "I")) > len(needs) or len(needs) >= 5


def test_needs_follow_broader_and_response_level(onto: Ontology) -> None:
    flood_iv, flood_ii = onto.needs("11A01", "IV"), onto.needs("11A01", "II")
    assert flood_iv["cap.water-rescue"] == 1.0
    assert "cap.emergency-communications" not in flood_iv
    assert flood_ii["cap.emergency-communications"] == 0.7
    assert flood_ii["cap.aerial-reconnaissance"] == 0.6
    quake = onto.needs("11C02", "I")
    assert quake["cap.collapsed-structure-sar"] == 1.0
    assert quake["cap.structural-assessment"] == 0.7  # inherited from 11C00 地震灾害
    assert quake["cap.mass-care"] == 0.9  # the type's own weight beats the subcategory's
    assert onto.needs("12A00", "IV")["cap.mine-rescue"] == 1.0
    assert "cap.aerial-firefighting" not in onto.needs("11G01", "III")
    assert onto.needs("11G01", "II")["cap.aerial-firefighting"] == 0.9
    hazmat = onto.needs("12D00", "IV")
    for cap in ("hazmat-detection", "decontamination", "respiratory-protection", "evacuation"):
        assert hazmat[f"cap.{cap}"] >= 0.9


def test_cascades(onto: Ontology) -> None:
    cascades = {(c.source, c.target): c.likelihood for c in onto.cascades}
    for pair in [
        ("11C02", "11D01"),
        ("11A03", "11A01"),
        ("11B01", "11E02"),
        ("11B01", "11A01"),
        ("12D00", "12G02"),
        ("12D00", "12FX1"),
    ]:
        assert 0 < cascades[pair] <= 1, pair
    assert all(s != t for s, t in cascades)


def test_team_types_and_their_typical_capabilities(onto: Ontology) -> None:
    typical = Counter(t.team_type for t in onto.typical_capabilities)
    assert set(typical) == {c.id for c in onto.of_kind("TeamType")}
    assert {t.level for t in onto.typical_capabilities} <= {1, 2, 3, 4}
    for tt in (
        "fire-rescue",
        "forest-fire",
        "mine-rescue",
        "hazmat",
        "water-rescue",
        "usar",
        "medical",
        "power-restoration",
        "communications",
        "social-rescue",
    ):
        assert f"tt.{tt}" in onto.concepts
    best = {(t.team_type, t.capability): t.level for t in onto.typical_capabilities}
    assert best[("tt.mine-rescue", "cap.mine-rescue")] == 1


def test_every_equipment_type_provides_a_capability(onto: Ontology) -> None:
    provided = {p.equipment_type for p in onto.provisions}
    assert provided == {c.id for c in onto.of_kind("EquipmentType")}


def test_every_capability_is_crosswalked_to_a_fema_core_capability(onto: Ontology) -> None:
    for cap in onto.of_kind("Capability"):
        assert cap.rtlt, f"{cap.id} has no FEMA core capability"
    assert onto.concepts["cap.water-rescue"].rtlt == ("Mass Search and Rescue Operations",)
    assert all(m.target_label for m in onto.mappings)


def test_every_concept_has_both_languages(onto: Ontology) -> None:
    for c in onto.concepts.values():
        assert c.name_zh and c.name_en and c.definition_zh and c.definition_en, c.id


def test_ids_used_by_the_demo_data_exist(onto: Ontology) -> None:
    demo = sorted((ROOT / "loaders" / "demo").glob("*.yaml"))
    if not demo:
        pytest.skip("no demo data in loaders/demo")
    used = set()
    for f in demo:
        used |= set(re.findall(r"\b(?:cap|tt|eq)\.[a-z0-9]+(?:-[a-z0-9]+)*", f.read_text("utf-8")))
    assert used, "the demo data references no concepts"
    assert used <= set(onto.concepts), sorted(used - set(onto.concepts))


def test_the_ontology_conforms_to_its_own_taxonomy_shapes(onto: Ontology) -> None:
    conforms, _, text = pyshacl.validate(onto.graph, shacl_graph=shapes_graph())
    assert conforms, text
