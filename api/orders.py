"""``GET /orders/{incidentId}`` (the dispatch order as a printable page) and
``GET /orders/{incidentId}.pdf`` (the same page printed to PDF by headless Chromium).

The key is sent as ``/graphql`` takes it (``Authorization: Bearer <key>``); any role
that may read gets the order, contacts only for roles that may dispatch. ``?lang=zh``
or ``?lang=en`` chooses the language (default: Accept-Language, Chinese first).

The PDF is Chromium's print of the very page the browser prints, so both look the
same. Chromium is found at /usr/bin/chromium (``make chromium`` installs Debian's);
without it the PDF answer is 503 saying so, and the HTML page still prints to PDF from
any browser ("Save as PDF").

Example::

    curl -H "Authorization: Bearer $KEY" "http://127.0.0.1:8000/orders/INC-...?lang=en"
    curl -H "Authorization: Bearer $KEY" -o order.pdf "http://127.0.0.1:8000/orders/INC-....pdf"
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from api.auth import Permission, Principal
from api.messages import Lang, lang_from_accept_language
from api.order_document import render_order
from api.route_auth import json_error as _error
from api.route_auth import requires
from api.state import app_state
from kg.cypher import CypherRunner
from kg.errors import EmkgError
from queries.incidents.orders import order_document

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "chromium")
PDF_TIMEOUT_S = 60.0


def chromium_path() -> str | None:
    for c in CHROMIUM_CANDIDATES:
        found = shutil.which(c)
        if found:
            return found
    return None


async def print_pdf(html: str, chromium: str) -> bytes:
    """`html` printed to an A4 PDF by headless Chromium (no header or footer)."""
    with tempfile.TemporaryDirectory(prefix="emkg-order-") as tmp:
        src, out = Path(tmp) / "order.html", Path(tmp) / "order.pdf"
        src.write_text(html, encoding="utf-8")
        proc = await asyncio.create_subprocess_exec(
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--no-pdf-header-footer",
            f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={out}", src.as_uri(),
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        try:
            await asyncio.wait_for(proc.wait(), PDF_TIMEOUT_S)
        except TimeoutError:
            proc.kill()
            await proc.wait()
            raise
        if not out.exists():
            raise RuntimeError(f"chromium exited with {proc.returncode} and wrote no PDF")
        return out.read_bytes()


def _lang(request: Request) -> Lang:
    asked = request.query_params.get("lang", "").lower()
    if asked in ("zh", "en"):
        return "en" if asked == "en" else "zh"
    return lang_from_accept_language(request.headers.get("accept-language"))


@requires(Permission.READ, "read orders")
async def dispatch_order(request: Request, principal: Principal) -> Response:
    state = app_state(request)
    name = request.path_params["incident"]
    pdf = name.endswith(".pdf")
    incident = name[: -len(".pdf")] if pdf else name
    runner = CypherRunner(state.driver, state.database, timeout_s=state.settings.query_timeout_s)
    try:
        doc = await order_document(runner, incident)
    except EmkgError as e:
        return _error(503 if e.is_retryable() else 500, e.code, str(e))
    if doc is None:
        return _error(404, "NOT_FOUND", f"there is no live incident '{incident}'")
    page = render_order(doc, _lang(request), contacts=principal.can(Permission.DISPATCH))
    headers = {"Cache-Control": "no-store"}
    if not pdf:
        return HTMLResponse(page, headers=headers)
    chromium = chromium_path()
    if chromium is None:
        return _error(
            503,
            "PDF_UNAVAILABLE",
            "no Chromium to print the PDF: install it (`make chromium`, or apt-get install "
            f"chromium), or open /orders/{incident} and print it to PDF from the browser",
        )
    try:
        data = await print_pdf(page, chromium)
    except (TimeoutError, RuntimeError, OSError) as e:
        return _error(503, "PDF_UNAVAILABLE", f"printing the PDF failed: {e}")
    headers["Content-Disposition"] = f'inline; filename="{incident}.pdf"'
    return Response(data, media_type="application/pdf", headers=headers)


def order_routes() -> list[BaseRoute]:
    return [Route("/orders/{incident}", dispatch_order, methods=["GET"])]
