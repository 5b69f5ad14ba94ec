"""How many GraphQL requests one API process works on at once; the rest wait their turn.

Without a limit an API process interleaves every request it has accepted: each `await`
on Neo4j puts a request at the back of the event loop's queue, so under load the
requests share the process's CPU (processor sharing) and one that waits on Neo4j five
times (a recommendation) queues five times, far longer than a list that waits once.
With `InFlightLimit` at most `limit` requests of ``/graphql`` are being worked on; the
others wait in arrival order (an asyncio semaphore's waiters are first come, first
served) and then share the process with at most `limit` - 1 others. Every request then
waits about the same time for its turn and takes its own service time after it: a commander's
recommendation no longer takes twice an integrator's list to come back.

Only HTTP requests to ``path`` are counted; subscriptions (WebSocket), the health,
readiness and metrics routes, the UI's files and uploads are never held. A request that
has waited `MAX_WAIT_S` goes in anyway: a few slow requests (a statement running to its
10 s limit) hold their places, and no one waits behind them for longer than that. The
limit is per process (`EMKG_MAX_IN_FLIGHT`, `Settings.max_in_flight`; 0: no limit).

Example::

    app = InFlightLimit(app, path="/graphql", limit=4)
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Receive, Scope, Send

MAX_WAIT_S = 2.0  # the longest a request waits for a place before it goes in anyway


class InFlightLimit:
    """At most `limit` HTTP requests to `path` in the app at once (0: no limit)."""

    def __init__(
        self, app: ASGIApp, *, path: str, limit: int, max_wait_s: float = MAX_WAIT_S
    ) -> None:
        self.app = app
        self.path = path
        self.limit = limit
        self.max_wait_s = max_wait_s
        self._slots: asyncio.Semaphore | None = None
        self.waiting = 0  # requests waiting for a place (for tests and metrics)

    def _semaphore(self) -> asyncio.Semaphore:
        if self._slots is None:  # made inside the server's event loop, on first use
            self._slots = asyncio.Semaphore(self.limit)
        return self._slots

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.limit <= 0 or scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        slots = self._semaphore()
        self.waiting += 1
        held: bool
        try:
            async with asyncio.timeout(self.max_wait_s):
                held = await slots.acquire()
        except TimeoutError:
            held = False  # waited long enough: in beside the ones holding the places
        finally:
            self.waiting -= 1
        try:
            await self.app(scope, receive, send)
        finally:
            if held:
                slots.release()
