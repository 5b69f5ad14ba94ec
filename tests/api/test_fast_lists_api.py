"""The fast path for catalog lists (api/graphql/fast_lists.py) against the normal executor,
over real HTTP and a real Neo4j: many generated selections, each asked with the fast path
on and off, must give the same body (data and errors), for every role (contacts masked
per role), with enums, dates, ids, nulls, aliases, fragments, unknown filter values,
page-size errors and the cost budget; and most plain selections must really take it."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any

import pytest
from graphql import (
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    is_leaf_type,
)

from api.graphql.fast_lists import FastLists
from api.graphql.schema import build_schema
from tests.api.conftest import LiveServer

ROLES = ("admin", "commander", "integrator", "planner")
ROOTS = {
    "teams": "(first: {n}{filter})",
    "team": '(id: "T-TEST-00{k}")',
    "capabilities": "(first: {n})",
    "equipment": "(first: {n})",
    "depots": "(first: {n})",
    "experts": "(first: {n})",
    "plans": "(first: {n})",
    "regions": "(first: {n})",
    "incidents": "(first: {n})",
    "teamTypes": "(first: {n})",
    "equipmentTypes": "(first: {n})",
    "hazardTypes": "(first: {n})",
    "hazardTypeTree": "",
    "depot": '(id: "D-TEST-1")',
    "plan": '(id: "P-TEST-1")',
    "incident": '(id: "I-TEST-1")',
    "expert": '(id: "X-TEST-1")',
}
TEAM_FILTERS = (
    "",
    ", filter: {availability: [AVAILABLE]}",
    ', filter: {availability: [STANDBY], region: "510000"}',
    ', filter: {status: "availble"}',  # unknown legacy value: an error naming the allowed ones
    ', filter: {capabilities: ["cap.no-such"]}',  # unknown id: an error naming close ones
    ", filter: {tiers: [MUNICIPAL]}",
)


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    return build_schema(production=False)._schema


def _timed_out(body: dict[str, Any]) -> bool:
    return any((e.get("extensions") or {}).get("code") == "TIMEOUT" for e in body.get("errors", []))


@pytest.fixture
def both(live_api: LiveServer) -> Iterator[Any]:
    """Ask a query with the fast path on, then off; give both bodies and whether the fast
    path answered the first. The query is asked once before (Neo4j plans a new statement
    shape on first use, which on a loaded machine can pass the request timeout), and a
    pair with a request timeout in it is asked again."""

    def once(query: str, role: str, variables: dict[str, Any] | None) -> Any:
        FastLists.enabled = True
        before = FastLists.answered
        fast = live_api.post(query, variables, role=role)
        took = FastLists.answered > before
        FastLists.enabled = False
        try:
            slow = live_api.post(query, variables, role=role)
        finally:
            FastLists.enabled = True
        assert fast.status_code == slow.status_code, query
        return fast.json(), slow.json(), took

    def ask(query: str, role: str, variables: dict[str, Any] | None = None) -> Any:
        live_api.post(query, variables, role=role)  # warm: the statement is planned
        fast, slow, took = once(query, role, variables)
        if _timed_out(fast) or _timed_out(slow):
            fast, slow, took = once(query, role, variables)
        return fast, slow, took

    yield ask
    FastLists.enabled = True


def _object(t: Any) -> GraphQLObjectType | None:
    while isinstance(t, (GraphQLNonNull, GraphQLList)):
        t = t.of_type
    return t if isinstance(t, GraphQLObjectType) else None


def selection(schema: GraphQLSchema, t: GraphQLObjectType, rng: random.Random, depth: int) -> str:
    """A random selection of `t`'s fields: leaves, nested objects (to `depth`), now and
    then an alias, __typename or an inline fragment; fields needing arguments skipped."""
    parts: list[str] = []
    names = [
        n
        for n, f in t.fields.items()
        if not any(isinstance(a.type, GraphQLNonNull) for a in f.args.values())
    ]
    for name in rng.sample(names, k=min(len(names), rng.randint(1, 6))):
        f = t.fields[name]
        inner = _object(f.type)
        prefix = f"a{rng.randint(0, 9)}: " if rng.random() < 0.08 else ""
        if inner is not None:
            if depth <= 0 or name == "history":
                continue
            parts.append(f"{prefix}{name} {{ {selection(schema, inner, rng, depth - 1)} }}")
        elif is_leaf_type(_leaf(f.type)):
            parts.append(prefix + name)
        else:  # a union or interface: only __typename, which needs the executor
            parts.append(f"{name} {{ __typename }}")
    if rng.random() < 0.08:
        parts.append("__typename")
    if rng.random() < 0.05:
        parts.append(f"... on {t.name} {{ id }}" if "id" in t.fields else "__typename")
    return " ".join(parts) or "__typename"


def _leaf(t: Any) -> Any:
    while isinstance(t, (GraphQLNonNull, GraphQLList)):
        t = t.of_type
    return t


def generated(schema: GraphQLSchema, seed: int, count: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    out = []
    query_type = schema.query_type
    assert query_type is not None
    for i in range(count):
        roots = rng.sample(sorted(ROOTS), k=rng.choice((1, 1, 1, 2)))
        fields = []
        for root in roots:
            args = ROOTS[root].format(
                n=rng.choice((1, 5, 20, 50, 100)),
                k=rng.randint(1, 9),
                filter=rng.choice(TEAM_FILTERS),
            )
            t = _object(query_type.fields[root].type)
            assert t is not None
            fields.append(f"{root}{args} {{ {selection(schema, t, rng, 3)} }}")
        out.append((f"query Q{i} {{ {' '.join(fields)} }}", ROLES[i % len(ROLES)]))
    return out


def test_generated_selections_answer_the_same_on_both_paths(
    both: Any, schema: GraphQLSchema
) -> None:
    cases = generated(schema, seed=20, count=100)
    took = 0
    for query, role in cases:
        fast, slow, answered = both(query, role)
        assert json.dumps(fast, ensure_ascii=False) == json.dumps(slow, ensure_ascii=False), (
            role,
            query,
        )
        took += answered
    # Not a test that cannot fail: most generated selections are plain data.
    assert took >= len(cases) // 3, f"the fast path answered only {took} of {len(cases)}"


def test_the_integrators_queries_take_the_fast_path_with_identical_data(both: Any) -> None:
    page = """query Page($cap: ID!, $after: String) { teams(first: 50, after: $after,
      filter: {availability: [AVAILABLE], capabilities: [$cap]}) {
      pageInfo { hasNextPage endCursor } edges { cursor node { id name nameEn availability
      location { latitude longitude } contactMasked { code text }
      capabilities { level capability { id name nameEn } }
      equipment { id name quantity condition } } } } }"""
    cap_q = '{ team(id: "T-TEST-001") { capabilities { capability { id } } } }'
    fast, _, _ = both(cap_q, "admin")
    cap = fast["data"]["team"]["capabilities"][0]["capability"]["id"]
    for role, masked in (("integrator", True), ("planner", True), ("commander", False)):
        fast, slow, took = both(page, role, {"cap": cap})
        assert took, f"the integrator's page did not take the fast path ({role})"
        assert fast == slow and fast["data"]["teams"]["edges"]
        node = fast["data"]["teams"]["edges"][0]["node"]
        assert (node["contactMasked"] is not None) is masked
        if masked:
            assert node["contactMasked"]["code"] == "CONTACT_MASKED"
    # `contact` is read by a query of its own: the executor answers, the same for every role.
    with_contact = page.replace("contactMasked {", "contact { dutyPhone } contactMasked {")
    for role in ("integrator", "commander"):
        fast, slow, took = both(with_contact, role, {"cap": cap})
        assert not took and fast == slow and "errors" not in fast


def test_dates_enums_and_nulls_match(both: Any) -> None:
    q = """{ plan(id: "P-TEST-1") { id tier effectiveOn effectiveDate summaryZh
      regions { id tier parent { id } } covers { id taxonRank } }
      incident(id: "I-TEST-1") { occurredOn level hazardType { id } teams { id availability } }
      depot(id: "D-TEST-1") { tier distanceKm equipment { id quantity condition } } }"""
    fast, slow, took = both(q, "integrator")
    assert took and fast == slow
    assert fast["data"]["plan"]["effectiveOn"] == "2024-01-01"
    assert fast["data"]["plan"]["summaryZh"] is None
    assert fast["data"]["incident"]["level"] == "II"


def test_errors_are_the_normal_paths(both: Any) -> None:
    queries = (
        '{ teams(first: 5, filter: {status: "availble"}) { nodes { id } } }',
        '{ teams(first: 5, filter: {capabilities: ["cap.no-such"]}) { nodes { id } } }',
        "{ teams(first: 101) { nodes { id } } }",
        '{ team(id: "T-NO-SUCH") { id } teams(first: 2) { nodes { id } } }',
        '{ teams(first: 2, after: "not-a-cursor") { nodes { id } } }',
        # the cost budget: 6 x 100 teams x capabilities x providers is past 50,000 nodes
        "{ "
        + " ".join(
            f"t{i}: teams(first: 100) {{ nodes {{ id capabilities {{ capability {{ id "
            "providedBy { id } } } } }"
            for i in range(6)
        )
        + " }",
    )
    for q in queries:
        fast, slow, took = both(q, "integrator")
        assert not took, q
        assert fast == slow and fast["errors"], q
    budget = both(queries[-1], "integrator")[0]
    assert any(e["extensions"]["code"] == "QUERY_TOO_COMPLEX" for e in budget["errors"])
    assert budget["data"]["t0"] is not None  # charged before the budget ran out: answered
