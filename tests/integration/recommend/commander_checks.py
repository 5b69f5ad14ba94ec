"""The expectations of queries/eval/commander_scenarios.yaml, checked against a recommendation.

Each expectation is a one-key mapping (`{covers: cap.water-rescue}`); `check` says whether it
holds and what was seen, `label` names it in the table.

Example::

    held, seen = check({"noBoat": True}, rec)     # (True, 'no boat')
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from queries.equipment import hazard_line
from queries.models import ForceRecommendation

SCENARIOS = Path(__file__).parents[3] / "queries" / "eval" / "commander_scenarios.yaml"
BOATS = frozenset({"eq.rescue-boat", "eq.amphibious-vehicle", "eq.fireboat", "eq.rescue-vessel"})


def load_scenarios(path: Path = SCENARIOS) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The scenarios and the known failures ("S01 covers cap.x" -> why)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["scenarios"]), dict(data.get("known_failures") or {})


def label(e: dict[str, Any]) -> str:
    (kind, value), *_ = e.items()
    if kind == "gap":
        return f"gap {value['capability']} ({'/'.join(value['reasons'])})"
    if isinstance(value, list):
        return f"{kind} {'|'.join(value)}"
    return kind if value is True else f"{kind} {value}"


def _on(field: str, hazard: str) -> bool:
    """An expert's field is the hazard, its subcategory, or a type under it."""
    return field in hazard_line(hazard)[:2] or hazard in hazard_line(field)[1:2]


def _experts_on(rec: ForceRecommendation, hazard: str) -> list[str]:
    return [e.expert.id for e in rec.experts if any(_on(t.id, hazard) for t in e.topics)]


def check(e: dict[str, Any], rec: ForceRecommendation) -> tuple[bool, str]:
    """Whether expectation `e` holds for `rec`, and what was seen."""
    (kind, value), *_ = e.items()
    covered = {c.id for r in rec.force_package for c in r.covers}
    types = {r.team.team_type for r in rec.force_package}
    equipment = [s.equipment_type.id for s in rec.equipment]
    plans = [p.plan.id for p in rec.plans]
    if kind == "covers":
        gap = next((g for g in rec.gaps if g.capability.id == value), None)
        why = f", gap {gap.limited_by}" if gap is not None else ""
        return value in covered, f"{len(rec.force_package)} teams{why}"
    if kind == "teamType":
        return value in types, ",".join(sorted(t or "-" for t in types))
    if kind == "noTeamType":
        return value not in types, ",".join(sorted(t or "-" for t in types))
    if kind in ("noBoat", "boat"):
        boats = sorted(BOATS.intersection(equipment))
        return (not boats) if kind == "noBoat" else bool(boats), ",".join(boats) or "no boat"
    if kind == "equipmentAny":
        found = sorted(set(value).intersection(equipment))
        return bool(found), ",".join(found) or ",".join(equipment) or "no equipment"
    if kind == "noEquipment":
        found = sorted(set(value).intersection(equipment))
        return not found, ",".join(found) or "none of them"
    if kind in ("expertOn", "firstExpertOn"):
        on = _experts_on(rec, value)
        first = rec.experts[0].expert.id if rec.experts else None
        held = bool(on) if kind == "expertOn" else bool(on) and on[0] == first
        return held, f"{len(on)} of {len(rec.experts)} experts on it"
    if kind == "plan":
        return value in plans, ",".join(plans) or "no plan"
    if kind == "noPlan":
        return value not in plans, ",".join(plans) or "no plan"
    if kind == "gap":
        gap = next((g for g in rec.gaps if g.capability.id == value["capability"]), None)
        seen = "no gap" if gap is None else f"gap {gap.limited_by}"
        return gap is not None and gap.limited_by in value["reasons"], seen
    raise ValueError(f"unknown expectation {kind!r} in {SCENARIOS.name}; see its header")
