"""Who is calling an HTTP endpoint: the API key in the request headers -> a `Principal`.

Every endpoint that takes API keys (``/graphql``, ``/loads``) calls
`principal_from_headers`, so all accept the same headers (``Authorization:
Bearer <key>`` or ``X-API-Key: <key>``) and refuse with the same message; each
answers the refusal with 401, `CHALLENGE` and counts it (``Metrics.unauthenticated``).

Example::

    try:
        principal = await principal_from_headers(request.headers, state.keys)
    except UnauthenticatedError as e:
        state.metrics.unauthenticated()
        return JSONResponse({"error": str(e), "code": e.code}, 401, headers=CHALLENGE)
"""

from __future__ import annotations

from collections.abc import Mapping

from api.auth.graph_keys import GraphKeyStore
from api.auth.keys import Principal, key_from_headers
from kg.errors import EmkgError

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="emkg"'}


class UnauthenticatedError(EmkgError):
    """No API key, or one that is unknown or revoked; the message says how to get one."""

    code = "UNAUTHENTICATED"

    def __init__(self, *, had_key: bool) -> None:
        why = "the API key is unknown or revoked" if had_key else "no API key was sent"
        super().__init__(
            f"{why}; send 'Authorization: Bearer <key>' (or 'X-API-Key: <key>'); "
            "create a key with `emkg keys create --role integrator`"
        )
        self.had_key = had_key


async def principal_from_headers(headers: Mapping[str, str], keys: GraphKeyStore) -> Principal:
    """The caller named by the request's API key; `UnauthenticatedError` if there is none.

    Example::

        (await principal_from_headers({"authorization": f"Bearer {key}"}, keys)).role
    """
    key = key_from_headers(headers)
    principal = await keys.verify(key) if key else None
    if principal is None:
        raise UnauthenticatedError(had_key=key is not None)
    return principal
