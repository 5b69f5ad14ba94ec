"""The LRU of query vectors: bounded, keyed by model and text, and used by `Embedder.encode`."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from kg.embedder import QUERY_VECTORS, Embedder, QueryVectorCache


class CountingModel:
    """A stand-in for a sentence-transformers model: a vector from the text's length and
    first character, and a count of the texts it was asked to encode."""

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def get_embedding_dimension(self) -> int:
        return 2

    def encode(self, texts: Sequence[str], **_: Any) -> Any:
        self.encoded.extend(texts)
        return np.array([[float(len(t)), float(ord(t[0]))] for t in texts])


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    QUERY_VECTORS.clear()


def test_least_recently_used_goes_first() -> None:
    cache = QueryVectorCache(2)
    cache.put("m", "a", [1.0])
    cache.put("m", "b", [2.0])
    assert cache.get("m", "a") == [1.0]  # a is now the most recent
    cache.put("m", "c", [3.0])
    assert len(cache) == 2
    assert cache.get("m", "b") is None
    assert cache.get("m", "a") == [1.0] and cache.get("m", "c") == [3.0]
    assert (cache.hits, cache.misses) == (3, 1)


def test_models_never_share_vectors() -> None:
    cache = QueryVectorCache(4)
    cache.put("zh+en", "洪水", [0.1, 0.2])
    assert cache.get("en", "洪水") is None
    assert cache.get("zh+en", "洪水") == [0.1, 0.2]


def test_a_caller_cannot_change_what_the_next_one_gets() -> None:
    cache = QueryVectorCache(4)
    cache.put("m", "flood", [0.6, 0.8])
    got = cache.get("m", "flood")
    assert got is not None
    got[0] = 99.0
    assert cache.get("m", "flood") == [0.6, 0.8]


def test_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        QueryVectorCache(0)


def test_encode_runs_the_model_once_per_text() -> None:
    model = CountingModel()
    embedder = Embedder(model, model_id="counting-model")
    first = asyncio.run(embedder.encode(["flood", "fire"]))
    again = asyncio.run(embedder.encode(["fire", "flood", "quake", "quake"]))
    assert model.encoded == ["flood", "fire", "quake"]
    assert again[0] == first[1] and again[1] == first[0]
    assert again[2] == again[3] == embedder.encode_sync(["quake"])[0]
    assert asyncio.run(embedder.encode([])) == []


def test_another_model_with_the_same_text_runs_its_own() -> None:
    one, two = CountingModel(), CountingModel()
    asyncio.run(Embedder(one, model_id="model-one").encode(["flood"]))
    asyncio.run(Embedder(two, model_id="model-two").encode(["flood"]))
    assert one.encoded == ["flood"] and two.encoded == ["flood"]


def test_documents_are_never_cached() -> None:
    model = CountingModel()
    embedder = Embedder(model, model_id="documents-model")
    embedder.encode_documents_sync(["Team A | 甲队"])
    asyncio.run(embedder.encode(["Team A | 甲队"]))
    assert model.encoded == ["Team A | 甲队", "Team A | 甲队"]
    assert len(QUERY_VECTORS) == 1
