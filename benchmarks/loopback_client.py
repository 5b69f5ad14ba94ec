"""A lean HTTP/1.1 client for the load test: one keep-alive connection per simulated
client, JSON POSTs, gzip answers (as a browser or httpx asks for them) decoded.

The load test's 50 clients share the 2 cores with the server and Neo4j, so what the
harness itself burns is taken from what it measures: httpx cost ~3 ms of CPU a request
(its request and response models, header normalisation, the h11 state machine), this
client a fraction of that. It speaks just what the load test needs: POST with a body,
a status line, headers, a Content-Length or chunked body, gzip.

Example::

    async with LoopbackClient("http://127.0.0.1:8771/graphql", timeout=30) as http:
        status, body = await http.post_json({"query": "{ teams(first: 1) { nodes { id } } }"},
                                            {"Authorization": "Bearer ..."})
"""

from __future__ import annotations

import asyncio
import zlib
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import orjson


class HTTPFailure(Exception):
    """The connection broke or the answer was not HTTP the client understands."""


class LoopbackClient:
    def __init__(self, url: str, *, timeout: float) -> None:
        parts = urlsplit(url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.path = parts.path or "/"
        self.timeout = timeout
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def __aenter__(self) -> LoopbackClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def local_port(self) -> int | None:
        """This connection's own port (None before the first request): what the server's
        side of it shows as the peer's port."""
        if self._writer is None:
            return None
        port: int = self._writer.get_extra_info("sockname")[1]
        return port

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None

    async def post_json(self, payload: Any, headers: dict[str, str]) -> tuple[int, Any]:
        """POST `payload` as JSON; (status, decoded JSON body). A time-out raises
        TimeoutError and a broken connection HTTPFailure (the connection is dropped either
        way: the next request opens a new one)."""
        body = orjson.dumps(payload)
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        request = (
            f"POST {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Content-Type: application/json\r\nAccept-Encoding: gzip\r\n"
            f"Content-Length: {len(body)}\r\n{head}\r\n"
        ).encode() + body
        try:
            async with asyncio.timeout(self.timeout):
                return await self._exchange(request)
        except BaseException:
            self.close()
            raise

    async def _exchange(self, request: bytes) -> tuple[int, Any]:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        assert self._reader is not None
        self._writer.write(request)
        try:
            head = await self._reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError) as e:
            raise HTTPFailure(f"the connection closed: {e}") from e
        lines = head.decode("latin-1").split("\r\n")
        try:
            status = int(lines[0].split(" ", 2)[1])
        except (IndexError, ValueError) as e:
            raise HTTPFailure(f"not an HTTP status line: {lines[0]!r}") from e
        fields: dict[str, str] = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                fields[name.strip().lower()] = value.strip()
        if fields.get("transfer-encoding", "").lower() == "chunked":
            data = await self._chunked()
        else:
            data = await self._reader.readexactly(int(fields.get("content-length", "0")))
        if fields.get("content-encoding") == "gzip":
            data = zlib.decompress(data, 16 + zlib.MAX_WBITS)
        if fields.get("connection", "").lower() == "close":
            self.close()
        return status, orjson.loads(data) if data else None

    async def _chunked(self) -> bytes:
        assert self._reader is not None
        out = bytearray()
        while True:
            size = int((await self._reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self._reader.readuntil(b"\r\n")  # no trailers are sent to us
                return bytes(out)
            out += await self._reader.readexactly(size)
            await self._reader.readexactly(2)
