"""`recommendForces` with and without the fast path (api/graphql/fast_lists.py), in one process.

The commander screen's selection (bench_recommend.QUERY) over seeded scenarios on the
graph the settings point at (the national synthetic graph for issue 20), through the
app in this process (Starlette's test client: no socket, the same middleware, auth and
resolvers), alternating the fast path on and off in rounds so both see the same machine.
Prints per round the requests the fast path answered, the Python CPU per request (this
process: app and client), the wall time per request, the core count and load average.

Example::

    EMKG_NEO4J_PORT=7756 EMKG_NEO4J_DATA_DIR=var/neo4j-bench \\
        python benchmarks/bench_fast_recommend.py --scenarios 40 --rounds 2
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Sequence

from bench_recommend import QUERY, graph_sample, scenarios, variables
from live_servers import machine
from starlette.testclient import TestClient

from api.app import create_app
from api.auth import KeyAdmin, Role
from api.graphql.fast_lists import FastLists
from kg.driver import open_driver
from kg.settings import Settings

READY_TIMEOUT_S = 600.0


def _ready(client: TestClient) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while client.get("/readyz").status_code != 200:
        if time.monotonic() > deadline:
            raise SystemExit(f"the app was not ready within {READY_TIMEOUT_S:.0f} s (/readyz)")
        time.sleep(0.5)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench_fast_recommend", description=__doc__.split("\n")[0])
    p.add_argument("--scenarios", type=int, default=40)
    p.add_argument("--rounds", type=int, default=2, help="on/off pairs")
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args(argv)

    settings = Settings.from_env()
    places, teams, nodes = asyncio.run(graph_sample(settings))
    if not teams:
        raise SystemExit("the graph has no teams: load data first (see bench_recommend --load)")
    cases = scenarios(places, teams, args.scenarios, args.seed)
    with open_driver(settings) as driver:
        key, info = KeyAdmin(driver, settings.neo4j_database).create(Role.COMMANDER, "bench")
    rows: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
    print(f"fast-path benchmark: {len(cases)} scenarios, graph {nodes:,} nodes")
    print(f"  machine before: {machine()}")
    try:
        headers = {"Authorization": f"Bearer {key}"}
        with TestClient(create_app(settings), headers=headers) as client:
            _ready(client)
            for sc in cases[:5]:  # plans and caches warm for both paths
                client.post(
                    "/graphql", json={"query": QUERY, "variables": {"scenario": variables(sc)}}
                )
            for _ in range(args.rounds):
                for on in (True, False):
                    FastLists.enabled = on
                    answered = FastLists.answered
                    cpu, wall = time.process_time(), time.perf_counter()
                    for sc in cases:
                        r = client.post(
                            "/graphql",
                            json={"query": QUERY, "variables": {"scenario": variables(sc)}},
                        )
                        if r.status_code != 200 or r.json().get("errors"):
                            raise SystemExit(f"recommendForces failed: {r.text[:300]}")
                    n = len(cases)
                    per_cpu = (time.process_time() - cpu) / n * 1000
                    per_wall = (time.perf_counter() - wall) / n * 1000
                    rows[on].append((per_cpu, per_wall))
                    print(
                        f"  fast path {'on ' if on else 'off'}: answered "
                        f"{FastLists.answered - answered:>3}/{n}; CPU {per_cpu:6.1f} ms/request; "
                        f"wall {per_wall:6.1f} ms/request",
                        flush=True,
                    )
    finally:
        FastLists.enabled = True
        with open_driver(settings) as driver:
            KeyAdmin(driver, settings.neo4j_database).revoke(info.id)
    on = statistics.mean(c for c, _ in rows[True])
    off = statistics.mean(c for c, _ in rows[False])
    print(f"  machine after : {machine()}")
    print(
        f"  mean CPU per request: fast path {on:.1f} ms, executor {off:.1f} ms "
        f"({on / off - 1:+.0%})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
