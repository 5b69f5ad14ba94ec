"""What a report's situation facts add to the needs (queries/situation_needs.py): each
documented rule, checked on hand-made needs and capability references."""

from __future__ import annotations

import pytest

from queries.models import CapabilityNeed, ConceptRef, ResponseLevel
from queries.recommend import RELEVANT_NEED_FLOOR
from queries.situation_needs import (
    ACCESS_WEIGHT,
    CARE_WEIGHT,
    DEAD_WEIGHT,
    LIFE_SAVING_WEIGHT,
    MAX_FACT_UNITS,
    apply_facts,
    fact_capabilities,
)

FACT_CAPS = (
    "cap.technical-search", "cap.canine-search", "cap.medical-triage", "cap.patient-transport",
    "cap.fatality-management", "cap.evacuation", "cap.mass-care", "cap.helicopter-rescue",
    "cap.aerial-reconnaissance", "cap.swiftwater-rescue", "cap.collapsed-structure-sar",
    "cap.firefighting",
)  # fmt: skip
REFS = {
    c: ConceptRef(c, c.removeprefix("cap.") + "（中文）", c.removeprefix("cap.")) for c in FACT_CAPS
}


def need(
    cap: str, weight: float, units: int = 1, sources: tuple[str, ...] = ("11A01",)
) -> CapabilityNeed:
    return CapabilityNeed(REFS[cap], weight, sources, needed_level=2, units=units)


def table(needs: list[CapabilityNeed]) -> list[tuple[str, float, int, tuple[str, ...]]]:
    return [(n.capability.id, n.weight, n.units, n.sources) for n in needs]


def apply(
    needs: list[CapabilityNeed],
    level: ResponseLevel = ResponseLevel.II,
    refs: dict[str, ConceptRef] | None = None,
    **facts: float | bool,
) -> list[CapabilityNeed]:
    return apply_facts(needs, facts, REFS if refs is None else refs, level)


@pytest.mark.parametrize(
    ("trapped", "units"), [(1, 1), (10, 1), (11, 2), (25, 3), (50, 5), (500, 5)]
)
def test_trapped_raise_units_of_every_rescue_need_one_per_ten(trapped: int, units: int) -> None:
    needs = [
        need("cap.swiftwater-rescue", 1.0),
        need("cap.collapsed-structure-sar", 0.7),
        need("cap.firefighting", 0.8),
    ]
    assert table(apply(needs, trapped=trapped)) == [
        ("cap.swiftwater-rescue", 1.0, units, ("11A01", "fact.trapped")),
        ("cap.firefighting", 0.8, 1, ("11A01",)),  # not a rescue capability: untouched
        ("cap.collapsed-structure-sar", 0.7, units, ("11A01", "fact.trapped")),
    ]


def test_trapped_never_lowers_the_units_a_hazard_already_asks_for() -> None:
    [n] = apply([need("cap.swiftwater-rescue", 1.0, units=2)], trapped=3)
    assert (n.units, n.sources) == (2, ("11A01", "fact.trapped"))


def test_trapped_without_a_rescue_need_add_technical_search() -> None:
    needs = apply([need("cap.firefighting", 0.8)], ResponseLevel.III, trapped=12)
    assert table(needs) == [
        ("cap.technical-search", LIFE_SAVING_WEIGHT, 2, ("fact.trapped",)),
        ("cap.firefighting", 0.8, 1, ("11A01",)),
    ]
    assert needs[0].needed_level == 3  # level III wants level-3 forces
    assert needs[0].capability == REFS["cap.technical-search"]


def test_missing_add_technical_and_canine_search() -> None:
    assert table(apply([], missing=25)) == [
        ("cap.technical-search", LIFE_SAVING_WEIGHT, 3, ("fact.missing",)),
        ("cap.canine-search", CARE_WEIGHT, 3, ("fact.missing",)),
    ]


@pytest.mark.parametrize(
    ("facts", "triage", "transport"),
    [
        ({"injured": 5}, 1, 1),
        ({"injured": 45}, 3, 5),
        ({"injured": 300}, 5, 5),
        ({"seriously_injured": 30}, 2, 3),
        ({"injured": 5, "seriously_injured": 30}, 2, 3),  # the larger count
    ],
)
def test_injured_raise_triage_and_transport(
    facts: dict[str, float], triage: int, transport: int
) -> None:
    assert table(apply([], **facts)) == [
        ("cap.medical-triage", CARE_WEIGHT, triage, ("fact.injured",)),
        ("cap.patient-transport", CARE_WEIGHT, transport, ("fact.injured",)),
    ]


def test_dead_name_fatality_management_below_the_package_floor() -> None:
    [n] = apply([], dead=40)
    assert (n.capability.id, n.weight, n.units, n.sources) == (
        "cap.fatality-management", DEAD_WEIGHT, 1, ("fact.dead",)
    )  # fmt: skip
    assert n.weight < RELEVANT_NEED_FLOOR  # named, but no team joins for it alone


@pytest.mark.parametrize(("evacuated", "units"), [(100, 1), (1000, 1), (2500, 3), (90000, 5)])
def test_evacuated_from_the_floor_up(evacuated: int, units: int) -> None:
    assert table(apply([], evacuated=evacuated)) == [
        ("cap.evacuation", CARE_WEIGHT, units, ("fact.evacuated",)),
        ("cap.mass-care", pytest.approx(0.6), units, ("fact.evacuated",)),
    ]


def test_evacuated_below_the_floor_add_nothing() -> None:
    assert apply([], evacuated=99) == []


def test_road_cut_favours_forces_that_need_no_road() -> None:
    assert table(apply([], road_cut=True)) == [
        ("cap.aerial-reconnaissance", ACCESS_WEIGHT, 1, ("fact.road_cut",)),
        ("cap.helicopter-rescue", ACCESS_WEIGHT, 1, ("fact.road_cut",)),
    ]


def test_night_magnitude_and_zero_counts_add_nothing() -> None:
    needs = [need("cap.firefighting", 0.8)]
    facts: dict[str, float | bool] = {"night": True, "magnitude": 6.8, "road_cut": False}
    facts |= {"dead": 0.0, "injured": 0.0, "trapped": 0.0, "missing": 0.0}
    assert apply_facts(needs, facts, REFS, ResponseLevel.I) == needs


def test_a_need_the_hazards_carry_keeps_the_larger_weight_and_gains_the_source() -> None:
    needs = [need("cap.medical-triage", 0.95, units=1), need("cap.patient-transport", 0.5)]
    assert table(apply(needs, injured=45)) == [
        ("cap.medical-triage", 0.95, 3, ("11A01", "fact.injured")),
        ("cap.patient-transport", CARE_WEIGHT, 5, ("11A01", "fact.injured")),
    ]


def test_a_source_is_added_once() -> None:
    n = need("cap.technical-search", 0.9, sources=("fact.trapped",))
    [out] = apply([n], trapped=5)
    assert out.sources == ("fact.trapped",)


def test_capabilities_not_in_the_graph_are_skipped() -> None:
    refs = {c: r for c, r in REFS.items() if c != "cap.canine-search"}
    assert [n.capability.id for n in apply([], refs=refs, missing=5)] == ["cap.technical-search"]
    assert apply([], refs={}, missing=5, injured=3, road_cut=True) == []


def test_heaviest_first_then_by_id() -> None:
    needs = apply([], dead=1, injured=1, road_cut=True, missing=1)
    assert [(n.capability.id, n.weight) for n in needs] == [
        ("cap.technical-search", LIFE_SAVING_WEIGHT),
        ("cap.canine-search", CARE_WEIGHT),
        ("cap.medical-triage", CARE_WEIGHT),
        ("cap.patient-transport", CARE_WEIGHT),
        ("cap.aerial-reconnaissance", ACCESS_WEIGHT),
        ("cap.helicopter-rescue", ACCESS_WEIGHT),
        ("cap.fatality-management", DEAD_WEIGHT),
    ]


def test_units_are_capped() -> None:
    assert {n.units for n in apply([], missing=10_000, injured=10_000)} == {MAX_FACT_UNITS}


def test_fact_capabilities_lists_what_to_look_up() -> None:
    assert fact_capabilities({"trapped": 3}) == ["cap.technical-search"]
    assert fact_capabilities({"missing": 1, "trapped": 3, "dead": 2}) == [
        "cap.technical-search",
        "cap.canine-search",
        "cap.fatality-management",
    ]
    assert fact_capabilities({"evacuated": 50, "night": True, "road_cut": False}) == []
    assert fact_capabilities({"road_cut": True, "evacuated": 100}) == [
        "cap.evacuation",
        "cap.mass-care",
        "cap.helicopter-rescue",
        "cap.aerial-reconnaissance",
    ]
