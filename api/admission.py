"""How many GraphQL requests one API process works on at once; the rest wait their turn.

Without a limit an API process interleaves every request it has accepted: each `await`
on Neo4j puts a request at the back of the event loop's queue, so under load the
requests share the process's CPU (processor sharing) and one that waits on Neo4j five
times (a recommendation) queues five times, far longer than a list that waits once.
With `InFlightLimit` at most `limit` requests of ``/graphql`` are being worked on; the
others wait in arrival order (an asyncio semaphore's waiters are first come, first
served) and then run with the CPU to themselves. Every request then waits about the
same time for its turn and takes its own service time after it: a commander's
recommendation no longer takes twice an integrator's list to come back.

Only HTTP requests to ``path`` are counted; subscriptions (WebSocket), the health,
readiness and metrics routes, the UI's files and uploads are never held. The limit is per
process (`EMKG_MAX_IN_FLIGHT`, `Settings.max_in_flight`; 0: no limit).

Example::

    app = InFlightLimit(app, path="/graphql", limit=4)
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Receive, Scope, Send


class InFlightLimit:
    """At most `limit` HTTP requests to `path` in the app at once (0: no limit)."""

    def __init__(self, app: ASGIApp, *, path: str, limit: int) -> None:
        self.app = app
        self.path = path
        self.limit = limit
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
        try:
            await slots.acquire()
        finally:
            self.waiting -= 1
        try:
            await self.app(scope, receive, send)
        finally:
            slots.release()
