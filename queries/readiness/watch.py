"""The readiness watch: after every change to the registry, raise or clear readiness alerts.

Each API process runs one `ReadinessWatch` (started in the app's lifespan). Every
`POLL_INTERVAL_S` it reads the audit entries written since the last poll (any writer,
any process: the graph is the one feed) and, for each entry that touched a team or an
equipment stock, re-checks the plans that prescribe what those units provide, at each
response level they prescribe it, in the counties within reach of the units
(queries/readiness/assess.py), with the units as they are and as the entry says they
were. A prescription MET before and not MET now raises an alert (since the entry's
time, naming the entry); an open alert whose prescription is MET again is cleared. The
entries one poll finds are examined together, as one change (the units as they were before
the first against now; an alert names the last entry), so the watch's cost follows its
polls, not the registry's rate of change; should that fail for an entry's own fault, they
are examined one by one.
Raising is idempotent (one node per plan x level x region x prescription), so several
processes watching the same graph agree; with a `ProcessLease` (kg/process_lease.py) only
the API worker holding it watches, and another takes over when it ends. Changes written
before the process started (or took the lease over) are not re-examined. The checks are
CPU work (numpy over every unit near the change): they run in a worker thread, so the
event loop keeps serving requests meanwhile.

Example::

    watch = ReadinessWatch(runner, lease=ProcessLease.for_key("readiness", uri, db))
    watch.start()            # in the lifespan
    await watch.examine(entry)   # or one entry by hand (tests)
    await watch.stop()
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np

from kg.cypher import CypherRunner
from kg.errors import EmkgError, QueryTimeoutError, StoreUnavailableError
from kg.process_lease import ProcessLease
from queries.catalog.models import AuditEntry
from queries.live.feed import id_floor
from queries.models import ResponseLevel
from queries.readiness.alert_store import (
    AlertWrite,
    Touched,
    apply_alerts,
    counties_near,
    entries_since,
    list_alerts,
    open_alert_ids,
    touched_units,
)
from queries.readiness.alerts import (
    Change,
    alert_id,
    as_before,
    breaks,
    change_of,
    merged,
    touches,
)
from queries.readiness.assess import RegionView, Supply, answers, assess_plan
from queries.readiness.graph import (
    HAZARD,
    REGIONS,
    SUPPLY_EQUIPMENT,
    SUPPLY_EXPERTS,
    Box,
    plans_at,
    supply_for,
)
from queries.readiness.matrix import supply_reach_km
from queries.readiness.model import PlanPrescriptions, RegionPoint, Unit
from queries.readiness.team_read import TEAM_CAPABILITIES, TEAM_COLUMNS
from queries.travel import max_reach_km

POLL_INTERVAL_S = 1.0  # each poll costs a read (~7 ms of CPU): 4 a second were 3% of a core
LOOKBACK_S = 2.0  # entries stamped before they commit (see api/live/relay.py)
# The watch's reads may take this long (the app's runner; EMKG_QUERY_TIMEOUT_S when that is
# longer): a background check that waits for a store busy with commanders' requests, rather
# than passing a change over (a load test at 50 clients timed its reads out at 10 s).
WATCH_QUERY_TIMEOUT_S = 60.0
MAX_TIMEOUTS = 3  # a change whose checks time out (or lose the store) this often is passed over
WATCH_TIMED_OUT = (
    "the readiness watch's read took longer than its limit (%.0f s: the store is busy); the "
    "change is examined again at the next poll (EMKG_QUERY_TIMEOUT_S above 60 raises the limit)"
)
WATCH_GAVE_UP = (
    "the readiness watch passed over %s (%s): its checks timed out or lost the store %d times "
    "in a row; alerts for this change may be missing until the next change to the same units"
)
BATCH = 200
# After a poll that took t seconds the next waits at least PACE * t: when the registry
# changes faster than the watch examines (a load test's 6 status changes a second), the watch
# takes at most 1 / (1 + PACE) of its worker's time instead of all it can get, and alerts
# come a little later; a quiet registry's polls (milliseconds) keep the interval.
PACE = 4.0
ETA_MARGIN_MIN = 1e-6  # see `compare`: rounding apart, the skip is exact
log = logging.getLogger("emkg.readiness")


async def warm_queries(runner: CypherRunner) -> None:
    """Run every readiness query once with empty inputs, so that Neo4j has planned them
    (planning the larger ones takes seconds on a busy machine) before the first real use."""
    box = Box(0.0, 0.0, 0.0, 0.0)
    await plans_at(runner, ResponseLevel.I, plans=[])
    await counties_near(runner, [], 1.0)
    await touched_units(runner, [])
    await open_alert_ids(runner, [])
    await list_alerts(runner, limit=1)
    await entries_since(runner, "~", 1)
    await runner.read_rows(REGIONS, regions=[], boundaries=False)
    for q in (TEAM_COLUMNS, TEAM_CAPABILITIES, SUPPLY_EQUIPMENT, SUPPLY_EXPERTS):
        await runner.read_single(
            q,
            capabilities=[],
            teamTypes=[],
            teams=[],
            equipmentTypes=[],
            experts=[],
            **box.params(),
        )
    await runner.read_rows(HAZARD, id="")


class ReadinessWatch:
    def __init__(
        self,
        runner: CypherRunner,
        *,
        interval_s: float = POLL_INTERVAL_S,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        lease: ProcessLease | None = None,
    ) -> None:
        self.runner, self.interval_s, self.clock = runner, interval_s, clock
        self.lease = lease
        self._task: asyncio.Task[None] | None = None
        self._cursor = ""
        self._seen: set[str] = set()
        self._timeouts: dict[str, int] = {}  # entry id -> checks timed out in a row
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
        if self.lease is not None:
            self.lease.release()

    def _holds_lease(self) -> bool:
        """Whether this process watches now; on taking the lease over, from now on."""
        if self.lease is None or self.lease.held:
            return True
        if not self.lease.acquire():
            return False
        self._cursor, self._seen = id_floor(self.clock()), set()
        log.info("readiness watch: this process watches the registry from now on")
        return True

    async def _run(self) -> None:
        try:
            await warm_queries(self.runner)
        except Exception as e:  # the warm-up only saves time: whatever it meets, watch on
            log.warning("the readiness watch could not warm its queries: %s", e, exc_info=True)
        while True:
            started = time.monotonic()
            try:
                if self._holds_lease():
                    await self.poll()
            except QueryTimeoutError:  # a busy store: the same entries again next poll
                log.warning(WATCH_TIMED_OUT, self.runner.timeout_s)
            except EmkgError as e:  # Neo4j away: try again at the next poll
                log.warning("the readiness watch could not read the graph: %s", e)
            except Exception:  # never let one bad entry stop the watch
                log.exception("the readiness watch failed on an entry")
            await asyncio.sleep(pause_after(time.monotonic() - started, self.interval_s))

    async def poll(self) -> None:
        try:
            at = datetime.strptime(self._cursor[:22], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
            since = id_floor(at - timedelta(seconds=LOOKBACK_S))
        except ValueError:
            since = self._cursor
        self._seen = {i for i in self._seen if i > since}
        fresh = [
            e for e in await entries_since(self.runner, since, BATCH) if e.id not in self._seen
        ]
        if len(fresh) > 1 and await self._examined_together(fresh):
            return
        for entry in fresh:
            try:
                await self.examine(entry)
            except StoreUnavailableError:  # a time-out, Neo4j away: it may pass
                # Not seen yet: the next poll examines this entry (and the ones after it)
                # again, up to MAX_TIMEOUTS times, then passes over it with an error.
                self._retry_or_pass_over(entry.id, entry.id, entry.action)
            except Exception:  # this entry's own fault (it would fail again): pass over it
                log.exception("the readiness watch failed on %s (%s)", entry.id, entry.action)
            self._seen_all([entry])

    async def _examined_together(self, entries: list[AuditEntry]) -> bool:
        """Examine the changes of one poll as one (`examine_together`): their reads and
        checks once, however fast the registry changes. False when that failed for a
        reason of its own (an entry it cannot read): they are then examined one by one."""
        try:
            await self.examine_together(entries)
        except StoreUnavailableError:  # a time-out, Neo4j away: the next poll tries again
            key = entries[-1].id
            self._retry_or_pass_over(key, f"{len(entries)} changes up to {key}", "several")
        except Exception:
            log.warning("the readiness watch examines %d changes one by one", len(entries),
                        exc_info=True)  # fmt: skip
            return False
        self._seen_all(entries)
        return True

    def _retry_or_pass_over(self, key: str, what: str, action: str) -> None:
        """After a busy store or a lost one: re-raise (the next poll tries `key` again)
        until it has failed MAX_TIMEOUTS times in a row, then log that it is passed over.
        Called inside the `except` that caught the error."""
        tries = self._timeouts.get(key, 0) + 1
        if tries < MAX_TIMEOUTS:
            self._timeouts[key] = tries
            raise
        log.error(WATCH_GAVE_UP, what, action, tries)

    def _seen_all(self, entries: list[AuditEntry]) -> None:
        """`entries` are done with: never examined again, the cursor past them."""
        for e in entries:
            self._timeouts.pop(e.id, None)
            self._seen.add(e.id)
            self._cursor = max(self._cursor, e.id)

    async def examine(self, entry: AuditEntry) -> tuple[int, int]:
        """Raise and clear the alerts one change calls for; (raised, cleared)."""
        return await self._examine_logged(change_of(entry), entry)

    async def examine_together(self, entries: list[AuditEntry]) -> tuple[int, int]:
        """The alerts several changes (oldest first) call for together: what was MET before
        the first and is not now; an alert raised names the last of them. A change undone
        within the same poll raises nothing (at 6 status changes a second, examining each
        alone cost more CPU than the worker had to give the watch)."""
        return await self._examine_logged(merged([change_of(e) for e in entries]), entries[-1])

    async def _examine_logged(self, change: Change, entry: AuditEntry) -> tuple[int, int]:
        t0 = time.perf_counter()
        raised, cleared = await self._examine(change, entry)
        if raised or cleared:
            log.info(
                "readiness watch: %s (%s) raised %d, cleared %d alerts in %.0f ms",
                entry.id,
                entry.action,
                raised,
                cleared,
                1000 * (time.perf_counter() - t0),
            )
        return raised, cleared

    async def _examine(self, change: Change, entry: AuditEntry) -> tuple[int, int]:
        touched, affected = await touched_units(
            self.runner, sorted(set(change.units) | set(change.mentioned))
        )
        if not touched:
            return 0, 0
        by_level: dict[str, list[str]] = {}
        for plan_id, level_text in affected:
            by_level.setdefault(level_text, []).append(plan_id)
        if not by_level:
            return 0, 0
        levels = [ResponseLevel(x) for x in sorted(by_level)]
        found = await asyncio.gather(
            *(plans_at(self.runner, lv, plans=by_level[lv.value]) for lv in levels)
        )
        plans = [(lv, p) for lv, ps in zip(levels, found, strict=True) for p in ps]
        longest = max(p.time_standard for _, p in plans)
        near = await counties_near(
            self.runner, [t.location for t in touched], max_reach_km(longest)
        )
        regions = [r for r in near if any(p.applies_in(r.chain) for _, p in plans)]
        if not regions:
            return 0, 0
        every = [p for _, p in plans]
        reach = supply_reach_km(every)
        units, open_ids = await asyncio.gather(
            supply_for(self.runner, every, Box.around([r.point for r in regions], reach)),
            open_alert_ids(self.runner, sorted({p.plan.id for p in every})),
        )
        raise_, clear = await asyncio.to_thread(
            self.compare, change, touched, plans, regions, units, open_ids, reach
        )
        raised, cleared = await apply_alerts(self.runner, raise_, clear, entry)
        self.raised, self.cleared = self.raised + raised, self.cleared + cleared
        return raised, cleared

    @staticmethod
    def compare(
        change: Change,
        touched: list[Touched],
        plans: list[tuple[ResponseLevel, PlanPrescriptions]],
        regions: list[RegionPoint],
        units: list[Unit],
        open_ids: set[str],
        reach: float,
    ) -> tuple[list[AlertWrite], list[str]]:
        """The alerts to raise (MET before, not now; or still open and not met) and to clear
        (open and met again), for the prescriptions the touched units answer (pure)."""
        ids = {t.id for t in touched}
        now = Supply.of(units)
        was = as_was(now, as_before(units, change))
        mine = [u for u in units if touches(u, ids)]
        # A status change alters a prescription's result in a region only through units that
        # can be sent in time there: where every unit whose status changed is slower than the
        # plan's time standard and no alert is open, before and now agree (nothing to do).
        changed = np.flatnonzero(now.usable != was.usable) if was.index is now.index else None
        # the fastest of those units per region, for every region at once (the skip below
        # needs no more; a region's full ETAs are computed only when it is assessed); a
        # margin keeps a region whose fastest arrival is within rounding of a standard
        fastest = (
            dict(zip((r.region.id for r in regions), now.fastest(changed, regions), strict=True))
            if changed is not None
            else {}
        )
        alerted = {k.rpartition("|")[0] for k in open_ids}  # plan|level|region
        # a region's ETAs depend on where the units are, not on their status: computed once
        # per region, shared by every plan checked there, before and now
        views: dict[str, tuple[RegionView, RegionView]] = {}

        def views_of(region: RegionPoint) -> tuple[RegionView, RegionView]:
            hit = views.get(region.region.id)
            if hit is None:
                eta, km = now.etas(region)
                hit = views[region.region.id] = (RegionView(eta, km), RegionView(eta, km))
            return hit

        raise_: list[AlertWrite] = []
        clear: list[str] = []
        for level, plan in plans:
            prefix = f"{plan.plan.id}|{level.value}|"
            focus = replace(
                plan,
                items=tuple(
                    p
                    for p in plan.items
                    if any(answers(u, p) for u in mine)
                    or any(k.startswith(prefix) and k.endswith(f"|{p.key}") for k in open_ids)
                ),
            )
            if not focus.items:
                continue
            for region in regions:
                if not plan.applies_in(region.chain):
                    continue
                if (
                    changed is not None
                    and f"{prefix}{region.region.id}" not in alerted
                    and fastest[region.region.id] > plan.time_standard + ETA_MARGIN_MIN
                ):
                    continue
                v_now, v_was = views_of(region)
                after = assess_plan(
                    focus, region, level, now, reach_km=reach, view=v_now
                ).prescriptions
                prior = assess_plan(
                    focus, region, level, was, reach_km=reach, view=v_was
                ).prescriptions
                for b, a in zip(prior, after, strict=True):
                    key = alert_id(plan.plan.id, level.value, region.region.id, a.prescribed.key)
                    if breaks(b, a) or (key in open_ids and a.status != "MET"):
                        raise_.append(
                            AlertWrite(
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
                        )
                    elif key in open_ids and a.status == "MET":
                        clear.append(key)
        return raise_, clear


def pause_after(took_s: float, interval_s: float) -> float:
    """Seconds to wait before the next poll (see PACE)."""
    return max(interval_s, PACE * took_s)


def as_was(now: Supply, before: list[Unit]) -> Supply:
    """The supply with the units as they were (`before`, row for row): when the entry
    changed only whether units may be sent (a status), `now` with that column replaced;
    otherwise (capabilities, quantities) built anew."""
    same = all(
        a is b or replace(b, status=a.status, usable=a.usable, holder_usable=a.holder_usable) == a
        for a, b in zip(now.units, before, strict=True)
    )
    if not same:
        return Supply.of(before)
    usable = np.array([u.usable for u in before], dtype=np.bool_)
    return replace(now, units=tuple(before), usable=usable)
