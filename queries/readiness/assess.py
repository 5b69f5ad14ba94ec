"""The readiness check of one region (pure): which units reach its point in time, per prescription.

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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt

from queries.models import ConceptRef, ParamValue, Reason, ResponseLevel, Term
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

NEAR_FACTOR = 2.0  # assess_plan: first look at the units within this many standards
HALF_EARTH_KM = 20_000.0  # no supply limit: anywhere on Earth
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
_NO_ROWS: Ints = np.zeros(0, dtype=np.int64)


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
    id_rank: Ints  # position in id order: ties by id (only the relative order counts)
    # (prescription kind, target id) -> (rows in ascending order, capability level of each)
    index: Mapping[tuple[str, str], tuple[Ints, Ints]] = field(default_factory=dict)

    @classmethod
    def of(cls, units: Sequence[Unit]) -> Supply:
        us = tuple(units)
        order = sorted(range(len(us)), key=lambda i: (us[i].id, us[i].kind))
        rank = np.empty(len(us), dtype=np.int64)
        rank[order] = np.arange(len(us), dtype=np.int64)
        modes = sorted({u.mobility for u in us})  # a few modes: the formula once per mode
        of_mode = {m: i for i, m in enumerate(modes)}
        row_mode = np.array([of_mode[u.mobility] for u in us], dtype=np.int64)

        def per_mode(value: Callable[[str], float]) -> Floats:
            return np.array([value(m) for m in modes], dtype=np.float64)[row_mode]

        return cls(
            units=us,
            lat=np.radians(np.array([u.location.latitude for u in us], dtype=np.float64)),
            lon=np.radians(np.array([u.location.longitude for u in us], dtype=np.float64)),
            start=np.array([u.ready_minutes for u in us], dtype=np.float64)
            + per_mode(lambda m: mobility_of(m).extra_minutes),
            per_km=per_mode(minutes_per_km),
            per_km_mountain=per_mode(lambda m: minutes_per_km(m, mountainous=True)),
            quantity=np.array([u.quantity for u in us], dtype=np.int64),
            usable=np.array([u.usable for u in us], dtype=np.bool_),
            id_rank=rank,
            index=target_index(us),
        )

    def subset(self, keep: npt.NDArray[np.bool_]) -> Supply:
        """The rows where `keep` holds, in the same order (e.g. those in a province's box);
        the index is remapped, not rebuilt."""
        pos = np.full(len(self.units), -1, dtype=np.int64)
        kept = np.flatnonzero(keep)
        pos[kept] = np.arange(len(kept), dtype=np.int64)
        index = {}
        for key, (rows, levels) in self.index.items():
            new = pos[rows]
            if (new >= 0).any():
                index[key] = (new[new >= 0], levels[new >= 0])
        return Supply(
            units=tuple(self.units[i] for i in kept.tolist()),
            lat=self.lat[kept],
            lon=self.lon[kept],
            start=self.start[kept],
            per_km=self.per_km[kept],
            per_km_mountain=self.per_km_mountain[kept],
            quantity=self.quantity[kept],
            usable=self.usable[kept],
            id_rank=self.id_rank[kept],
            index=index,
        )

    @cached_property
    def named(self) -> dict[tuple[str, str], Ints]:
        """("team" | "expert", id) -> rows: built when a named prescription is first checked."""
        acc: dict[tuple[str, str], list[int]] = {}
        for i, u in enumerate(self.units):
            if u.kind in ("team", "expert"):
                acc.setdefault((u.kind, u.id), []).append(i)
        return {k: np.array(rows, dtype=np.int64) for k, rows in acc.items()}

    def rows_for(self, p: Prescribed) -> Ints:
        """The units that answer `p` whatever their status, in row order (see `answers`)."""
        if p.kind in ("team", "expert"):
            return self.named.get((p.kind, p.target.id), _NO_ROWS)
        rows, levels = self.index.get((p.kind, p.target.id), (_NO_ROWS, _NO_ROWS))
        if p.kind == "capability" and p.capability_level is not None:
            key = (p.target.id, p.capability_level)
            hit = self._at_level.get(key)
            if hit is None:
                hit = self._at_level[key] = rows[levels <= p.capability_level]
            return hit
        return rows

    @cached_property
    def single_items(self) -> bool:
        """Whether every row counts one item (teams and experts; equipment stocks of one):
        then counting rows is counting items."""
        return bool((self.quantity == 1).all())

    @cached_property
    def _cos_lat(self) -> Floats:
        """cos(latitude) of every unit (the haversine's term that does not vary by region)."""
        return np.cos(self.lat)

    @cached_property
    def _at_level(self) -> dict[tuple[str, int], Ints]:
        """(capability, level) -> rows of the teams holding it at that level or better."""
        return {}

    def etas(self, region: RegionPoint) -> tuple[Floats, Floats]:
        """(ETA minutes, great-circle km) of every unit to the region's point."""
        lat0, lon0 = math.radians(region.point.latitude), math.radians(region.point.longitude)
        h = (
            np.sin((self.lat - lat0) / 2) ** 2
            + math.cos(lat0) * self._cos_lat * np.sin((self.lon - lon0) / 2) ** 2
        )
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        per_km = self.per_km_mountain if mountain_area(region.point) else self.per_km
        return self.start + km * per_km, km

    def fastest(self, rows: Ints, regions: Sequence[RegionPoint]) -> Floats:
        """Per region, the least ETA (minutes) of the units `rows` (inf without any): the
        minimum of `etas(region)[0][rows]`, for every region in one numpy pass over just
        those units (up to rounding in the last bits)."""
        if len(rows) == 0 or not regions:
            return np.full(len(regions), np.inf)
        lat0 = np.radians([r.point.latitude for r in regions])[:, None]
        lon0 = np.radians([r.point.longitude for r in regions])[:, None]
        h = (
            np.sin((self.lat[rows] - lat0) / 2) ** 2
            + np.cos(lat0) * self._cos_lat[rows] * np.sin((self.lon[rows] - lon0) / 2) ** 2
        )
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        hilly = np.array([mountain_area(r.point) is not None for r in regions])[:, None]
        per_km = np.where(hilly, self.per_km_mountain[rows], self.per_km[rows])
        eta: Floats = (self.start[rows] + km * per_km).min(axis=1)
        return eta


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


def target_index(units: Sequence[Unit]) -> dict[tuple[str, str], tuple[Ints, Ints]]:
    """Per (prescription kind, target id) the rows of the units that answer it (`answers`
    for every capability, team type and equipment type at once): one pass over the units
    instead of one per target. Named teams and experts: `Supply.named`."""
    acc: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
    by_cap: dict[str, tuple[list[int], list[int]]] = {}  # a team's capabilities: the most rows

    def add(key: tuple[str, str], row: int, level: int = 0) -> None:
        rows, levels = acc.setdefault(key, ([], []))
        rows.append(row)
        levels.append(level)

    for i, u in enumerate(units):
        if u.kind == "team":
            if u.team_type is not None:
                add(("teamType", u.team_type), i)
            caps = u.capabilities
            last = len(caps) - 1
            for j, (cap, level) in enumerate(caps):
                if j < last and caps[j + 1][0] == cap:
                    continue  # a repeated id counts once, at its last level (sorted: adjacent)
                hit = by_cap.get(cap)
                if hit is None:
                    hit = by_cap[cap] = ([], [])
                hit[0].append(i)
                hit[1].append(level)
        elif u.kind == "equipment" and u.equipment_type is not None:
            add(("equipmentType", u.equipment_type), i)
    acc.update((("capability", cap), hit) for cap, hit in by_cap.items())
    return {
        k: (np.array(r, dtype=np.int64), np.array(lv, dtype=np.int64)) for k, (r, lv) in acc.items()
    }


def _used(u: Unit, eta: float, quantity: int) -> UsedUnit:
    return UsedUnit(u.name, round(float(eta), 1), quantity, u.holder)


def fastest_until(
    rows: Ints, need: int, eta: Floats, supply: Supply
) -> tuple[list[int], list[int]]:
    """The rows taken for `need` items, fastest first (ties by id), and how many items each
    gives: the shortest prefix whose quantities reach `need` (all rows when they do not).

    Only the fastest k rows are sorted (np.partition, k doubling until their quantities
    reach `need`), not every row: a prescription asks for a few of thousands of units.

    Example::

        fastest_until(np.array([4, 7, 9]), 2, eta, supply)  # ([7, 4], [1, 1]) if 7 is fastest
    """
    if need <= 0:
        return [], []
    if supply.single_items:  # one item per row: the `need` fastest rows, or all of them
        if len(rows) > need:
            e = eta[rows]
            rows = rows[e <= np.partition(e, need - 1)[need - 1]]
        head = rows[np.lexsort((supply.id_rank[rows], eta[rows]))][:need]
        return head.tolist(), [1] * len(head)
    if len(rows) == 0 or int(supply.quantity[rows].sum()) < need:
        order = rows[np.lexsort((supply.id_rank[rows], eta[rows]))]
        return order.tolist(), supply.quantity[order].tolist()
    e = eta[rows]
    k = min(len(rows), need)
    while True:
        head = rows if k >= len(rows) else rows[e <= np.partition(e, k - 1)[k - 1]]
        head = head[np.lexsort((supply.id_rank[head], eta[head]))]
        reached = np.cumsum(supply.quantity[head])
        if reached[-1] >= need:  # every row outside `head` is slower than all inside it
            last = int(np.searchsorted(reached, need))  # first prefix reaching need
            takes = supply.quantity[head[: last + 1]].tolist()
            takes[-1] = need - (int(reached[last - 1]) if last else 0)
            return head[: last + 1].tolist(), takes
        k = min(len(rows), 2 * k)


def assess_prescription(
    p: Prescribed,
    supply: Supply,
    eta: Floats,
    km: Floats,
    standard: float,
    reach_km: float,
    *,
    near: npt.NDArray[np.bool_] | None = None,
) -> PrescriptionReadiness:
    """`p` checked with the units' ETAs `eta` to the region. `near`: the units whose ETA is
    at most some bound >= `standard` (`assess_plan`): only those are looked at, unless none
    of them is usable beyond the standard and the nearest extra unit is wanted."""
    every = supply.rows_for(p)
    minutes = round(standard)
    if p.kind in ("team", "expert"):
        return _named(p, supply, every, eta, standard)
    rows = every if near is None else every[near[every]]
    in_time = eta[rows] <= standard
    usable = supply.usable[rows]
    blocked = (
        int(np.count_nonzero(in_time & ~usable))
        if supply.single_items
        else int(supply.quantity[rows[in_time & ~usable]].sum())
    )
    need = p.units
    taken, takes = fastest_until(rows[in_time & usable], need, eta, supply)
    units = supply.units
    used = [
        UsedUnit(units[i].name, round(e, 1), q, units[i].holder)
        for i, e, q in zip(taken, eta[taken].tolist(), takes, strict=True)
    ]
    have = int(sum(takes))
    extra = None
    if have < need:  # every usable unit in time is taken: the next one is beyond the standard
        beyond = rows[~in_time & usable]
        if not len(beyond) and near is not None:  # none near enough: the farther ones
            far = every[~near[every]]
            beyond = far[supply.usable[far]]
        if len(beyond):
            soonest = beyond[eta[beyond] == eta[beyond].min()]
            i = int(soonest[np.argmin(supply.id_rank[soonest])])
            extra = _used(supply.units[i], eta[i], int(supply.quantity[i]))
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
    if have > 0:
        partly: dict[str, ParamValue] = {
            "target": t, "have": have, "need": need, "short": need - have, "minutes": minutes,
        }  # fmt: skip
        if extra is not None:
            return Reason.of("READY_PARTLY", **partly, unit=extra.unit, eta=extra.eta_minutes)
        km = round(min(reach_km, HALF_EARTH_KM))
        return Reason.of("READY_PARTLY_NONE_NEAR", **partly, km=km)
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


@dataclass
class RegionView:
    """One region's ETAs (minutes) and distances (km) to every unit of a supply, and what
    was already checked from them: plans repeat prescriptions (a national and a provincial
    plan asking for the same capability), each is checked once per region and standard.

    Example::

        view = RegionView.of(supply, region)
        [assess_plan(p, region, level, supply, view=view) for p in plans]
    """

    eta: Floats
    km: Floats
    near: dict[float, npt.NDArray[np.bool_]] = field(default_factory=dict)
    done: dict[tuple[Prescribed, float, float], PrescriptionReadiness] = field(default_factory=dict)

    @classmethod
    def of(cls, supply: Supply, region: RegionPoint) -> RegionView:
        eta, km = supply.etas(region)
        return cls(eta, km)

    def near_for(self, standard: float) -> npt.NDArray[np.bool_]:
        """The units within NEAR_FACTOR x `standard` minutes."""
        hit = self.near.get(standard)
        if hit is None:
            hit = self.near[standard] = self.eta <= NEAR_FACTOR * standard
        return hit


def assess_plan(
    plan: PlanPrescriptions,
    region: RegionPoint,
    level: ResponseLevel,
    supply: Supply,
    *,
    reach_km: float = math.inf,
    view: RegionView | None = None,
) -> PlanReadiness:
    """Every prescription of `plan` at `level`, checked from `region`'s point (pure).
    `reach_km`: how far around the supply was read (said in a shortfall without a unit);
    `view`: the region's ETAs, shared by the plans checked there (made here without it)."""
    v = view if view is not None else RegionView.of(supply, region)
    standard = plan.time_standard
    # Units farther than NEAR_FACTOR x the standard matter only when no nearer unit is an
    # extra: one pass over all units per standard, then each prescription looks at the near.
    near = v.near_for(standard)
    out = []
    for p in plan.items:
        key = (p, standard, reach_km)
        hit = v.done.get(key)
        if hit is None:
            hit = v.done[key] = assess_prescription(
                p, supply, v.eta, v.km, standard, reach_km, near=near
            )
        out.append(hit)
    return PlanReadiness(plan, region, level, tuple(out))
