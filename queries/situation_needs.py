"""Step 2b (pure): what the report's situation facts add to the needs.

Documented rules (a commander can check them; units are teams):
- trapped N: every rescue need the hazards already have brings
  ceil(N / TRAPPED_PER_UNIT) units (at most MAX_FACT_UNITS); when the hazards have
  no rescue need, technical search is added (weight LIFE_SAVING_WEIGHT);
- missing N: search (technical search, canine search) with ceil(N / MISSING_PER_UNIT) units;
- injured N (and seriously injured): medical triage with ceil(N / INJURED_PER_UNIT) units
  and patient transport with ceil(N / TRANSPORT_PER_UNIT) units;
- dead N: fatality management (weight DEAD_WEIGHT: below the package floor, so it is
  named as a need but no team is sent for it alone);
- evacuated N >= EVACUATION_FLOOR: evacuation and mass care, ceil(N / EVACUATED_PER_UNIT);
- roads cut: helicopter rescue and aerial reconnaissance (forces that need no road).
A need the hazards already carry keeps the larger weight; its sources gain
"fact.<kind>". Night is read but adds no need yet (no lighting capability in the
ontology; the equipment type eq.lighting-vehicle exists): see the README.

Example::

    ids = fact_capabilities({"trapped": 12})                   # ids to look up
    needs = apply_facts(needs, {"trapped": 12}, refs, ResponseLevel.II)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from queries.models import CapabilityNeed, ConceptRef, ResponseLevel
from queries.needs import NEEDED_LEVEL

TRAPPED_PER_UNIT = 10  # a rescue team works about ten casualties in the first hours
MISSING_PER_UNIT = 10
INJURED_PER_UNIT = 20  # a medical team triages about twenty casualties
TRANSPORT_PER_UNIT = 10  # ambulances: about ten patients per unit and round
EVACUATED_PER_UNIT = 1000
EVACUATION_FLOOR = 100
MAX_FACT_UNITS = 5
LIFE_SAVING_WEIGHT = 0.9
CARE_WEIGHT = 0.8
DEAD_WEIGHT = 0.5
ACCESS_WEIGHT = 0.7
RESCUE_CAPABILITIES = frozenset(
    {
        "cap.collapsed-structure-sar", "cap.technical-search", "cap.canine-search",
        "cap.water-rescue", "cap.swiftwater-rescue", "cap.dive-rescue", "cap.maritime-sar",
        "cap.high-angle-rope-rescue", "cap.mountain-sar", "cap.confined-space-rescue",
        "cap.vehicle-extrication", "cap.mine-rescue", "cap.helicopter-rescue",
    }
)  # fmt: skip


@dataclass(frozen=True)
class FactNeed:
    capability: str
    weight: float
    per_unit: int | None  # people per unit; None: one unit


def _rules(facts: Mapping[str, float | bool]) -> list[tuple[str, FactNeed]]:
    out: list[tuple[str, FactNeed]] = []
    if _count(facts, "missing") > 0:
        out += [
            ("missing", FactNeed("cap.technical-search", LIFE_SAVING_WEIGHT, MISSING_PER_UNIT)),
            ("missing", FactNeed("cap.canine-search", CARE_WEIGHT, MISSING_PER_UNIT)),
        ]
    if _count(facts, "injured") > 0:  # injured or seriously injured
        out += [
            ("injured", FactNeed("cap.medical-triage", CARE_WEIGHT, INJURED_PER_UNIT)),
            ("injured", FactNeed("cap.patient-transport", CARE_WEIGHT, TRANSPORT_PER_UNIT)),
        ]
    if _count(facts, "dead") > 0:
        out.append(("dead", FactNeed("cap.fatality-management", DEAD_WEIGHT, None)))
    if _count(facts, "evacuated") >= EVACUATION_FLOOR:
        out += [
            ("evacuated", FactNeed("cap.evacuation", CARE_WEIGHT, EVACUATED_PER_UNIT)),
            ("evacuated", FactNeed("cap.mass-care", DEAD_WEIGHT + 0.1, EVACUATED_PER_UNIT)),
        ]
    if facts.get("road_cut") is True:
        out += [
            ("road_cut", FactNeed("cap.helicopter-rescue", ACCESS_WEIGHT, None)),
            ("road_cut", FactNeed("cap.aerial-reconnaissance", ACCESS_WEIGHT, None)),
        ]
    return out


def _count(facts: Mapping[str, float | bool], kind: str) -> float:
    if kind == "injured":
        return max(_count(facts, "seriously_injured"), float(facts.get("injured", 0) or 0))
    v = facts.get(kind, 0)
    return 0.0 if isinstance(v, bool) else float(v)


def _units(count: float, per_unit: int | None) -> int:
    if per_unit is None:
        return 1
    return max(1, min(MAX_FACT_UNITS, math.ceil(count / per_unit)))


def fact_capabilities(facts: Mapping[str, float | bool]) -> list[str]:
    """The capability ids the facts may add (to look up their names), in rule order."""
    ids = [need.capability for _kind, need in _rules(facts)]
    if _count(facts, "trapped") > 0:
        ids.append("cap.technical-search")
    return list(dict.fromkeys(ids))


def apply_facts(
    needs: list[CapabilityNeed],
    facts: Mapping[str, float | bool],
    refs: Mapping[str, ConceptRef],
    level: ResponseLevel,
) -> list[CapabilityNeed]:
    """The needs raised by the facts; heaviest first, ties by id (as merge_needs)."""
    by_id = {n.capability.id: n for n in needs}

    def raise_need(cap: str, weight: float, units: int, source: str) -> None:
        old = by_id.get(cap)
        if old is None:
            if cap not in refs:
                return  # the capability is not in this graph: nothing to add
            by_id[cap] = CapabilityNeed(refs[cap], weight, (source,), NEEDED_LEVEL[level], units)
            return
        sources = old.sources if source in old.sources else (*old.sources, source)
        by_id[cap] = replace(
            old, weight=max(old.weight, weight), units=max(old.units, units), sources=sources
        )

    trapped = _count(facts, "trapped")
    if trapped > 0:
        units = _units(trapped, TRAPPED_PER_UNIT)
        rescue = [c for c in by_id if c in RESCUE_CAPABILITIES]
        for cap in rescue or ["cap.technical-search"]:
            weight = by_id[cap].weight if cap in by_id else LIFE_SAVING_WEIGHT
            raise_need(cap, weight, units, "fact.trapped")
    for kind, need in _rules(facts):
        raise_need(
            need.capability, need.weight, _units(_count(facts, kind), need.per_unit), f"fact.{kind}"
        )
    return sorted(by_id.values(), key=lambda n: (-n.weight, n.capability.id))
