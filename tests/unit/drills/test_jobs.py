"""Drill jobs at the server's shutdown: a running drill is cancelled (status cancelled,
its task gone), a finished one is left as it was, and shutdown does not wait for a drill
to end on its own."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from api import drill_jobs
from api.drill_jobs import SHUTDOWN_MESSAGE, DrillJobs, DrillStatus
from queries.drills import Strategy, parse_script

SCRIPT = parse_script(
    "version: 1\nid: t\nname: {zh: 甲, en: A}\ndurationHours: 1\nincidents:\n"
    "  - {id: A, at: 0, name: {zh: 甲, en: A}, hazards: ['11A01'], level: IV,\n"
    "     location: {latitude: 30.0, longitude: 104.0}}\n"
)


def test_shutdown_cancels_running_drills_and_keeps_finished_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started = asyncio.Event()
    cleaned: list[str] = []

    async def forever(*args: Any, **kwargs: Any) -> Any:
        started.set()
        try:
            await asyncio.sleep(3600)
        finally:
            cleaned.append("reads abandoned")

    async def quick(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("graph gone")

    async def scenario() -> tuple[DrillJobs, float]:
        jobs = DrillJobs()
        monkeypatch.setattr(drill_jobs, "run_drill", quick)
        done = jobs.start(None, SCRIPT, [Strategy.EMKG], seed=1, source="t")  # type: ignore[arg-type]
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        assert done.status is DrillStatus.FAILED
        monkeypatch.setattr(drill_jobs, "run_drill", forever)
        running = jobs.start(None, SCRIPT, [Strategy.EMKG], seed=1, source="t")  # type: ignore[arg-type]
        await asyncio.wait_for(started.wait(), 5)
        assert running.status is DrillStatus.RUNNING
        t0 = time.perf_counter()
        await asyncio.wait_for(jobs.shutdown(), 5)
        return jobs, time.perf_counter() - t0

    jobs, seconds = asyncio.run(scenario())
    statuses = sorted(j.status.value for j in jobs.jobs.values())
    assert statuses == ["cancelled", "failed"]
    cancelled = next(j for j in jobs.jobs.values() if j.status is DrillStatus.CANCELLED)
    assert cancelled.error == SHUTDOWN_MESSAGE and cancelled.finished_at is not None
    assert cleaned == ["reads abandoned"]  # the drill's own cleanup ran
    assert jobs.tasks == {} and jobs.running() == 0
    assert seconds < 1.0  # it did not wait out the hour


def test_shutdown_with_nothing_running_returns_at_once() -> None:
    asyncio.run(asyncio.wait_for(DrillJobs().shutdown(), 1))
