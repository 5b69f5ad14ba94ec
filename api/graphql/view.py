"""The GraphQL-over-HTTP endpoint: auth gate, typed context, media types, request timeout.

- No or unknown key -> HTTP 401 (``WWW-Authenticate: Bearer``) before any GraphQL runs.
- ``Accept: application/graphql-response+json`` gets that media type, and a
  request that could not run (parse/validation/variable errors, no ``data``)
  gets status 400, as the GraphQL-over-HTTP spec asks; ``application/json``
  keeps 200.
- A whole request is bounded by ``Settings.query_timeout_s`` (+1 s): past it,
  an UNAVAILABLE error; each Cypher statement also carries the timeout.

Example::

    Route("/graphql", AuthGate(EmkgGraphQL(schema), keys, metrics), methods=["GET", "POST"])
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, cast

import orjson
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ConnectionInitMessage
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from api.auth import Permission
from api.auth.headers import UnauthenticatedError, principal_from_headers
from api.auth.keys import ANONYMOUS, KeyStoreError
from api.graphql.context import Context
from api.quality_values import weighted_values
from api.route_auth import Refusal, sign_in
from api.state import app_state
from kg.cypher import CypherRunner

GRAPHQL_RESPONSE = "application/graphql-response+json"
# A subscription socket whose key cannot be checked (the key store is down) is closed with
# the WebSocket "Try Again Later" code: the board reconnects with backoff, unlike 4403.
TRY_AGAIN_LATER = 1013


def wants_graphql_response(accept: str) -> bool:
    """True when the client prefers application/graphql-response+json over application/json."""
    best: tuple[float, str] | None = None
    for media, q in weighted_values(accept):
        if media in (GRAPHQL_RESPONSE, "application/json") and (best is None or q > best[0]):
            best = (q, media)
    return best is not None and best[1] == GRAPHQL_RESPONSE


def is_request_error(result: ExecutionResult) -> bool:
    """The operation never ran (parse, validation, variables): no data, no error path."""
    return (
        result.data is None
        and bool(result.errors)
        and all(e.path is None for e in result.errors or [])
    )


class AuthGate:
    """Refuse /graphql without a valid key (401); the GraphiQL page itself is open in dev."""

    def __init__(self, app: ASGIApp, *, ide_open: bool) -> None:
        self.app = app
        self.ide_open = ide_open

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        if self.ide_open and self._is_ide_page(request):
            await self.app(scope, receive, send)
            return
        signed = await sign_in(request)
        if isinstance(signed, Refusal):
            await _refused(signed)(scope, receive, send)
            return
        scope.setdefault("state", {})["principal"] = signed
        await self.app(scope, receive, send)

    @staticmethod
    def _is_ide_page(request: Request) -> bool:
        return (
            request.method == "GET"
            and "text/html" in request.headers.get("accept", "")
            and "query" not in request.query_params
        )


def _refused(refusal: Refusal) -> Response:
    """A refused sign-in as a GraphQL-over-HTTP error body."""
    body = {"errors": [{"message": refusal.message, "extensions": {"code": refusal.code}}]}
    return Response(
        json.dumps(body),
        status_code=refusal.status,
        media_type="application/json",
        headers=refusal.headers,
    )


class BoardSocket(BaseGraphQLTransportWSHandler[Context, None]):
    """graphql-transport-ws with one addition: a key store that cannot be read during
    ``connection_init`` closes the socket with TRY_AGAIN_LATER and says why."""

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        try:
            await super().handle_connection_init(message)
        except KeyStoreError as e:
            # A close reason is at most 123 bytes: the code says enough for a client.
            await self.websocket.close(code=TRY_AGAIN_LATER, reason=e.code)


class EmkgGraphQL(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = BoardSocket

    async def get_context(self, request: Any, response: Any = None) -> Context:
        state = app_state(request)
        runner = CypherRunner(
            state.driver, state.database, timeout_s=state.settings.query_timeout_s
        )
        return Context(
            request=request,
            state=state,
            principal=getattr(request.state, "principal", ANONYMOUS),
            runner=runner,
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """A subscription socket authenticates once, in ``connection_init``: the payload
        ``{"authorization": "Bearer <key>"}`` (or ``{"apiKey": "<key>"}``) names a key that may
        read; otherwise the socket is closed with 4403 (and a refusal is counted like a 401).
        A key store that cannot be read is not the caller's fault: KeyStoreError goes on to
        `BoardSocket`, which closes with TRY_AGAIN_LATER (as HTTP answers 503, not 401)."""
        params = context.connection_params or {}
        state = context.state
        headers = {
            "authorization": str(params.get("authorization") or params.get("Authorization") or ""),
            "x-api-key": str(params.get("apiKey") or ""),
        }
        try:
            principal = await principal_from_headers(headers, state.keys)
        except UnauthenticatedError as e:
            state.metrics.unauthenticated()
            raise ConnectionRejectionError({"message": str(e), "code": e.code}) from e
        if not principal.can(Permission.READ):
            raise ConnectionRejectionError(
                {"message": "this key may not read", "code": "FORBIDDEN"}
            )
        context.principal = principal
        return cast(UnsetType, UNSET)

    async def get_sub_response(self, request: Any) -> Response:
        sub = await super().get_sub_response(request)
        request.state.sub_response = sub
        return sub

    async def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        request: Request = kwargs["request"]
        timeout = app_state(request).settings.query_timeout_s + 1.0
        try:
            async with asyncio.timeout(timeout):
                return await super().execute_operation(*args, **kwargs)
        except TimeoutError:
            return ExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        f"the request took longer than {timeout:.0f}s and was stopped "
                        "(the graph database may be slow or unreachable); retry, narrow it "
                        "(smaller pages, fewer nested fields) or raise EMKG_QUERY_TIMEOUT_S",
                        extensions={"code": "TIMEOUT"},
                    )
                ],
            )

    async def process_result(self, request: Any, result: ExecutionResult) -> GraphQLHTTPResponse:
        processed = await super().process_result(request, result)
        if wants_graphql_response(request.headers.get("accept", "")):
            sub = request.state.sub_response
            sub.media_type = GRAPHQL_RESPONSE
            if is_request_error(result):
                sub.status_code = 400
                processed.pop("data", None)
        return processed

    def encode_json(self, data: object) -> str:
        """orjson (a listing's body in a tenth of json.dumps' time; UTF-8, not \\u-escaped),
        as text (graphql-transport-ws frames must be text); json.dumps for what orjson
        refuses (integers past 64 bits)."""
        try:
            return orjson.dumps(data).decode()
        except TypeError:
            return json.dumps(data, separators=(",", ":"))

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        response = super().create_response(response_data, sub_response)
        if getattr(sub_response, "media_type", None) == GRAPHQL_RESPONSE:
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
        return response
