"""The change relay of one API process: poll the audit trail, fan board events out.

Every change already writes an ``AuditEntry`` in its own transaction, so the
graph is the one feed every process reads (no state that only one process
holds). While anyone in this process is subscribed, one task reads the entries
newer than the last it saw every `POLL_INTERVAL_S` (one query for all
subscribers) and puts their events (queries/live/events.py) on each
subscriber's queue; with no subscribers left it stops polling.

Ids are stamped with the writer's clock before its transaction commits, so an
entry can appear after a newer one was already read. Each poll therefore
re-reads the last `LOOKBACK_S` seconds and skips the ids it has seen: an entry
committed up to that long after it was stamped is still delivered, once. (Clocks
of the writing processes must agree to within that margin: NTP.)

A subscriber that does not keep up (its queue of `QUEUE_SIZE` events is full)
is ended with `SubscriberTooSlowError` rather than slowing the others down.

Example::

    relay = ChangeRelay(CypherRunner(driver, "neo4j"))
    async with relay.subscribe() as events:
        event = await events.get()     # TeamStatusEvent | IncidentEvent
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

from kg.cypher import CypherRunner
from kg.errors import EmkgError
from queries.live.events import BoardEvent, events_from
from queries.live.feed import MAX_BATCH, changes_since, id_floor

POLL_INTERVAL_S = 0.5
LOOKBACK_S = 2.0
QUEUE_SIZE = 1000
MAX_SUBSCRIBERS = 500  # per process: each holds a socket and a queue
log = logging.getLogger("emkg.live")


class SubscriberTooSlowError(EmkgError):
    code = "TOO_SLOW"


class TooManySubscribersError(EmkgError):
    code = "UNAVAILABLE"

    def is_retryable(self) -> bool:
        return True


class _Subscriber:
    def __init__(self) -> None:
        self.queue: asyncio.Queue[BoardEvent | EmkgError] = asyncio.Queue(QUEUE_SIZE + 1)

    def offer(self, event: BoardEvent) -> bool:
        """False (and the subscriber is told to stop) when its queue is full."""
        if self.queue.qsize() >= QUEUE_SIZE:
            self.queue.put_nowait(
                SubscriberTooSlowError(
                    f"this subscription fell {QUEUE_SIZE} events behind and was ended; "
                    "subscribe again (and reload the board to catch up)"
                )
            )
            return False
        self.queue.put_nowait(event)
        return True


class Events:
    """One subscriber's events: ``await events.get()``; raises what ended the stream."""

    def __init__(self, sub: _Subscriber) -> None:
        self._sub = sub

    async def get(self) -> BoardEvent:
        item = await self._sub.queue.get()
        if isinstance(item, EmkgError):
            raise item
        return item


class ChangeRelay:
    def __init__(
        self,
        runner: CypherRunner,
        *,
        interval_s: float = POLL_INTERVAL_S,
        lookback_s: float = LOOKBACK_S,
        max_subscribers: int = MAX_SUBSCRIBERS,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.runner = runner
        self.interval_s, self.lookback_s = interval_s, lookback_s
        self.max_subscribers = max_subscribers
        self.clock = clock
        self._subs: set[_Subscriber] = set()
        self._task: asyncio.Task[None] | None = None
        self._cursor = ""  # the newest id read
        self._seen: set[str] = set()  # ids read within the look-back window
        self.polls = 0  # how many times the graph was read (tests, /metrics)

    @property
    def subscribers(self) -> int:
        return len(self._subs)

    @property
    def polling(self) -> bool:
        return self._task is not None and not self._task.done()

    @contextlib.asynccontextmanager
    async def subscribe(self) -> AsyncIterator[Events]:
        if len(self._subs) >= self.max_subscribers:
            raise TooManySubscribersError(
                f"this server already serves {self.max_subscribers} live subscriptions; "
                "retry later or through another server"
            )
        sub = _Subscriber()
        self._subs.add(sub)
        if not self.polling:
            self._task = asyncio.create_task(self._run(), name="emkg-change-relay")
        try:
            yield Events(sub)
        finally:
            self._subs.discard(sub)
            if not self._subs and self._task is not None:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
                self._task = None

    async def _run(self) -> None:
        # Start from now: what was written before anyone subscribed is not news.
        self._cursor, self._seen = id_floor(self.clock()), set()
        await self._poll(deliver=False)
        while self._subs:
            await asyncio.sleep(self.interval_s)
            try:
                await self._poll(deliver=True)
            except EmkgError as e:  # Neo4j away: keep the subscribers, try again
                log.warning("the change relay could not read the audit trail: %s", e)

    def _since(self) -> str:
        # The cursor's time minus the look-back (ids begin with their UTC time).
        try:
            at = datetime.strptime(self._cursor[:22], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
        except ValueError:
            return self._cursor
        return id_floor(at - timedelta(seconds=self.lookback_s))

    async def _poll(self, *, deliver: bool) -> None:
        since = self._since()
        self._seen = {i for i in self._seen if i > since}
        while True:
            entries = await changes_since(self.runner, since, MAX_BATCH)
            self.polls += 1
            for entry in entries:
                if entry.id in self._seen:
                    continue
                self._seen.add(entry.id)
                self._cursor = max(self._cursor, entry.id)
                if deliver:
                    self._fan_out(events_from(entry))
            if len(entries) < MAX_BATCH:
                return
            since = entries[-1].id  # a burst: page on without the look-back

    def _fan_out(self, events: list[BoardEvent]) -> None:
        for event in events:
            for sub in list(self._subs):
                if not sub.offer(event):
                    self._subs.discard(sub)
