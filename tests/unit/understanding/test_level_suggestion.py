"""Suggested response level from the national plans' grading criteria (queries/level.py).

The expected levels are the plans' own words (以上 includes the number, 以下
does not), checked at the boundaries, against the shipped grading.ttl; the
last tests use small hand-made rules to pin the selection logic alone.
"""

from __future__ import annotations

from types import MappingProxyType

import pytest

from ontology.grading import (
    FactKind,
    GradingCriterion,
    GradingPlan,
    GradingRules,
    LevelLabel,
    shipped_broader,
    shipped_grading,
)
from queries.level import suggest_level
from queries.models import ResponseLevel

QUAKE = "11C02"  # 天然地震事件, covered through 11C00
LANDSLIDE = "11D01"
HAZMAT_EXPLOSION = "12D01"
RESIDENTIAL_FIRE = "12G03"
FOREST_FIRE = "11G01"
FOOD = "13B03"
OCCUPATIONAL = "13C01"


def level(hazards: list[str], **facts: float | bool) -> str | None:
    s = suggest_level(hazards, facts, shipped_grading(), shipped_broader())
    return None if s is None else s.level.value


# ---- 国家地震应急预案 (2012): deaths incl. missing, magnitude (人口较密集地区) -------------


@pytest.mark.parametrize(
    ("dead", "expected"),
    [(0, "IV"), (9, "IV"), (10, "III"), (49, "III"), (50, "II"), (299, "II"), (300, "I")],
)
def test_earthquake_deaths_boundaries(dead: int, expected: str) -> None:
    assert level([QUAKE], dead=dead) == expected


def test_earthquake_counts_missing_with_the_dead() -> None:
    assert level([QUAKE], dead=8, missing=2) == "III"  # 死亡（含失踪）10
    assert level([QUAKE], missing=12) == "III"  # deaths unknown: the stated part counts
    s = suggest_level([QUAKE], {"dead": 8, "missing": 2}, shipped_grading(), shipped_broader())
    assert s is not None
    assert [(f.value, f.stated) for f in s.fired] == [(10.0, (("dead", 8.0), ("missing", 2.0)))]
    assert "死亡8人、失踪2人，合计10人" in s.text_zh
    assert "dead 8 people, missing 2 people, total 10 people" in s.text_en


@pytest.mark.parametrize(
    ("magnitude", "expected"),
    [
        (3.9, None),
        (4.0, "IV"),
        (4.9, "IV"),
        (5.0, "III"),
        (5.9, "III"),
        (6.0, "II"),
        (6.9, "II"),
        (6.99, "II"),
        (7.0, "I"),
        (8.0, "I"),
    ],
)
def test_earthquake_magnitude_boundaries(magnitude: float, expected: str | None) -> None:
    assert level([QUAKE], magnitude=magnitude) == expected


def test_magnitude_and_deaths_give_the_more_severe_level_and_its_rule() -> None:
    s = suggest_level([QUAKE], {"magnitude": 6.2, "dead": 3}, shipped_grading(), shipped_broader())
    assert s is not None and s.level is ResponseLevel.II
    assert s.plan.id == "earthquake-2012" and s.hazards == (QUAKE,)
    (fired,) = s.fired
    assert (fired.criterion.fact, fired.criterion.min, fired.criterion.max, fired.value) == (
        "magnitude",
        6.0,
        7.0,
        6.2,
    )
    assert s.text_zh.startswith("建议响应级别：Ⅱ级（重大）（国家地震应急预案）")
    assert "6.0级以上、7.0级以下" in s.text_zh and "震级6.2级" in s.text_zh
    assert s.text_en.startswith("Suggested response level: Level II")
    assert "magnitude 6.2" in s.text_en


def test_every_rule_that_fired_at_the_level_is_given() -> None:
    s = suggest_level([QUAKE], {"magnitude": 5.5, "dead": 20}, shipped_grading(), shipped_broader())
    assert s is not None and s.level is ResponseLevel.III
    assert sorted(f.criterion.fact for f in s.fired) == ["dead", "magnitude"]


# ---- 国家突发地质灾害应急预案 (2006) -------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"dead": 2}, "IV"),
        ({"dead": 3}, "III"),
        ({"dead": 9}, "III"),
        ({"dead": 10}, "II"),
        ({"dead": 29}, "II"),
        ({"dead": 30}, "I"),
        ({"economic_loss": 999_999}, "IV"),
        ({"economic_loss": 1_000_000}, "III"),
        ({"economic_loss": 5_000_000}, "II"),
        ({"economic_loss": 10_000_000}, "I"),
        ({"evacuated": 99}, "IV"),
        ({"evacuated": 100}, "III"),
        ({"evacuated": 500}, "II"),
        ({"evacuated": 1000}, "I"),
    ],
)
def test_geological_boundaries(facts: dict[str, float], expected: str) -> None:
    assert level([LANDSLIDE], **facts) == expected


# ---- 生产安全事故 (国务院令第493号) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"dead": 0}, "IV"),
        ({"dead": 2}, "IV"),
        ({"dead": 3}, "III"),
        ({"dead": 9}, "III"),
        ({"dead": 10}, "II"),
        ({"dead": 29}, "II"),
        ({"dead": 30}, "I"),
        ({"dead": 8, "missing": 2}, "II"),  # 死亡（含失踪）
        ({"injured": 9}, "IV"),  # fewer than 10 injured: fewer than 10 seriously injured
        ({"injured": 10}, None),  # 10 injured may be 0 seriously injured: not graded
        ({"seriously_injured": 10}, "III"),
        ({"seriously_injured": 50}, "II"),
        ({"seriously_injured": 100}, "I"),
        ({"economic_loss": 9_999_999}, "IV"),
        ({"economic_loss": 10_000_000}, "III"),
        ({"economic_loss": 50_000_000}, "II"),
        ({"economic_loss": 100_000_000}, "I"),
    ],
)
def test_work_safety_boundaries(facts: dict[str, float], expected: str | None) -> None:
    assert level([HAZMAT_EXPLOSION], **facts) == expected


def test_work_safety_covers_fires_through_the_subcategory() -> None:
    assert level([RESIDENTIAL_FIRE], dead=3) == "III"
    s = suggest_level([RESIDENTIAL_FIRE], {"dead": 3}, shipped_grading(), shipped_broader())
    assert s is not None and s.plan.id == "work-safety-2007"
    assert "493" in s.fired[0].criterion.source


def test_economic_loss_is_shown_in_wan_and_yi_yuan() -> None:
    s = suggest_level(
        [HAZMAT_EXPLOSION], {"economic_loss": 25_000_000}, shipped_grading(), shipped_broader()
    )
    assert s is not None and "直接经济损失2500万元" in s.text_zh
    assert "25,000,000 yuan" in s.text_en
    s = suggest_level(
        [HAZMAT_EXPLOSION], {"economic_loss": 120_000_000}, shipped_grading(), shipped_broader()
    )
    assert s is not None and "1.2亿元" in s.text_zh


# ---- 国家森林草原火灾应急预案 (森林火灾) and the public-health death criteria --------------


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"dead": 0}, None),  # 一般森林火灾 starts at 1 death (死亡1人以上)
        ({"dead": 1}, "IV"),
        ({"dead": 3}, "III"),
        ({"dead": 10}, "II"),
        ({"dead": 30}, "I"),
        ({"seriously_injured": 1}, "IV"),  # 重伤1人以上10人以下
        ({"injured": 1}, None),  # a light injury grades no forest fire
        ({"injured": 10}, None),
        ({"seriously_injured": 10}, "III"),
        ({"seriously_injured": 100}, "I"),
        ({"burned_area": 0.5}, "IV"),  # 受害森林面积 (the area burned, as reported), hectares
        ({"burned_area": 1}, "III"),
        ({"burned_area": 99.9}, "III"),
        ({"burned_area": 100}, "II"),
        ({"burned_area": 1000}, "I"),
        ({"burned_area": 30, "dead": 12}, "II"),  # the most severe criterion met
    ],
)
def test_forest_fire_boundaries(facts: dict[str, float], expected: str | None) -> None:
    assert level([FOREST_FIRE], **facts) == expected


def test_public_health_death_criteria() -> None:
    assert level([FOOD], dead=1) == "III"
    assert level([FOOD], dead=9) == "III"
    assert level([FOOD], dead=10) == "II"
    assert level([FOOD], dead=0) is None
    assert level([OCCUPATIONAL], dead=4) == "III"
    assert level([OCCUPATIONAL], dead=5) == "II"


# ---- what is not graded ----------------------------------------------------------------


def test_no_facts_is_none() -> None:
    assert level([QUAKE]) is None
    assert level([HAZMAT_EXPLOSION], night=True, road_cut=True) is None  # booleans not graded
    assert level([QUAKE], trapped=40, buildings_collapsed=12) is None  # no criterion reads them


def test_a_hazard_no_plan_covers_is_none() -> None:
    assert level(["11A01"], dead=40) is None  # flood: the flood plan grades by no stated fact
    assert level(["14B01"], dead=40) is None  # homicide
    assert level(["no-such-code"], dead=40) is None


def test_a_stated_fact_is_never_taken_for_missing_and_a_missing_one_never_for_zero() -> None:
    # Earthquake IV starts at 0 deaths: 0 stated grades, nothing stated does not.
    assert level([QUAKE], dead=0) == "IV"
    assert level([QUAKE], injured=0) is None


# ---- several plans ---------------------------------------------------------------------


def test_several_plans_give_the_most_severe_level_and_list_the_others() -> None:
    s = suggest_level(
        [QUAKE, LANDSLIDE], {"dead": 5, "evacuated": 1200}, shipped_grading(), shipped_broader()
    )
    assert s is not None
    assert (s.level, s.plan.id, s.hazards) == (ResponseLevel.I, "geological-2006", (LANDSLIDE,))
    assert s.other_levels == (("earthquake-2012", ResponseLevel.IV),)
    # Same facts, earthquake alone: its own level.
    assert level([QUAKE], dead=5, evacuated=1200) == "IV"


def _rules(*plans: GradingPlan) -> GradingRules:
    return GradingRules(
        plans=plans,
        fact_kinds=MappingProxyType({"dead": FactKind("dead", "死亡", "dead", "人", "people")}),
        level_labels=MappingProxyType(
            {lvl: LevelLabel(f"{lvl}级", f"Level {lvl}") for lvl in ("I", "II", "III", "IV")}
        ),
    )


def _plan(pid: str, covers: str, lvl: str, low: float) -> GradingPlan:
    c = GradingCriterion(
        f"{pid}-{lvl}", pid, lvl, "dead", low, None, f"{pid}甲", f"{pid} A", f"{pid} source"
    )
    return GradingPlan(pid, f"{pid}预案", f"{pid} plan", (covers,), f"{pid} source", (c,))


def test_a_tie_goes_to_the_plan_of_the_earliest_hazard() -> None:
    rules = _rules(_plan("a-plan", "11D00", "II", 1), _plan("b-plan", "11C00", "II", 1))
    broader = {QUAKE: ("11C00", "11000"), LANDSLIDE: ("11D00", "11000")}
    s = suggest_level([QUAKE, LANDSLIDE], {"dead": 3}, rules, broader)
    assert s is not None and s.plan.id == "b-plan"
    s = suggest_level([LANDSLIDE, QUAKE], {"dead": 3}, rules, broader)
    assert s is not None and s.plan.id == "a-plan"
    assert s.text_zh == "建议响应级别：II级（a-plan预案）。依据：a-plan甲（报告：死亡3人）。" + (
        "仅为建议，以指挥员决定为准。"
    )
    assert s.text_en == (
        "Suggested response level: Level II (a-plan plan). Because: a-plan A "
        "(reported: dead 3 people). A suggestion only: the commander decides."
    )


def test_a_plan_covers_its_broader_codes_subtree_only_through_the_given_chain() -> None:
    rules = _rules(_plan("c-plan", "11000", "III", 0))
    assert suggest_level([QUAKE], {"dead": 1}, rules, {QUAKE: ("11C00", "11000")}) is not None
    assert suggest_level([QUAKE], {"dead": 1}, rules, {}) is None
