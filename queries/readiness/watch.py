"""The readiness watch: after every change to the registry, raise or clear readiness alerts.

Each API process runs one `ReadinessWatch` (started in the app's lifespan). Every
`POLL_INTERVAL_S` it reads the audit entries written since the last poll (any writer,
any process: the graph is the one feed) and, for each entry that touched a team or an
equipment stock, re-checks the plans that prescribe what those units provide, at each
response level they prescribe it, in the counties within reach of the units
(queries/readiness/assess.py), with the units as they are and as the entry says they
were. A prescription MET before and not MET now raises an alert (since the entry's
time, naming the entry); an open alert whose prescription is MET again is cleared.
Raising is idempotent (one node per plan x level x region x prescription), so several
processes watching the same graph agree. Changes written before the process started
are not re-examined.

Example::

    watch = ReadinessWatch(runner)
    watch.start()            # in the lifespan
    await watch.examine(entry)   # or one entry by hand (tests)
    await watch.stop()
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from kg.cypher import CypherRunner
from kg.errors import EmkgError
from queries.catalog.models import AuditEntry
from queries.live.feed import id_floor
from queries.models import ResponseLevel
from queries.readiness.alert_store import (
    AlertWrite,
    Touched,
    affected_plans,
    clear_alert,
    counties_near,
    entries_since,
    open_alert_ids,
    raise_alert,
    touched_units,
)
from queries.readiness.alerts import alert_id, breaks, change_of, patched
from queries.readiness.assess import Supply, answers, assess_plan
from queries.readiness.graph import Box, plans_at, supply_for
from queries.readiness.matrix import supply_reach_km
from queries.travel import max_reach_km

POLL_INTERVAL_S = 0.25
LOOKBACK_S = 2.0  # entries stamped before they commit (see api/live/relay.py)
BATCH = 200
log = logging.getLogger("emkg.readiness")


class ReadinessWatch:
    def __init__(
        self,
        runner: CypherRunner,
        *,
        interval_s: float = POLL_INTERVAL_S,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.runner, self.interval_s, self.clock = runner, interval_s, clock
        self._task: asyncio.Task[None] | None = None
        self._cursor = ""
        self._seen: set[str] = set()
        self.raised = 0  # alerts raised by this process (tests, logs)
        self.cleared = 0

    def start(self) -> None:
        if self._task is None:
            self._cursor = id_floor(self.clock())
            self._task = asyncio.create_task(self._run(), name="emkg-readiness-watch")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            try:
                await self.poll()
            except EmkgError as e:  # Neo4j away: try again at the next poll
                log.warning("the readiness watch could not read the graph: %s", e)
            except Exception:  # never let one bad entry stop the watch
                log.exception("the readiness watch failed on an entry")
            await asyncio.sleep(self.interval_s)

    async def poll(self) -> None:
        try:
            at = datetime.strptime(self._cursor[:22], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
            since = id_floor(at - timedelta(seconds=LOOKBACK_S))
        except ValueError:
            since = self._cursor
        self._seen = {i for i in self._seen if i > since}
        for entry in await entries_since(self.runner, since, BATCH):
            if entry.id in self._seen:
                continue
            self._seen.add(entry.id)
            self._cursor = max(self._cursor, entry.id)
            await self.examine(entry)

    async def examine(self, entry: AuditEntry) -> tuple[int, int]:
        """Raise and clear the alerts one change calls for; (raised, cleared)."""
        change = change_of(entry)
        touched = await touched_units(
            self.runner, sorted(set(change.units) | set(change.mentioned))
        )
        if not touched:
            return 0, 0
        targets = sorted({t.id for t in touched} | {p for t in touched for p in t.provides})
        raised = cleared = 0
        for plan_id, level_text in await affected_plans(self.runner, targets):
            r, c = await self._check(entry, change.before, touched, plan_id, level_text)
            raised, cleared = raised + r, cleared + c
        self.raised, self.cleared = self.raised + raised, self.cleared + cleared
        return raised, cleared

    async def _check(
        self,
        entry: AuditEntry,
        before: dict[str, dict[str, Any]],
        touched: list[Touched],
        plan_id: str,
        level_text: str,
    ) -> tuple[int, int]:
        level = ResponseLevel(level_text)
        plans = await plans_at(self.runner, level, plan=plan_id)
        plan = plans[0]
        ids = {t.id for t in touched}
        regions = [
            r
            for r in await counties_near(
                self.runner, [t.location for t in touched], max_reach_km(plan.time_standard)
            )
            if plan.applies_in(r.chain)
        ]
        if not regions:
            return 0, 0
        reach = supply_reach_km(plans)
        units = await supply_for(self.runner, plans, Box.around([r.point for r in regions], reach))
        now = Supply.of(units)
        was = Supply.of([patched(u, before.get(u.id)) if u.id in ids else u for u in units])
        relevant = [
            p for p in plan.items if any(answers(u, p) for u in units if u.id in ids)
        ] or list(plan.items)
        focus = replace(plan, items=tuple(relevant))
        open_ids = await open_alert_ids(self.runner, [plan_id])
        raised = cleared = 0
        for region in regions:
            after = assess_plan(focus, region, level, now, reach_km=reach).prescriptions
            prior = assess_plan(focus, region, level, was, reach_km=reach).prescriptions
            for b, a in zip(prior, after, strict=True):
                key = alert_id(plan_id, level.value, region.region.id, a.prescribed.key)
                if breaks(b, a) or (key in open_ids and a.status != "MET"):
                    write = AlertWrite(
                        key,
                        plan.plan,
                        level.value,
                        region.region,
                        a.prescribed.kind,
                        a.prescribed.target,
                        a.status,
                        a.have,
                        a.need,
                    )
                    raised += int(await raise_alert(self.runner, write, entry))
                elif key in open_ids and a.status == "MET":
                    cleared += int(await clear_alert(self.runner, key, entry))
        return raised, cleared
