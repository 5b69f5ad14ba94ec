"""A fast path for catalog listings and lookups: the same resolvers, without the executor's
per-field machinery.

graphql-core completes every field of every item through awaitables, tasks and a
resolve-info object; for a 50-team page with nested capabilities that was most of the
server's CPU. `FastLists` (a schema extension) answers a query operation whose root
fields are all catalog listings or lookups (``teams``, ``team``, ``capabilities``,
``hazardTypeTree`` ...) or ``recommendForces`` (a commander's screen asks ~60 teams with
their scores, reasons and explanations: the executor cost about a third of that request's
CPU) itself, before graphql-core would execute it:

- each root field's resolver is the schema's own, called with the arguments and the
  resolve info graphql-core builds (so permissions, filters, page limits, the cost
  budget and the one compiled Cypher statement are exactly the normal path's);
- below the root, plain data fields are read with the schema's own default resolvers
  and leaves coerced by the schema's own scalar and enum types; synchronous resolvers
  (``nodes``, ``contactMasked``) are called as the executor would; an asynchronous one
  only when it is a neighbour list the root's statement primed (it then waits for
  nothing). A field that may read the store (``totalCount``, ``history``, ``contact``)
  is never started here: the whole operation goes to the executor.

Anything else sends the operation back to normal execution, which then answers it as
if the fast path did not exist: fragments, directives (@include/@skip), repeated
response keys, abstract types (unions, interfaces), introspection, a null in a
non-null field, and any error (unknown filter values, the cost budget, NOT_FOUND): the
normal path reports those errors with their paths. The request's cost-budget charges
made by the attempt are taken back first. `data` is the same either way
(tests/api/test_fast_lists_api.py compares both paths over generated selections).

Example::

    schema = strawberry.Schema(query=Query, extensions=[FastLists])
    # { teams(first: 50) { nodes { id name capabilities { level capability { id } } } } }
    # -> answered here; with `... on Team { id }` inside -> graphql-core executes it
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import AsyncIterator
from typing import Any

from graphql import ExecutionResult, GraphQLObjectType, OperationDefinitionNode, OperationType
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path
from strawberry.execution.is_awaitable import optimized_is_awaitable
from strawberry.extensions import SchemaExtension

from api.graphql.cost_budget import spent, take_back
from api.graphql.fast_plan import OperationPlan, Unsupported, Walker, plan_for
from api.graphql.node_types import MAKERS

log = logging.getLogger("emkg.fast_lists")
PLANS_KEPT = 256  # compiled operations kept per schema (by query text), least recent dropped
# Root fields answered here besides the catalog's: their resolvers compute the whole answer
# (and prime the neighbour lists it shows, e.g. its teams' teamType) before anything below
# them is read.
COMPUTED_ROOTS = frozenset({"recommendForces"})


def _named(t: Any) -> Any:
    while hasattr(t, "of_type"):
        t = t.of_type
    return t


def catalog_roots(query_type: GraphQLObjectType) -> frozenset[str]:
    """Root fields answering catalog nodes: a kind's type (``team``), its connection
    (``teams``) or a list of it (``hazardTypeTree``)."""
    kinds = set(MAKERS)
    out = set()
    for name, f in query_type.fields.items():
        named = _named(f.type).name
        if named in kinds or (
            named.endswith("Connection") and named[: -len("Connection")] in kinds
        ):
            out.add(name)
    return frozenset(out)


class _Plans:
    """Per schema: its catalog root fields and a bounded cache of compiled operations
    (None: the operation is not answered here)."""

    def __init__(self, schema: Any) -> None:
        self.roots = catalog_roots(schema._schema.query_type) | COMPUTED_ROOTS
        self.cache: OrderedDict[tuple[str, str | None], OperationPlan | None] = OrderedDict()

    def get(self, schema: Any, ec: Any) -> OperationPlan | None:
        key = (ec.query or "", ec.operation_name)
        if key in self.cache:
            self.cache.move_to_end(key)
            return self.cache[key]
        plan = self._compile(schema, ec)
        self.cache[key] = plan
        if len(self.cache) > PLANS_KEPT:
            self.cache.popitem(last=False)
        return plan

    def _compile(self, schema: Any, ec: Any) -> OperationPlan | None:
        operation = _operation(ec.graphql_document, ec.operation_name)
        if operation is None or operation.operation != OperationType.QUERY:
            return None
        try:
            plan = plan_for(schema, operation)
        except Unsupported:
            return None
        if not all(f.node.name.value in self.roots for f in plan.root_fields):
            return None
        return plan


_BY_SCHEMA: dict[int, _Plans] = {}


def _plans(schema: Any) -> _Plans:
    found = _BY_SCHEMA.get(id(schema))
    if found is None:
        found = _BY_SCHEMA[id(schema)] = _Plans(schema)
    return found


class FastLists(SchemaExtension):
    """Answers supported catalog query operations before graphql-core executes them."""

    answered = 0  # operations this process answered here (read by tests and benchmarks)
    enabled = True  # tests switch it off to compare with the normal path

    async def on_execute(self) -> AsyncIterator[None]:
        ec = self.execution_context
        if self.enabled and ec.result is None and ec.graphql_document is not None:
            request = getattr(ec.context, "request", None)
            before = spent(request) if request is not None else 0
            try:
                data = await _answer(ec)
            except Unsupported:
                data = None
            except Exception as e:  # the normal path reports it, with its path
                log.debug("fast path declined after %r", e)
                data = None
            if data is None:
                if request is not None:
                    take_back(request, before)
            else:
                FastLists.answered += 1
                ec.result = ExecutionResult(data=data)
        yield


async def _answer(ec: Any) -> dict[str, Any] | None:
    schema = ec.schema
    plan = _plans(schema).get(schema, ec)
    if plan is None:
        return None
    gschema = schema._schema
    executor = schema.execution_context_class.build(
        gschema,
        ec.graphql_document,
        None,
        ec.context,
        ec.variables,
        ec.operation_name,
        is_awaitable=optimized_is_awaitable,
    )
    if isinstance(executor, list):  # variables that do not coerce: the normal path says so
        return None
    walker = Walker(executor)
    query_type = gschema.query_type
    data: dict[str, Any] = {}
    for f in plan.root_fields:
        field_def = f.field_def
        assert field_def is not None and field_def.resolve is not None
        path = Path(None, f.key, query_type.name)
        info = executor.build_resolve_info(field_def, [f.node], query_type, path)
        args = get_argument_values(field_def, f.node, executor.variable_values)
        value = field_def.resolve(None, info, **args)
        if optimized_is_awaitable(value):
            value = await value
        data[f.key] = walker.complete(f, f.rtype, value, path)
    return data


def _operation(document: Any, name: str | None) -> OperationDefinitionNode | None:
    ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(ops) != len(document.definitions):
        return None  # fragment definitions: executed normally
    if name is None:
        return ops[0] if len(ops) == 1 else None
    return next((o for o in ops if o.name is not None and o.name.value == name), None)
