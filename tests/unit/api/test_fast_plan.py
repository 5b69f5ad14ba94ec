"""The fast path's compiled selections and walker (api/graphql/fast_plan.py, fast_lists.py)
on a small schema: the same data as graphql-core's executor for plain shapes, refusals for
the shapes it leaves to the executor, and a resolver that would wait is never left
un-awaited."""

from __future__ import annotations

import asyncio
import datetime
import warnings
from enum import Enum
from typing import Any

import pytest
import strawberry
from graphql import OperationDefinitionNode, parse
from graphql.pyutils import Path

from api.graphql.fast_lists import FastLists, catalog_roots
from api.graphql.fast_plan import Unsupported, Walker, _now, plan_for
from api.graphql.schema import build_schema


@strawberry.enum
class Colour(Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Point:
    latitude: float
    longitude: float


@strawberry.type
class Item:
    id: strawberry.ID
    colour: Colour | None
    made: datetime.date | None
    where: Point | None
    tags: list[str]

    @strawberry.field
    def double(self) -> int:
        return len(self.tags) * 2

    @strawberry.field
    async def later(self) -> int:
        await asyncio.sleep(0)
        return 1


@strawberry.type
class Query:
    @strawberry.field
    async def items(self) -> list[Item]:
        return [
            Item(
                id=strawberry.ID("a"),
                colour=Colour.RED,
                made=datetime.date(2024, 1, 2),
                where=Point(latitude=30.5, longitude=104.0),
                tags=["x", "y"],
            ),
            Item(id=strawberry.ID("b"), colour=None, made=None, where=None, tags=[]),
        ]

    @strawberry.field
    async def shared(self) -> list[Item]:
        """Three items, two of them at one Point object (as ~30 capabilities are shared by
        the ~1,000 capability links of a 100-team list)."""
        here = Point(latitude=30.5, longitude=104.0)
        there = Point(latitude=30.5, longitude=104.0)
        return [
            Item(id=strawberry.ID(i), colour=None, made=None, where=p, tags=[])
            for i, p in (("a", here), ("b", there), ("c", here))
        ]


SCHEMA = strawberry.Schema(Query)


def _op(text: str) -> OperationDefinitionNode:
    op = parse(text).definitions[0]
    assert isinstance(op, OperationDefinitionNode)
    return op


async def _fast(text: str) -> dict[str, Any]:
    doc = parse(text)
    executor = SCHEMA.execution_context_class.build(SCHEMA._schema, doc)
    assert not isinstance(executor, list)
    plan = plan_for(SCHEMA, _op(text))
    walker = Walker(executor)
    out: dict[str, Any] = {}
    for f in plan.root_fields:
        assert f.field_def is not None and f.field_def.resolve is not None
        path = Path(None, f.key, "Query")
        info = executor.build_resolve_info(f.field_def, [f.node], SCHEMA._schema.query_type, path)
        out[f.key] = walker.complete(f, f.rtype, await f.field_def.resolve(None, info), path)
    return out


@pytest.mark.parametrize(
    "text",
    [
        "{ items { id colour made where { latitude longitude } tags } }",
        "{ items { __typename id x: colour double } all: items { id } }",
        "{ items { where { longitude } colour } }",
    ],
)
def test_plain_shapes_complete_like_the_executor(text: str) -> None:
    expected = asyncio.run(SCHEMA.execute(text))
    assert expected.errors is None
    assert asyncio.run(_fast(text)) == expected.data


def test_a_shared_source_is_completed_once_per_selection() -> None:
    text = "{ shared { where { latitude } } again: shared { where { longitude } } }"
    expected = asyncio.run(SCHEMA.execute(text))
    assert expected.errors is None
    got = asyncio.run(_fast(text))
    assert got == expected.data
    a, b, c = (item["where"] for item in got["shared"])
    assert a is c and a is not b  # one object, completed once; an equal other one is not
    assert got["again"][0]["where"] == {"longitude": 104.0}  # another selection, its own


@pytest.mark.parametrize(
    "text",
    [
        "{ items { ... on Item { id } } }",
        "{ items { id @include(if: true) } }",
        "{ items { id id } }",
        "{ __schema { types { name } } }",
        "query Q { ...F } fragment F on Query { items { id } }",
    ],
)
def test_fragments_directives_repeats_and_introspection_are_left_to_the_executor(
    text: str,
) -> None:
    op = parse(text).definitions[0]
    assert isinstance(op, OperationDefinitionNode)
    with pytest.raises(Unsupported):
        plan_for(SCHEMA, op)


def test_an_async_resolver_that_may_read_the_store_is_left_to_the_executor() -> None:
    # Started and dropped half-way, it could hold a pooled connection or a lock: never run.
    with pytest.raises(Unsupported):
        plan_for(SCHEMA, _op("{ items { id later } }"))


def test_a_coroutine_that_would_wait_is_closed_not_left_half_run() -> None:
    async def waits() -> int:
        await asyncio.sleep(0)
        return 1

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "coroutine ... was never awaited" would fail here
        with pytest.raises(Unsupported):
            _now(waits())


def test_now_gives_values_that_need_no_waiting() -> None:
    async def ready() -> int:
        return 7

    async def main() -> None:
        done = asyncio.get_running_loop().create_future()
        done.set_result([1, 2])

        async def primed() -> list[int]:
            return await done  # a primed DataLoader entry: a future already done

        assert _now(5) == 5
        assert _now(ready()) == 7
        assert _now(primed()) == [1, 2]

    asyncio.run(main())


def test_the_catalog_roots_are_the_listings_and_lookups() -> None:
    schema = build_schema(production=False)
    roots = catalog_roots(schema._schema.query_type)
    assert {"teams", "team", "capabilities", "hazardTypeTree", "equipmentItem"} <= roots
    assert not {"recommendForces", "search", "node", "parseScenario"} & roots
    assert any(getattr(e, "__name__", "") == FastLists.__name__ for e in schema.extensions)
