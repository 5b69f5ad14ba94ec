"""Live-board latency: from a team status change written to the graph to the watching
client's subscription event, over N changes (default 50): p50, p95, max.

An API process (`emkg serve`, a subprocess on a free port) relays the audit trail; a
client subscribes to ``boardChanges`` over graphql-transport-ws with a fresh integrator
key; this process then changes team statuses one at a time (queries.catalog.curation
.set_team_status, as any API process writes them) and times each until the client holds
the event naming that change. The clock starts before the write transaction, so the
figure includes the write, the relay's poll interval (0.5 s) and delivery. Also printed:
core count and load average (before and after), since the machine is shared.

``--dispatch`` times dispatch orders instead (an incident opened for the run; each order
sends one team and is undone once its event arrived): the order's write transaction,
the relay and delivery.

Run against a dev Neo4j that holds teams (kg.settings), e.g.::

    EMKG_NEO4J_PORT=7743 EMKG_NEO4J_DATA_DIR=var/neo4j-test-live \
        python benchmarks/bench_board.py --changes 50
    python benchmarks/bench_board.py --changes 50 --dispatch
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time

from live_servers import free_port, start_api, stop
from websockets.sync.client import connect

from api.auth import KeyAdmin, Role
from kg.cypher import CypherRunner
from kg.driver import create_async_driver, open_driver
from kg.settings import Settings
from queries.catalog.curation import set_team_status

QUERY = (
    "subscription { boardChanges { ... on TeamStatusChanged "
    "{ teamId newStatus entryId action incidentId } } }"
)


def pct(xs: list[float], p: float) -> float:
    ordered = sorted(xs)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--changes", type=int, default=50)
    args.add_argument(
        "--dispatch",
        action="store_true",
        help="time dispatch orders (one team each, to an incident opened for the run; each "
        "undone after its event) instead of plain status changes",
    )
    opts = args.parse_args(argv)
    settings = Settings.from_env()
    load_before = os.getloadavg()
    with open_driver(settings) as driver:
        key, info = KeyAdmin(driver, settings.neo4j_database).create(Role.INTEGRATOR, "bench")
        records, _, _ = driver.execute_query(
            "MATCH (t:Team) WHERE t.status IN ['available', 'standby'] "
            "AND NOT EXISTS { (t)-[a:ASSIGNED_TO]->() WHERE a.releasedAt IS NULL } "
            "RETURN t.id AS id, t.status AS s ORDER BY t.id LIMIT 20",
            database_=settings.neo4j_database,
        )
    teams = [(r["id"], r["s"]) for r in records]
    if not teams:
        print("no teams in the graph: load data first (emkg load demo)", file=sys.stderr)
        return 1
    port = free_port()
    server = start_api(settings, port=port)
    latencies: list[float] = []
    try:
        with connect(
            f"ws://127.0.0.1:{port}/graphql",
            subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
        ) as ws:
            ws.send(
                json.dumps(
                    {"type": "connection_init", "payload": {"authorization": f"Bearer {key}"}}
                )
            )
            assert json.loads(ws.recv(timeout=10))["type"] == "connection_ack"
            ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": QUERY}}))
            time.sleep(1.0)  # the relay starts from now
            work = _dispatches if opts.dispatch else _changes
            latencies = asyncio.run(work(settings, ws, teams, opts.changes))
    finally:
        stop(server)
        with open_driver(settings) as driver:
            KeyAdmin(driver, settings.neo4j_database).revoke(info.id)
    ms = [x * 1000 for x in latencies]
    what = "dispatch order" if opts.dispatch else "status change"
    print(f"{what} -> subscription event, {len(ms)} of them (poll interval 0.5 s):")
    print(
        f"  p50 {statistics.median(ms):.0f} ms, p95 {pct(ms, 95):.0f} ms, max {max(ms):.0f} ms, "
        f"mean {statistics.fmean(ms):.0f} ms"
    )
    print(
        f"machine: {os.cpu_count()} cores, load average before {load_before[0]:.2f} "
        f"{load_before[1]:.2f} {load_before[2]:.2f}, after {os.getloadavg()[0]:.2f}"
    )
    return 0


async def _changes(
    settings: Settings, ws: object, teams: list[tuple[str, str]], n: int
) -> list[float]:
    driver = create_async_driver(settings)
    runner = CypherRunner(driver, settings.neo4j_database)
    out: list[float] = []
    try:
        for i in range(n):
            team, original = teams[i % len(teams)]
            status = "standby" if i // len(teams) % 2 == 0 else original
            t0 = time.perf_counter()
            entry = await set_team_status(runner, team, status, actor="bench (admin, key -)")
            while True:
                msg = json.loads(await asyncio.to_thread(ws.recv, 30))  # type: ignore[attr-defined]
                if msg.get("type") != "next":
                    continue
                if msg["payload"]["data"]["boardChanges"].get("entryId") == entry.id:
                    break
            out.append(time.perf_counter() - t0)
        for team, original in teams:  # put the statuses back
            await set_team_status(runner, team, original, actor="bench (admin, key -)")
    finally:
        await driver.close()
    return out


async def _dispatches(
    settings: Settings, ws: object, teams: list[tuple[str, str]], n: int
) -> list[float]:
    """Open one incident, then n times: dispatch one team, wait for its event, undo."""
    from queries.incidents.dispatch import DispatchRequest, TeamOrder, dispatch, undo_dispatch
    from queries.incidents.lifecycle import NewIncident, open_incident, transition_incident
    from queries.models import GeoPoint

    driver = create_async_driver(settings)
    runner = CypherRunner(driver, settings.neo4j_database)
    actor = "bench (admin, key -)"
    out: list[float] = []
    try:
        inc = await open_incident(
            runner,
            NewIncident("基准测试", "benchmark", GeoPoint(30.66, 104.06), "IV", ("11A01",)),
            actor=actor,
        )
        for i in range(n):
            team, _ = teams[i % len(teams)]
            t0 = time.perf_counter()
            await dispatch(
                runner,
                DispatchRequest(inc.id, None, (TeamOrder(team, "基准", "成都市体育中心"),)),
                actor=actor,
            )
            while True:
                msg = json.loads(await asyncio.to_thread(ws.recv, 30))  # type: ignore[attr-defined]
                if msg.get("type") != "next":
                    continue
                ev = msg["payload"]["data"]["boardChanges"]
                if ev.get("teamId") == team and ev.get("action") == "incident.dispatched":
                    break
            out.append(time.perf_counter() - t0)
            await undo_dispatch(runner, inc.id, order_no=None, actor=actor)
        await transition_incident(runner, inc.id, "closed", actor=actor, reason=None)
    finally:
        await driver.close()
    return out


if __name__ == "__main__":
    sys.exit(main())
