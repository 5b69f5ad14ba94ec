"""Readiness alerts from real registry changes (queries/readiness/watch.py) on real Neo4j.

Small graph (small_graph.py): in county 900101 plan P-T1 at level I has team A MET (87.8
min) and 6 pumps MET (E1 3 + E3 3, E3 held by A). A unavailable: team A NOT_MET and the
pumps PARTLY (3 of 6); nothing else changes (cap.x was PARTLY already, 900102 was not met).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from kg.cypher import CypherRunner
from kg.driver import create_async_driver
from kg.process_lease import ProcessLease
from kg.settings import Settings
from queries.catalog.curation import set_team_status
from queries.live.feed import id_floor
from queries.readiness.alert_store import list_alerts
from queries.readiness.watch import ReadinessWatch
from tests.integration.readiness.small_graph import write_small_graph

pytestmark = pytest.mark.integration


@pytest.fixture
def small(ontology_graph: Driver, neo4j_settings: Settings) -> Settings:
    write_small_graph(ontology_graph, neo4j_settings.neo4j_database)
    return neo4j_settings


def with_watch(
    settings: Settings, work: Callable[[CypherRunner, ReadinessWatch], Awaitable[dict[str, Any]]]
) -> dict[str, Any]:
    """`work` with a runner on the test graph and a watch (no lease) reading through it."""

    async def go() -> dict[str, Any]:
        driver = create_async_driver(settings)
        try:
            runner = CypherRunner(driver, settings.neo4j_database)
            return await work(runner, ReadinessWatch(runner))
        finally:
            await driver.close()

    return asyncio.run(go())


def test_a_team_out_of_service_raises_alerts_and_its_return_clears_them(small: Settings) -> None:
    async def go(runner: CypherRunner, watch: ReadinessWatch) -> dict[str, Any]:
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

    out = with_watch(small, go)
    print(f"change + examine: {out['seconds']:.3f} s")
    assert out["raised"] == (2, 0) and out["again"] == (0, 0)
    assert sorted((a.id, a.status, a.have, a.need, a.cause) for a in out["open"]) == [
        ("P-T1|I|900101|equipmentType:eq.pump", "PARTLY", 3, 6, out["entry"]),
        ("P-T1|I|900101|team:A", "NOT_MET", 0, 1, out["entry"]),
    ]
    assert out["cleared"] == (0, 2) and out["after"] == []
    assert all(not a.open and a.cleared_at is not None for a in out["all"])


def test_the_changes_of_one_poll_are_examined_together(small: Settings) -> None:
    """A change undone before the next poll raises nothing; changes examined together raise
    what the first broke, naming the last; a poll examines what it finds as one."""

    async def go(runner: CypherRunner, watch: ReadinessWatch) -> dict[str, Any]:
        out: dict[str, Any] = {}
        actor = "t (admin, key k)"
        # undone within the poll: A out of service, then back
        out_ = await set_team_status(runner, "A", "unavailable", actor=actor)
        back = await set_team_status(runner, "A", "available", actor=actor)
        out["undone"] = await watch.examine_together([out_, back])
        # A out of service, then an unrelated change: A's alerts, named after the last
        out_ = await set_team_status(runner, "A", "unavailable", actor=actor)
        other = await set_team_status(runner, "C", "standby", actor=actor)
        out["together"] = await watch.examine_together([out_, other])
        out["open"] = await list_alerts(runner)
        out["last"] = other.id
        # through a poll: both returns found at once, examined as one
        watch._cursor = id_floor(datetime.now(UTC))  # as start() does
        seen: list[int] = []
        real = watch.examine_together
        watch.examine_together = lambda es: (seen.append(len(es)), real(es))[1]  # type: ignore[method-assign]
        await set_team_status(runner, "A", "available", actor=actor)
        await set_team_status(runner, "C", "available", actor=actor)
        cleared = watch.cleared
        await watch.poll()
        out["polled"] = (seen, watch.cleared - cleared, await list_alerts(runner))
        return out

    out = with_watch(small, go)
    assert out["undone"] == (0, 0)
    assert out["together"] == (2, 0)
    assert sorted((a.id, a.cause) for a in out["open"]) == [
        ("P-T1|I|900101|equipmentType:eq.pump", out["last"]),
        ("P-T1|I|900101|team:A", out["last"]),
    ]
    # one examination of every entry the poll found (the two, and the earlier ones its
    # look-back reads again: examined again, they change nothing)
    (seen, cleared, still_open) = out["polled"]
    assert len(seen) == 1 and seen[0] >= 2 and (cleared, still_open) == (2, [])


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
