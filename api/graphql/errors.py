"""Give every GraphQL error a stable `extensions.code`; in production, mask the unexpected.

Codes: BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, UNAVAILABLE, TIMEOUT, STORE_CREDENTIALS,
INTERNAL (from kg.errors), GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, QUERY_TOO_COMPLEX
(depth, alias and token limits). Each code is set where the error is made (our
limits; the variable rules, wrapped by `coded_rule` in `ErrorCodes.on_validate`;
`kg.errors` types) or read from the error's type and origin, never from its text.
An unexpected error in production becomes "unexpected error" with a reference id
that is in the server log; never a stack trace.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator

from graphql import (
    ASTValidationRule,
    GraphQLError,
    GraphQLSyntaxError,
    NoUndefinedVariablesRule,
    NoUnusedVariablesRule,
    VariableDefinitionNode,
    VariablesAreInputTypesRule,
    VariablesInAllowedPositionRule,
)
from strawberry.extensions import SchemaExtension

from api.graphql.error_messages import input_field, localised_message
from api.graphql.limits import QueryTooComplexError
from kg.errors import EmkgError

log = logging.getLogger("emkg.api")
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")

# graphql-core's rules about variables: their refusals are the caller's input, not the
# document's shape (coercion errors after validation carry the variable's definition).
_VARIABLE_RULES: tuple[type[ASTValidationRule], ...] = (
    NoUndefinedVariablesRule,
    NoUnusedVariablesRule,
    VariablesAreInputTypesRule,
    VariablesInAllowedPositionRule,
)


def coded_rule(rule: type[ASTValidationRule], code: str) -> type[ASTValidationRule]:
    """`rule`, its errors tagged ``extensions.code = code`` as they are reported.

    Example::

        rule = coded_rule(NoUnusedVariablesRule, "BAD_USER_INPUT")
        validate(schema, parse("query Q($x: Int) { me { role } }"), [rule])  # code set
    """

    class Coded(rule):  # type: ignore[misc, valid-type]
        def report_error(self, error: GraphQLError) -> None:
            error.extensions = {**(error.extensions or {}), "code": code}
            super().report_error(error)

    Coded.__name__ = f"Coded{rule.__name__}"
    return Coded


_CODED_RULES = {rule: coded_rule(rule, "BAD_USER_INPUT") for rule in _VARIABLE_RULES}


def code_for(error: GraphQLError) -> str:
    """The code of `error`: the one set where it was raised, else from its type and origin.

    Example::

        code_for(GraphQLError("x", original_error=NotFoundError("gone")))   # "NOT_FOUND"
    """
    tagged = (error.extensions or {}).get("code")
    if isinstance(tagged, str):
        return tagged
    if isinstance(error, QueryTooComplexError):
        return "QUERY_TOO_COMPLEX"
    original = error.original_error
    if isinstance(original, EmkgError):
        return original.code
    if original is not None and not isinstance(original, GraphQLError):
        return "INTERNAL"
    if isinstance(error, GraphQLSyntaxError):
        return "GRAPHQL_PARSE_FAILED"
    if error.nodes and isinstance(error.nodes[0], VariableDefinitionNode):
        return "BAD_USER_INPUT"  # a variable's value could not be coerced to its type
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

    def on_validate(self) -> Iterator[None]:
        ec = self.execution_context
        ec.validation_rules = tuple(_CODED_RULES.get(r, r) for r in ec.validation_rules)
        yield

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
            if isinstance(original, EmkgError) and original.message_code:
                # The message in the caller's language (error_messages.py).
                request = getattr(self.execution_context.context, "request", None)
                ext.setdefault("messageCode", original.message_code)
                if (at := input_field(original)) is not None:
                    ext.setdefault("field", at)
                error = GraphQLError(
                    localised_message(original, request) or error.message,
                    nodes=error.nodes,
                    source=error.source,
                    positions=error.positions,
                    path=error.path,
                    original_error=original,
                )
            error.extensions = ext
            out.append(error)
        result.errors = out


# The root types' descriptions (set in schema.py): what every integrator needs first.
QUERY_DESCRIPTION = (
    "EMKG's read side. Auth: `Authorization: Bearer <key>` (401 without). Errors carry "
    "extensions.code: BAD_USER_INPUT (fix the input; the message names the closest valid "
    "value), NOT_FOUND (an unknown id: that field is null, the rest of the answer stands), "
    "FORBIDDEN (the key's role may not), UNAVAILABLE (Neo4j down; retry), TIMEOUT (retry or "
    "narrow), STORE_CREDENTIALS (server misconfigured), QUERY_TOO_COMPLEX (depth 12, 30 "
    "aliases, 2000 tokens, 1000 selections), GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, "
    "INTERNAL (with a reference id in the server log). Lookups and listings are nullable: "
    "one bad id or page size nulls only its field. Lists are Relay connections: first/after "
    "or last/before, default 20, at most 100; totalCount and nodes on every connection."
)
MUTATION_DESCRIPTION = (
    "EMKG's write side. Mutations take one `input` and answer a payload with the changed "
    "object and userErrors { field message code } (codes INVALID, NOT_FOUND, CONFLICT, "
    "ILLEGAL_TRANSITION, GRACE_PERIOD_OVER); nothing is changed when userErrors is not "
    "empty. Top-level errors only for auth (FORBIDDEN) and system failures. Older "
    "loose-argument mutations are @deprecated for one release."
)


def describe_root(root: type, text: str) -> None:
    """Give a merged root type (Query, Mutation) its description."""
    root.__strawberry_definition__.description = text  # type: ignore[attr-defined]
