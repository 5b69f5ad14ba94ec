"""The GraphQL schema, merged from one module per domain, with its limits.

Example::

    schema = build_schema(production=True)   # no introspection, masked errors
    print(schema.as_str())                   # the SDL committed as api/schema.graphql
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import DisableIntrospection
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from api.graphql.admin import AdminMutation, AdminQuery
from api.graphql.allocation import AllocationQuery
from api.graphql.board import SUBSCRIPTION_DESCRIPTION, BoardSubscription
from api.graphql.catalog import CatalogQuery
from api.graphql.curation import AuditQuery, CurationMutation
from api.graphql.document_cache import DocumentCache, DocumentStore
from api.graphql.drills import DrillMutation, DrillQuery
from api.graphql.drills_replay import ReplayMutation, ReplayQuery
from api.graphql.errors import (
    MUTATION_DESCRIPTION,
    QUERY_DESCRIPTION,
    ErrorCodes,
    code_for,
    describe_root,
)
from api.graphql.fast_lists import FastLists
from api.graphql.geography import GeographyQuery
from api.graphql.incidents import IncidentMutation, IncidentQuery
from api.graphql.key_payloads import KeyPayloadMutation
from api.graphql.limits import (
    MAX_DEPTH,
    MAX_SELECTIONS,
    AliasLimit,
    ComplexityLimit,
    TokenLimit,
)
from api.graphql.messages import MessagesMutation, MessagesQuery
from api.graphql.parse import ParseQuery
from api.graphql.readiness import ReadinessQuery
from api.graphql.recommend import RecommendQuery
from api.graphql.request_log import RequestLog
from api.graphql.search import SearchQuery
from api.graphql.workbench import WorkbenchMutation
from api.graphql.workbench_plans import WorkbenchPlanMutation, WorkbenchPlanQuery
from api.metrics import OperationMetrics

MAX_ALIASES = 30
MAX_TOKENS = 2000

Query = merge_types(
    "Query",
    (
        CatalogQuery,
        RecommendQuery,
        AllocationQuery,
        ParseQuery,
        GeographyQuery,
        SearchQuery,
        AuditQuery,
        AdminQuery,
        IncidentQuery,
        MessagesQuery,
        DrillQuery,
        ReplayQuery,
        ReadinessQuery,
        WorkbenchPlanQuery,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        CurationMutation,
        AdminMutation,
        KeyPayloadMutation,
        IncidentMutation,
        MessagesMutation,
        DrillMutation,
        ReplayMutation,
        WorkbenchMutation,
        WorkbenchPlanMutation,
    ),
)
describe_root(Query, QUERY_DESCRIPTION)
describe_root(Mutation, MUTATION_DESCRIPTION)
Subscription = merge_types("Subscription", (BoardSubscription,))
describe_root(Subscription, SUBSCRIPTION_DESCRIPTION)


class EmkgSchema(strawberry.Schema):
    """Logs only unexpected errors; a user's bad input is answered, not logged as a failure."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        unexpected = [e for e in errors if code_for(e) == "INTERNAL" and e.original_error]
        if unexpected:
            super().process_errors(unexpected, execution_context)


def build_schema(*, production: bool) -> strawberry.Schema:
    # Factories, so every request gets fresh extension instances.
    documents = DocumentStore()  # valid documents by query text, parsed and validated once
    extensions: list[Any] = [
        OperationMetrics,
        RequestLog,
        lambda: ErrorCodes(mask=production),
        lambda: DocumentCache(documents),  # before the checks it lets a cached text skip
        # Depth and expanded size in linear time (the stock depth limiter is exponential
        # in nested fragment spreads).
        lambda: ComplexityLimit(max_depth=MAX_DEPTH, max_selections=MAX_SELECTIONS),
        lambda: AliasLimit(max_alias_count=MAX_ALIASES),
        lambda: TokenLimit(max_token_count=MAX_TOKENS),
        FastLists,  # catalog lists and lookups without the per-field executor
    ]
    if production:
        extensions.append(DisableIntrospection)
    return EmkgSchema(
        query=Query, mutation=Mutation, subscription=Subscription, extensions=extensions
    )
