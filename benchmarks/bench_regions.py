"""Which county holds a scene: the in-process county index against the graph path, in one run.

On a graph with the regions loaded (`emkg load demo` loads every county of China), times
`regions_at` (the county index: one count-store read, then point-in-polygon over the few
counties whose grid cell holds the point) and, as the same-run baseline, `regions_around`
(the graph path: a bounding-box read that returns the candidate boundaries) over the same
random points (seeded; inside Sichuan's box by default, so a few fall in its neighbours).
Also times the point-in-polygon step alone (no database), and the index build. Checks that
both paths give the same answer for every point and says how many differ.

Target (issue 17): point-in-polygon for a scene at most 1 ms p95 over all 2,875 counties.

Example::

    EMKG_NEO4J_PORT=7730 EMKG_NEO4J_DATA_DIR=var/neo4j-dev emkg neo4j start   # after emkg run
    python benchmarks/bench_regions.py --points 300
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import time

from kg.cypher import CypherRunner
from kg.driver import create_async_driver
from kg.settings import Settings
from queries.geography import (
    COUNTIES,
    county_index,
    forget_county_index,
    regions_around,
    regions_at,
)
from queries.models import GeoPoint

SICHUAN = (97.4, 26.0, 108.5, 34.3)  # min lon, min lat, max lon, max lat


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def line(name: str, ms: list[float]) -> str:
    return f"  {name:<34} p50 {statistics.median(ms):7.2f} ms   p95 {pct(ms, 0.95):7.2f} ms"


async def main(points: int, seed: int) -> None:
    settings = Settings.from_env()
    driver = create_async_driver(settings)
    runner = CypherRunner(driver, settings.neo4j_database, timeout_s=60)
    rng = random.Random(seed)
    lo_lon, lo_lat, hi_lon, hi_lat = SICHUAN
    pts = [
        GeoPoint(rng.uniform(lo_lat, hi_lat), rng.uniform(lo_lon, hi_lon)) for _ in range(points)
    ]
    try:
        forget_county_index()
        t0 = time.perf_counter()
        index = await county_index(runner)
        build_s = time.perf_counter() - t0
        rows = await runner.read_rows(COUNTIES)
        await regions_around(runner, pts[0])  # warm the graph path's plan too
        indexed, graph, pip = [], [], []
        differ = 0
        for p in pts:
            t = time.perf_counter()
            a = await regions_at(runner, p)
            indexed.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            b = await regions_around(runner, p)
            graph.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            index.locate(p)
            pip.append((time.perf_counter() - t) * 1000)
            differ += [r.id for r in a] != [r.id for r in b]
    finally:
        await driver.close()
    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} cores, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
        + ("  (busy: figures are upper bounds)" if load[0] > (os.cpu_count() or 1) else "")
    )
    print(
        f"counties indexed: {index.size}; index built in {build_s:.2f} s "
        f"({len(rows)} rows, {sum(len(r['boundary']) for r in rows) / 1e6:.1f} M chars)"
    )
    print(f"{points} random points in Sichuan's box (seed {seed}):")
    print(line("point-in-polygon alone (index)", pip))
    print(line("regions_at (count read + index)", indexed))
    print(line("regions_around (graph, baseline)", graph))
    print(
        f"  regions_at / baseline: p50 x{statistics.median(indexed) / statistics.median(graph):.2f}"
        f", p95 x{pct(indexed, 0.95) / pct(graph, 0.95):.2f}; answers that differ: {differ}"
    )


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--points", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    asyncio.run(main(args.points, args.seed))
