"""Search's retrievers as statements run at once, on a real Neo4j: the same hits as all of
them in one statement, and the full-text statements do not wait for the query vector; a
known query vector (a repeated text) runs them all in one statement, with the same hits.
The hazard types' vector list, answered in memory (queries/vector_snapshot.py), is the
exact cosine ranking Neo4j's own `vector.similarity.cosine` gives."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from neo4j import Driver

from kg.cypher import CypherRunner
from kg.embedder import QUERY_VECTORS
from kg.embeddings import Embedder, refresh_embeddings
from kg.search_schema import apply_fulltext_schema
from kg.settings import Settings
from queries.collected import collected_rows
from queries.search import search
from queries.search_retrieval import (
    DEPTH,
    LISTS,
    SEARCH_KINDS,
    Row,
    parse_row,
    retrieval_params,
    retrieval_query,
    retrieve,
)
from queries.vector_snapshot import SNAPSHOTS, Snapshots
from tests.integration.search.test_vector_snapshot import EXACT, run

TEAMS = [
    {"id": f"T-{i:03d}", "nameZh": f"第{i}水域救援队", "nameEn": f"Water rescue team {i}"}
    for i in range(1, 31)
]
EXPERTS = [
    {"id": "X-001", "nameZh": "张洪", "nameEn": "Zhang Hong", "profileZh": "防汛抢险专家"},
    {"id": "X-002", "nameZh": "李危", "nameEn": "Li Wei", "profileEn": "hazmat leak response"},
]
PLANS = [
    {"id": "P-001", "nameZh": "四川省防汛应急预案", "nameEn": "Sichuan flood plan"},
    {"id": "P-002", "nameZh": "危险化学品事故应急预案", "nameEn": "Hazardous chemicals plan"},
]
CREATE: dict[str, Any] = {
    "Team": "UNWIND $rows AS row CREATE (n:Team) SET n = row",
    "Expert": "UNWIND $rows AS row CREATE (n:Expert) SET n = row",
    "Plan": "UNWIND $rows AS row CREATE (n:Plan) SET n = row",
}
TEXTS = ["化工厂储罐泄漏起火", "river burst its banks, water rescue team", "11A01 洪水", "T-003"]


@pytest.fixture
def graph(ontology_graph: Driver, neo4j_settings: Settings, embedder: Embedder) -> Driver:
    db = neo4j_settings.neo4j_database
    for lbl, rows in (("Team", TEAMS), ("Expert", EXPERTS), ("Plan", PLANS)):
        ontology_graph.execute_query(CREATE[lbl], rows=rows, database_=db)
    apply_fulltext_schema(ontology_graph, db)
    refresh_embeddings(ontology_graph, db, embedder)
    return ontology_graph


def astuple(name: str, row: Row) -> tuple[str, str, str, str, str, float]:
    return (name, row.kind, row.id, row.name_zh, row.name_en, row.score)


def held_hazard_vectors(rows: list[tuple[Any, ...]]) -> tuple[list[Any], list[Any]]:
    """(the hazard types' vector rows, every other row)."""
    held = [r for r in rows if r[0] == "vector" and r[1] == "HazardType"]
    return held, [r for r in rows if r not in held]


def test_statements_at_once_find_what_one_statement_found(
    graph: Driver, neo4j_settings: Settings, embedder: Embedder
) -> None:
    every = [(kind, name) for kind in SEARCH_KINDS for name in LISTS]
    neo4j_only = Snapshots(())

    async def work(runner: CypherRunner) -> list[tuple[Any, ...]]:
        out = []
        for text in TEXTS:
            vector = embedder.encode_sync([text])[0]

            async def encode(v: list[float] = vector) -> list[float]:
                return v

            lists = await retrieve(runner, SEARCH_KINDS, text, encode, snapshots=neo4j_only)
            split = sorted(astuple(n, r) for n, rows in lists.items() for r in rows)
            rows = await collected_rows(
                runner, retrieval_query(every), retrieval_params(every, text, vector)
            )
            one = sorted(astuple(r["list"], parse_row(r)) for r in rows)
            known = await retrieve(
                runner, SEARCH_KINDS, text, None, vector=vector, snapshots=neo4j_only
            )
            assert set(known) == set(lists), text
            joined = sorted(astuple(n, r) for n, rows in known.items() for r in rows)
            held = await retrieve(runner, SEARCH_KINDS, text, encode)
            held_known = await retrieve(runner, SEARCH_KINDS, text, None, vector=vector)
            exact = await runner.read(EXACT, vector=vector, k=DEPTH)
            out.append(
                (
                    split,
                    one,
                    joined,
                    sorted(astuple(n, r) for n, rows in held.items() for r in rows),
                    sorted(astuple(n, r) for n, rows in held_known.items() for r in rows),
                    [(r["id"], r["score"]) for r in exact],
                )
            )
        return out

    for text, (split, one, joined, held, held_known, exact) in zip(
        TEXTS, run(neo4j_settings, work), strict=True
    ):
        assert split and split == one == joined, text
        # In memory: the other lists as Neo4j gives them, the hazards' vector list exact.
        assert held == held_known, text
        hazards, rest = held_hazard_vectors(held)
        assert rest == held_hazard_vectors(one)[1], text
        ranked = sorted(hazards, key=lambda r: (-r[5], r[2]))
        assert [r[2] for r in ranked] == [i for i, _ in exact], text
        assert [r[5] for r in ranked] == pytest.approx([s for _, s in exact], abs=1e-6), text
    kinds_found = {
        h.kind for h in run(neo4j_settings, lambda r: search(r, embedder, TEXTS[1], None, 50))
    }
    assert {"HazardType", "Team"} <= kinds_found
    codes = run(neo4j_settings, lambda r: search(r, embedder, "T-003 洪水", None, 3))
    assert (codes[0].kind, codes[0].id, codes[0].via) == ("Team", "T-003", "code")


def test_full_text_statements_do_not_wait_for_the_query_vector(
    graph: Driver, neo4j_settings: Settings, embedder: Embedder
) -> None:
    """The vector is handed over only once a full-text statement has gone to Neo4j: were the
    statements run one after the other behind the model, this would never finish."""

    async def work(runner: CypherRunner) -> dict[str, Any]:
        async def encode() -> list[float]:
            async with asyncio.timeout(30):
                while runner.queries == 0:
                    await asyncio.sleep(0.001)
            return embedder.encode_sync(["hazardous chemicals leak"])[0]

        return await retrieve(runner, SEARCH_KINDS, "hazardous chemicals leak", encode)

    lists = run(neo4j_settings, work)
    assert lists["en"] and lists["vector"]


def test_a_repeated_text_searches_in_one_statement_with_the_same_answer(
    graph: Driver, neo4j_settings: Settings, embedder: Embedder
) -> None:
    text = "river burst its banks, water rescue team"
    QUERY_VECTORS.clear()
    SNAPSHOTS.clear()

    async def work(runner: CypherRunner) -> list[tuple[Any, int]]:
        out = []
        for _ in range(2):  # a new text (the model runs), then the same text again
            before = runner.queries
            hits = await search(runner, embedder, text, None, 20)
            out.append((hits, runner.queries - before))
        return out

    (first, statements_first), (again, statements_again) = run(neo4j_settings, work)
    # The first: full text, the vector lists Neo4j answers, and the hazard vectors read
    # once into memory; again: one statement, the hazards' vector list from memory.
    assert (statements_first, statements_again) == (3, 1)
    assert first and first == again
