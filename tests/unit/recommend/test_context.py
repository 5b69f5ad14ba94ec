"""Equipment and experts in the hazard context (issue 12 item 3), as pure logic: an item fits
a need only when its type SERVES the need's hazard (a broader code covers its subtree);
experts rank by hazard expertise, then capability, then distance, and the main hazard
keeps one of its experts."""

from __future__ import annotations

from typing import Any

from ontology import load_ontology
from queries.equipment import choose_equipment, fits_hazards, hazard_line, need_hazards
from queries.experts import FIELD_FACTOR, rank_experts
from queries.models import CapabilityNeed, ConceptRef

EVACUATION = ConceptRef("cap.evacuation", "人员疏散", "Evacuation")
COMMS = ConceptRef("cap.emergency-communications", "应急通信", "Emergency communications")
BOATS = ("eq.rescue-boat", "eq.amphibious-vehicle", "eq.fireboat", "eq.rescue-vessel")


def item(iid: str, type_id: str, km: float, serves: list[str]) -> dict[str, Any]:
    return {
        "id": iid, "nameZh": iid, "nameEn": iid, "quantity": 1, "latitude": 30.0,
        "longitude": 104.0, "typeId": type_id, "typeZh": type_id, "typeEn": type_id,
        "holderId": "D-1", "holderZh": "库", "holderEn": "Depot", "holderKind": "depot", "km": km,
        "serves": [{"id": c, "nameZh": c, "nameEn": c} for c in serves],
    }  # fmt: skip


BOAT = item("EQ-boat", "eq.rescue-boat", 2.0, ["11A01", "12YX1"])
ROWS = [{"capability": "cap.evacuation", "items": [BOAT]}]


def test_hazard_line_follows_the_code_to_the_root() -> None:
    assert hazard_line("12G03") == ["12G03", "12G00", "12000", "10000"]
    assert hazard_line("12YX1") == ["12YX1", "12Y00", "12000", "10000"]
    assert hazard_line("10000") == ["10000"]


def test_a_broader_code_covers_its_subtree_and_nothing_beside_it() -> None:
    assert fits_hazards(["12G00"], ["12G04"]) == "12G04"
    assert fits_hazards(["10000"], ["13A01"]) == "13A01"
    assert fits_hazards(["11A01"], ["11A00"]) is None  # a flood boat is no drought tool
    assert fits_hazards(["11A00"], ["12G03", "11A01"]) == "11A01"
    assert fits_hazards(["11A01"], []) == ""  # no hazard in sight: any type fits


def test_no_boat_for_the_evacuation_of_a_fire_a_wildfire_or_a_landslide() -> None:
    for hazard in ("12G03", "12G04", "11G01", "11D01"):
        need = CapabilityNeed(EVACUATION, 0.9, (hazard,))
        assert choose_equipment(ROWS, [need], 8) == [], hazard
    flood = choose_equipment(ROWS, [CapabilityNeed(EVACUATION, 0.9, ("11A01",))], 8)
    assert [e.equipment.id for e in flood] == ["EQ-boat"]
    assert [r.code for r in flood[0].reasons][-1] == "EQUIPMENT_SERVES"


def test_a_need_a_plan_added_takes_the_scenario_hazards() -> None:
    plan_need = CapabilityNeed(EVACUATION, 0.6, ("P-SC-FIRE",))
    fire = CapabilityNeed(COMMS, 0.5, ("12G03",))
    assert need_hazards(plan_need, ["12G03"]) == ["12G03"]
    assert choose_equipment(ROWS, [fire, plan_need], 8) == []
    flood = CapabilityNeed(COMMS, 0.5, ("11A01",))
    assert len(choose_equipment(ROWS, [flood, plan_need], 8)) == 1
    # the scenario's hazards may be given: a bare capability with them in sight
    assert choose_equipment(ROWS, [plan_need], 8, hazards=["11G01"]) == []
    assert len(choose_equipment(ROWS, [plan_need], 8)) == 1  # no hazard anywhere


def test_the_nearest_fitting_item_wins_over_a_nearer_unfitting_one() -> None:
    bus = item("EQ-amph", "eq.amphibious-vehicle", 9.0, ["11A00"])
    rows = [{"capability": "cap.evacuation", "items": [BOAT, bus]}]
    got = choose_equipment(rows, [CapabilityNeed(EVACUATION, 0.9, ("11A02",))], 8)
    assert [e.equipment.id for e in got] == ["EQ-amph"]  # the boat serves 11A01 only


def test_every_shipped_equipment_type_serves_a_hazard_and_boats_only_water() -> None:
    onto = load_ontology()
    served: dict[str, set[str]] = {}
    for s in onto.services:
        served.setdefault(s.equipment_type, set()).add(s.hazard)
    assert set(served) == {c.id for c in onto.of_kind("EquipmentType")}
    for boat in BOATS:
        for hazard in ("12G03", "12G04", "11G01", "11D01", "11C02", "12D00"):
            assert fits_hazards(served[boat], [hazard]) is None, (boat, hazard)
    assert fits_hazards(served["eq.rescue-boat"], ["11A01"]) == "11A01"
    assert fits_hazards(served["eq.wildfire-pump"], ["11G01"]) == "11G01"
    assert all(s.hazard in onto.concepts for s in onto.services)


def expert(
    eid: str, km: float, hazards: list[tuple[str, str, int]], caps: list[str]
) -> dict[str, Any]:
    return {
        "id": eid, "nameZh": eid, "nameEn": eid, "affiliation": "省专家组", "latitude": 30.0,
        "longitude": 104.0, "km": km, "capabilities": caps,
        "hazards": [{"topic": t, "id": f, "nameZh": f, "nameEn": f, "steps": s}
                    for t, f, s in hazards],
    }  # fmt: skip


TOPICS = {"11G01": 1.0, "11G05": 0.2, "cap.wildfire-suppression": 1.0, "cap.logistics": 0.4}


def test_experts_rank_by_hazard_then_capability_then_distance() -> None:
    rows = [
        expert("near-generalist", 3.0, [], ["cap.wildfire-suppression", "cap.logistics"]),
        expert("far-wildfire", 250.0, [("11G01", "11G01", 0)], []),
        expert("mid-wildfire", 80.0, [("11G01", "11G01", 0)], ["cap.wildfire-suppression"]),
        expert("fire-subcategory", 10.0, [("11G01", "11G00", 1)], []),
    ]
    got = rank_experts(rows, TOPICS, {}, 4)
    ids = [e.expert.id for e in got]
    assert ids == ["mid-wildfire", "far-wildfire", "fire-subcategory", "near-generalist"]
    assert got[0].expert.affiliation == "省专家组"
    assert got[2].topics[0].id == "11G00"
    assert "EXPERT_FIELD" in [r.code for r in got[2].reasons]
    assert FIELD_FACTOR[1] < FIELD_FACTOR[0]


def test_the_main_hazard_keeps_one_expert() -> None:
    topics = {"11C02": 1.0, "11D01": 1.0, "cap.technical-search": 1.0}
    rows = [expert(f"slide-{i}", 5.0 + i, [("11D01", "11D01", 0)], ["cap.technical-search"])
            for i in range(5)]  # fmt: skip
    rows.append(expert("quake", 200.0, [("11C02", "11C00", 1)], []))
    got = [e.expert.id for e in rank_experts(rows, topics, {}, 3)]
    assert got == ["slide-0", "slide-1", "quake"]
    assert [e.expert.id for e in rank_experts(rows[:5], topics, {}, 3)] == [
        "slide-0", "slide-1", "slide-2"
    ]  # fmt: skip
