"""Multi-incident allocation benchmark: the exact plan against serving incidents one by one.

On the demo graph (Sichuan), seeded cases of 2, 3 and 5 simultaneous incidents (and of
1, which shows what the exact plan gains within one incident, with no conflict): each
case picks a centre among the demo teams' places and puts its incidents within
~0.6 degrees of it (a regional event: floods along one river, an earthquake with its
landslides and a chemical plant fire), with random hazards, response levels I-IV,
travel limits and team caps. Each case runs `queries.allocation.allocate` once (HiGHS,
2 s limit) and reports, per case size:

- objective gap exact - greedy (absolute and relative to the exact objective): mean, max,
  and the share of cases where exact is strictly better;
- HiGHS solve time and the greedy baseline's time in the same run: p50, p95;
- the whole allocate call (graph reads included): p50, p95;
- which method produced the plan;
- the machine: core count, load average before and after.

Run against a dev Neo4j (kg.settings); `--load` loads the ontology and demo data when the
graph has no teams::

    EMKG_NEO4J_PORT=7742 EMKG_NEO4J_DATA_DIR=var/neo4j-bench-alloc emkg neo4j start
    EMKG_NEO4J_PORT=7742 EMKG_NEO4J_DATA_DIR=var/neo4j-bench-alloc \
        python benchmarks/bench_allocation.py --load
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

from live_servers import graph_is_loaded

from kg.cypher import CypherRunner
from kg.driver import create_async_driver, open_driver
from kg.settings import Settings
from queries.allocation import allocate
from queries.models import GeoPoint, ResponseLevel, Scenario

HAZARDS = ("11A01", "11A01", "11C02", "11D04", "11D02", "12B00", "12A01", "11E01", "12D00")
SIZES = (1, 2, 3, 5)  # 1: what the exact plan gains within one incident, no conflicts
SPREAD_DEG = 0.6  # incidents of a case lie within this many degrees of its centre
SICHUAN = ("T-SC-",)  # demo teams in Sichuan: the centres are drawn among their places


def ensure_loaded(settings: Settings) -> None:
    from loaders.demo_loader import load_demo

    db = settings.neo4j_database
    with open_driver(settings) as driver:
        if not graph_is_loaded(driver, db):
            load_demo(driver, db)


def cases(
    places: Sequence[tuple[float, float]], size: int, n: int, seed: int
) -> list[list[Scenario]]:
    rng = random.Random(seed * 1000 + size)
    out = []
    for _ in range(n):
        lat, lon = rng.choice(places)
        out.append(
            [
                Scenario(
                    location=GeoPoint(
                        round(lat + rng.uniform(-SPREAD_DEG, SPREAD_DEG), 4),
                        round(lon + rng.uniform(-SPREAD_DEG, SPREAD_DEG), 4),
                    ),
                    response_level=ResponseLevel(rng.choice(("I", "II", "III", "IV"))),
                    hazard_codes=(rng.choice(HAZARDS),),
                    max_travel_minutes=rng.choice((60, 90, 120, 180)),
                    max_teams=rng.choice((3, 5, 8, None)),
                )
                for _ in range(size)
            ]
        )
    return out


def pct(xs: list[float], p: float) -> float:
    ys = sorted(xs)
    return ys[min(len(ys) - 1, round(p / 100 * (len(ys) - 1)))]


async def run(settings: Settings, n: int, seed: int, time_limit: float) -> dict[str, Any]:
    db = settings.neo4j_database
    driver = create_async_driver(settings)
    try:
        async with driver.session(database=db) as s:
            res = await s.run(
                "MATCH (t:Team) WHERE any(p IN $prefixes WHERE t.id STARTS WITH p) "
                "WITH t ORDER BY t.id RETURN t.location.latitude AS lat, "
                "t.location.longitude AS lon",
                prefixes=list(SICHUAN),
            )
            places = [(r["lat"], r["lon"]) async for r in res]
        if not places:
            return {}
        runner = CypherRunner(driver, db, timeout_s=settings.query_timeout_s)
        for warm in cases(places, 2, 3, seed + 99):  # plan cache, page cache
            await allocate(runner, warm, time_limit=time_limit)
        out: dict[str, Any] = {}
        for size in SIZES:
            rows = []
            for case in cases(places, size, n, seed):
                t = time.perf_counter()
                a = await allocate(runner, case, time_limit=time_limit)
                rows.append((a, time.perf_counter() - t))
            out[str(size)] = rows
        return out
    finally:
        await driver.close()


def report(size: str, rows: list[Any]) -> None:
    gaps = [a.objective - a.greedy_objective for a, _ in rows]
    rel = [(a.objective - a.greedy_objective) / a.objective * 100 for a, _ in rows if a.objective]
    solve = [a.solve_seconds * 1000 for a, _ in rows]
    greedy = [a.greedy_seconds * 1000 for a, _ in rows]
    total = [wall * 1000 for _, wall in rows]
    better = sum(g > 1e-6 for g in gaps)
    moved = sum(any(i.greedy_package is not None for i in a.incidents) for a, _ in rows)
    methods = Counter(a.method.value for a, _ in rows)
    teams = statistics.mean(
        sum(len(i.recommendation.force_package) for i in a.incidents) for a, _ in rows
    )
    print(f"\n{size} incidents, {len(rows)} cases (mean {teams:.1f} teams sent per case)")
    print(
        f"  objective gap exact-greedy : mean {statistics.mean(gaps):.4f}  max {max(gaps):.4f}"
        f"   relative mean {statistics.mean(rel):.2f}%  max {max(rel):.2f}%"
    )
    print(f"  exact strictly better      : {better}/{len(rows)} cases ({moved} with teams moved)")
    for label, xs in (
        ("HiGHS solve", solve),
        ("greedy (same run)", greedy),
        ("allocate (graph reads too)", total),
    ):
        print(f"  {label:<27}: p50 {pct(xs, 50):7.1f} ms   p95 {pct(xs, 95):7.1f} ms")
    print(f"  method                     : {dict(sorted(methods.items()))}")


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench_allocation", description=__doc__.split("\n")[0])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--cases", type=int, default=30, help="cases per size")
    p.add_argument("--time-limit", type=float, default=2.0, help="HiGHS limit, seconds")
    p.add_argument("--load", action="store_true", help="load the demo data if absent")
    args = p.parse_args(argv)
    settings = Settings.from_env()
    if args.load:
        ensure_loaded(settings)
    before = os.getloadavg()
    t0 = time.monotonic()
    r = asyncio.run(run(settings, args.cases, args.seed, args.time_limit))
    if not r:
        print("the graph has no Sichuan demo teams: run with --load")
        return 2
    after = os.getloadavg()
    print(
        f"allocation benchmark: seed {args.seed}, {args.cases} cases per size, HiGHS limit "
        f"{args.time_limit} s; {os.cpu_count()} cores, load average "
        f"{before[0]:.2f} before, {after[0]:.2f} after ({time.monotonic() - t0:.0f} s)"
    )
    for size, rows in r.items():
        report(size, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
