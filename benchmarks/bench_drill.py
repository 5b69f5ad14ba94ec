"""Drill benchmark: a 24-hour earthquake drill with 10 incidents, three strategies.

The script (built here, seeded) opens a main shock in Luding county and nine cascades and
separate incidents over 24 hours within ~1 degree of it (landslides, a debris flow, a
landslide dam, a chemical leak, building collapses), with two escalations and a road
cut. It runs `queries.drills.run_drill` once per strategy (emkg, closest, random) and
reports:

- wall time of the whole drill and per strategy (the first strategy pays the graph reads,
  which the others share: queries.drills.reader);
- per recommendation step (a decision: overlay, strategy, dispatch): mean, p95, max;
- the graph reads: how many and their total time;
- the machine: core count and load average before and after (a shared 2-core machine
  slows every figure).

Target (issue 19): the whole drill with three strategies under 60 s. Run against a dev
Neo4j (kg.settings) with the demo data, or the national synthetic graph::

    EMKG_NEO4J_PORT=7756 EMKG_NEO4J_DATA_DIR=var/neo4j-dev python benchmarks/bench_drill.py
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
from queries.drills import CHOOSING, DrillResult, DrillScript, parse_script, run_drill

CENTRE = (29.59, 102.08)  # Luding
CASCADES = ["11D01", "11D02", "11D03", "11A03", "12D02", "11C02", "11D01", "12G03", "11A51"]
TARGET_SECONDS = 60.0


def earthquake_script(seed: int) -> str:
    """A 24-hour earthquake drill with 10 incidents (YAML)."""
    rng = random.Random(seed)
    lines = [
        "version: 1",
        "id: bench_earthquake",
        "name: {zh: 基准测试地震推演, en: Benchmark earthquake drill}",
        "durationHours: 24",
        "policy: {maxTravelMinutes: 360, maxTeamsPerIncident: 8, replanMinutes: 60}",
        "incidents:",
        "  - {id: EQ-0, at: 0, name: {zh: 主震, en: Main shock}, hazards: ['11C02'], "
        f"level: I, location: {{latitude: {CENTRE[0]}, longitude: {CENTRE[1]}}}}}",
    ]
    for i, hazard in enumerate(CASCADES, start=1):
        at = rng.randint(20, 22 * 60)
        lat = round(CENTRE[0] + rng.uniform(-1.0, 1.0), 3)
        lon = round(CENTRE[1] + rng.uniform(-1.0, 1.0), 3)
        level = rng.choice(["II", "III", "IV"])
        lines.append(
            f"  - {{id: EQ-{i}, at: {at}, cascadeOf: EQ-0, name: {{zh: 次生{i}, en: Cascade {i}}},"
            f" hazards: ['{hazard}'], level: {level}, location: {{latitude: {lat}, "
            f"longitude: {lon}}}}}"
        )
    lines += [
        "events:",
        "  - {kind: escalate, at: 3h, incident: EQ-1, level: I}",
        "  - {kind: escalate, at: 6h, incident: EQ-0, addHazards: ['11D01']}",
        "  - {kind: roadsCut, at: 1h, area: {latitude: 29.59, longitude: 102.08, radiusKm: 20},"
        " allowedMobility: [air], until: 12h}",
    ]
    return "\n".join(lines) + "\n"


def _print_result(result: DrillResult, wall: float) -> None:
    print(f"graph reads: {result.graph_reads} in {result.read_seconds:.2f} s (shared)")
    print(f"{'strategy':10s} {'wall s':>8s} {'steps':>6s} {'mean s':>8s} {'p95 s':>8s} "
          f"{'max s':>8s} {'cov60':>6s} {'end':>6s}")  # fmt: skip
    for r in result.runs:
        steps = sorted(r.run.step_seconds) or [0.0]
        p95 = steps[min(len(steps) - 1, int(0.95 * len(steps)))]
        print(
            f"{r.run.strategy.value:10s} {r.run.wall_seconds:8.2f} {len(r.run.step_seconds):6d} "
            f"{statistics.fmean(steps):8.4f} {p95:8.4f} {steps[-1]:8.4f} "
            f"{r.metrics.covered_within[60]:6.3f} {r.metrics.covered_at_end:6.3f}"
        )
    verdict = "meets" if wall < TARGET_SECONDS else "misses"
    print(f"whole drill, three strategies: {wall:.2f} s ({verdict} the {TARGET_SECONDS:.0f} s "
          f"target); fingerprint {result.fingerprint[:16]}")  # fmt: skip


async def _timed(
    runner: CypherRunner, script: DrillScript, seed: int, shared: bool
) -> tuple[DrillResult, float]:
    t0 = time.perf_counter()
    result = await run_drill(runner, script, list(CHOOSING), seed=seed, shared_supply=shared)
    return result, time.perf_counter() - t0


async def main(seed: int, baseline: bool) -> None:
    settings = Settings.from_env()
    driver = create_async_driver(settings)
    script = parse_script(earthquake_script(seed), "bench_earthquake")
    runner = CypherRunner(driver, settings.neo4j_database, timeout_s=120.0)
    print(f"cores: {os.cpu_count()}; incidents: {len(script.incidents)}; 24 h")
    try:
        runs = [("baseline: a graph read per pool", False)] if baseline else []
        runs.append(("shared supply: one read per scene", True))
        fingerprints = []
        for label, shared in runs:
            print(f"\n== {label}; load average before: {os.getloadavg()}")
            result, wall = await _timed(runner, script, seed, shared)
            print(f"graph: {result.graph_version}")
            _print_result(result, wall)
            fingerprints.append(result.fingerprint)
    finally:
        await driver.close()
    if baseline:
        same = "the same" if len(set(fingerprints)) == 1 else "DIFFERENT"
        print(f"\nresults before and after: {same}")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument(
        "--baseline",
        action="store_true",
        help="first run the drill the way before (a graph read per pool), same process",
    )
    args = ap.parse_args()
    asyncio.run(main(args.seed, args.baseline))
