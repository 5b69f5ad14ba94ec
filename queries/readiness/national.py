"""`readiness_everywhere`: the readiness matrix of every province, with one supply read.

`readiness_matrix` over each province in turn reads the supply around each one; the
boxes of neighbouring provinces overlap (each reaches SUPPLY_REACH_FACTOR x the longest
standard beyond its border), so the same teams are read many times over. Here the plans,
the regions of every province and the supply around all of them are read once; each
province is then checked against the units its own read would have returned (those in
its box, and the teams and experts its plans name), so every matrix equals
`readiness_matrix(runner, level, province, ...)` (tests/integration/readiness).

Example::

    ms = await readiness_everywhere(runner, ResponseLevel.I, hazard="11C02")
    [(m.province.id, len(m.regions)) for m in ms][:3]
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kg.cypher import CypherRunner
from kg.errors import UserInputError
from queries.models import ConceptRef, ResponseLevel
from queries.readiness.assess import Supply
from queries.readiness.graph import (
    Box,
    hazard_ref,
    plans_at,
    province_ids,
    regions_within,
    supply_for,
)
from queries.readiness.matrix import check_regions, supply_reach_km
from queries.readiness.model import (
    PlanPrescriptions,
    ReadinessMatrix,
    RegionPoint,
    Unit,
)

Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Scope:
    """One province's matrix: its regions, the plans applying there, how far its supply
    reaches and the box its own read would cover."""

    province: ConceptRef
    regions: list[RegionPoint]
    plans: list[PlanPrescriptions]
    reach_km: float
    box: Box

    @classmethod
    def of(
        cls, province: ConceptRef, regions: list[RegionPoint], plans: Sequence[PlanPrescriptions]
    ) -> Scope:
        # a plan applies in one of the regions iff it names a region of one of their chains
        chains = frozenset(x for r in regions for x in r.chain)
        here = [p for p in plans if not p.applies_to or not chains.isdisjoint(p.applies_to)]
        reach = supply_reach_km(here)
        return cls(province, regions, here, reach, Box.around([r.point for r in regions], reach))


@dataclass(frozen=True)
class Placement:
    """Where the units of a supply are (degrees) and which rows are named teams/experts."""

    lat: npt.NDArray[np.float64]
    lon: npt.NDArray[np.float64]
    named: dict[tuple[str, str], list[int]]  # ("team" | "expert", id) -> rows

    @classmethod
    def of(cls, units: Sequence[Unit]) -> Placement:
        named: dict[tuple[str, str], list[int]] = {}
        for i, u in enumerate(units):
            if u.kind in ("team", "expert"):
                named.setdefault((u.kind, u.id), []).append(i)
        return cls(
            np.array([u.location.latitude for u in units], dtype=np.float64),
            np.array([u.location.longitude for u in units], dtype=np.float64),
            named,
        )

    def rows_read_for(self, scope: Scope, supply: Supply) -> Mask:
        """The rows `supply_for(scope.plans, scope.box)` would have read that answer one
        of its prescriptions (the others change nothing there): those in the box, and the
        named teams and experts anywhere."""
        answering = np.zeros(len(self.lat), dtype=np.bool_)
        named = np.zeros(len(self.lat), dtype=np.bool_)
        for p in scope.plans:
            for x in p.items:
                if x.kind in ("team", "expert"):
                    named[self.named.get((x.kind, x.target.id), [])] = True
                else:
                    answering[supply.rows_for(x)] = True
        in_box = scope.box.holds(self.lat, self.lon)
        # a named team outside the box may also answer a capability or team type there
        return (in_box & answering) | named


async def readiness_everywhere(
    runner: CypherRunner,
    level: ResponseLevel,
    *,
    hazard: str | None = None,
    plan: str | None = None,
) -> list[ReadinessMatrix]:
    """`readiness_matrix` of every province (by id) for `hazard` (or the one `plan`) at
    `level`: four reads in all, whatever the number of provinces."""
    if (hazard is None) == (plan is None):
        raise UserInputError("give either a hazard code or a plan id (one of them, not both)")
    hazard_name = await hazard_ref(runner, hazard) if hazard is not None else None
    plans = await plans_at(runner, level, hazard=hazard, plan=plan)
    provinces = await province_ids(runner)
    found = await regions_within(runner, provinces)
    scopes = [Scope.of(found[p][1], found[p][0], plans) for p in provinces if p in found]
    if not scopes:
        return []
    every = {p.plan.id: p for s in scopes for p in s.plans}
    units = await supply_for(runner, every.values(), Box.enclosing(s.box for s in scopes))
    supply, where = Supply.of(units), Placement.of(units)
    out = []
    for s in scopes:
        mine = supply.subset(where.rows_read_for(s, supply))
        checked, seconds = await asyncio.to_thread(
            check_regions, s.regions, s.plans, level, mine, s.reach_km
        )
        out.append(
            ReadinessMatrix(
                level=level,
                province=s.province,
                hazard=hazard_name,
                plan=s.plans[0].plan if plan is not None and s.plans else None,
                regions=tuple(checked),
                region_seconds=tuple(seconds),
            )
        )
    return out
