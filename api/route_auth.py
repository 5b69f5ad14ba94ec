"""Authentication and permission for the plain HTTP routes beside /graphql (uploads, dispatch
orders, EDXL-RM downloads), written once.

A route handler takes the request and the signed-in principal; `requires` wraps it so that
a missing or unknown key answers 401 (counted in /metrics), a key store that cannot be read
503 (fail closed, saying why) and a role without the permission 403 naming what it may not
do. Errors are JSON ``{"error": message, "code": code}``, as /graphql's HTTP errors are.

Example::

    @requires(Permission.READ, "read orders")
    async def dispatch_order(request: Request, principal: Principal) -> Response: ...
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.auth import CHALLENGE, Permission, Principal, UnauthenticatedError, principal_from_headers
from api.auth.keys import KeyStoreError
from api.state import app_state

Handler = Callable[[Request, Principal], Awaitable[Response]]


def json_error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> Response:
    return JSONResponse({"error": message, "code": code}, status_code=status, headers=headers)


def requires(
    permission: Permission, doing: str
) -> Callable[[Handler], Callable[[Request], Awaitable[Response]]]:
    """Run the handler only for a valid key whose role has `permission`."""

    def wrap(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def route(request: Request) -> Response:
            state = app_state(request)
            try:
                principal = await principal_from_headers(request.headers, state.keys)
            except UnauthenticatedError as e:
                state.metrics.unauthenticated()
                return json_error(401, e.code, str(e), headers=CHALLENGE)
            except KeyStoreError as e:  # fail closed, and say why
                return json_error(503, e.code, str(e))
            if not principal.can(permission):
                return json_error(
                    403, "FORBIDDEN", f"the {principal.role.value} role may not {doing}"
                )
            return await handler(request, principal)

        route.__name__ = handler.__name__
        route.__doc__ = handler.__doc__
        return route

    return wrap
