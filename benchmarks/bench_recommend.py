"""Recommender benchmark: p50/p95 of `recommend_forces` and of its core Cypher, in one run.

Over the synthetic graph (`emkg generate`; national scale: ~100k teams, 1M equipment),
200 seeded, varied scenarios: hazards across kinds (one or two codes), places drawn
from team locations (so weighted to where teams are) jittered by up to ~30 km,
response levels I-IV, some with travel limits, team caps and exclusions. For each it
times the whole `recommend_forces` call and, separately, the core Cypher alone (the
candidate-team query with its gap fill, same parameters), and prints p50, p95 and the
ratio.

Targets (2 cores): recommend_forces p95 <= 100 ms.

Run against a dev Neo4j (kg.settings); `--load` generates the data if missing and
loads it when the graph has no teams yet (national: ~7 min on 2 cores)::

    EMKG_NEO4J_PORT=7702 EMKG_NEO4J_DATA_DIR=var/neo4j-bench emkg neo4j start
    EMKG_NEO4J_PORT=7702 EMKG_NEO4J_DATA_DIR=var/neo4j-bench \
        python benchmarks/bench_recommend.py --scale national --load
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kg.cypher import CypherRunner
from kg.driver import create_async_driver, open_driver
from kg.settings import Settings
from loaders.generator import HAZARDS, generate
from loaders.pipeline import LoadOptions, load_file
from loaders.records import LOAD_ORDER
from queries.hazards import resolve_hazards
from queries.models import GeoPoint, ResponseLevel, Scenario
from queries.needs import hazard_requirements, merge_needs
from queries.recommend import DEFAULT_MAX_TRAVEL_MINUTES, recommend_forces
from queries.teams import candidate_teams

EXTRA_HAZARDS = ("12G04", "12P13", "12YX1", "11D03", "12D00", "13A00")


def ensure_loaded(settings: Settings, scale: str, seed: int) -> None:
    from kg.ontology_sync import sync_ontology
    from ontology import load_ontology

    data = Path("var") / f"bench-{scale}-{seed}"
    if not (data / "equipment.jsonl").exists():
        t = time.monotonic()
        counts = generate(scale, seed, data)
        print(f"generated {data} in {time.monotonic() - t:.0f}s: {counts}", flush=True)
    db = settings.neo4j_database
    with open_driver(settings) as driver:
        teams = driver.execute_query("MATCH (t:Team) RETURN count(t) AS n", database_=db)
        if teams.records[0]["n"] > 0:
            return
        sync_ontology(driver, db, load_ontology())
        t0 = time.monotonic()
        for kind in LOAD_ORDER:
            t = time.monotonic()
            load_file(
                driver,
                db,
                data / f"{kind}.jsonl",
                LoadOptions(kind=kind, batch_size=10000, source=f"bench/{kind}"),
            )
            print(f"  loaded {kind:<10} {time.monotonic() - t:6.0f}s", flush=True)
        print(f"loaded {scale} in {time.monotonic() - t0:.0f}s", flush=True)


def scenarios(
    places: Sequence[tuple[float, float]], teams: Sequence[str], n: int, seed: int
) -> list[Scenario]:
    rng = random.Random(seed)
    kinds = tuple(HAZARDS) + EXTRA_HAZARDS
    out = []
    for _ in range(n):
        lat, lon = rng.choice(places)
        codes = tuple(dict.fromkeys(rng.sample(kinds, rng.choice((1, 1, 1, 2)))))
        r = rng.random()
        out.append(
            Scenario(
                location=GeoPoint(lat + rng.uniform(-0.25, 0.25), lon + rng.uniform(-0.25, 0.25)),
                response_level=ResponseLevel(rng.choice(("I", "II", "III", "IV"))),
                hazard_codes=codes,
                max_travel_minutes=rng.choice((30, 60, 120)) if r < 0.3 else None,
                max_teams=rng.choice((3, 5, 10)) if 0.3 <= r < 0.5 else None,
                exclude_teams=tuple(rng.sample(list(teams), 5)) if r > 0.8 else (),
            )
        )
    return out


def pct(xs: list[float], p: float) -> float:
    ys = sorted(xs)
    return ys[min(len(ys) - 1, round(p / 100 * (len(ys) - 1)))]


async def run(settings: Settings, n: int, seed: int) -> dict[str, Any]:
    db = settings.neo4j_database
    driver = create_async_driver(settings)
    try:
        async with driver.session(database=db) as s:
            res = await s.run(
                "MATCH (t:Team) WITH t ORDER BY t.id "
                "RETURN t.id AS id, t.location.latitude AS lat, t.location.longitude AS lon"
            )
            rows = [r async for r in res]
            res = await s.run("MATCH (n) RETURN count(n) AS n")
            nodes = (await res.single() or {"n": 0})["n"]
        places = [(r["lat"], r["lon"]) for r in rows]
        cases = scenarios(places, [r["id"] for r in rows], n, seed)
        runner = CypherRunner(driver, db, timeout_s=settings.query_timeout_s)
        # the core query's inputs, prepared outside its timing (same as recommend computes)
        inputs = []
        for sc in cases:
            hz = await resolve_hazards(runner, list(sc.hazard_codes), [])
            req = await hazard_requirements(runner, list(sc.hazard_codes), sc.response_level)
            needs = merge_needs(hz, req, [], [], sc.response_level)
            inputs.append(([x.capability.id for x in needs], [h.hazard.id for h in hz]))
        for sc in cases[:10]:  # warm the plan cache and page cache
            await recommend_forces(runner, sc)
        full: list[float] = []
        core: list[float] = []
        teams_found: list[int] = []
        for sc, (caps, hazards) in zip(cases, inputs, strict=True):
            t = time.perf_counter()
            rec = await recommend_forces(runner, sc)
            full.append((time.perf_counter() - t) * 1000)
            teams_found.append(len(rec.force_package))
            t = time.perf_counter()
            await candidate_teams(
                runner,
                sc.location,
                caps,
                hazards,
                max_minutes=float(sc.max_travel_minutes or DEFAULT_MAX_TRAVEL_MINUTES),
                exclude=list(sc.exclude_teams),
            )
            core.append((time.perf_counter() - t) * 1000)
        return {
            "full": full,
            "core": core,
            "teams": len(rows),
            "nodes": nodes,
            "package": statistics.mean(teams_found),
        }
    finally:
        await driver.close()


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench_recommend", description=__doc__.split("\n")[0])
    p.add_argument("--scale", default="national", choices=("tiny", "province", "national"))
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--scenarios", type=int, default=200)
    p.add_argument("--load", action="store_true", help="generate and load the data if absent")
    args = p.parse_args(argv)
    settings = Settings.from_env()
    if args.load:
        ensure_loaded(settings, args.scale, args.seed)
    r = asyncio.run(run(settings, args.scenarios, args.seed))
    if not r["teams"]:
        print("the graph has no teams: run with --load (or load a generated data set)")
        return 2
    full, core = r["full"], r["core"]
    print(
        f"\nrecommend benchmark: {len(full)} scenarios, graph {r['nodes']:,} nodes, "
        f"{r['teams']:,} teams; mean package {r['package']:.1f} teams"
    )
    print(
        f"  recommend_forces : p50 {pct(full, 50):7.1f} ms   p95 {pct(full, 95):7.1f} ms"
        f"   (target p95 <= 100 ms)"
    )
    print(
        f"  core Cypher      : p50 {pct(core, 50):7.1f} ms   p95 {pct(core, 95):7.1f} ms"
        "   (candidate teams + gap fill)"
    )
    print(
        f"  ratio full/core  : p50 {pct(full, 50) / pct(core, 50):7.2f}      "
        f"p95 {pct(full, 95) / pct(core, 95):7.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
