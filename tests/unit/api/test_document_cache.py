"""Parsing and validation of a repeated query text happen once (api/graphql/document_cache.py);
invalid texts are checked (and refused) every time; the cache is bounded."""

from __future__ import annotations

import asyncio
from typing import Any

import strawberry
from strawberry.extensions import SchemaExtension

from api.graphql.document_cache import DocumentCache, DocumentStore


@strawberry.type
class Query:
    @strawberry.field
    def hello(self, name: str = "x") -> str:
        return f"hi {name}"


class Counting(SchemaExtension):
    """Counts how often strawberry really parses and validates."""

    parsed = 0
    validated = 0

    def on_parse(self) -> Any:
        had = self.execution_context.graphql_document is not None
        yield
        if not had:
            Counting.parsed += 1

    def on_validate(self) -> Any:
        had = self.execution_context.pre_execution_errors is not None
        yield
        if not had:
            Counting.validated += 1


def _schema(store: DocumentStore) -> strawberry.Schema:
    # Counting runs after the cache's hook, as the limits do in build_schema.
    return strawberry.Schema(Query, extensions=[lambda: DocumentCache(store), Counting])


def test_a_repeated_valid_text_is_parsed_and_validated_once() -> None:
    store = DocumentStore()
    schema = _schema(store)
    Counting.parsed = Counting.validated = 0
    q = "query Q($n: String) { hello(name: $n) }"
    for name in ("a", "b", "c"):
        result = asyncio.run(schema.execute(q, variable_values={"n": name}))
        assert result.errors is None and result.data == {"hello": f"hi {name}"}
    assert (Counting.parsed, Counting.validated) == (1, 1)
    assert store.hits == 2


def test_an_invalid_text_is_refused_every_time_and_never_kept() -> None:
    store = DocumentStore()
    schema = _schema(store)
    for _ in range(2):
        bad = asyncio.run(schema.execute("{ hello(nope: 1) }"))
        assert bad.errors and "nope" in bad.errors[0].message
        broken = asyncio.run(schema.execute("{ hello "))
        assert broken.errors and "Syntax Error" in broken.errors[0].message
    assert len(store) == 0 and store.hits == 0


def test_the_store_keeps_the_most_recent_texts_only() -> None:
    store = DocumentStore(size=2)
    schema = _schema(store)
    for q in ("{ a: hello }", "{ b: hello }", "{ a: hello }", "{ c: hello }"):
        asyncio.run(schema.execute(q))
    assert len(store) == 2
    assert store.get("{ a: hello }") is not None and store.get("{ b: hello }") is None
