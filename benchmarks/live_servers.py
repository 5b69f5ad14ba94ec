"""Helpers of the benchmarks: start our API and the peer as processes, measure them (CPU
seconds and RSS of the whole process tree), print the machine, find a free port, and tell
whether the graph is already loaded.

Example::

    api = start_api(settings, port=8761, workers=2)
    try:
        ...  # POST http://127.0.0.1:8761/graphql with integrator_key(settings)
        print(tree_rss_mb(api.pid), tree_cpu_s(api.pid))
    finally:
        stop(api)
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import httpx
from neo4j import Driver

from kg.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
PEER = ROOT / "benchmarks" / "peer"


def machine() -> str:
    one, five, fifteen = os.getloadavg()
    cores = os.cpu_count() or 1
    busy = " (BUSY: load above the core count, figures are inflated)" if one > cores else ""
    return f"{cores} cores, load average {one:.1f} / {five:.1f} / {fifteen:.1f}{busy}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def graph_is_loaded(driver: Driver, database: str) -> bool:
    """True when the graph holds teams (a benchmark reuses it); False on an empty graph,
    whose ontology this syncs so that the caller can load its data."""
    from kg.ontology_sync import sync_ontology
    from ontology import load_ontology

    teams = driver.execute_query("MATCH (t:Team) RETURN count(t) AS n", database_=database)
    if teams.records[0]["n"] > 0:
        return True
    sync_ontology(driver, database, load_ontology())
    return False


def percentiles(values: Sequence[float]) -> dict[str, float]:
    if not values:
        return {"p50": float("nan"), "p95": float("nan"), "p99": float("nan")}
    qs = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else []
    return {
        "p50": statistics.median(values),
        "p95": qs[94] if qs else values[0],
        "p99": qs[98] if qs else values[0],
    }


def integrator_key(settings: Settings, role: str = "integrator") -> str:
    from api.auth import KeyAdmin, Role
    from kg.driver import open_driver

    with open_driver(settings) as driver:
        admin = KeyAdmin(driver, settings.neo4j_database)
        return admin.create(Role(role), name=f"bench-{role}")[0]


def _wait(
    url: str,
    proc: subprocess.Popen[bytes],
    what: str,
    timeout_s: float = 300,
    ok: int = 1,
    up: int = 200,
) -> None:
    """Until `url` answers with a status <= `up` `ok` times in a row (e.g. /readyz 200 once
    per worker process: each has warmed up)."""
    deadline = time.monotonic() + timeout_s
    streak = 0
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}; see its output above")
        try:
            streak = streak + 1 if httpx.get(url, timeout=10).status_code <= up else 0
            if streak >= ok:
                return
        except httpx.HTTPError:
            streak = 0
        time.sleep(0.3)
    stop(proc)
    raise RuntimeError(f"{what} did not answer at {url} within {timeout_s:.0f} s")


def start_api(settings: Settings, *, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    """`emkg serve --workers N` on `port`, against the graph `settings` name; waits until
    /readyz says ready (the start-up warm-up has run) several times in a row."""
    env = {
        **os.environ,
        "EMKG_HOST": "127.0.0.1",
        "EMKG_PORT": str(port),
        "EMKG_LOG_LEVEL": "WARNING",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    _wait(f"http://127.0.0.1:{port}/readyz", proc, "emkg serve", ok=4 * workers)
    return proc


def start_peer(settings: Settings, *, port: int) -> subprocess.Popen[bytes]:
    """The Neo4j GraphQL Library server (benchmarks/peer) on `port`, same database;
    installs its node_modules first when missing (`npm ci`)."""
    if not (PEER / "node_modules" / "@neo4j" / "graphql").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PEER, check=True)
    env = {
        **os.environ,
        "NEO4J_URI": settings.uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.password(),
        "NEO4J_DATABASE": settings.neo4j_database,
        "PORT": str(port),
    }
    proc = subprocess.Popen(
        ["node", "server.mjs"],
        cwd=PEER,
        env=env,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    # Apollo refuses a GET without a preflight header (400): any answer means it is up.
    _wait(f"http://127.0.0.1:{port}/", proc, "the peer", up=499)
    return proc


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server this module started (its own process group only)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants (uvicorn's worker processes)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def tree_cpu_s(pid: int) -> float:
    """User + system CPU seconds of `pid` and its descendants."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / tick


def tree_rss_mb(pid: int) -> float:
    """Resident memory of `pid` and its descendants, MiB."""
    total = 0
    for p in _tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024
