"""Drills running in the background of the server: start one, ask for its progress.

A drill takes seconds to minutes, longer than a request should wait, so `startDrill`
starts it as an asyncio task on the server's event loop and answers at once with its
id; `drill(id)` reports progress and, when done, the results. The jobs live in this
process's memory (the lifespan owns one `DrillJobs`): a drill reads the graph and never
writes, and its result is saved by the caller (`emkg drill run --save`) when it should
outlive the process. At most MAX_RUNNING run at once; the MAX_KEPT newest are kept.
When the server shuts down, the lifespan calls `shutdown()`: running drills are
cancelled (status ``cancelled``, their graph reads abandoned) before the driver closes.

Example::

    job = jobs.start(runner, script, [Strategy.EMKG], seed=7, source="my.yaml")
    jobs.get(job.id).progress      # 0.0 .. 1.0
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from kg.cypher import CypherRunner
from kg.errors import EmkgError
from queries.drills import DrillResult, DrillScript, Strategy, run_drill
from queries.drills.replay import Replay

MAX_RUNNING = 2
MAX_KEPT = 20
DRILL_QUERY_TIMEOUT_S = 120.0  # per graph read of a drill (EMKG_QUERY_TIMEOUT_S if longer)
SHUTDOWN_MESSAGE = "cancelled: the server shut down while the drill ran; start it again"
log = logging.getLogger("emkg.drills")


class DrillStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"  # the server shut down while it ran


@dataclass
class DrillJob:
    id: str
    script: DrillScript
    strategies: list[Strategy]
    seed: int
    source: str
    started_at: datetime
    status: DrillStatus = DrillStatus.RUNNING
    progress: float = 0.0
    current: str | None = None  # the strategy running now
    finished_at: datetime | None = None
    error: str | None = None
    result: DrillResult | None = None
    result_dict: dict[str, Any] | None = None


class TooManyDrillsError(EmkgError):
    code = "BAD_USER_INPUT"


@dataclass
class DrillJobs:
    jobs: dict[str, DrillJob] = field(default_factory=dict)
    tasks: dict[str, asyncio.Task[None]] = field(default_factory=dict)

    def running(self) -> int:
        return sum(1 for j in self.jobs.values() if j.status is DrillStatus.RUNNING)

    def get(self, drill_id: str) -> DrillJob | None:
        return self.jobs.get(drill_id)

    def start(
        self,
        runner: CypherRunner,
        script: DrillScript,
        strategies: list[Strategy],
        *,
        seed: int,
        source: str,
        replay: Replay | None = None,
    ) -> DrillJob:
        if self.running() >= MAX_RUNNING:
            raise TooManyDrillsError(f"{MAX_RUNNING} drills are running; try again when one ends")
        job = DrillJob(
            id=f"DRILL-{uuid.uuid4().hex[:10]}",
            script=script,
            strategies=strategies,
            seed=seed,
            source=source,
            started_at=datetime.now(UTC),
        )
        self.jobs[job.id] = job
        self._forget_old()
        self.tasks[job.id] = asyncio.create_task(self._run(runner, job, replay))
        return job

    async def _run(self, runner: CypherRunner, job: DrillJob, replay: Replay | None) -> None:
        def progress(fraction: float, strategy: str) -> None:
            job.progress, job.current = round(fraction, 4), strategy

        try:
            job.result = await run_drill(
                runner,
                job.script,
                job.strategies,
                seed=job.seed,
                on_progress=progress,
                replay=replay,
            )
            job.result_dict = job.result.as_dict()
            job.status = DrillStatus.DONE
        except asyncio.CancelledError:
            job.status, job.error = DrillStatus.CANCELLED, SHUTDOWN_MESSAGE
            raise
        except Exception as e:  # the job reports it; the server goes on
            if not isinstance(e, EmkgError):
                log.exception("drill %s failed", job.id)
            job.status, job.error = DrillStatus.FAILED, str(e)
        finally:
            job.finished_at = datetime.now(UTC)
            self.tasks.pop(job.id, None)

    async def shutdown(self) -> None:
        """Cancel every running drill and wait until each has stopped (the lifespan's end:
        before the driver closes, so no drill reads through a closed driver)."""
        tasks = list(self.tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if tasks:
            log.info("cancelled %d running drill(s) at shutdown", len(tasks))

    def _forget_old(self) -> None:
        done = [j for j in self.jobs.values() if j.status is not DrillStatus.RUNNING]
        for j in sorted(done, key=lambda j: j.started_at)[: max(0, len(self.jobs) - MAX_KEPT)]:
            del self.jobs[j.id]
