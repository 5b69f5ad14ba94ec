"""InFlightLimit: how many GraphQL requests run at once, in what order the rest get their turn."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from api.admission import InFlightLimit


class _Held:
    """An ASGI app whose requests stay inside until released, recording entries."""

    def __init__(self) -> None:
        self.inside = 0
        self.most = 0
        self.order: list[str] = []
        self.release = asyncio.Event()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.inside += 1
        self.most = max(self.most, self.inside)
        self.order.append(scope.get("query_string", b"").decode())
        await self.release.wait()
        self.inside -= 1


def _http(path: str, tag: str) -> dict[str, Any]:
    return {"type": "http", "path": path, "query_string": tag.encode()}


async def _nothing() -> dict[str, Any]:
    return {"type": "http.request"}


async def _drop(_message: Any) -> None:
    return None


def _io() -> tuple[Any, Any]:
    return _nothing, _drop


async def _until(check: Any) -> None:
    while not check():
        await asyncio.sleep(0)


def test_at_most_limit_requests_are_inside_and_the_rest_enter_in_arrival_order() -> None:
    async def scenario() -> tuple[int, list[str], int]:
        app = _Held()
        limited = InFlightLimit(app, path="/graphql", limit=2)
        calls = []
        for i in range(6):
            calls.append(asyncio.create_task(limited(_http("/graphql", f"r{i}"), _nothing, _drop)))
            await _until(lambda i=i: app.inside + limited.waiting == i + 1)
        waiting = limited.waiting
        app.release.set()
        await asyncio.gather(*calls)
        return app.most, app.order, waiting

    most, order, waiting = asyncio.run(scenario())
    assert most == 2
    assert waiting == 4
    assert order == [f"r{i}" for i in range(6)]


def test_other_paths_and_websockets_never_wait() -> None:
    async def scenario() -> int:
        app = _Held()
        limited = InFlightLimit(app, path="/graphql", limit=1)
        held = asyncio.create_task(limited(_http("/graphql", "a"), _nothing, _drop))
        await _until(lambda: app.inside == 1)
        others = [
            asyncio.create_task(limited(_http("/readyz", "b"), _nothing, _drop)),
            asyncio.create_task(limited({"type": "websocket", "path": "/graphql"}, *_io())),
        ]
        await _until(lambda: app.inside == 3)  # both entered beside the held request
        inside = app.inside
        app.release.set()
        await asyncio.gather(held, *others)
        return inside

    assert asyncio.run(scenario()) == 3


def test_a_limit_of_zero_means_no_limit() -> None:
    async def scenario() -> int:
        app = _Held()
        limited = InFlightLimit(app, path="/graphql", limit=0)
        calls = [
            asyncio.create_task(limited(_http("/graphql", str(i)), _nothing, _drop))
            for i in range(5)
        ]
        await _until(lambda: app.inside == 5)
        app.release.set()
        await asyncio.gather(*calls)
        return app.most

    assert asyncio.run(scenario()) == 5


def test_a_failing_request_gives_its_place_back() -> None:
    async def boom(scope: Any, receive: Any, send: Any) -> None:
        raise RuntimeError("resolver crashed")

    async def scenario() -> None:
        limited = InFlightLimit(boom, path="/graphql", limit=1)
        for _ in range(3):  # with the place lost, the second call would wait forever
            with pytest.raises(RuntimeError, match="resolver crashed"):
                await asyncio.wait_for(limited(_http("/graphql", "x"), _nothing, _drop), 5)

    asyncio.run(scenario())


def test_a_request_that_waited_too_long_goes_in_beside_the_slow_ones() -> None:
    async def scenario() -> tuple[int, int]:
        app = _Held()
        limited = InFlightLimit(app, path="/graphql", limit=1, max_wait_s=0.05)
        slow = asyncio.create_task(limited(_http("/graphql", "slow"), _nothing, _drop))
        await _until(lambda: app.inside == 1)
        late = asyncio.create_task(limited(_http("/graphql", "late"), _nothing, _drop))
        await asyncio.wait_for(_until(lambda: app.inside == 2), 5)
        app.release.set()
        await asyncio.gather(slow, late)
        most = app.most
        # the late one gave back no place it had not taken: one at a time again after them
        app.release.clear()
        limited.max_wait_s = 60  # from now on no one goes in beside
        after = [
            asyncio.create_task(limited(_http("/graphql", str(i)), _nothing, _drop))
            for i in range(3)
        ]
        await _until(lambda: app.inside == 1 and limited.waiting == 2)
        inside = app.inside
        app.release.set()
        await asyncio.gather(*after)
        return most, inside

    most, inside = asyncio.run(scenario())
    assert most == 2 and inside == 1
