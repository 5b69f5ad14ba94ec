"""The fast path's compiled selection: which field reads what, and how a value completes.

`plan_for` walks an operation's selection once (then cached by query text): every field
gets its response key, its GraphQL type, and either the attribute a plain data field
reads (strawberry's default resolver, `getattr`), or for a plain neighbour field
(`node_types.neighbour(s)`) how its value is made from the list the listing primed (what
its resolver does, without the resolver's wrapper and resolve info), or the schema's
resolver to call; object types get their fields' plans. `complete` then turns resolved
values into the response like graphql-core's executor does (same resolvers, same leaf
coercion) without its per-field awaitables. A shape the fast path does not answer raises
`Unsupported`: fragments, directives, repeated keys, introspection, abstract types; and at
run time a null in a non-null field, a leaf that does not coerce, or a resolver that would
wait for the store.

Example::

    plan = plan_for(schema, operation)          # None: not answered here
    data = complete(plan.root_fields[0], value, ctx)
"""

from __future__ import annotations

from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    OperationDefinitionNode,
    SelectionSetNode,
    Undefined,
    is_leaf_type,
)
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path
from strawberry.dataloader import DataLoader

from api.graphql.node_types import from_links, link_maker
from api.graphql.selection_plan import LINK_FIELDS


class Unsupported(Exception):
    """The operation is not of a shape the fast path answers; execute it normally."""


@dataclass(frozen=True)
class FieldPlan:
    """One selected field: where its value comes from and how it completes."""

    key: str
    node: FieldNode
    rtype: GraphQLOutputType  # the field's type (wrappers included)
    parent: GraphQLObjectType
    field_def: GraphQLField | None  # None for __typename
    default: Any = None  # strawberry's default resolver for a plain data field
    attr: str = ""  # the attribute it reads
    sub: tuple[FieldPlan, ...] = ()  # the fields of its object type
    leaf: Any = None  # its scalar or enum type when it is one (or a non-null one)
    non_null: bool = False  # ... and whether that leaf is non-null
    needs_path: bool = False  # a resolver runs here or below (its info carries the path)
    link: str | None = None  # a neighbour-list field: the request's link loader it reads
    # ... and how its value is made from that list, when the fast path may do it without
    # calling the resolver (a plain `neighbour(s)` field: no arguments, extensions or
    # permissions): (make, many), see api.graphql.node_types.from_links
    direct: tuple[Any, bool] | None = None


@dataclass(frozen=True)
class OperationPlan:
    root_fields: tuple[FieldPlan, ...]


def _named(t: Any) -> Any:
    while isinstance(t, (GraphQLNonNull, GraphQLList)):
        t = t.of_type
    return t


def _key(node: FieldNode) -> str:
    return node.alias.value if node.alias else node.name.value


def plain_fields(selection_set: SelectionSetNode | None) -> list[FieldNode]:
    """The selection's fields; Unsupported for fragments, directives or a repeated key."""
    if selection_set is None:
        raise Unsupported("no selection")
    out: list[FieldNode] = []
    keys: set[str] = set()
    for sel in selection_set.selections:
        if not isinstance(sel, FieldNode) or sel.directives:
            raise Unsupported("fragment or directive")
        key = _key(sel)
        if key in keys or (sel.name.value.startswith("__") and sel.name.value != "__typename"):
            raise Unsupported("repeated key or introspection")
        keys.add(key)
        out.append(sel)
    return out


def plan_fields(
    schema: Any,
    parent: GraphQLObjectType,
    selection_set: SelectionSetNode | None,
    *,
    root: bool = False,
) -> tuple[FieldPlan, ...]:
    """The plans of the fields selected on `parent` (at the `root`, resolvers of every kind:
    they are awaited to their end)."""
    out = []
    for node in plain_fields(selection_set):
        name = node.name.value
        if name == "__typename":
            out.append(FieldPlan(_key(node), node, parent, parent, None))
            continue
        field_def = parent.fields[name]
        named = _named(field_def.type)
        sub: tuple[FieldPlan, ...] = ()
        if isinstance(named, GraphQLObjectType):
            sub = plan_fields(schema, named, node.selection_set)
        elif not is_leaf_type(named):
            raise Unsupported("an abstract type")
        sfield = schema.get_field_for_type(name, parent.name)
        basic = sfield is not None and sfield.is_basic_field and not node.arguments
        link = LINK_FIELDS.get((parent.name, name))
        if not root and not basic and (sfield is None or (sfield.is_async and link is None)):
            # It may read the store (totalCount, history, contact ...): a coroutine that
            # waits on I/O must be awaited to its end, so the executor runs it.
            raise Unsupported("a resolver that may read the store")
        non_null = isinstance(field_def.type, GraphQLNonNull)
        bare = field_def.type.of_type if non_null else field_def.type
        plain_link = link is not None and not basic and sfield is not None and not node.arguments
        direct = None
        if plain_link and not (field_def.args or sfield.extensions or sfield.permission_classes):
            direct = link_maker(sfield)
        out.append(
            FieldPlan(
                _key(node),
                node,
                field_def.type,
                parent,
                field_def,
                default=sfield.default_resolver if basic else None,
                attr=sfield.python_name if basic else "",
                sub=sub,
                leaf=bare if is_leaf_type(bare) else None,
                non_null=non_null,
                needs_path=(not basic and direct is None) or any(f.needs_path for f in sub),
                link=link[0] if link is not None and not basic else None,
                direct=direct,
            )
        )
    return tuple(out)


def plan_for(schema: Any, operation: OperationDefinitionNode) -> OperationPlan:
    query_type = schema._schema.query_type
    return OperationPlan(plan_fields(schema, query_type, operation.selection_set, root=True))


def primed(loader: DataLoader[str, Any], key: str) -> bool:
    """Whether `loader` holds a finished entry for `key` (so loading it waits for nothing)."""
    entry = loader.cache_map.get(key)
    return entry is not None and entry.done() and entry.exception() is None


def _now(value: Any) -> Any:
    """The value of a resolver's result that needs no waiting (a neighbour list whose
    loader entry `primed` found finished). A coroutine that would still wait is a bug
    here (only such resolvers are called): it is closed, never left half-run."""
    if not hasattr(value, "__await__"):
        return value
    coro: Coroutine[Any, Any, Any] = value
    try:
        coro.send(None)
    except StopIteration as done:
        return done.value
    coro.close()
    raise Unsupported("a field would wait")


class Walker:
    """Resolves and completes values along an `OperationPlan` (one per operation)."""

    def __init__(self, executor: Any) -> None:
        self.executor = executor  # graphql-core's, for resolve infos and variables
        self.context = executor.context_value
        # (plan, source) -> (source, completed) for objects whose completion reads no
        # path: a source shared by many lists (one capability in 30 teams' lists) is
        # completed once. The source is held, so its id is not reused meanwhile.
        self.done: dict[tuple[int, int], tuple[Any, dict[str, Any]]] = {}

    def complete(self, plan: FieldPlan, rtype: GraphQLOutputType, value: Any, path: Path) -> Any:
        if isinstance(rtype, GraphQLNonNull):
            out = self.complete(plan, rtype.of_type, value, path)
            if out is None:
                raise Unsupported("null in a non-null field")
            return out
        if value is None:
            return None
        if isinstance(rtype, GraphQLList):
            item = rtype.of_type
            if not plan.needs_path:
                return [self.complete(plan, item, v, path) for v in value]
            return [self.complete(plan, item, v, path.add_key(i)) for i, v in enumerate(value)]
        if isinstance(rtype, GraphQLObjectType):
            if not plan.needs_path:
                hit = self.done.get((id(plan), id(value)))
                if hit is not None:
                    return hit[1]
            if rtype.is_type_of is not None and not rtype.is_type_of(value, None):  # type: ignore[arg-type]
                raise Unsupported("a value of another type")
            out = self.object(plan.sub, rtype, value, path)
            if not plan.needs_path:
                self.done[(id(plan), id(value))] = (value, out)
            return out
        out = rtype.coerce_output_value(value)  # type: ignore[union-attr]
        if out is Undefined or out is None:
            raise Unsupported("a leaf that does not coerce")
        return out

    def object(
        self, fields: tuple[FieldPlan, ...], rtype: GraphQLObjectType, source: Any, path: Path
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields:
            if f.field_def is None:
                out[f.key] = rtype.name
            elif f.default is not None:
                value = f.default(source, f.attr)
                if f.leaf is not None:  # a scalar or enum: coerced as the executor does
                    if value is None:
                        if f.non_null:
                            raise Unsupported("null in a non-null field")
                        out[f.key] = None
                        continue
                    coerced = f.leaf.coerce_output_value(value)
                    if coerced is Undefined or coerced is None:
                        raise Unsupported("a leaf that does not coerce")
                    out[f.key] = coerced
                else:
                    fpath = path.add_key(f.key, rtype.name) if f.needs_path else path
                    out[f.key] = self.complete(f, f.rtype, value, fpath)
            elif f.direct is not None:
                fpath = path.add_key(f.key, rtype.name) if f.needs_path else path
                out[f.key] = self.complete(f, f.rtype, self.linked(f, source), fpath)
            else:
                fpath = path.add_key(f.key, rtype.name)
                out[f.key] = self.complete(f, f.rtype, self.resolve(f, source, fpath), fpath)
        return out

    def linked(self, f: FieldPlan, source: Any) -> Any:
        """A plain neighbour field's value, made from the list the listing primed (what its
        resolver would return after a `load` that waits for nothing)."""
        assert f.link is not None and f.direct is not None
        loader, key = self.context.links(f.link), str(source.id)
        if not primed(loader, key):
            raise Unsupported("a neighbour list the listing did not read")
        make, many = f.direct
        return from_links(loader.cache_map.get(key).result(), make, many)  # a cache, no []

    def resolve(self, f: FieldPlan, source: Any, path: Path) -> Any:
        """Call the schema's resolver of `f` as graphql-core would; its value now."""
        field_def = f.field_def
        assert field_def is not None
        if field_def.resolve is None:
            raise Unsupported("no resolver")
        if f.link is not None and not primed(self.context.links(f.link), str(source.id)):
            raise Unsupported("a neighbour list the listing did not read")
        info = self.executor.build_resolve_info(field_def, [f.node], f.parent, path)
        args = (
            get_argument_values(field_def, f.node, self.executor.variable_values)
            if field_def.args or f.node.arguments
            else {}
        )
        return _now(field_def.resolve(source, info, **args))
