"""Integrators' list queries: ours against the Neo4j GraphQL Library on the same graph, same run.

Starts `emkg serve` (authentication and limits on; an integrator key) and the peer
(benchmarks/peer: @neo4j/graphql 7.6 behind a minimal Apollo server, its own
package.json, `npm ci` on first use) against the same database, checks that both
answer the same (same teams in the same order, same nested capabilities with levels
and equipment with quantities), then prints p50/p95 of each query for both, the
server CPU per request, the mean server time of ours (from /metrics), and the
throughput with `--clients` concurrent clients; the machine's cores and load average
are printed next to every figure. Queries (the issue's):

- page1: 50 available teams holding the most common capability, each with its
  capabilities (level, id, names) and equipment (id, name, quantity, condition);
- page2: the next page of the same listing (its endCursor);
- one: one team by id with the same fields;
- hundred: `teams(first: 100)` with nested capabilities (the capacity item).

Run against a dev Neo4j holding the demo (the peer is not part of `make test`)::

    EMKG_NEO4J_PORT=7751 EMKG_NEO4J_DATA_DIR=var/neo4j-dev emkg neo4j start
    EMKG_NEO4J_PORT=7751 EMKG_NEO4J_DATA_DIR=var/neo4j-dev emkg load demo
    EMKG_NEO4J_PORT=7751 EMKG_NEO4J_DATA_DIR=var/neo4j-dev python benchmarks/bench_lists.py
"""

from __future__ import annotations

import argparse
import concurrent.futures
import sys
import threading
import time
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
    start_peer,
    stop,
    tree_cpu_s,
)

from kg.driver import open_driver
from kg.settings import Settings

OURS_PAGE = """query TeamsPage($cap: ID!, $after: String) {
  teams(first: 50, after: $after, filter: {availability: [AVAILABLE], capabilities: [$cap]}) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id name nameEn availability location { latitude longitude }
      capabilities { level capability { id name nameEn } }
      equipment { id name quantity condition } } } } }"""
OURS_ONE = """query OneTeam($id: ID!) { team(id: $id) {
  id name nameEn availability location { latitude longitude }
  capabilities { level capability { id name nameEn } }
  equipment { id name quantity condition } } }"""
OURS_HUNDRED = """query Hundred { teams(first: 100) { nodes { id name
  capabilities { level capability { id name } } } } }"""

PEER_PAGE = """query TeamsPage($cap: ID!, $after: String) {
  teamsConnection(first: 50, after: $after, sort: [{id: ASC}],
    where: {status: {eq: "available"}, capabilities: {some: {id: {eq: $cap}}}}) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id nameZh nameEn status location { latitude longitude }
      capabilitiesConnection(sort: [{node: {id: ASC}}]) {
        edges { properties { level } node { id nameZh nameEn } } }
      equipment(sort: [{id: ASC}]) { id nameZh quantity status } } } } }"""
PEER_ONE = """query OneTeam($id: ID!) { teams(where: {id: {eq: $id}}) {
  id nameZh nameEn status location { latitude longitude }
  capabilitiesConnection(sort: [{node: {id: ASC}}]) {
    edges { properties { level } node { id nameZh nameEn } } }
  equipment(sort: [{id: ASC}]) { id nameZh quantity status } } }"""
PEER_HUNDRED = """query Hundred { teams(limit: 100, sort: [{id: ASC}]) { id nameZh
  capabilitiesConnection(sort: [{node: {id: ASC}}]) {
    edges { properties { level } node { id nameZh } } } } }"""


def _ours_team(t: dict[str, Any]) -> tuple[Any, ...]:
    caps = sorted(
        (c["capability"]["id"], c["capability"]["name"], c["capability"].get("nameEn"), c["level"])
        for c in t["capabilities"]
    )
    eq = sorted(
        (e["id"], e["name"], e["quantity"], (e["condition"] or "").lower())
        for e in t.get("equipment", [])
    )
    loc = t.get("location")
    status = (t.get("availability") or "").lower()
    return (t["id"], t["name"], t.get("nameEn"), status, loc and tuple(loc.values()), caps, eq)


def _peer_team(t: dict[str, Any]) -> tuple[Any, ...]:
    caps = sorted(
        (e["node"]["id"], e["node"]["nameZh"], e["node"].get("nameEn"), e["properties"]["level"])
        for e in t["capabilitiesConnection"]["edges"]
    )
    eq = sorted(
        (e["id"], e["nameZh"], e["quantity"], (e["status"] or "").lower())
        for e in t.get("equipment", [])
    )
    loc = t.get("location")
    status = (t.get("status") or "").lower()
    return (t["id"], t["nameZh"], t.get("nameEn"), status, loc and tuple(loc.values()), caps, eq)


class Client:
    def __init__(self, url: str, headers: dict[str, str]) -> None:
        self.url = url
        self.http = httpx.Client(headers=headers, timeout=60)

    def post(self, query: str, variables: dict[str, Any]) -> tuple[float, dict[str, Any]]:
        t = time.perf_counter()
        r = self.http.post(self.url, json={"query": query, "variables": variables})
        ms = (time.perf_counter() - t) * 1000
        body: dict[str, Any] = r.json()
        if r.status_code != 200 or body.get("errors"):
            raise RuntimeError(f"{self.url}: {r.status_code} {str(body)[:400]}")
        return ms, body["data"]


def _server_ms(url: str, operation: str) -> tuple[float, float]:
    """(sum seconds, count) of ours' duration histogram for `operation` (from /metrics)."""
    text = httpx.get(url, timeout=10).text
    got = {"sum": 0.0, "count": 0.0}
    for kind in got:
        prefix = f'emkg_graphql_duration_seconds_{kind}{{operation="{operation}"}} '
        for line in text.splitlines():
            if line.startswith(prefix):
                got[kind] = float(line[len(prefix) :])
    return got["sum"], got["count"]


def common_capability(settings: Settings) -> str:
    with open_driver(settings) as driver:
        rows, _, _ = driver.execute_query(
            "MATCH (t:Team {status: 'available'})-[:HAS_CAPABILITY]->(c:Capability) "
            "RETURN c.id AS id, count(t) AS n ORDER BY n DESC, id LIMIT 1",
            database_=settings.neo4j_database,
        )
    if not rows:
        sys.exit("no available team holds a capability: load the demo first (emkg load demo)")
    return str(rows[0]["id"])


def throughput(
    client_factory: Any, query: str, variables: dict[str, Any], clients: int, seconds: float
) -> tuple[float, int, list[float]]:
    """Requests/s, errors and latencies of `clients` threads posting `query` for `seconds`."""
    stop_at = time.monotonic() + seconds
    lock = threading.Lock()
    done: list[float] = []
    errors = [0]

    def worker() -> None:
        c = client_factory()
        while time.monotonic() < stop_at:
            try:
                ms, _ = c.post(query, variables)
                with lock:
                    done.append(ms)
            except Exception:  # counted; the run goes on
                with lock:
                    errors[0] += 1

    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        for f in [pool.submit(worker) for _ in range(clients)]:
            f.result()
    return len(done) / (time.monotonic() - t0), errors[0], done


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=40, help="sequential runs per query and server")
    ap.add_argument("--clients", type=int, default=10, help="concurrent clients for throughput")
    ap.add_argument("--seconds", type=float, default=20.0, help="throughput run length per server")
    ap.add_argument("--api-port", type=int, default=8761)
    ap.add_argument("--peer-port", type=int, default=4101)
    ap.add_argument("--workers", type=int, default=1, help="our API worker processes")
    args = ap.parse_args(argv)

    settings = Settings.from_env()
    cap = common_capability(settings)
    key = integrator_key(settings)
    print(f"machine: {machine()}", flush=True)
    api = start_api(settings, port=args.api_port, workers=args.workers)
    peer = start_peer(settings, port=args.peer_port)
    ours_url = f"http://127.0.0.1:{args.api_port}/graphql"
    metrics_url = f"http://127.0.0.1:{args.api_port}/metrics"
    peer_url = f"http://127.0.0.1:{args.peer_port}/"

    def ours_client() -> Client:
        return Client(ours_url, {"Authorization": f"Bearer {key}"})

    def peer_client() -> Client:
        return Client(peer_url, {})

    try:
        ours, theirs = ours_client(), peer_client()
        # Same answers (and warm both: JIT, query caches, connection pools).
        _, o1 = ours.post(OURS_PAGE, {"cap": cap})
        _, p1 = theirs.post(PEER_PAGE, {"cap": cap})
        o_end = o1["teams"]["pageInfo"]["endCursor"]
        p_end = p1["teamsConnection"]["pageInfo"]["endCursor"]
        _, o2 = ours.post(OURS_PAGE, {"cap": cap, "after": o_end})
        _, p2 = theirs.post(PEER_PAGE, {"cap": cap, "after": p_end})
        team_id = o1["teams"]["edges"][0]["node"]["id"]
        _, o3 = ours.post(OURS_ONE, {"id": team_id})
        _, p3 = theirs.post(PEER_ONE, {"id": team_id})
        _, o4 = ours.post(OURS_HUNDRED, {})
        _, p4 = theirs.post(PEER_HUNDRED, {})
        same = {
            "page1": [_ours_team(e["node"]) for e in o1["teams"]["edges"]]
            == [_peer_team(e["node"]) for e in p1["teamsConnection"]["edges"]],
            "page2": [_ours_team(e["node"]) for e in o2["teams"]["edges"]]
            == [_peer_team(e["node"]) for e in p2["teamsConnection"]["edges"]],
            "one": [_ours_team(o3["team"])] == [_peer_team(t) for t in p3["teams"]],
            "hundred": [_ours_team(t) for t in o4["teams"]["nodes"]]
            == [_peer_team(t) for t in p4["teams"]],
        }
        sizes = {
            "page1": len(o1["teams"]["edges"]),
            "page2": len(o2["teams"]["edges"]),
            "one": 1,
            "hundred": len(o4["teams"]["nodes"]),
        }
        print(f"capability {cap}; teams per answer {sizes}; identical answers: {same}")
        if not all(same.values()):
            print("DIFFERENT ANSWERS: the comparison below is not like for like", file=sys.stderr)
        cases = {
            "page1": (OURS_PAGE, {"cap": cap}, PEER_PAGE, {"cap": cap}, "TeamsPage"),
            "page2": (
                OURS_PAGE,
                {"cap": cap, "after": o_end},
                PEER_PAGE,
                {"cap": cap, "after": p_end},
                "TeamsPage",
            ),
            "one": (OURS_ONE, {"id": team_id}, PEER_ONE, {"id": team_id}, "OneTeam"),
            "hundred": (OURS_HUNDRED, {}, PEER_HUNDRED, {}, "Hundred"),
        }
        for _ in range(5):  # warm-up
            for oq, ov, pq, pv, _op in cases.values():
                ours.post(oq, ov)
                theirs.post(pq, pv)
        print(
            f"\n{'query':8} {'ours p50':>9} {'p95':>7} {'cpu/req':>8} {'server':>7}   "
            f"{'peer p50':>9} {'p95':>7} {'cpu/req':>8}   ratio p50 / p95"
        )
        for name, (oq, ov, pq, pv, op) in cases.items():
            o_ms: list[float] = []
            p_ms: list[float] = []
            o_cpu = p_cpu = 0.0
            s0, c0 = _server_ms(metrics_url, op)
            for _ in range(args.runs):  # interleaved, so both see the same machine
                c = tree_cpu_s(api.pid)
                o_ms.append(ours.post(oq, ov)[0])
                o_cpu += tree_cpu_s(api.pid) - c
                c = tree_cpu_s(peer.pid)
                p_ms.append(theirs.post(pq, pv)[0])
                p_cpu += tree_cpu_s(peer.pid) - c
            s1, c1 = _server_ms(metrics_url, op)
            o, p = percentiles(o_ms), percentiles(p_ms)
            server = (s1 - s0) / max(c1 - c0, 1) * 1000
            print(
                f"{name:8} {o['p50']:7.1f}ms {o['p95']:5.1f}ms {o_cpu / args.runs * 1000:6.1f}ms "
                f"{server:5.1f}ms   {p['p50']:7.1f}ms {p['p95']:5.1f}ms "
                f"{p_cpu / args.runs * 1000:6.1f}ms   {o['p50'] / p['p50']:.2f} / "
                f"{o['p95'] / p['p95']:.2f}",
                flush=True,
            )
        print(f"machine: {machine()}")
        print(f"\nthroughput, {args.clients} concurrent clients, {args.seconds:.0f} s, page1:")
        for who, factory, q in (
            ("ours", ours_client, OURS_PAGE),
            ("peer", peer_client, PEER_PAGE),
        ):
            rps, errors, lat = throughput(factory, q, {"cap": cap}, args.clients, args.seconds)
            pc = percentiles(lat)
            print(
                f"  {who}: {rps:6.1f} requests/s, p50 {pc['p50']:.0f} ms, p95 {pc['p95']:.0f} ms, "
                f"errors {errors}  ({machine()})",
                flush=True,
            )
    finally:
        stop(api)
        stop(peer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
