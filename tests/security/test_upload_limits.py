"""Uploads (issue 14, item 6): the size is counted while the body streams in and the upload
stops at the cap (a 1.5 GB file used to be spooled whole before the 400); a client's file
name is reduced to a plain base name. No services needed."""

from __future__ import annotations

import asyncio
import json

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient
from starlette.types import Message

from api import body_limit
from api.body_limit import UploadLimit
from api.upload import safe_name

CAP = 10_000


async def _form(request: Request) -> Response:
    form = await request.form()
    await form.close()
    return JSONResponse({"ok": True})


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setattr(body_limit, "MAX_UPLOAD_BODY_BYTES", CAP)
    app = Starlette(  # placed as create_app places it
        routes=[Route("/loads", _form, methods=["POST"])],
        middleware=[Middleware(UploadLimit, path="/loads")],
    )
    return TestClient(app)


def test_a_streamed_upload_stops_at_the_cap(client: TestClient) -> None:
    """Driven as a server drives the app (chunk by chunk, no content-length): the app reads
    no more than the cap before the 413."""
    read = 0
    head = b'--b\r\nContent-Disposition: form-data; name="file"; filename="t.csv"\r\n\r\n'
    chunks = [head] + [b"x" * 1000] * 1000  # 1 MB in all, a hundred times the cap
    sent: list[Message] = []

    async def receive() -> Message:
        nonlocal read
        chunk = chunks[read] if read < len(chunks) else b""
        read += 1
        return {"type": "http.request", "body": chunk, "more_body": read < len(chunks)}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http", "method": "POST", "path": "/loads", "raw_path": b"/loads",
        "query_string": b"", "root_path": "", "scheme": "http", "http_version": "1.1",
        "server": ("testserver", 80), "client": ("c", 1),
        "headers": [(b"content-type", b"multipart/form-data; boundary=b")],
    }  # fmt: skip
    asyncio.run(client.app(scope, receive, send))  # type: ignore[arg-type]

    assert sent[0]["status"] == 413
    answer = json.loads(sent[1]["body"])
    assert answer["code"] == "PAYLOAD_TOO_LARGE" and "emkg load" in answer["error"]
    assert read <= CAP // 1000 + 2, f"read {read} KB past a {CAP // 1000} KB cap"


def test_a_declared_length_over_the_cap_is_refused_before_reading(client: TestClient) -> None:
    r = client.post("/loads", files={"file": ("t.csv", b"x" * (CAP + 1))})
    assert r.status_code == 413


def test_a_small_upload_passes(client: TestClient) -> None:
    assert client.post("/loads", files={"file": ("t.csv", b"id\n1\n")}).json() == {"ok": True}


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("teams.csv", "teams.csv"),
        ("..", "upload.csv"),
        ("a/..", "upload.csv"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\win.ini", "win.ini"),
        ("/abs/teams.csv", "teams.csv"),
        (".hidden", "upload.csv"),
        ("", "upload.csv"),
        (None, "upload.csv"),
    ],
)
def test_a_client_file_name_becomes_a_plain_base_name(sent: str | None, kept: str) -> None:
    assert safe_name(sent, "upload.csv") == kept
