"""Give every GraphQL error a stable `extensions.code` (BAD_USER_INPUT, NOT_FOUND, ...)."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from kg.errors import EmkgError


def code_for(error: GraphQLError) -> str:
    original = error.original_error
    if isinstance(original, EmkgError):
        return original.code
    if original is None:
        return "GRAPHQL_VALIDATION_FAILED"
    return "INTERNAL"


class ErrorCodes(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        for error in result.errors:
            ext = dict(error.extensions or {})
            ext.setdefault("code", code_for(error))
            error.extensions = ext
