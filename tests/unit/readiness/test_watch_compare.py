"""The watch's comparison (queries/readiness/watch.py `compare`, pure) gives what checking
every plan and region from scratch gives, before and after the change."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np

from queries.catalog.models import AuditEntry
from queries.models import ConceptRef, GeoPoint, ResponseLevel
from queries.readiness.alert_store import Touched
from queries.readiness.alerts import Change, alert_id, as_before, breaks, change_of
from queries.readiness.assess import Supply, assess_plan
from queries.readiness.model import PlanPrescriptions, Prescribed, RegionPoint, Unit
from queries.readiness.watch import ReadinessWatch, as_was
from tests.unit.readiness.samples import REGION, UNITS, X, plan

FAR = RegionPoint(ConceptRef("R2", "乙县", "County B"), "county", GeoPoint(31.2, 104.1), ("R2",))
# beyond every time standard from the teams (A's status cannot change anything there)
REMOTE = [
    RegionPoint(ConceptRef(r, r, r), "county", GeoPoint(36.0, 110.0 + i), (r,))
    for i, r in enumerate(("R3", "R4"))
]


def entry(target: str, before: object, after: object) -> AuditEntry:
    return AuditEntry(
        "20261201T100000000000Z-abcd",
        "2026-12-01T10:00:00Z",
        "desk (commander, key k)",
        "setTeamStatus",
        target,
        json.dumps(before),
        json.dumps(after),
    )


def from_scratch(
    change: Change,
    plans: list[tuple[ResponseLevel, PlanPrescriptions]],
    regions: list[RegionPoint],
    units: list[Unit],
    open_ids: set[str],
) -> tuple[list[tuple[str, str, int, int]], list[str]]:
    now, was = Supply.of(units), Supply.of(as_before(units, change))
    raised: list[tuple[str, str, int, int]] = []
    cleared: list[str] = []
    for level, p in plans:
        for region in regions:
            after = assess_plan(p, region, level, now).prescriptions
            prior = assess_plan(p, region, level, was).prescriptions
            for b, a in zip(prior, after, strict=True):
                key = alert_id(p.plan.id, level.value, region.region.id, a.prescribed.key)
                if breaks(b, a) or (key in open_ids and a.status != "MET"):
                    raised.append((key, a.status, a.have, a.need))
                elif key in open_ids and a.status == "MET":
                    cleared.append(key)
    return raised, cleared


def test_a_status_change_compares_as_from_scratch() -> None:
    # A (one of the 2 teams with cap.x at level 2 or better) goes out of service: cap.x x2
    # and the plan naming A break in both counties; the alert open in R2 stays open
    change = change_of(entry("A", {"status": "available"}, {"status": "unavailable"}))
    units = [u if u.id != "A" else replace(u, status="unavailable", usable=False) for u in UNITS]
    plans = [
        (ResponseLevel.I, plan(Prescribed("capability", X, 2, 2), standard=240.0)),
        (ResponseLevel.II, plan(Prescribed("team", ConceptRef("A", "", "A")), standard=240.0)),
    ]
    touched = [Touched("A", GeoPoint(30.5, 104.0), ("cap.x",))]
    # an open alert in a remote county is kept open (not met there, before or now)
    open_ids = {alert_id("P1", "I", r, "capability:cap.x") for r in ("R2", "R3")}
    regions = [REGION, FAR, *REMOTE]
    raise_, clear = ReadinessWatch.compare(change, touched, plans, regions, units, open_ids, 5e3)
    got = [(a.id, a.status, a.have, a.need) for a in raise_]
    assert (got, clear) == from_scratch(change, plans, regions, units, open_ids)
    assert {g[0] for g in got} == {
        f"P1|{lv}|{r}|{k}"
        for lv, k in (("I", "capability:cap.x"), ("II", "team:A"))
        for r in ("R1", "R2")
    } | {"P1|I|R3|capability:cap.x"}


def test_the_supply_before_a_status_change_is_the_same_as_built_anew() -> None:
    change = change_of(entry("B", {"status": "deployed"}, {"status": "available"}))
    now = Supply.of(UNITS)
    before = as_before(UNITS, change)
    was = as_was(now, before)
    fresh = Supply.of(before)
    assert was.usable.tolist() == fresh.usable.tolist() != now.usable.tolist()
    assert was.units == fresh.units and was.index.keys() == fresh.index.keys()


def test_a_capability_edit_builds_the_supply_anew() -> None:
    change = change_of(
        AuditEntry(
            "20261201T100000000000Z-abce",
            "2026-12-01T10:00:00Z",
            "desk (planner, key k)",
            "setTeamCapability",
            "C->cap.x",
            json.dumps({"level": 3}),
            json.dumps({"level": 1}),
        )
    )
    now = Supply.of(UNITS)
    was = as_was(now, as_before(UNITS, change))
    c = next(i for i, u in enumerate(UNITS) if u.id == "C")
    assert dict(was.units[c].capabilities) == {"cap.x": 3}
    rows, levels = was.index[("capability", "cap.x")]
    assert int(levels[rows.tolist().index(c)]) == 3


def test_the_fastest_of_some_units_per_region_is_the_least_of_their_etas() -> None:
    supply = Supply.of(UNITS)
    hilly = RegionPoint(
        ConceptRef("R9", "汶川县", "Wenchuan"), "county", GeoPoint(31.48, 103.59), ("R9",)
    )
    regions = [REGION, FAR, hilly, *REMOTE]
    for rows in ([0], [1, 2], list(range(len(UNITS)))):
        got = supply.fastest(np.array(rows, dtype=np.int64), regions)
        want = [supply.etas(r)[0][rows].min() for r in regions]
        assert np.allclose(got, want, rtol=0, atol=1e-9), (rows, got, want)
    assert np.isinf(supply.fastest(np.array([], dtype=np.int64), regions)).all()


def test_a_long_poll_is_followed_by_a_longer_pause() -> None:
    from queries.readiness.watch import PACE, pause_after

    assert pause_after(0.005, 1.0) == 1.0  # a quiet registry: the interval
    assert pause_after(0.5, 1.0) == 0.5 * PACE  # busy: at most 1 / (1 + PACE) of the time
    assert 0.5 / (0.5 + pause_after(0.5, 1.0)) <= 0.2
