"""Readiness alerts from real registry changes (queries/readiness/watch.py) on real Neo4j.

Small graph (small_graph.py): in county 900101 plan P-T1 at level I has team A MET (87.8
min) and 6 pumps MET (E1 3 + E3 3, E3 held by A). A unavailable: team A NOT_MET and the
pumps PARTLY (3 of 6); nothing else changes (cap.x was PARTLY already, 900102 was not met).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from kg.cypher import CypherRunner
from kg.driver import create_async_driver
from kg.process_lease import ProcessLease
from kg.settings import Settings
from queries.catalog.curation import set_team_status
from queries.readiness.alert_store import list_alerts
from queries.readiness.watch import ReadinessWatch
from tests.integration.readiness.small_graph import write_small_graph

pytestmark = pytest.mark.integration


@pytest.fixture
def small(ontology_graph: Driver, neo4j_settings: Settings) -> Settings:
    write_small_graph(ontology_graph, neo4j_settings.neo4j_database)
    return neo4j_settings


def test_a_team_out_of_service_raises_alerts_and_its_return_clears_them(small: Settings) -> None:
    async def go() -> dict[str, Any]:
        driver = create_async_driver(small)
        try:
            runner = CypherRunner(driver, small.neo4j_database)
            watch = ReadinessWatch(runner)
            out: dict[str, Any] = {}
            entry = await set_team_status(runner, "A", "unavailable", actor="t (admin, key k)")
            await watch.examine(entry)  # plans the queries (a first run is slow on a busy machine)
            await watch.examine(entry)
            back = await set_team_status(runner, "A", "available", actor="t (admin, key k)")
            await watch.examine(back)
            t0 = time.perf_counter()
            entry = await set_team_status(runner, "A", "unavailable", actor="t (admin, key k)")
            out["raised"] = await watch.examine(entry)
            out["seconds"] = time.perf_counter() - t0
            out["again"] = await watch.examine(entry)  # idempotent: nothing new
            out["open"] = await list_alerts(runner)
            back = await set_team_status(runner, "A", "available", actor="t (admin, key k)")
            out["cleared"] = await watch.examine(back)
            out["after"] = await list_alerts(runner)
            out["all"] = await list_alerts(runner, open_only=False)
            out["entry"] = entry.id
            return out
        finally:
            await driver.close()

    out = asyncio.run(go())
    print(f"change + examine: {out['seconds']:.3f} s")
    assert out["raised"] == (2, 0) and out["again"] == (0, 0)
    assert sorted((a.id, a.status, a.have, a.need, a.cause) for a in out["open"]) == [
        ("P-T1|I|900101|equipmentType:eq.pump", "PARTLY", 3, 6, out["entry"]),
        ("P-T1|I|900101|team:A", "NOT_MET", 0, 1, out["entry"]),
    ]
    assert out["cleared"] == (0, 2) and out["after"] == []
    assert all(not a.open and a.cleared_at is not None for a in out["all"])


def test_one_process_watches_at_a_time_and_another_takes_over(
    small: Settings, tmp_path: Path
) -> None:
    """Two watches sharing a lease (as two API workers do): the holder raises the alerts,
    the other does nothing; when the holder stops, the other clears them."""

    async def until(check: Callable[[], Awaitable[bool]], what: str) -> None:
        deadline = time.monotonic() + 60
        while not await check():
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            await asyncio.sleep(0.1)

    async def go() -> tuple[int, int, int, int]:
        driver = create_async_driver(small)
        watches: list[ReadinessWatch] = []
        try:
            runner = CypherRunner(driver, small.neo4j_database)
            for _ in range(2):
                w = ReadinessWatch(runner, interval_s=0.1, lease=ProcessLease(tmp_path / "l"))
                w.start()
                watches.append(w)
            await until(lambda: _true(any(w.lease and w.lease.held for w in watches)), "lease")
            holder, other = sorted(watches, key=lambda w: not (w.lease and w.lease.held))
            await set_team_status(runner, "A", "unavailable", actor="t (admin, key k)")
            await until(lambda: _count_open(runner, 2), "2 open alerts")
            await holder.stop()  # releases the lease: the other takes over at its next poll
            await until(lambda: _true(bool(other.lease and other.lease.held)), "take-over")
            await set_team_status(runner, "A", "available", actor="t (admin, key k)")
            await until(lambda: _count_open(runner, 0), "alerts cleared")
            return holder.raised, other.raised, holder.cleared, other.cleared
        finally:
            for w in watches:
                await w.stop()
            await driver.close()

    assert asyncio.run(go()) == (2, 0, 0, 2)


async def _true(value: bool) -> bool:
    return value


async def _count_open(runner: CypherRunner, n: int) -> bool:
    return len(await list_alerts(runner)) == n
