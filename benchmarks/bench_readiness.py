"""Readiness matrix speed: one hazard and level over every county of a province, and over
every region of the whole graph (`readiness_everywhere`: one supply read for all
provinces; `--per-province`: also `readiness_matrix` province by province).

Prints the wall time of each run (the first one cold: Neo4j plans the queries), the
median of the warm runs, this process's CPU time (the machine is shared: wall time
stretches with the load, CPU time much less), the per-region check time (p50/p95, in
process: ETAs of every unit and every prescription of every applicable plan), the core
count and load average, and the same-run baseline: the matrix's graph reads alone (the
hazard, the plans at the level, the regions, the supply around them; no check), so the
ratio shows what the in-process check adds to what Neo4j must answer anyway.

Targets (issue 18): a province in under 2 s; the national graph in under 60 s.

Example::

    EMKG_NEO4J_PORT=7754 EMKG_NEO4J_DATA_DIR=var/neo4j-dev-readiness \\
        python benchmarks/bench_readiness.py --province 510000 --hazard 11C02 --level I --national
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time

from kg.cypher import CypherRunner
from kg.driver import create_async_driver
from kg.settings import Settings
from queries.models import ResponseLevel
from queries.readiness.graph import (
    Box,
    hazard_ref,
    plans_at,
    province_ids,
    regions_of,
    regions_within,
    supply_for,
)
from queries.readiness.matrix import readiness_matrix, supply_reach_km
from queries.readiness.national import Scope, readiness_everywhere


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else 0.0


def machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores, load average {load}"


async def graph_reads(
    runner: CypherRunner, province: str, hazard: str, level: ResponseLevel
) -> float:
    """The baseline: the reads `readiness_matrix` makes, timed alone (seconds)."""
    t0 = time.perf_counter()
    await hazard_ref(runner, hazard)
    plans = await plans_at(runner, level, hazard=hazard)
    regions, _ = await regions_of(runner, province)
    plans = [p for p in plans if any(p.applies_in(r.chain) for r in regions)]
    reach = supply_reach_km(plans)
    await supply_for(runner, plans, Box.around([r.point for r in regions], reach))
    return time.perf_counter() - t0


async def national_reads(runner: CypherRunner, hazard: str, level: ResponseLevel) -> float:
    """The baseline of `readiness_everywhere`: its reads alone (seconds)."""
    t0 = time.perf_counter()
    await hazard_ref(runner, hazard)
    plans = await plans_at(runner, level, hazard=hazard)
    found = await regions_within(runner, await province_ids(runner))
    scopes = [Scope.of(top, regions, plans) for regions, top in found.values()]
    every = {p.plan.id: p for s in scopes for p in s.plans}
    await supply_for(runner, every.values(), Box.enclosing(s.box for s in scopes))
    return time.perf_counter() - t0


async def province_runs(
    runner: CypherRunner, province: str, hazard: str, level: ResponseLevel, runs: int
) -> None:
    walls: list[float] = []
    cpus: list[float] = []
    per_region: list[float] = []
    regions = prescriptions = 0
    for i in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        m = await readiness_matrix(runner, level, province, hazard=hazard)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        if i > 0 or runs == 1:
            per_region += list(m.region_seconds)
        regions, prescriptions = len(m.regions), sum(r.total for r in m.regions)
    warm = walls[1:] or walls
    base = [await graph_reads(runner, province, hazard, level) for _ in range(max(1, runs - 1))]
    print(
        f"province {province}, hazard {hazard}, level {level.value}: {regions} regions, "
        f"{prescriptions} prescriptions checked"
    )
    print(
        f"  wall: cold {walls[0]:.2f} s, warm median {statistics.median(warm):.2f} s "
        f"(max {max(warm):.2f} s) over {len(warm)} runs; target < 2 s; "
        f"CPU of this process {statistics.median(cpus[1:] or cpus):.2f} s"
    )
    print(
        f"  baseline (graph reads alone, same run): median {statistics.median(base):.2f} s; "
        f"matrix / baseline {statistics.median(warm) / statistics.median(base):.2f}x"
    )
    print(
        f"  per region (in process): p50 {1000 * statistics.median(per_region):.2f} ms, "
        f"p95 {1000 * pct(per_region, 0.95):.2f} ms"
    )


async def national(
    runner: CypherRunner, hazard: str, level: ResponseLevel, per_province: bool
) -> None:
    t0, c0 = time.perf_counter(), time.process_time()
    ms = await readiness_everywhere(runner, level, hazard=hazard)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    per_region = [s for m in ms for s in m.region_seconds]
    regions = sum(len(m.regions) for m in ms)
    base = await national_reads(runner, hazard, level)
    print(
        f"national (one supply read): {len(ms)} provinces, {regions} regions: wall {wall:.1f} s "
        f"(target < 60 s), CPU of this process {cpu:.1f} s; per region "
        f"p50 {1000 * statistics.median(per_region):.2f} ms, "
        f"p95 {1000 * pct(per_region, 0.95):.2f} ms"
    )
    print(
        f"  baseline (its graph reads alone, same run, after the matrix): {base:.1f} s; "
        f"matrix / baseline {wall / base:.2f}x"
    )
    if not per_province:
        return
    t1 = time.perf_counter()
    for m in ms:
        await readiness_matrix(runner, level, m.province.id, hazard=hazard)
    print(f"  province by province (readiness_matrix each): {time.perf_counter() - t1:.1f} s")


async def main(args: argparse.Namespace) -> None:
    settings = Settings.from_env()
    driver = create_async_driver(settings)
    runner = CypherRunner(driver, settings.neo4j_database, timeout_s=600)
    level = ResponseLevel(args.level)
    print(f"machine: {machine()}")
    try:
        await province_runs(runner, args.province, args.hazard, level, args.runs)
        if args.national:
            await national(runner, args.hazard, level, args.per_province)
    finally:
        await driver.close()
    print(f"machine after: {machine()}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--province", default="510000")
    ap.add_argument("--hazard", default="11C02")
    ap.add_argument("--level", default="I", choices=["I", "II", "III", "IV"])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--national", action="store_true", help="also every province of the graph")
    ap.add_argument(
        "--per-province", action="store_true", help="with --national: also province by province"
    )
    asyncio.run(main(ap.parse_args()))
