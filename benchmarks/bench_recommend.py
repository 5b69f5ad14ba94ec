"""Recommender benchmark: `recommendForces` over HTTP, in process, and its core Cypher, in one run.

Over the synthetic graph (`emkg generate`; national scale: ~100k teams, 1M equipment),
200 seeded, varied scenarios: hazards across kinds (one or two codes), places drawn
from team locations (so weighted to where teams are) jittered by up to ~30 km,
response levels I-IV, some with travel limits, team caps and exclusions. For each it
times, in turn:

- HTTP: a `recommendForces` GraphQL request (a commander's selection: package with
  reasons, breakdown and explanation, candidates, gaps, plans, experts, equipment) to an
  `emkg serve` process on a free loopback port, with a commander key, over one kept-alive
  connection; the clock covers the request, the server's work and the JSON response;
- in process: the whole `recommend_forces` call;
- the core Cypher alone (the candidate-team query with its gap fill, same parameters),
  the same-run baseline;

and prints p50 and p95 of each, the ratios to the core Cypher, the core count and the
load average before and after (the machine is shared: a load above the core count
means the figures are slower than on a quiet machine).

Targets (2 cores, issue 20): HTTP p95 <= 50 ms and <= 1.3x the core Cypher's p95.

Run against a dev Neo4j (kg.settings); `--load` generates the data if missing (into
`--data`, default var/bench-<scale>-<seed>) and loads it when the graph has no teams yet
(national: ~7-10 min on 2 cores)::

    EMKG_NEO4J_PORT=7702 EMKG_NEO4J_DATA_DIR=var/neo4j-bench emkg neo4j start
    EMKG_NEO4J_PORT=7702 EMKG_NEO4J_DATA_DIR=var/neo4j-bench \
        python benchmarks/bench_recommend.py --scale national --load
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from live_servers import free_port, graph_is_loaded, machine, start_api, stop

from api.auth import KeyAdmin, Role
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


# What a commander's screen asks (tests/api/test_recommend_api.py's selection): the
# package with reasons, breakdown and explanation, the candidates, gaps, plans, experts
# and equipment.
QUERY = """
query($scenario: ScenarioInput!) {
  recommendForces(scenario: $scenario) {
    hazards { hazard { id name nameZh nameEn } confidence via }
    requiredCapabilities { capability { id name } weight sources neededLevel units }
    plans { plan { id name nameZh nameEn level } reason hazards { id name } }
    forcePackage {
      team { id name status mobility location { latitude longitude } teamType { id } }
      score distanceKm etaMinutes covers { id name } reasons
      scoreBreakdown { coverage eta readiness plan experience }
      explanation { nodes { id kind label } edges { source target type label } }
    }
    candidates { team { id name } score etaMinutes distanceKm }
    gaps {
      capability { id name } weight sources limitedBy
      nearestTeam { team { id name mobility } distanceKm etaMinutes }
    }
    experts { expert { id name affiliation } score reasons distanceKm }
    equipment { equipment { id name } equipmentType { id name } capability { id name }
                quantity holder { id name kind } distanceKm reasons }
  }
}
"""


def ensure_loaded(settings: Settings, scale: str, seed: int, data: Path | None = None) -> None:
    data = data or Path("var") / f"bench-{scale}-{seed}"
    if not (data / "equipment.jsonl").exists():
        t = time.monotonic()
        counts = generate(scale, seed, data)
        print(f"generated {data} in {time.monotonic() - t:.0f}s: {counts}", flush=True)
    db = settings.neo4j_database
    with open_driver(settings) as driver:
        if graph_is_loaded(driver, db):
            return
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


def variables(sc: Scenario) -> dict[str, Any]:
    """The GraphQL ScenarioInput of `sc`."""
    return {
        "hazardCodes": list(sc.hazard_codes),
        "location": {"latitude": sc.location.latitude, "longitude": sc.location.longitude},
        "responseLevel": sc.response_level.value,
        "maxTravelMinutes": sc.max_travel_minutes,
        "maxTeams": sc.max_teams,
        "excludeTeams": list(sc.exclude_teams),
    }


@contextmanager
def api_server(settings: Settings) -> Iterator[tuple[httpx.Client, int]]:
    """An `emkg serve` process on a free loopback port, ready (/readyz: warm-up done), and
    an HTTP client holding a fresh commander key; the key is revoked afterwards."""
    with open_driver(settings) as driver:
        key, info = KeyAdmin(driver, settings.neo4j_database).create(Role.COMMANDER, "bench")
    port = free_port()
    server = start_api(settings, port=port)
    try:
        with httpx.Client(
            base_url=f"http://127.0.0.1:{port}",
            headers={"Authorization": f"Bearer {key}"},
            timeout=60,
        ) as client:
            yield client, server.pid
    finally:
        stop(server)
        with open_driver(settings) as driver:
            KeyAdmin(driver, settings.neo4j_database).revoke(info.id)


def ask(client: httpx.Client, sc: Scenario, answers: list[bytes] | None = None) -> int:
    """One recommendForces request; the package size (raises on any error). `answers`
    collects each response body as received (to compare two trees' answers byte for byte)."""
    r = client.post("/graphql", json={"query": QUERY, "variables": {"scenario": variables(sc)}})
    body = r.json()
    if r.status_code != 200 or body.get("errors"):
        raise SystemExit(f"recommendForces failed ({r.status_code}): {r.text[:500]}")
    if answers is not None:
        answers.append(r.content)
    return len(body["data"]["recommendForces"]["forcePackage"])


async def graph_sample(
    settings: Settings,
) -> tuple[list[tuple[float, float]], list[str], int]:
    driver = create_async_driver(settings)
    try:
        async with driver.session(database=settings.neo4j_database) as s:
            res = await s.run(
                "MATCH (t:Team) WITH t ORDER BY t.id "
                "RETURN t.id AS id, t.location.latitude AS lat, t.location.longitude AS lon"
            )
            rows = [r async for r in res]
            res = await s.run("MATCH (n) RETURN count(n) AS n")
            nodes = (await res.single() or {"n": 0})["n"]
    finally:
        await driver.close()
    return [(r["lat"], r["lon"]) for r in rows], [r["id"] for r in rows], int(nodes)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` so far (Linux /proc; 0.0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def run(
    settings: Settings,
    cases: list[Scenario],
    client: httpx.Client | None,
    server_pid: int = 0,
    answers: list[bytes] | None = None,
) -> dict[str, list[float]]:
    """Each scenario timed over HTTP (when `client`), in process, and as core Cypher alone;
    with the CPU seconds each way spent in Python (the server's, this process's): steadier
    than the latency on a shared machine."""
    db = settings.neo4j_database
    driver = create_async_driver(settings)
    try:
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
            if client is not None:
                ask(client, sc)
        out: dict[str, list[float]] = {
            "http": [], "full": [], "core": [], "package": [],
            "http_cpu": [], "full_cpu": [], "core_cpu": [],
        }  # fmt: skip
        for sc, (caps, hazards) in zip(cases, inputs, strict=True):
            if client is not None:
                c = cpu_seconds(server_pid)
                t = time.perf_counter()
                size = ask(client, sc, answers)
                out["http"].append((time.perf_counter() - t) * 1000)
                out["http_cpu"].append((cpu_seconds(server_pid) - c) * 1000)
            c = time.process_time()
            t = time.perf_counter()
            rec = await recommend_forces(runner, sc)
            out["full"].append((time.perf_counter() - t) * 1000)
            out["full_cpu"].append((time.process_time() - c) * 1000)
            if client is not None and size != len(rec.force_package):
                raise SystemExit(f"HTTP and in-process packages differ for {sc}")
            out["package"].append(len(rec.force_package))
            c = time.process_time()
            t = time.perf_counter()
            await candidate_teams(
                runner,
                sc.location,
                caps,
                hazards,
                max_minutes=float(sc.max_travel_minutes or DEFAULT_MAX_TRAVEL_MINUTES),
                exclude=list(sc.exclude_teams),
            )
            out["core"].append((time.perf_counter() - t) * 1000)
            out["core_cpu"].append((time.process_time() - c) * 1000)
        return out
    finally:
        await driver.close()


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench_recommend", description=__doc__.split("\n")[0])
    p.add_argument("--scale", default="national", choices=("tiny", "province", "national"))
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--scenarios", type=int, default=200)
    p.add_argument("--data", type=Path, help="generated data directory (default var/bench-...)")
    p.add_argument("--load", action="store_true", help="generate and load the data if absent")
    p.add_argument("--no-http", action="store_true", help="in process and core Cypher only")
    p.add_argument(
        "--answers", type=Path, help="write each HTTP answer's body, one a line, to this file"
    )
    args = p.parse_args(argv)
    settings = Settings.from_env()
    if args.load:
        ensure_loaded(settings, args.scale, args.seed, args.data)
    places, teams, nodes = asyncio.run(graph_sample(settings))
    if not teams:
        print("the graph has no teams: run with --load (or load a generated data set)")
        return 2
    cases = scenarios(places, teams, args.scenarios, args.seed)
    before = machine()
    if args.no_http:
        r = asyncio.run(run(settings, cases, None))
    else:
        answers: list[bytes] = []
        with api_server(settings) as (client, pid):
            r = asyncio.run(run(settings, cases, client, pid, answers))
        if args.answers is not None:
            args.answers.write_bytes(b"".join(a + b"\n" for a in answers))
    after = machine()
    full, core, http = r["full"], r["core"], r["http"]
    print(
        f"\nrecommend benchmark: {len(full)} scenarios, graph {nodes:,} nodes, "
        f"{len(teams):,} teams; mean package {statistics.mean(r['package']):.1f} teams"
    )
    print(f"  machine before: {before}")
    print(f"  machine after : {after}")
    rows = [
        ("recommendForces HTTP", http, r["http_cpu"]),
        ("recommend_forces", full, r["full_cpu"]),
        ("core Cypher", core, r["core_cpu"]),
    ]
    for name, xs, cpu in rows:
        if xs:
            print(
                f"  {name:<21}: p50 {pct(xs, 50):7.1f} ms   p95 {pct(xs, 95):7.1f} ms"
                f"   ratio to core p50 {pct(xs, 50) / pct(core, 50):5.2f}"
                f"  p95 {pct(xs, 95) / pct(core, 95):5.2f}"
                f"   Python CPU mean {statistics.mean(cpu):5.1f} ms"
            )
    print(
        "  (Python CPU: the API server's per request over HTTP (/proc, 10 ms ticks: a mean),"
        " this process's in process and for the core; Neo4j's own CPU not included)"
    )
    print("  targets: HTTP p95 <= 50 ms and <= 1.3x the core Cypher's p95")
    return 0


if __name__ == "__main__":
    sys.exit(main())
