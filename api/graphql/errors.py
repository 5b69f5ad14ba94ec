"""Give every GraphQL error a stable `extensions.code`; in production, mask the unexpected.

Codes: BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, UNAVAILABLE, TIMEOUT, STORE_CREDENTIALS,
INTERNAL (from kg.errors), GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, QUERY_TOO_COMPLEX
(depth, alias and token limits). An unexpected error in production becomes
"unexpected error" with a reference id that is in the server log; never a
stack trace.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator

from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import SchemaExtension

from api.graphql.limits import QueryTooComplexError
from kg.errors import EmkgError

log = logging.getLogger("emkg.api")
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")

_TOO_COMPLEX = (
    "exceeds maximum operation depth",
    "aliases found",
    "maximum number of tokens",
    "more than",
    "tokens",
)


def code_for(error: GraphQLError) -> str:
    if isinstance(error, QueryTooComplexError):
        return "QUERY_TOO_COMPLEX"
    original = error.original_error
    if isinstance(original, EmkgError):
        return original.code
    if original is not None and not isinstance(original, GraphQLError):
        return "INTERNAL"
    message = error.message
    if any(s in message for s in _TOO_COMPLEX):
        return "QUERY_TOO_COMPLEX"
    if isinstance(error, GraphQLSyntaxError) or message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    if message.startswith("Variable '$"):
        return "BAD_USER_INPUT"
    return "GRAPHQL_VALIDATION_FAILED"


def _masked(error: GraphQLError) -> GraphQLError:
    ref = uuid.uuid4().hex[:12]
    log.error("unexpected error (ref %s): %s", ref, error.message, exc_info=error.original_error)
    return GraphQLError(
        f"unexpected error (reference {ref}); the server logged the details",
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={"code": "INTERNAL"},
    )


class ErrorCodes(SchemaExtension):
    """Sets `extensions.code` on every error; masks INTERNAL errors when `mask` is true."""

    def __init__(self, *, mask: bool = False) -> None:
        self.mask = mask

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        out = []
        for error in result.errors:
            code = code_for(error)
            if self.mask and code == "INTERNAL":
                out.append(_masked(error))
                continue
            if self.mask and _SUGGESTION.search(error.message):
                # "Did you mean 'teams'?" would let anyone map the schema in production.
                error = GraphQLError(
                    _SUGGESTION.sub("", error.message),
                    nodes=error.nodes,
                    source=error.source,
                    positions=error.positions,
                    path=error.path,
                    original_error=error.original_error,
                    extensions=error.extensions,
                )
            ext = dict(error.extensions or {})
            ext.setdefault("code", code)
            original = error.original_error
            if isinstance(original, EmkgError) and original.details:
                ext.setdefault("details", original.details)
            error.extensions = ext
            out.append(error)
        result.errors = out
