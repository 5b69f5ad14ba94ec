"""The GraphQL schema, merged from one module per domain."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors, MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.tools import merge_types

from api.graphql.recommend import RecommendQuery
from api.graphql.errors import ErrorCodes
from kg.errors import EmkgError

Query = merge_types("Query", (RecommendQuery,))


def _should_mask(error: GraphQLError) -> bool:
    return not isinstance(error.original_error, EmkgError) and error.original_error is not None


def build_schema(*, production: bool) -> strawberry.Schema:
    extensions: list[object] = [
        ErrorCodes(),
        QueryDepthLimiter(max_depth=12),
        MaxAliasesLimiter(max_alias_count=30),
        MaxTokensLimiter(max_token_count=2000),
    ]
    if production:
        extensions.append(MaskErrors(should_mask_error=_should_mask))
    return strawberry.Schema(query=Query, extensions=extensions)  # type: ignore[arg-type]
