"""Load test: 50 concurrent clients for 60 s on loopback, with 1 and with 2 API workers.

Each client loops (no think time) over a weighted mix of what the API's users do:

- recommend (30 %): ``recommendForces`` for a varied scenario (hazard, place drawn
  from the graph's teams, level, sometimes a travel limit) with a commander's key;
- search (20 %): ``search`` over all kinds for a zh or en term;
- list100 (20 %): ``teams(first: 100)`` with nested capabilities (integrator key);
- page50 (20 %): 50 available teams holding a common capability, with capabilities and
  equipment (integrator key);
- status (10 %): ``updateTeamStatus`` on a standby team (to unavailable and back).

It is bounded: every request has a timeout (--timeout), the run stops itself after
--seconds (clients finish the request in flight, then the servers are stopped), and the
teams whose status it changed are put back as they were. A warm-up of the same load
(--warmup, 15 s) runs first, unmeasured. Printed per worker count:
requests/s, p50/p95/p99 per operation, errors (HTTP, GraphQL, timeouts), server RSS
(all worker processes) at start, after the warm-up and after the run, where the CPU
went (the server, its Neo4j, these clients, the rest of the machine: on a shared
machine the last says what the figures are worth), with the machine's cores and load
average; and per worker process its connections (read from /proc half-way through the
run), answers and p50/p95 (a worker holding more connections makes its clients wait
longer). --without status leaves an operation out of the mix. Any answer but a 200
without GraphQL errors counts as an error (a 503 of a full server too). The clients speak
HTTP through `loopback_client.py` (keep-alive, gzip; ~2 ms of CPU a request against
httpx's ~3.4 ms, both taken from the cores the server needs); --http-client httpx for
the earlier figures' harness.

    EMKG_NEO4J_PORT=7751 EMKG_NEO4J_DATA_DIR=var/neo4j-dev python benchmarks/load_test.py
    ... --workers 1,2 --clients 50 --seconds 60
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import sys
import time
import zlib
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from live_servers import (
    integrator_key,
    machine,
    percentiles,
    start_api,
    stop,
    tree_cpu_s,
    tree_rss_mb,
)
from loopback_client import HTTPFailure, LoopbackClient
from proc_sockets import ESTABLISHED, child_pids, socket_inodes, tcp_sockets

from kg.driver import open_driver
from kg.settings import Settings

RECOMMEND = """query Rec($s: ScenarioInput!) { recommendForces(scenario: $s) {
  forcePackage { team { id name } score etaMinutes } gaps { capability { id } } } }"""
SEARCH = """query Find($t: String!) { search(text: $t, limit: 10) { id name type } }"""
LIST100 = """query List100 { teams(first: 100) { nodes { id name
  capabilities { level capability { id name } } } } }"""
PAGE50 = """query Page50($cap: ID!) { teams(first: 50, filter: {availability: [AVAILABLE],
  capabilities: [$cap]}) { pageInfo { endCursor } nodes { id name availability
  capabilities { level capability { id name } } equipment { id name quantity } } } }"""
STATUS = """mutation Status($i: UpdateTeamStatusInput!) { updateTeamStatus(input: $i) {
  team { id availability } userErrors { code message } } }"""
HAZARDS = ("11A01", "11B01", "12B01", "11A04", "12C01", "11D01", "12A00")
TERMS = ("洪水", "地震", "flood", "landslide", "危化品", "wildfire", "水域救援", "collapse")
MIX = (("recommend", 30), ("search", 20), ("list100", 20), ("page50", 20), ("status", 10))


def graph_facts(settings: Settings) -> dict[str, Any]:
    with open_driver(settings) as driver:
        db = settings.neo4j_database
        places, _, _ = driver.execute_query(
            "MATCH (t:Team) WHERE t.location IS NOT NULL "
            "RETURN t.location.latitude AS lat, t.location.longitude AS lon LIMIT 200",
            database_=db,
        )
        cap, _, _ = driver.execute_query(
            "MATCH (t:Team {status: 'available'})-[:HAS_CAPABILITY]->(c:Capability) "
            "RETURN c.id AS id, count(t) AS n ORDER BY n DESC, id LIMIT 1",
            database_=db,
        )
        standby, _, _ = driver.execute_query(
            "MATCH (t:Team {status: 'standby'}) RETURN t.id AS id ORDER BY id LIMIT 20",
            database_=db,
        )
    if not places or not cap:
        sys.exit("the graph has no teams: load the demo first (emkg load demo)")
    return {
        "places": [(r["lat"], r["lon"]) for r in places],
        "cap": cap[0]["id"],
        "standby": [r["id"] for r in standby],
    }


def restore(settings: Settings, team_ids: list[str], status: str) -> None:
    with open_driver(settings) as driver:
        driver.execute_query(
            "UNWIND $ids AS id MATCH (t:Team {id: id}) SET t.status = $status",
            ids=team_ids,
            status=status,
            database_=settings.neo4j_database,
        )


class Run:
    def __init__(
        self,
        url: str,
        keys: dict[str, str],
        facts: dict[str, Any],
        seed: int,
        without: frozenset[str] = frozenset(),
    ):
        self.url = url
        self.keys = keys
        self.facts = facts
        self.rng = random.Random(seed)
        self.mix = [(op, w) for op, w in MIX if op not in without]
        self.latency: dict[str, list[float]] = defaultdict(list)
        # each answer's latency by the client's port (the lean client's connection), to
        # split the figures by the worker process that holds the connection
        self.by_port: dict[int, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self.flipped: dict[str, bool] = {}
        self.workers: dict[int, int] = {}  # client port -> worker pid (see _sample_workers)

    def request(self) -> tuple[str, str, dict[str, Any], str]:
        op = self.rng.choices([m[0] for m in self.mix], weights=[m[1] for m in self.mix])[0]
        if op == "recommend":
            lat, lon = self.rng.choice(self.facts["places"])
            scenario: dict[str, Any] = {
                "hazardCodes": [self.rng.choice(HAZARDS)],
                "location": {
                    "latitude": lat + self.rng.uniform(-0.2, 0.2),
                    "longitude": lon + self.rng.uniform(-0.2, 0.2),
                },
                "responseLevel": self.rng.choice(("I", "II", "III", "IV")),
            }
            if self.rng.random() < 0.3:
                scenario["maxTravelMinutes"] = self.rng.choice((60, 120, 240))
            return op, RECOMMEND, {"s": scenario}, "commander"
        if op == "search":
            return op, SEARCH, {"t": self.rng.choice(TERMS)}, "integrator"
        if op == "list100":
            return op, LIST100, {}, "integrator"
        if op == "page50":
            return op, PAGE50, {"cap": self.facts["cap"]}, "integrator"
        team = self.rng.choice(self.facts["standby"])
        down = not self.flipped.get(team, False)
        self.flipped[team] = down
        status = "UNAVAILABLE" if down else "STANDBY"
        variables = {"i": {"team": team, "status": status, "reason": "load test"}}
        return "status", STATUS, variables, "commander"

    async def client(self, deadline: float, timeout: float, lean: bool = True) -> None:
        post = self._lean if lean else self._httpx
        async with (
            LoopbackClient(self.url, timeout=timeout) as conn,
            httpx.AsyncClient(timeout=timeout) as http,
        ):
            while time.monotonic() < deadline:
                op, query, variables, role = self.request()
                headers = {"Authorization": f"Bearer {self.keys[role]}"}
                t = time.perf_counter()
                try:
                    status, body = await post(conn, http, query, variables, headers)
                except (httpx.HTTPError, HTTPFailure, OSError, ValueError, zlib.error) as e:
                    self.errors[op].append(type(e).__name__)  # TimeoutError among them
                    continue
                errs = body.get("errors") if isinstance(body, dict) else None
                if status != 200 or errs or not isinstance(body, dict):
                    # a 503 of a full server counts here too: the target is zero errors
                    codes = [e.get("extensions", {}).get("code") for e in errs or []]
                    self.errors[op].append(f"{status} {codes}")
                    continue
                ms = (time.perf_counter() - t) * 1000
                self.latency[op].append(ms)
                if conn.local_port is not None:
                    self.by_port[conn.local_port].append(ms)

    @staticmethod
    async def _lean(
        conn: LoopbackClient, http: httpx.AsyncClient, query: str, variables: Any, headers: Any
    ) -> tuple[int, Any]:
        return await conn.post_json({"query": query, "variables": variables}, headers)

    async def _httpx(
        self, conn: LoopbackClient, http: httpx.AsyncClient, query: str, variables: Any,
        headers: Any,
    ) -> tuple[int, Any]:  # fmt: skip
        payload = {"query": query, "variables": variables}
        r = await http.post(self.url, json=payload, headers=headers)
        return r.status_code, r.json()


async def _load(
    run: Run,
    clients: int,
    seconds: float,
    timeout: float,
    lean: bool,
    sample: tuple[int, int] | None = None,
) -> float:
    """Run the clients for `seconds`; `sample` (server pid, port): note in `run.workers`
    which worker holds each connection, half-way through."""
    deadline = time.monotonic() + seconds
    t0 = time.monotonic()
    tasks = [asyncio.create_task(run.client(deadline, timeout, lean)) for _ in range(clients)]
    if sample is not None:
        tasks.append(asyncio.create_task(_sample_workers(*sample, seconds / 2, run.workers)))
    # Bounded: clients stop taking new work at the deadline; in-flight ones get `timeout`.
    await asyncio.wait(tasks, timeout=seconds + timeout + 5)
    for t in tasks:
        t.cancel()
    return time.monotonic() - t0


def worker_of_port(server_pid: int, port: int) -> dict[int, int]:
    """Client port -> the worker process (of `emkg serve` `server_pid`) holding that
    connection now: the server's side of each loopback connection on `port` has the
    client's port as its peer."""
    peers = tcp_sockets(port, ESTABLISHED)
    return {
        peers[inode]: pid
        for pid in [server_pid, *child_pids(server_pid)]
        for inode in socket_inodes(pid) & peers.keys()
    }


async def _sample_workers(server_pid: int, port: int, after_s: float, into: dict[int, int]) -> None:
    """Which worker holds which client connection, looked at `after_s` into the run."""
    await asyncio.sleep(after_s)
    into.update(await asyncio.to_thread(worker_of_port, server_pid, port))


def machine_cpu_s() -> float:
    """Busy CPU seconds of the whole machine (every core, every process) from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def store_pid(settings: Settings) -> int | None:
    """The local Neo4j's process (its pid file in the data dir), None for an external one."""
    try:
        return int((settings.neo4j_data_dir / "emkg-neo4j.pid").read_text().strip())
    except (OSError, ValueError):
        return None


def harness_cpu_s() -> float:
    """CPU seconds of this process (the 50 clients) so far."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def report(
    workers: int,
    run: Run,
    elapsed: float,
    rss: tuple[float, ...],
    cpu: dict[str, float],
) -> None:
    total = sum(len(v) for v in run.latency.values())
    errors = sum(len(v) for v in run.errors.values())
    growth = (rss[2] - rss[1]) / rss[1] * 100 if rss[1] else float("nan")
    print(
        f"\n{workers} worker(s): {total / elapsed:.1f} requests/s ({total} ok, {errors} errors "
        f"in {elapsed:.0f} s); server RSS at start {rss[0]:.0f} MiB, after the warm-up "
        f"{rss[1]:.0f} -> after the run {rss[2]:.0f} MiB ({growth:+.1f} %)"
    )
    cores = os.cpu_count() or 1
    other = cpu["machine"] - cpu["server"] - cpu["harness"] - cpu["store"]
    print(
        f"  CPU over the run (cores busy of {cores}): server {cpu['server'] / elapsed:.2f}, "
        f"Neo4j {cpu['store'] / elapsed:.2f}, these clients {cpu['harness'] / elapsed:.2f}, "
        f"everything else on the machine {other / elapsed:.2f}; per request: server "
        f"{cpu['server'] / max(total, 1) * 1000:.1f} ms, Neo4j "
        f"{cpu['store'] / max(total, 1) * 1000:.1f} ms"
    )
    print(f"  {'operation':10} {'n':>6} {'p50':>8} {'p95':>8} {'p99':>8} {'errors':>7}")
    for op, _ in MIX:
        pc = percentiles(run.latency.get(op, []))
        print(
            f"  {op:10} {len(run.latency.get(op, [])):6d} {pc['p50']:6.0f}ms {pc['p95']:6.0f}ms "
            f"{pc['p99']:6.0f}ms {len(run.errors.get(op, [])):7d}"
        )
    for op, errs in run.errors.items():
        print(f"  errors of {op}: {sorted(set(errs))[:5]}")
    print_workers(run)
    print(f"  machine after: {machine()}", flush=True)


def print_workers(run: Run) -> None:
    """Connections and latency per worker process: a worker holding more connections than
    the others makes their clients wait longer (the spread of the p95)."""
    per: dict[int, list[float]] = defaultdict(list)
    conns: dict[int, int] = defaultdict(int)
    for port, pid in run.workers.items():
        per[pid].extend(run.by_port.get(port, []))
        conns[pid] += 1
    if len(per) < 2:
        return
    for n, pid in enumerate(sorted(per, key=lambda p: -conns[p]), 1):
        pc = percentiles(per[pid])
        print(
            f"  worker {n} (pid {pid}): {conns[pid]} connections, {len(per[pid])} answers, "
            f"p50 {pc['p50']:.0f} ms, p95 {pc['p95']:.0f} ms"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", default="1,2", help="worker counts to run, e.g. 1,2")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--timeout", type=float, default=30.0, help="per request, seconds")
    ap.add_argument("--api-port", type=int, default=8771)
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument(
        "--without",
        default="",
        help="operations left out of the mix, e.g. status (to see what one costs)",
    )
    ap.add_argument(
        "--warmup",
        type=float,
        default=15.0,
        help="seconds of the same load before the measured run (caches and pools fill; "
        "RSS growth is counted from its end)",
    )
    ap.add_argument(
        "--http-client",
        choices=("lean", "httpx"),
        default="lean",
        help="the clients' HTTP: lean (benchmarks/loopback_client.py, keep-alive, gzip) or "
        "httpx (~1.5 ms of CPU a request more, taken from the 2 cores the server needs)",
    )
    args = ap.parse_args(argv)
    lean = args.http_client == "lean"

    without = frozenset(w for w in args.without.split(",") if w)
    if without - {op for op, _ in MIX}:
        ap.error(f"--without: unknown operations {sorted(without - {op for op, _ in MIX})}")
    settings = Settings.from_env()
    facts = graph_facts(settings)
    keys = {r: integrator_key(settings, r) for r in ("integrator", "commander")}
    url = f"http://127.0.0.1:{args.api_port}/graphql"
    print(
        f"load test: {args.clients} clients x {args.seconds:.0f} s, mix "
        f"{ {op: w for op, w in MIX if op not in without} }; "
        f"machine: {machine()}",
        flush=True,
    )
    for workers in (int(w) for w in args.workers.split(",")):
        api = start_api(settings, port=args.api_port, workers=workers)
        run = Run(url, keys, facts, args.seed + workers, without)
        try:
            rss = [tree_rss_mb(api.pid)]
            if args.warmup > 0:
                warm = Run(url, keys, facts, args.seed + 100 + workers, without)
                asyncio.run(_load(warm, args.clients, args.warmup, args.timeout, lean))
                run.flipped = warm.flipped
            rss.append(tree_rss_mb(api.pid))
            store = store_pid(settings)
            c0 = {"server": tree_cpu_s(api.pid), "harness": harness_cpu_s()}
            c0["store"] = tree_cpu_s(store) if store else 0.0
            c0["machine"] = machine_cpu_s()
            sample = (api.pid, args.api_port) if lean else None
            elapsed = asyncio.run(
                _load(run, args.clients, args.seconds, args.timeout, lean, sample)
            )
            cpu = {
                "machine": machine_cpu_s() - c0["machine"],
                "server": tree_cpu_s(api.pid) - c0["server"],
                "harness": harness_cpu_s() - c0["harness"],
                "store": (tree_cpu_s(store) if store else 0.0) - c0["store"],
            }
            rss.append(tree_rss_mb(api.pid))
        finally:
            stop(api)
            restore(settings, [t for t in facts["standby"] if t in run.flipped], "standby")
        report(workers, run, elapsed, tuple(rss), cpu)
    return 0


if __name__ == "__main__":
    sys.exit(main())
