"""A BERT sentence encoder run directly on torch: the same vectors as sentence-transformers
for a BERT model with mean or CLS pooling, without importing sentence-transformers,
transformers and scikit-learn (their imports cost a process ~4-5 s of CPU: transformers'
fp8 and tensor-parallel integrations pull in triton and torch.distributed, sentence-
transformers' utilities scikit-learn), which every `emkg` process, every API worker and
every cold start paid before its first search.

Which folders qualify, the tokenizer, batching and pooling: ``kg.bert_folder`` (shared with
``kg.onnx_encoder``, which runs the same weights on onnxruntime and is what the server uses
when the install step exported them). This module is the forward pass on torch: the
reference the ONNX export is made from and checked against, and the runtime without one.
``tests/unit/search/test_bert_encoder.py`` checks the vectors against sentence-transformers'
on the same texts.

Example::

    encoder = open_bert(Path(".venv/share/emkg-models/bge-small-zh-v1.5"))
    encoder.encode(["洪水"], batch_size=32, normalize_embeddings=True).shape   # (1, 512)
    encoder.tokenizer.tokenize("化工厂")   # ['化', '工', '厂']
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file

from kg.bert_folder import BertFolder, SentenceEncoder, read_bert_folder

# A query (a few texts) runs on one torch thread: the model is small, and on two cores shared
# with Neo4j and the event loop torch's second thread waited more than it worked (a busy
# machine, one Chinese query: p50 / p95 38 / 225 ms on two threads, 15 / 28 ms on one; a
# batch of 256: 3.3 s on two, 2.0 s on one). Batches larger than a query keep torch's threads.


class BertEncoder(SentenceEncoder):
    """A BERT model with its pooling on torch: ``encode`` like ``SentenceTransformer.encode``."""

    def __init__(self, folder: BertFolder, weights: dict[str, torch.Tensor]) -> None:
        super().__init__(folder)
        self._w = weights
        self._shape = folder.shape

    @contextmanager
    def _running(self, *, query: bool) -> Iterator[None]:
        with _one_thread(query), torch.inference_mode():
            yield

    def _hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        hidden = self._forward(torch.from_numpy(ids), torch.from_numpy(mask))
        return hidden.numpy()

    def forward_module(self) -> torch.nn.Module:
        """The forward pass as a module (ids, mask -> last hidden states), for the ONNX export."""
        encoder = self

        class Forward(torch.nn.Module):
            def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
                return encoder._forward(ids, mask)

        return Forward()

    def _forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        w, s = self._w, self._shape
        f = torch.nn.functional
        positions = torch.arange(ids.shape[1])
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][positions]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        batch, length, head_dim = ids.shape[0], ids.shape[1], s.hidden // s.heads
        for n in range(s.layers):
            p = f"encoder.layer.{n}."
            q, k, v = (
                self._dense(x, p + "attention.self." + part)
                .view(batch, length, s.heads, head_dim)
                .transpose(1, 2)
                for part in ("query", "key", "value")
            )
            context = f.scaled_dot_product_attention(q, k, v, attn_mask=bias)
            context = context.transpose(1, 2).reshape(batch, length, s.hidden)
            attended = self._dense(context, p + "attention.output.dense")
            x = self._norm(attended + x, p + "attention.output.LayerNorm")
            inner = f.gelu(self._dense(x, p + "intermediate.dense"))
            x = self._norm(self._dense(inner, p + "output.dense") + x, p + "output.LayerNorm")
        return x

    def _dense(self, x: torch.Tensor, name: str) -> torch.Tensor:
        return torch.nn.functional.linear(x, self._w[name + ".weight"], self._w[name + ".bias"])

    def _norm(self, x: torch.Tensor, name: str) -> torch.Tensor:
        return torch.nn.functional.layer_norm(
            x, (self._shape.hidden,), self._w[name + ".weight"], self._w[name + ".bias"],
            self._shape.eps,
        )  # fmt: skip


# torch's intra-op thread count is kept per OS thread (OpenMP): each encode sets its own
# thread's count, one for a query and torch's count at import for a batch, so no thread is
# left at one after a query, whichever thread ran it.
_BATCH_THREADS = torch.get_num_threads()


@contextmanager
def _one_thread(wanted: bool) -> Iterator[None]:
    """This thread on one torch thread while a query encodes, on _BATCH_THREADS otherwise."""
    torch.set_num_threads(1 if wanted else _BATCH_THREADS)
    try:
        yield
    finally:
        torch.set_num_threads(_BATCH_THREADS)


def open_bert(model_dir: Path) -> BertEncoder | None:
    """The encoder of `model_dir` when it is a BERT model with mean or CLS pooling (see
    ``kg.bert_folder``), else None: sentence-transformers reads it."""
    folder = read_bert_folder(model_dir)
    if folder is None:
        return None
    try:
        weights = load_file(str(folder.weights))
    except Exception as e:  # the Rust library raises its own exception types
        raise ValueError(f"unreadable model.safetensors: {e}") from e
    weights = {k.removeprefix("bert."): v.float() for k, v in weights.items()}
    layers = folder.shape.layers
    if any(f"encoder.layer.{n}.output.dense.weight" not in weights for n in range(layers)):
        return None
    return BertEncoder(folder, weights)
