"""Security headers on every response: no sniffing, no framing, a strict CSP for the UI.

The UI is plain ES modules served from ``/``: scripts only from this origin (no inline
script, no ``eval``), data only from this origin (``connect-src 'self'``), images also
from the configured tile server. ``style-src`` allows inline styles (Leaflet and the
legends set them; styles cannot run script). ``/graphql`` keeps no CSP so the
development GraphiQL page can load; it is never framed either.

Example::

    app = SecurityHeaders(app, tile_url=settings.tile_url)
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def content_security_policy(tile_url: str | None) -> str:
    tiles = ""
    if tile_url:
        parts = urlsplit(tile_url.replace("{s}", "a"))
        host = parts.netloc.replace("a.", "*.", 1) if "{s}" in tile_url else parts.netloc
        tiles = f" {parts.scheme}://{host}"
    return (
        "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
        f"img-src 'self' data: blob:{tiles}; connect-src 'self'; "
        "style-src 'self' 'unsafe-inline'; font-src 'self'; frame-ancestors 'none'; "
        "form-action 'self'"
    )


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, tile_url: str | None = None) -> None:
        self.app = app
        self.csp = content_security_policy(tile_url)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        ui = not str(scope.get("path", "")).startswith("/graphql")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["X-Frame-Options"] = "DENY"
                headers["Referrer-Policy"] = "no-referrer"
                if ui:
                    headers["Content-Security-Policy"] = self.csp
            await send(message)

        await self.app(scope, receive, with_headers)
