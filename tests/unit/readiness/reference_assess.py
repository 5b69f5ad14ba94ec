"""Reference: the readiness check of one region as it was before the speed work of issue 18
(a Python loop over every unit sorted by ETA, and one pass over every unit per target),
kept verbatim to show that queries/readiness/assess.py still gives the same results
(tests/unit/readiness/test_assess_reference.py). Not used by the application.

Original docstring:

The readiness check of one region (pure): which units reach its point in time, per prescription.

ETA is queries/travel.py's formula (readiness + spin-up + km x route factor x terrain /
speed), vectorised over every unit with numpy; the region's point decides the terrain.
Per prescription, the usable units that qualify are taken fastest first (ties by id):

- capability / team type with `units` n: MET when n teams reach within the standard,
  PARTLY when some do (how many short, and the nearest further team with its ETA),
  NOT_MET when none does (the nearest team beyond, if any);
- equipment type with `units` n items: the same, counting each stock's quantity;
- named team / expert: MET when usable and in time; else NOT_MET saying why.

Every prescription is checked on its own: one team may answer several (as it would on
scene). Units that would be in time but are deployed, unavailable or in maintenance
are counted as `blocked` (what a planner can win back).

Example::

    supply = Supply.of(units)
    result = assess_plan(plan, region, ResponseLevel.I, supply)
    [(p.prescribed.key, p.status) for p in result.prescriptions]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from queries.models import ConceptRef, Reason, ResponseLevel, Term
from queries.readiness.model import (
    PlanPrescriptions,
    PlanReadiness,
    Prescribed,
    PrescriptionReadiness,
    RegionPoint,
    Status,
    Unit,
    UsedUnit,
)
from queries.travel import EARTH_RADIUS_KM, minutes_per_km, mobility_of, mountain_area

HALF_EARTH_KM = 20_000.0  # no supply limit: anywhere on Earth
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Supply:
    """Units as arrays (one row each) and, per prescription target, the rows that qualify."""

    units: tuple[Unit, ...]
    lat: Floats  # radians
    lon: Floats
    start: Floats  # ready minutes + spin-up
    per_km: Floats  # minutes per great-circle km, flat terrain
    per_km_mountain: Floats
    quantity: Ints
    usable: npt.NDArray[np.bool_]
    id_rank: Ints  # position in id order: ties by id

    @classmethod
    def of(cls, units: Sequence[Unit]) -> Supply:
        us = tuple(units)
        order = sorted(range(len(us)), key=lambda i: (us[i].id, us[i].kind))
        rank = np.empty(len(us), dtype=np.int64)
        rank[order] = np.arange(len(us), dtype=np.int64)
        return cls(
            units=us,
            lat=np.radians(np.array([u.location.latitude for u in us], dtype=np.float64)),
            lon=np.radians(np.array([u.location.longitude for u in us], dtype=np.float64)),
            start=np.array(
                [u.ready_minutes + mobility_of(u.mobility).extra_minutes for u in us],
                dtype=np.float64,
            ),
            per_km=np.array([minutes_per_km(u.mobility) for u in us], dtype=np.float64),
            per_km_mountain=np.array(
                [minutes_per_km(u.mobility, mountainous=True) for u in us], dtype=np.float64
            ),
            quantity=np.array([u.quantity for u in us], dtype=np.int64),
            usable=np.array([u.usable for u in us], dtype=np.bool_),
            id_rank=rank,
        )

    def rows_for(self, p: Prescribed) -> Ints:
        """The units that answer `p` whatever their status (cached per prescription)."""
        cache: dict[Prescribed, Ints] = self.__dict__.setdefault("_rows", {})
        hit = cache.get(p)
        if hit is None:
            hit = np.array([i for i, u in enumerate(self.units) if answers(u, p)], dtype=np.int64)
            cache[p] = hit
        return hit

    def etas(self, region: RegionPoint) -> tuple[Floats, Floats]:
        """(ETA minutes, great-circle km) of every unit to the region's point."""
        lat0, lon0 = math.radians(region.point.latitude), math.radians(region.point.longitude)
        h = (
            np.sin((self.lat - lat0) / 2) ** 2
            + math.cos(lat0) * np.cos(self.lat) * np.sin((self.lon - lon0) / 2) ** 2
        )
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        per_km = self.per_km_mountain if mountain_area(region.point) else self.per_km
        return self.start + km * per_km, km


def answers(u: Unit, p: Prescribed) -> bool:
    """Whether unit `u` is of the kind and holds what `p` asks for (status aside)."""
    tid = p.target.id
    if p.kind == "capability":
        if u.kind != "team":
            return False
        level = dict(u.capabilities).get(tid)
        return level is not None and (p.capability_level is None or level <= p.capability_level)
    if p.kind == "teamType":
        return u.kind == "team" and u.team_type == tid
    if p.kind == "team":
        return u.kind == "team" and u.id == tid
    if p.kind == "expert":
        return u.kind == "expert" and u.id == tid
    return u.kind == "equipment" and u.equipment_type == tid


def _used(u: Unit, eta: float, quantity: int) -> UsedUnit:
    return UsedUnit(u.name, round(float(eta), 1), quantity, u.holder)


def assess_prescription(
    p: Prescribed, supply: Supply, eta: Floats, km: Floats, standard: float, reach_km: float
) -> PrescriptionReadiness:
    rows = supply.rows_for(p)
    minutes = round(standard)
    if p.kind in ("team", "expert"):
        return _named(p, supply, rows, eta, standard)
    in_time = rows[eta[rows] <= standard]
    blocked = int(supply.quantity[in_time[~supply.usable[in_time]]].sum())
    ok = rows[supply.usable[rows]]
    ok = ok[np.lexsort((supply.id_rank[ok], eta[ok]))]  # fastest first, ties by id
    need, have, used, extra = p.units, 0, [], None
    for i in ok:
        u, q = supply.units[i], int(supply.quantity[i])
        if eta[i] > standard:
            extra = _used(u, eta[i], q)
            break
        if have >= need:
            break
        take = min(q, need - have)
        have += take
        used.append(_used(u, eta[i], take))
    t = p.target
    reasons: list[Reason] = []
    status: Status
    if have >= need:
        status = "MET"
        reasons.append(
            Reason.of(
                "READY_MET",
                target=t,
                have=have,
                need=need,
                minutes=minutes,
                eta=used[-1].eta_minutes if used else 0,
            )
        )
    else:
        status = "PARTLY" if have > 0 else "NOT_MET"
        reasons.append(_short(t, have, need, minutes, extra, reach_km))
    if blocked and status != "MET":
        reasons.append(Reason.of("READY_BLOCKED", target=t, count=blocked, minutes=minutes))
    return PrescriptionReadiness(
        p,
        status,
        have,
        need,
        tuple(used),
        extra if status != "MET" else None,
        blocked,
        tuple(reasons),
    )


def _short(
    t: ConceptRef, have: int, need: int, minutes: int, extra: UsedUnit | None, reach_km: float
) -> Reason:
    if have > 0 and extra is not None:
        return Reason.of(
            "READY_PARTLY",
            target=t,
            have=have,
            need=need,
            short=need - have,
            minutes=minutes,
            unit=extra.unit,
            eta=extra.eta_minutes,
        )
    if have > 0:
        return Reason.of(
            "READY_PARTLY_NONE_NEAR",
            target=t,
            have=have,
            need=need,
            short=need - have,
            minutes=minutes,
            km=round(min(reach_km, HALF_EARTH_KM)),
        )
    if extra is not None:
        return Reason.of(
            "READY_NOT_MET",
            target=t,
            need=need,
            minutes=minutes,
            unit=extra.unit,
            eta=extra.eta_minutes,
        )
    return Reason.of(
        "READY_NOT_MET_NONE_NEAR",
        target=t,
        need=need,
        minutes=minutes,
        km=round(min(reach_km, HALF_EARTH_KM)),
    )


def _named(
    p: Prescribed, supply: Supply, rows: Ints, eta: Floats, standard: float
) -> PrescriptionReadiness:
    t, minutes = p.target, round(standard)
    if len(rows) == 0:
        r = Reason.of("READY_NAMED_MISSING", target=t)
        return PrescriptionReadiness(p, "NOT_MET", 0, 1, (), None, 0, (r,))
    i = int(rows[0])
    u = supply.units[i]
    used = _used(u, eta[i], 1)
    if not u.usable:
        term = Term(f"teamStatus.{u.status}" if u.kind == "team" else "expert.unavailable")
        r = Reason.of("READY_NAMED_STATUS", target=t, status=term)
        blocked = 1 if eta[i] <= standard else 0
        return PrescriptionReadiness(p, "NOT_MET", 0, 1, (), None, blocked, (r,))
    if eta[i] > standard:
        r = Reason.of("READY_NAMED_TOO_FAR", target=t, eta=used.eta_minutes, minutes=minutes)
        return PrescriptionReadiness(p, "NOT_MET", 0, 1, (), used, 0, (r,))
    r = Reason.of("READY_MET", target=t, have=1, need=1, minutes=minutes, eta=used.eta_minutes)
    return PrescriptionReadiness(p, "MET", 1, 1, (used,), None, 0, (r,))


def assess_plan(
    plan: PlanPrescriptions,
    region: RegionPoint,
    level: ResponseLevel,
    supply: Supply,
    *,
    reach_km: float = math.inf,
    etas: tuple[Floats, Floats] | None = None,
) -> PlanReadiness:
    """Every prescription of `plan` at `level`, checked from `region`'s point (pure).
    `reach_km`: how far around the supply was read (said in a shortfall without a unit)."""
    eta, km = etas if etas is not None else supply.etas(region)
    return PlanReadiness(
        plan,
        region,
        level,
        tuple(
            assess_prescription(p, supply, eta, km, plan.time_standard, reach_km)
            for p in plan.items
        ),
    )
