"""Hybrid search against a real Neo4j with the real model (a small bilingual taxonomy)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from neo4j import Driver

from kg.cypher import CypherRunner
from kg.driver import create_async_driver
from kg.embeddings import Embedder, refresh_embeddings
from kg.errors import UserInputError
from kg.search_schema import apply_fulltext_schema
from kg.settings import Settings
from queries.search import SearchHit, search, search_hazards

HAZARDS = [
    {
        "id": "11A01",
        "nameZh": "洪水",
        "nameEn": "Flood",
        "altZh": ["洪涝", "决堤"],
        "altEn": ["inundation", "flash flood"],
        "definitionZh": "江河湖泊水位上涨漫溢造成的灾害",
        "definitionEn": "Overflow of rivers and lakes inundating land",
    },
    {
        "id": "12A00",
        "nameZh": "地震",
        "nameEn": "Earthquake",
        "altZh": ["地动"],
        "altEn": ["seismic event", "tremor"],
        "definitionZh": "地壳快速释放能量引起的震动",
        "definitionEn": "Sudden shaking of the ground",
    },
    {
        "id": "21B01",
        "nameZh": "危险化学品泄漏",
        "nameEn": "Hazardous chemical leak",
        "altZh": ["化学品泄漏", "毒气泄漏"],
        "altEn": ["chemical spill", "toxic gas release"],
        "definitionZh": "储罐、管道中危险化学品泄漏",
        "definitionEn": "Release of hazardous chemicals",
    },
    {
        "id": "21C01",
        "nameZh": "森林火灾",
        "nameEn": "Forest fire",
        "altZh": ["山火"],
        "altEn": ["wildfire", "bush fire"],
        "definitionZh": "森林中失去控制的燃烧",
        "definitionEn": "Uncontrolled burning in forests",
    },
]
CREATE: Any = """
UNWIND $rows AS row CREATE (h:HazardType) SET h = row, h.source = 'test'
"""


@pytest.fixture
def taxonomy(clean_graph: Driver, neo4j_settings: Settings, embedder: Embedder) -> Driver:
    db = neo4j_settings.neo4j_database
    clean_graph.execute_query(CREATE, rows=HAZARDS, database_=db)
    apply_fulltext_schema(clean_graph, db)
    refresh_embeddings(clean_graph, db, embedder, labels=["HazardType"])
    return clean_graph


def run_search(
    settings: Settings, embedder: Embedder | None, text: str, **kw: Any
) -> list[SearchHit]:
    async def go() -> list[SearchHit]:
        driver = create_async_driver(settings)
        try:
            return await search(CypherRunner(driver, settings.neo4j_database), embedder, text, **kw)
        finally:
            await driver.close()

    return asyncio.run(go())


@pytest.fixture
def settings(neo4j_settings: Settings) -> Iterator[Settings]:
    yield neo4j_settings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("化工厂储罐泄漏起火", "21B01"),
        ("river burst its banks, people trapped on roofs", "11A01"),
        ("ground shaking, buildings down", "12A00"),
        ("山火蔓延", "21C01"),
    ],
)
def test_free_text_finds_the_hazard(
    taxonomy: Driver, settings: Settings, embedder: Embedder, text: str, expected: str
) -> None:
    hits = run_search(settings, embedder, text, kinds=["HazardType"], limit=3)
    assert hits[0].id == expected
    assert 0.0 < hits[0].score <= 1.0
    assert hits[0].via in {"hybrid", "fulltext", "vector"}


def test_code_in_text_is_an_exact_hit(
    taxonomy: Driver, settings: Settings, embedder: Embedder
) -> None:
    hits = run_search(settings, embedder, "11A01 in Chengdu", kinds=["HazardType"], limit=3)
    assert hits[0] == SearchHit("HazardType", "11A01", "洪水", "Flood", 1.0, "code")


def test_lucene_syntax_in_text_is_searched_not_parsed(
    taxonomy: Driver, settings: Settings, embedder: Embedder
) -> None:
    hits = run_search(settings, embedder, 'flood AND (" OR ~2 ^3 [a TO z] \\ /x/ -', limit=3)
    assert hits and hits[0].id == "11A01"


def test_without_embeddings_full_text_still_answers(taxonomy: Driver, settings: Settings) -> None:
    hits = run_search(settings, None, "毒气泄漏", kinds=["HazardType"], limit=2)
    assert hits[0].id == "21B01" and hits[0].via == "fulltext"


def test_retired_concepts_are_not_found(
    taxonomy: Driver, settings: Settings, embedder: Embedder
) -> None:
    taxonomy.execute_query(
        "MATCH (h:HazardType {id: '21C01'}) SET h.retired = true", database_=settings.neo4j_database
    )
    hits = run_search(settings, embedder, "山火 wildfire", kinds=["HazardType"], limit=4)
    assert "21C01" not in [h.id for h in hits]


def test_search_hazards_is_hazards_only(
    taxonomy: Driver, settings: Settings, embedder: Embedder
) -> None:
    async def go() -> list[SearchHit]:
        driver = create_async_driver(settings)
        try:
            return await search_hazards(
                CypherRunner(driver, settings.neo4j_database), embedder, "地震", 2
            )
        finally:
            await driver.close()

    hits = asyncio.run(go())
    assert hits[0].id == "12A00" and {h.kind for h in hits} == {"HazardType"}


def test_bad_input_is_refused_before_the_database(settings: Settings) -> None:
    with pytest.raises(UserInputError, match="empty"):
        run_search(settings, None, "  ")
    with pytest.raises(UserInputError, match="unknown search kind 'Hazards'"):
        run_search(settings, None, "flood", kinds=["Hazards"])
