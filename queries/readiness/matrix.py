"""`plan_readiness` (one plan x region x level) and `readiness_matrix` (all regions of a province).

Both read the plans, the regions and the supply once (queries/readiness/graph.py), then
check each region in process (queries/readiness/assess.py): the supply around a whole
province is one read, so a matrix costs three or four queries whatever its size.

Example::

    r = await plan_readiness(runner, "P-SC-QUAKE", "513221", ResponseLevel.I)
    [(p.prescribed.key, p.status, p.have, p.need) for p in r.prescriptions]

    m = await readiness_matrix(runner, ResponseLevel.I, "510000", hazard="11C02")
    [(x.region.region.id, x.met, x.total) for x in m.regions][:3]
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

from kg.cypher import CypherRunner
from kg.errors import UserInputError
from queries.models import ResponseLevel
from queries.readiness.assess import RegionView, Supply, assess_plan
from queries.readiness.graph import Box, hazard_ref, plans_at, regions_of, supply_for
from queries.readiness.model import (
    PlanPrescriptions,
    PlanReadiness,
    ReadinessMatrix,
    RegionPoint,
    RegionReadiness,
)
from queries.readiness.standards import SUPPLY_REACH_FACTOR
from queries.travel import max_reach_km

# Above this many regions the in-process check runs off the event loop.
OFF_LOOP_REGIONS = 20


def supply_reach_km(plans: Sequence[PlanPrescriptions]) -> float:
    """How far around the regions supply is read: SUPPLY_REACH_FACTOR x the farthest any
    unit could come within the longest standard."""
    longest = max((p.time_standard for p in plans), default=0.0)
    return max_reach_km(longest * SUPPLY_REACH_FACTOR)


async def plan_readiness(
    runner: CypherRunner, plan: str, region: str, level: ResponseLevel
) -> PlanReadiness:
    """Whether the registry meets what `plan` prescribes at `level`, from `region`'s point.
    Also answers for a region the plan does not apply to (`applies` says so)."""
    plans = await plans_at(runner, level, plan=plan)
    regions, top = await regions_of(runner, region)
    point = next((r for r in regions if r.region.id == top.id), None)
    if point is None:
        raise UserInputError(
            f"region {region!r} ({top.name_zh}) is divided into {len(regions)} regions; "
            "ask for one of them, or use readinessMatrix for all of them"
        )
    reach = supply_reach_km(plans)
    supply = Supply.of(await supply_for(runner, plans, Box.around([point.point], reach)))
    return assess_plan(plans[0], point, level, supply, reach_km=reach)


def check_regions(
    regions: Sequence[RegionPoint],
    plans: Sequence[PlanPrescriptions],
    level: ResponseLevel,
    supply: Supply,
    reach_km: float,
) -> tuple[list[RegionReadiness], list[float]]:
    """Each region against the plans that apply there (pure; CPU-bound)."""
    out, seconds = [], []
    for region in regions:
        t0 = time.perf_counter()
        here = [p for p in plans if p.applies_in(region.chain)]
        view = RegionView.of(supply, region) if here else None
        out.append(
            RegionReadiness(
                region,
                level,
                tuple(
                    assess_plan(p, region, level, supply, reach_km=reach_km, view=view)
                    for p in here
                ),
            )
        )
        seconds.append(time.perf_counter() - t0)
    return out, seconds


async def readiness_matrix(
    runner: CypherRunner,
    level: ResponseLevel,
    province: str,
    *,
    hazard: str | None = None,
    plan: str | None = None,
    boundaries: bool = False,
) -> ReadinessMatrix:
    """Every region of `province` (its counties) against the plans for `hazard` (or the one
    `plan`) at `level`. `boundaries`: also read each region's GeoJSON (for a map)."""
    if (hazard is None) == (plan is None):
        raise UserInputError("give either a hazard code or a plan id (one of them, not both)")
    hazard_name = await hazard_ref(runner, hazard) if hazard is not None else None
    plans = await plans_at(runner, level, hazard=hazard, plan=plan)
    regions, top = await regions_of(runner, province, boundaries=boundaries)
    plans = [p for p in plans if any(p.applies_in(r.chain) for r in regions)]
    reach = supply_reach_km(plans)
    units = await supply_for(runner, plans, Box.around([r.point for r in regions], reach))
    supply = Supply.of(units)
    if len(regions) > OFF_LOOP_REGIONS:
        checked, seconds = await asyncio.to_thread(
            check_regions, regions, plans, level, supply, reach
        )
    else:
        checked, seconds = check_regions(regions, plans, level, supply, reach)
    return ReadinessMatrix(
        level=level,
        province=top,
        hazard=hazard_name,
        plan=plans[0].plan if plan is not None and plans else None,
        regions=tuple(checked),
        region_seconds=tuple(seconds),
    )


async def readiness_matrices(
    runner: CypherRunner, level: ResponseLevel, province: str, hazards: Sequence[str]
) -> list[ReadinessMatrix]:
    """`readiness_matrix` for several hazards at once: the regions and the supply are read
    once for all of them (the report's columns)."""
    regions, top = await regions_of(runner, province)
    per_hazard = []
    for h in hazards:
        name = await hazard_ref(runner, h)
        plans = [
            p
            for p in await plans_at(runner, level, hazard=h)
            if any(p.applies_in(r.chain) for r in regions)
        ]
        per_hazard.append((name, plans))
    every = {p.plan.id: p for _, plans in per_hazard for p in plans}
    reach = supply_reach_km(list(every.values()))
    box = Box.around([r.point for r in regions], reach)
    supply = Supply.of(await supply_for(runner, every.values(), box))
    out = []
    for name, plans in per_hazard:
        checked, seconds = await asyncio.to_thread(
            check_regions, regions, plans, level, supply, reach
        )
        out.append(ReadinessMatrix(level, top, name, None, tuple(checked), tuple(seconds)))
    return out
