"""The load test's lean HTTP client (benchmarks/loopback_client.py) against a real socket:
keep-alive, Content-Length, chunked and gzip answers, a broken connection and a time-out."""

from __future__ import annotations

import asyncio
import gzip
import importlib.util
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

# benchmarks/ is scripts, not a package of the project: load the module from its file
_FILE = Path(__file__).resolve().parents[2] / "benchmarks" / "loopback_client.py"
_SPEC = importlib.util.spec_from_file_location("loopback_client", _FILE)
assert _SPEC is not None and _SPEC.loader is not None
_MODULE = importlib.util.module_from_spec(_SPEC)
sys.modules["loopback_client"] = _MODULE
_SPEC.loader.exec_module(_MODULE)
HTTPFailure = _MODULE.HTTPFailure
LoopbackClient = _MODULE.LoopbackClient

Reply = Callable[[bytes], bytes | None]  # request body -> raw answer (None: hang up)


async def _serve(reply: Reply) -> tuple[asyncio.Server, int, list[bytes], list[asyncio.Task[None]]]:
    seen: list[bytes] = []
    handlers: list[asyncio.Task[None]] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        handlers.append(asyncio.current_task())  # type: ignore[arg-type]
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    break  # the client closed the connection
                length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
                body = await reader.readexactly(length)
                seen.append(head + body)
                answer = reply(body)
                if answer is None:
                    break
                writer.write(answer)
                await writer.drain()
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1], seen, handlers


def _run(
    reply: Reply, go: Callable[[LoopbackClient], Awaitable[None]], timeout: float = 5
) -> list[bytes]:
    async def main() -> list[bytes]:
        server, port, seen, handlers = await _serve(reply)
        async with server:
            async with LoopbackClient(f"http://127.0.0.1:{port}/graphql", timeout=timeout) as c:
                await go(c)
            await asyncio.gather(*handlers)  # each ends when the client has hung up
        return seen

    return asyncio.run(main())


def test_answers_of_every_framing_are_decoded_on_one_connection() -> None:
    body = json.dumps({"data": {"echo": "水域救援"}}).encode()
    packed = gzip.compress(body)
    answers = iter(
        [
            b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body),
            b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n%s"
            % (len(packed), packed),
            b"HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n"
            b'5\r\n{"a":\r\n2\r\n1}\r\n0\r\n\r\n',
        ]
    )

    async def go(c: LoopbackClient) -> None:
        for expected in ((200, {"data": {"echo": "水域救援"}}),) * 2 + ((503, {"a": 1}),):
            assert await c.post_json({"query": "{ echo }"}, {"Authorization": "Bearer k"}) == (
                expected
            )

    seen = _run(lambda _: next(answers), go)
    assert len(seen) == 3  # one connection kept alive: the server read all three from it
    assert b"POST /graphql HTTP/1.1\r\n" in seen[0] and b"Authorization: Bearer k\r\n" in seen[0]
    assert b"Accept-Encoding: gzip\r\n" in seen[0] and seen[0].endswith(b'{"query":"{ echo }"}')


def test_a_hang_up_and_a_time_out_are_errors_and_the_next_request_reconnects() -> None:
    ok = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"
    answers = iter([None, ok])

    async def go(c: LoopbackClient) -> None:
        with pytest.raises(HTTPFailure):
            await c.post_json({}, {})
        assert await c.post_json({}, {}) == (200, {})

    _run(lambda _: next(answers), go)

    async def slow(c: LoopbackClient) -> None:
        with pytest.raises(TimeoutError):
            await c.post_json({}, {})

    _run(lambda _: b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{", slow, timeout=0.3)
