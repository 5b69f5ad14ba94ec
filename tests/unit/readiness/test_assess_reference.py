"""The fast readiness check gives exactly what the check before the speed work gave
(tests/unit/readiness/reference_assess.py), on generated supplies (pure, no Neo4j).

The generated supply is built to hit the edges: units at the same place (ETA ties, broken
by id), repeated capabilities, stocks of quantity 0, every status, named teams and experts
that exist or not, prescriptions for more units than exist, regions in mountain boxes.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from queries.models import ConceptRef, GeoPoint, ResponseLevel
from queries.readiness.assess import Supply, assess_plan, fastest_until
from queries.readiness.model import PlanPrescriptions, Prescribed, RegionPoint, Unit
from queries.travel import eta_minutes, great_circle_km, mountain_area
from tests.unit.readiness import reference_assess as ref

CAPS = [f"cap.{i}" for i in range(6)]
TYPES = [f"tt.{i}" for i in range(4)]
EQUIPMENT = [f"eq.{i}" for i in range(4)]
MODES = ["ground", "air", "water", "rail", None]
TEAM_STATUSES = ["available", "standby", "deployed", "unavailable"]


def ref_of(i: str) -> ConceptRef:
    return ConceptRef(i, f"单元{i}", f"Unit {i}")


def generated_units(rnd: random.Random, n: int) -> list[Unit]:
    """`n` units around (30, 104); half share one of a few places (ties)."""
    places = [GeoPoint(rnd.uniform(27, 33), rnd.uniform(100, 108)) for _ in range(8)]
    units: list[Unit] = []
    for k in range(n):
        at = (
            rnd.choice(places)
            if rnd.random() < 0.5
            else GeoPoint(rnd.uniform(26, 34), rnd.uniform(98, 110))
        )
        uid = f"U{rnd.randrange(n * 3):05d}"  # ids repeat now and then across kinds
        kind = rnd.choices(["team", "equipment", "expert"], [5, 4, 1])[0]
        if kind == "team":
            status = rnd.choice(TEAM_STATUSES)
            caps = tuple(
                sorted((rnd.choice(CAPS), rnd.randint(1, 4)) for _ in range(rnd.randint(0, 4)))
            )
            units.append(
                Unit(
                    uid,
                    ref_of(uid),
                    "team",
                    at,
                    status,
                    status in ("available", "standby"),
                    rnd.choice(MODES) or "ground" if rnd.random() < 0.3 else "ground",
                    float(rnd.choice([0, 30])),
                    rnd.choice([*TYPES, None]),
                    caps,
                )
            )
        elif kind == "equipment":
            status = rnd.choice(["ready", "ready", "maintenance"])
            units.append(
                Unit(
                    uid,
                    ref_of(uid),
                    "equipment",
                    at,
                    status,
                    status == "ready",
                    rnd.choice(["ground", "air"]),
                    60.0,
                    equipment_type=rnd.choice(EQUIPMENT),
                    quantity=rnd.choice([0, 1, 1, 2, 5, 12]),
                    holder=ref_of(f"H{k}") if rnd.random() < 0.5 else None,
                )
            )
        else:
            ok = rnd.random() < 0.7
            units.append(
                Unit(
                    uid,
                    ref_of(uid),
                    "expert",
                    at,
                    "available" if ok else "unavailable",
                    ok,
                    ready_minutes=30.0,
                )
            )
    return units


def generated_plan(rnd: random.Random, units: list[Unit], standard: float) -> PlanPrescriptions:
    items: list[Prescribed] = []
    for _ in range(rnd.randint(4, 12)):
        kind = rnd.choice(["capability", "teamType", "team", "equipmentType", "expert"])
        if kind == "capability":
            level = rnd.choice([None, 1, 2, 3])
            items.append(Prescribed(kind, ref_of(rnd.choice(CAPS)), rnd.randint(1, 9), level))
        elif kind == "teamType":
            items.append(Prescribed(kind, ref_of(rnd.choice(TYPES)), rnd.randint(1, 9)))
        elif kind == "equipmentType":
            items.append(Prescribed(kind, ref_of(rnd.choice(EQUIPMENT)), rnd.randint(1, 40)))
        else:
            named = [u.id for u in units if u.kind == ("team" if kind == "team" else "expert")]
            tid = rnd.choice(named) if named and rnd.random() < 0.8 else "NOBODY"
            items.append(Prescribed(kind, ref_of(tid)))
    return PlanPrescriptions(ref_of("P"), "county", standard, False, tuple(items), ())


@pytest.mark.parametrize("single_items", [False, True])
@pytest.mark.parametrize("seed", range(16))
def test_the_fast_check_equals_the_reference_check(seed: int, single_items: bool) -> None:
    """`single_items`: teams and experts only (one item per row: the check counts rows)."""
    rnd = random.Random(seed)
    n = rnd.choice([30, 200, 1500])
    units = generated_units(rnd, max(n, 300) if single_items else n)
    if single_items:
        units = [u for u in units if u.kind != "equipment"]
    fast, slow = Supply.of(units), ref.Supply.of(units)
    assert fast.single_items == single_items
    checked = 0
    for r in range(6):
        point = GeoPoint(rnd.uniform(27, 33), rnd.uniform(100, 108))
        region = RegionPoint(ref_of(f"R{r}"), "county", point, (f"R{r}",))
        plan = generated_plan(rnd, units, rnd.choice([60.0, 120.0, 240.0, 600.0]))
        new = assess_plan(plan, region, ResponseLevel.I, fast, reach_km=700)
        old = ref.assess_plan(plan, region, ResponseLevel.I, slow, reach_km=700)
        assert new == old
        checked += sum(1 for p in new.prescriptions if p.status != "NOT_MET")
    assert checked > 0  # the generated cases are not all empty


def test_a_subset_checks_like_a_supply_of_those_units() -> None:
    rnd = random.Random(7)
    units = generated_units(rnd, 800)
    keep = np.array([u.location.longitude < 104.0 for u in units])
    sub = Supply.of(units).subset(keep)
    alone = Supply.of([u for u, k in zip(units, keep, strict=True) if k])
    region = RegionPoint(ref_of("R"), "county", GeoPoint(30.0, 103.0), ("R",))
    plan = generated_plan(rnd, units, 180.0)
    assert assess_plan(plan, region, ResponseLevel.I, sub) == assess_plan(
        plan, region, ResponseLevel.I, alone
    )


def test_etas_match_the_travel_formula_for_random_points() -> None:
    rnd = random.Random(3)
    units = generated_units(rnd, 300)
    supply = Supply.of(units)
    for _ in range(20):
        p = GeoPoint(rnd.uniform(20, 40), rnd.uniform(90, 120))
        region = RegionPoint(ref_of("R"), "county", p, ("R",))
        eta, km = supply.etas(region)
        for i, u in enumerate(units):
            d = great_circle_km(u.location, p)
            want = eta_minutes(d, u.mobility, u.ready_minutes, mountainous=bool(mountain_area(p)))
            assert math.isclose(km[i], d, rel_tol=1e-9, abs_tol=1e-9)
            assert math.isclose(eta[i], want, rel_tol=1e-9, abs_tol=1e-9)


def test_fastest_until_takes_the_shortest_prefix_reaching_the_need() -> None:
    units = [
        Unit(
            i,
            ref_of(i),
            "equipment",
            GeoPoint(30.0 + d, 104.0),
            "ready",
            True,
            equipment_type="eq.0",
            quantity=q,
        )
        for i, d, q in [("a", 0.3, 2), ("b", 0.1, 0), ("c", 0.2, 3), ("d", 0.2, 1), ("e", 0.5, 9)]
    ]
    supply = Supply.of(units)
    eta, _ = supply.etas(RegionPoint(ref_of("R"), "county", GeoPoint(30.0, 104.0), ("R",)))
    rows = np.arange(5, dtype=np.int64)
    # order by ETA then id: b (0), c (3), d (1), a (2), e (9)
    assert fastest_until(rows, 3, eta, supply) == ([1, 2], [0, 3])
    assert fastest_until(rows, 5, eta, supply) == ([1, 2, 3, 0], [0, 3, 1, 1])
    assert fastest_until(rows, 99, eta, supply) == ([1, 2, 3, 0, 4], [0, 3, 1, 2, 9])
    assert fastest_until(rows[:0], 1, eta, supply) == ([], [])
