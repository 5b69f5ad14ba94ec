"""Caps on what a client may send to ``/graphql``: body size and JSON nesting.

Without them a 10 MB body was read whole and a JSON body of 100k nested brackets made
the server answer 500 (Python's recursion limit). A body over ``MAX_BODY_BYTES``
gets 413, JSON nested deeper than ``MAX_JSON_DEPTH`` gets 400, both with a GraphQL
error body that says the limit. Uploads (``/loads``) have their own, larger cap,
`UploadLimit`, counted while the body streams in (the body is never held whole): it
stops at the limit with 413 instead of spooling a 1.5 GB upload to disk first.

Example::

    app = BodyLimit(app, path="/graphql")
    app = UploadLimit(app, path="/loads")
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 1024 * 1024
MAX_JSON_DEPTH = 64
MAX_UPLOAD_FILE_BYTES = 50 * 1024 * 1024
MAX_UPLOAD_BODY_BYTES = MAX_UPLOAD_FILE_BYTES + 1024 * 1024  # the data file, a mapping, fields
UPLOAD_TOO_LARGE = (
    f"the upload is larger than {MAX_UPLOAD_FILE_BYTES // 2**20} MB; "
    "load a file this size with `emkg load` on the server"
)


def json_depth(body: bytes) -> int:
    """The deepest nesting of [ and { outside strings (a linear scan, no recursion)."""
    if body.count(b"[") + body.count(b"{") <= MAX_JSON_DEPTH:
        return 0  # cannot be deeper than the limit: skip the scan (the usual case)
    depth = deepest = 0
    in_string = escaped = False
    for ch in body.decode("utf-8", errors="replace"):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


async def _json(send: Send, status: int, payload: object) -> None:
    """Answer with `payload` as JSON (the one way both limits answer)."""
    body = json.dumps(payload).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _answer(send: Send, status: int, code: str, message: str) -> None:
    await _json(send, status, {"errors": [{"message": message, "extensions": {"code": code}}]})


def _posts_to(scope: Scope, path: str) -> bool:
    """An HTTP POST to `path`: the only requests a limit looks at."""
    return scope["type"] == "http" and scope.get("path") == path and scope["method"] == "POST"


def _declares_over(scope: Scope, limit: int) -> bool:
    """The request's Content-Length already says it is larger than `limit` bytes."""
    length = dict(scope.get("headers") or []).get(b"content-length")
    return length is not None and length.isdigit() and int(length) > limit


class _PostLimit:
    """An ASGI middleware that checks the POSTs to one path and passes all else through."""

    def __init__(self, app: ASGIApp, *, path: str) -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if _posts_to(scope, self.path):
            await self.limit(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def limit(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


class BodyLimit(_PostLimit):
    def __init__(self, app: ASGIApp, *, path: str = "/graphql") -> None:
        super().__init__(app, path=path)

    async def limit(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or [])
        too_big = (
            f"the request body is larger than {MAX_BODY_BYTES // 1024} KB; "
            "send smaller documents and variables"
        )
        if _declares_over(scope, MAX_BODY_BYTES):
            await _answer(send, 413, "PAYLOAD_TOO_LARGE", too_big)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                await _answer(send, 413, "PAYLOAD_TOO_LARGE", too_big)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if b"json" in headers.get(b"content-type", b"") and json_depth(body) > MAX_JSON_DEPTH:
            await _answer(
                send,
                400,
                "BAD_USER_INPUT",
                f"the JSON body is nested deeper than {MAX_JSON_DEPTH} levels",
            )
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class _TooLarge(Exception):
    """Raised inside the app's receive once the body passes the cap."""


async def _upload_answer(send: Send) -> None:
    await _json(send, 413, {"error": UPLOAD_TOO_LARGE, "code": "PAYLOAD_TOO_LARGE"})


class UploadLimit(_PostLimit):
    """Stop an upload at ``MAX_UPLOAD_BODY_BYTES``, counting as the body streams in."""

    def __init__(self, app: ASGIApp, *, path: str = "/loads") -> None:
        super().__init__(app, path=path)

    async def limit(self, scope: Scope, receive: Receive, send: Send) -> None:
        if _declares_over(scope, MAX_UPLOAD_BODY_BYTES):
            await _upload_answer(send)
            return
        size = 0
        started = False

        async def counted() -> Message:
            nonlocal size
            message = await receive()
            if message["type"] == "http.request":
                size += len(message.get("body", b""))
                if size > MAX_UPLOAD_BODY_BYTES:
                    raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await _upload_answer(send)
