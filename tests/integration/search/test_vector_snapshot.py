"""The hazard types' vectors held in memory, on a real Neo4j: read once under the graph's key,
read again when a sync or an edit bumps the ontology version or a refresh writes vectors,
and never trusted on a graph without a stamp (there Neo4j's index answers)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from neo4j import Driver

from kg.cypher import CypherRunner
from kg.driver import create_async_driver
from kg.embeddings import Embedder, refresh_embeddings
from kg.ontology_version import READ_VECTORS_STAMP, bump_ontology_version
from kg.settings import Settings
from queries.search_retrieval import DEPTH, retrieve
from queries.vector_snapshot import SNAPSHOTS, Snapshots

TEXT = "river burst its banks, houses flooded"

EXACT = """
MATCH (n:HazardType) WHERE n.embedding IS NOT NULL
  AND NOT coalesce(n.retired, false) AND NOT coalesce(n.deprecated, false)
WITH n, vector.similarity.cosine(n.embedding, $vector) AS score
ORDER BY score DESC, n.id LIMIT $k
RETURN n.id AS id, score
"""


@pytest.fixture
def graph(ontology_graph: Driver, neo4j_settings: Settings, embedder: Embedder) -> Driver:
    refresh_embeddings(ontology_graph, neo4j_settings.neo4j_database, embedder, ["HazardType"])
    SNAPSHOTS.clear()
    return ontology_graph


def run(settings: Settings, work: Callable[[CypherRunner], Awaitable[Any]]) -> Any:
    async def go() -> Any:
        driver = create_async_driver(settings)
        try:
            return await work(CypherRunner(driver, settings.neo4j_database, timeout_s=60))
        finally:
            await driver.close()

    return asyncio.run(go())


def hazard_vectors(
    settings: Settings, vector: list[float], snapshots: Snapshots = SNAPSHOTS
) -> tuple[list[tuple[str, float]], int, list[tuple[str, float]]]:
    """(the vector list of a hazard search, the statements it took, the exact ranking)."""

    async def work(runner: CypherRunner) -> tuple[Any, ...]:
        before = runner.queries
        lists = await retrieve(
            runner, ["HazardType"], TEXT, None, vector=vector, snapshots=snapshots
        )
        statements = runner.queries - before
        exact = await runner.read(EXACT, vector=vector, k=DEPTH)
        return lists["vector"], statements, exact

    rows, statements, exact = run(settings, work)
    found = sorted(((r.id, r.score) for r in rows), key=lambda x: (-x[1], x[0]))
    return found, statements, [(r["id"], r["score"]) for r in exact]


def stamp(graph: Driver, settings: Settings) -> str | None:
    records, _, _ = graph.execute_query(READ_VECTORS_STAMP, database_=settings.neo4j_database)
    value: str | None = records[0]["stamp"]
    return value


def test_held_once_then_answered_in_memory_exactly(
    graph: Driver, neo4j_settings: Settings, embedder: Embedder
) -> None:
    vector = embedder.encode_sync([TEXT])[0]
    first, statements_first, exact = hazard_vectors(neo4j_settings, vector)
    again, statements_again, _ = hazard_vectors(neo4j_settings, vector)
    assert (statements_first, statements_again) == (2, 1)  # + the one read into memory
    assert len(first) == DEPTH and first == again
    assert [i for i, _ in first] == [i for i, _ in exact]
    assert [s for _, s in first] == pytest.approx([s for _, s in exact], abs=1e-6)
    held = SNAPSHOTS.held("HazardType")
    assert held is not None and held.dimensions == embedder.dimensions


def test_a_version_bump_reads_them_again(
    graph: Driver, neo4j_settings: Settings, embedder: Embedder
) -> None:
    vector = embedder.encode_sync([TEXT])[0]
    before, _, _ = hazard_vectors(neo4j_settings, vector)
    top = before[0][0]

    def retire(tx: Any) -> None:  # as a sync retires a concept: with the version bumped
        tx.run("MATCH (n:HazardType {id: $id}) SET n.retired = true", id=top).consume()
        bump_ontology_version(tx, by="test")

    with graph.session(database=neo4j_settings.neo4j_database) as session:
        session.execute_write(retire)
    after, statements, exact = hazard_vectors(neo4j_settings, vector)
    assert statements == 2  # the key moved: read again before answering
    assert top not in [i for i, _ in after]
    assert [i for i, _ in after] == [i for i, _ in exact]


def test_a_refresh_that_writes_vectors_moves_the_stamp(
    graph: Driver, neo4j_settings: Settings, embedder: Embedder
) -> None:
    db = neo4j_settings.neo4j_database
    vector = embedder.encode_sync([TEXT])[0]
    before, _, _ = hazard_vectors(neo4j_settings, vector)
    first = stamp(graph, neo4j_settings)
    records, _, _ = graph.execute_query(
        "MATCH (n:HazardType) WHERE NOT n.id IN $ids AND n.embedding IS NOT NULL "
        "AND NOT coalesce(n.retired, false) RETURN n.id AS id ORDER BY n.id LIMIT 1",
        ids=[i for i, _ in before],
        database_=db,
    )
    other = records[0]["id"]
    refresh_embeddings(graph, db, embedder, ["HazardType"])  # nothing to encode
    assert stamp(graph, neo4j_settings) == first
    # A hazard's text changes without a version bump (a hand edit): its vector follows at
    # the next refresh, and so does what the API holds.
    graph.execute_query(
        "MATCH (n:HazardType {id: $id}) "
        "SET n.nameEn = 'River flood', n.altEn = ['river burst its banks, houses flooded']",
        id=other,
        database_=db,
    )
    report = refresh_embeddings(graph, db, embedder, ["HazardType"])
    assert report.encoded["HazardType"] == 1 and stamp(graph, neo4j_settings) != first
    after, statements, exact = hazard_vectors(neo4j_settings, vector)
    assert statements == 2
    assert other in [i for i, _ in after]
    assert [i for i, _ in after] == [i for i, _ in exact]
    assert [s for _, s in after] == pytest.approx([s for _, s in exact], abs=1e-6)


def test_a_graph_without_a_stamp_asks_neo4j(
    graph: Driver, neo4j_settings: Settings, embedder: Embedder
) -> None:
    graph.execute_query(
        "MATCH (v:OntologyVersion {id: 'current'}) REMOVE v.vectorsStamp",
        database_=neo4j_settings.neo4j_database,
    )
    vector = embedder.encode_sync([TEXT])[0]
    found, statements, _ = hazard_vectors(neo4j_settings, vector)
    index, index_statements, _ = hazard_vectors(neo4j_settings, vector, Snapshots(()))
    # Two statements each time (full text + key, then the index), nothing held.
    assert (statements, index_statements) == (2, 1)
    assert found == index and found
    assert SNAPSHOTS.held("HazardType") is None
