"""Authentication and permission for the plain HTTP routes beside /graphql (uploads, dispatch
orders, EDXL-RM downloads), written once.

A route handler takes the request and the signed-in principal; `requires` wraps it so that
a missing or unknown key answers 401 (counted in /metrics), a key store that cannot be read
503 (fail closed, saying why) and a role without the permission 403 naming what it may not
do. Errors are JSON ``{"error": message, "code": code}``, as /graphql's HTTP errors are.
Each request logs one INFO line, like a GraphQL operation's (api/graphql/request_log.py):
``http route=dispatch_order role=commander status=200 ms=12.3`` (never the key).

Example::

    @requires(Permission.READ, "read orders")
    async def dispatch_order(request: Request, principal: Principal) -> Response: ...
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.auth import CHALLENGE, Permission, Principal, UnauthenticatedError, principal_from_headers
from api.auth.keys import KeyStoreError
from api.state import app_state

Handler = Callable[[Request, Principal], Awaitable[Response]]
log = logging.getLogger("emkg.request")


def json_error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> Response:
    return JSONResponse({"error": message, "code": code}, status_code=status, headers=headers)


@dataclass(frozen=True)
class Refusal:
    """Why a request was not signed in: the HTTP status, the error code and the message."""

    status: int
    code: str
    message: str
    headers: dict[str, str] | None = None


async def sign_in(request: Request) -> Principal | Refusal:
    """The caller the request's key names, or the refusal: 401 for a missing or unknown key
    (counted in /metrics), 503 when the key store cannot be read (fail closed, saying why).
    /graphql (api/graphql/view.py) and the plain routes below answer it in their own form."""
    state = app_state(request)
    try:
        return await principal_from_headers(request.headers, state.keys)
    except UnauthenticatedError as e:
        state.metrics.unauthenticated()
        return Refusal(401, e.code, str(e), CHALLENGE)
    except KeyStoreError as e:
        return Refusal(503, e.code, str(e))


def requires(
    permission: Permission, doing: str
) -> Callable[[Handler], Callable[[Request], Awaitable[Response]]]:
    """Run the handler only for a valid key whose role has `permission`."""

    def wrap(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def answer(request: Request, signed_in: list[Principal]) -> Response:
            signed = await sign_in(request)
            if isinstance(signed, Refusal):
                return json_error(signed.status, signed.code, signed.message, signed.headers)
            signed_in.append(signed)
            if not signed.can(permission):
                return json_error(403, "FORBIDDEN", f"the {signed.role.value} role may not {doing}")
            return await handler(request, signed)

        async def route(request: Request) -> Response:
            t0, status = time.perf_counter(), 500
            signed_in: list[Principal] = []
            try:
                response = await answer(request, signed_in)
                status = response.status_code
                return response
            finally:
                log.info(
                    "http route=%s role=%s status=%d ms=%.1f",
                    handler.__name__,
                    signed_in[0].role.value if signed_in else "anonymous",
                    status,
                    (time.perf_counter() - t0) * 1000.0,
                )

        route.__name__ = handler.__name__
        route.__doc__ = handler.__doc__
        return route

    return wrap
