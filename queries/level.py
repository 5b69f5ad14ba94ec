"""Suggest a response level from the national plans' grading criteria (pure).

The criteria are ontology data (ontology/grading.ttl, read by
`ontology.grading`): per plan and level, a range on one stated fact. For the
plans that grade any of the scenario's hazards (the hazard itself or a broader
code is in the plan's ``covers``), every criterion whose facts the report
states is tested; the most severe level met wins. Rules:

- only stated facts count: a fact missing from `facts` is unknown, never 0, and
  a criterion none of whose facts is stated is not tested; booleans (night,
  road_cut) are not graded;
- a criterion counting several facts (死亡（含失踪）: dead + missing) sums the
  ones stated;
- several plans (a compound report: earthquake and landslide): each plan gives
  its level; the most severe is suggested, from the plan that gives it (on a
  tie, the plan covering the earliest hazard in `hazard_ids`, then plan id).
  The others are listed in `other_levels`;
- nothing graded (no applicable plan, no stated fact a criterion reads, or no
  criterion met) -> None;
- the level reflects the stated facts only: criteria no fact states (burned
  forest area, derailed cars, case counts) can make the plan's level higher.

The result is a suggestion with the rules that fired and zh/en text rendered
from the data; the commander's choice of level always wins.

Example::

    from ontology.grading import shipped_broader, shipped_grading
    s = suggest_level(["11C02"], {"magnitude": 6.2, "dead": 3},
                      shipped_grading(), shipped_broader())
    s.level, s.plan.id                    # (ResponseLevel.II, 'earthquake-2012')
    [(f.criterion.id, f.value) for f in s.fired]
    # [('earthquake-2012-II-magnitude', 6.2)]
    s.text_zh
    # '建议响应级别：Ⅱ级（重大）（国家地震应急预案）。依据：人口较密集地区发生
    #  6.0级以上、7.0级以下地震，初判为重大地震灾害（报告：震级6.2级）。
    #  仅为建议，以指挥员决定为准。'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ontology.grading import FactKind, GradingCriterion, GradingPlan, GradingRules
from queries.models import ResponseLevel

# Sentence parts per locale; every word a user reads comes from here or from grading.ttl.
TEXT: Mapping[str, Mapping[str, str]] = {
    "zh": {
        "head": "建议响应级别：{level}（{plan}）。依据：",
        "rule": "{criterion}（报告：{reported}）",
        "rules_sep": "；",
        "facts_sep": "、",
        "total": "，合计{total}",
        "tail": "。仅为建议，以指挥员决定为准。",
    },
    "en": {
        "head": "Suggested response level: {level} ({plan}). Because: ",
        "rule": "{criterion} (reported: {reported})",
        "rules_sep": "; ",
        "facts_sep": ", ",
        "total": ", total {total}",
        "tail": ". A suggestion only: the commander decides.",
    },
}


@dataclass(frozen=True)
class FiredRule:
    """A criterion the stated facts meet, and the value they gave it (summed if several)."""

    criterion: GradingCriterion
    value: float
    stated: tuple[tuple[str, float], ...]  # (fact kind, value) of each stated fact counted


@dataclass(frozen=True)
class LevelSuggestion:
    """The suggested level, the plan that gives it and every rule that fired at that level."""

    level: ResponseLevel
    plan: GradingPlan
    fired: tuple[FiredRule, ...]
    hazards: tuple[str, ...]  # the given hazards this plan grades
    text_zh: str
    text_en: str
    other_levels: tuple[tuple[str, ResponseLevel], ...] = ()  # (plan id, level), other plans


def suggest_level(
    hazard_ids: Sequence[str],
    facts: Mapping[str, float | bool],
    rules: GradingRules,
    broader: Mapping[str, Sequence[str]],
) -> LevelSuggestion | None:
    """The most severe level the applicable plans' criteria give for the stated facts, or None.

    `hazard_ids`: GB/T 35561 codes, main hazard first; `facts`: fact kind -> value
    for the facts the report states (FACT kinds of eval_format: dead, injured,
    trapped, missing, evacuated, affected, buildings_collapsed, economic_loss in
    yuan, magnitude); `broader`: hazard id -> its parent chain
    (`ontology.grading.shipped_broader()`).
    """
    graded: list[tuple[GradingPlan, tuple[str, ...], str, tuple[FiredRule, ...]]] = []
    for plan, hazards in applicable_plans(hazard_ids, rules.plans, broader):
        found = plan_level(plan, facts)
        if found is not None:
            graded.append((plan, hazards, *found))
    if not graded:
        return None
    # Stable sort: among equally severe levels the plan order of applicable_plans stays.
    best = sorted(graded, key=lambda g: -ResponseLevel(g[2]).severity)
    plan, hazards, level, fired = best[0]
    return LevelSuggestion(
        level=ResponseLevel(level),
        plan=plan,
        fired=fired,
        hazards=hazards,
        text_zh=render(level, plan, fired, rules, "zh"),
        text_en=render(level, plan, fired, rules, "en"),
        other_levels=tuple((p.id, ResponseLevel(lvl)) for p, _h, lvl, _f in best[1:]),
    )


def applicable_plans(
    hazard_ids: Sequence[str],
    plans: Iterable[GradingPlan],
    broader: Mapping[str, Sequence[str]],
) -> list[tuple[GradingPlan, tuple[str, ...]]]:
    """(plan, the hazards it grades) for each plan covering a hazard or one of its ancestors,
    ordered by the first hazard each covers, then plan id."""
    out: list[tuple[int, str, GradingPlan, tuple[str, ...]]] = []
    for plan in plans:
        covers = set(plan.covers)
        hit = tuple(h for h in dict.fromkeys(hazard_ids) if covers & {h, *broader.get(h, ())})
        if hit:
            out.append((list(hazard_ids).index(hit[0]), plan.id, plan, hit))
    return [(plan, hit) for _i, _id, plan, hit in sorted(out, key=lambda x: (x[0], x[1]))]


def plan_level(
    plan: GradingPlan, facts: Mapping[str, float | bool]
) -> tuple[str, tuple[FiredRule, ...]] | None:
    """The most severe level of `plan` that the stated facts meet, with the rules that fired."""
    fired = [f for c in plan.criteria if (f := fire(c, facts)) is not None]
    if not fired:
        return None
    level = max((f.criterion.level for f in fired), key=lambda lvl: ResponseLevel(lvl).severity)
    return level, tuple(f for f in fired if f.criterion.level == level)


def fire(criterion: GradingCriterion, facts: Mapping[str, float | bool]) -> FiredRule | None:
    """The fired rule when the stated facts meet `criterion`; None when unmet or unstated."""
    stated = tuple(
        (kind, float(v))
        for kind in criterion.facts
        if (v := facts.get(kind)) is not None
        and not isinstance(v, bool)
        and math.isfinite(float(v))
    )
    if not stated:
        return None
    value = sum(v for _k, v in stated)
    return FiredRule(criterion, value, stated) if criterion.holds(value) else None


def render(
    level: str,
    plan: GradingPlan,
    fired: Sequence[FiredRule],
    rules: GradingRules,
    locale: str,
) -> str:
    """The suggestion as one sentence in `locale` ('zh' or 'en'), every word from data."""
    t = TEXT[locale]
    label = rules.level_labels[level]
    head = t["head"].format(
        level=label.zh if locale == "zh" else label.en,
        plan=plan.name_zh if locale == "zh" else plan.name_en,
    )
    parts = []
    for f in fired:
        c = f.criterion
        reported = t["facts_sep"].join(
            _fact(rules.fact_kinds[kind], v, locale) for kind, v in f.stated
        )
        if len(f.stated) > 1:
            unit = rules.fact_kinds[c.fact]
            reported += t["total"].format(total=_amount(f.value, unit, locale))
        criterion = c.description_zh if locale == "zh" else c.description_en
        parts.append(t["rule"].format(criterion=criterion, reported=reported))
    return head + t["rules_sep"].join(parts) + t["tail"]


def _fact(kind: FactKind, value: float, locale: str) -> str:
    """'死亡12人', '直接经济损失2500万元'; 'dead 12 people', 'magnitude 6.2'."""
    if locale == "zh":
        return kind.label_zh + _amount(value, kind, locale)
    return f"{kind.label_en} {_amount(value, kind, locale)}"


def _amount(value: float, kind: FactKind, locale: str) -> str:
    """A value with its unit: '12人', '2500万元', '1.2亿元'; '12 people', '25,000,000 yuan'."""
    if locale == "zh":
        if kind.unit_zh == "元" and value >= 1e8:
            return f"{_number(value / 1e8)}亿元"
        if kind.unit_zh == "元" and value >= 1e4:
            return f"{_number(value / 1e4)}万元"
        return f"{_number(value)}{kind.unit_zh}"
    shown = f"{value:,.0f}" if value >= 1e4 and value.is_integer() else _number(value)
    return f"{shown} {kind.unit_en}".strip()


def _number(value: float) -> str:
    """12.0 -> '12', 6.2 -> '6.2', 0.125 -> '0.125' (no exponent, no trailing zeros)."""
    return str(int(value)) if value.is_integer() else f"{value:.6f}".rstrip("0").rstrip(".")
