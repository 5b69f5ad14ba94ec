"""Does the HTTP client change what the API server spends a request? A controlled test.

The eleventh session saw the same server spend 27.0 ms of CPU a request under the load
test's httpx clients and 15.9 ms under the lean ones (benchmarks/loopback_client.py).
This sends the same requests (load_test's mix, seeded, without status changes: nothing
is written) to one `emkg serve` through clients that differ in one property each, and
prints the server's CPU per request (/proc, the whole process tree) and the wall time
per request, variants alternated in rounds (the same requests in each round):

- lean: the load test's client (keep-alive, ``Accept-Encoding: gzip``, one write);
- httpx: ``httpx.AsyncClient`` (its own headers, h11, headers and body written apart);
- lean-httpxheaders: lean with httpx's headers (``Accept: */*``,
  ``Accept-Encoding: gzip, deflate``, ``Connection: keep-alive``, its User-Agent);
- lean-nogzip: lean without Accept-Encoding (answers not compressed);
- lean-split: headers and body in two writes, the loop turned between them;
- lean-fresh: a new connection for every request.

    EMKG_NEO4J_PORT=7732 EMKG_NEO4J_DATA_DIR=var/neo4j-demo \\
        python benchmarks/bench_http_clients.py --clients 50 --requests 8 --workers 2
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from live_servers import integrator_key, machine, start_api, stop, tree_cpu_s
from load_test import Run, graph_facts
from loopback_client import LoopbackClient

from kg.settings import Settings

HTTPX_HEADERS = {
    "Accept": "*/*",
    "Accept-Encoding": "gzip, deflate",
    "Connection": "keep-alive",
    "User-Agent": f"python-httpx/{httpx.__version__}",
}


class Variant(LoopbackClient):
    """The lean client with one property changed."""

    def __init__(
        self, url: str, *, extra: dict[str, str], gzip: bool, split: bool, fresh: bool
    ) -> None:
        super().__init__(url, timeout=60)
        self.extra, self.gzip, self.split, self.fresh = extra, gzip, split, fresh

    async def post_json(self, payload: Any, headers: dict[str, str]) -> tuple[int, Any]:
        body = orjson.dumps(payload)
        fields = {"Host": f"{self.host}:{self.port}", **self.extra}
        if self.gzip:
            fields.setdefault("Accept-Encoding", "gzip")
        fields |= {"Content-Type": "application/json", "Content-Length": str(len(body))}
        fields |= headers
        head = f"POST {self.path} HTTP/1.1\r\n" + "".join(
            f"{k}: {v}\r\n" for k, v in fields.items()
        )
        request = (head + "\r\n").encode()
        if self.fresh:
            self.close()
        async with asyncio.timeout(self.timeout):
            if not self.split:
                return await self._exchange(request + body)
            if self._writer is None:
                self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
            self._writer.write(request)
            await self._writer.drain()
            await asyncio.sleep(0)
            return await self._exchange(body)


LEAN = {"extra": {}, "gzip": True, "split": False, "fresh": False}
VARIANTS: dict[str, dict[str, Any] | None] = {
    "lean": LEAN,
    "httpx": None,
    "lean-httpxheaders": LEAN | {"extra": HTTPX_HEADERS},
    "lean-nogzip": LEAN | {"gzip": False},
    "lean-split": LEAN | {"split": True},
    "lean-fresh": LEAN | {"fresh": True},
}


async def drive(name: str, run: Run, clients: int, requests: int) -> list[str]:
    """`clients` concurrent clients of variant `name`, `requests` each; the errors (status
    and GraphQL error codes)."""
    errors: list[str] = []

    async def one() -> None:
        spec = VARIANTS[name]
        async with httpx.AsyncClient(timeout=60) as http:
            lean = Variant(run.url, **spec) if spec is not None else None
            try:
                for _ in range(requests):
                    _, query, variables, role = run.request()
                    payload = {"query": query, "variables": variables}
                    auth = {"Authorization": f"Bearer {run.keys[role]}"}
                    if lean is None:
                        r = await http.post(run.url, json=payload, headers=auth)
                        status, body = r.status_code, r.json()
                    else:
                        status, body = await lean.post_json(payload, auth)
                    errs = body.get("errors") if isinstance(body, dict) else None
                    if status != 200 or errs:
                        codes = [e.get("extensions", {}).get("code") for e in errs or []]
                        errors.append(f"{status} {codes}")
            finally:
                if lean is not None:
                    lean.close()

    await asyncio.gather(*(one() for _ in range(clients)))
    return errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--clients", type=int, default=1)
    ap.add_argument("--requests", type=int, default=60, help="per client and variant")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--api-port", type=int, default=8790)
    args = ap.parse_args(argv)
    names = args.variants.split(",")
    if unknown := set(names) - set(VARIANTS):
        ap.error(f"unknown variants {sorted(unknown)}; known: {', '.join(VARIANTS)}")
    settings = Settings.from_env()
    facts = graph_facts(settings)
    keys = {r: integrator_key(settings, r) for r in ("integrator", "commander")}
    url = f"http://127.0.0.1:{args.api_port}/graphql"
    api = start_api(settings, port=args.api_port, workers=args.workers)
    cpu: dict[str, list[float]] = defaultdict(list)
    print(
        f"HTTP clients: {args.clients} x {args.requests} requests a variant, "
        f"{args.workers} worker(s); machine: {machine()}",
        flush=True,
    )
    try:
        asyncio.run(drive("lean", Run(url, keys, facts, 99, frozenset({"status"})), 4, 5))
        for rnd in range(args.rounds):
            for name in names:
                run = Run(url, keys, facts, 1000 + rnd, frozenset({"status"}))
                c0, t0 = tree_cpu_s(api.pid), time.perf_counter()
                errors = asyncio.run(drive(name, run, args.clients, args.requests))
                n = args.clients * args.requests
                cpu[name].append((tree_cpu_s(api.pid) - c0) / n * 1000)
                wall = (time.perf_counter() - t0) / n * 1000
                print(
                    f"  round {rnd} {name:18} server CPU {cpu[name][-1]:6.2f} ms a request, "
                    f"wall {wall:6.1f} ms a request, errors {len(errors)} "
                    f"{sorted(set(errors))[:3]}; {machine()}",
                    flush=True,
                )
    finally:
        stop(api)
    print("  mean server CPU a request over the rounds:")
    for name in names:
        print(f"    {name:18} {statistics.mean(cpu[name]):6.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
