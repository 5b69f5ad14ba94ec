"""A BERT sentence encoder run directly on torch: the same vectors as sentence-transformers
for a BERT model with mean or CLS pooling, without importing sentence-transformers,
transformers and scikit-learn (their imports cost a process ~4-5 s of CPU: transformers'
fp8 and tensor-parallel integrations pull in triton and torch.distributed, sentence-
transformers' utilities scikit-learn), which every `emkg` process, every API worker and
every cold start paid before its first search.

A model directory qualifies when it is what sentence-transformers would load as a BERT
``Transformer`` module, then ``Pooling`` (mean or CLS) and optionally ``Normalize``, with
``model.safetensors`` and ``tokenizer.json``; both default models are. Anything else
(another architecture, another pooling, a dense layer) is read by sentence-transformers
as before: ``open_bert`` returns None and ``kg.embeddings`` falls back. The tokenizer is
the model's own ``tokenizer.json`` (the Rust ``tokenizers`` library sentence-transformers
uses too), set as ``tokenizer_config.json`` says; inputs are truncated to the model's
``max_seq_length``; batches are padded to their longest text, sorted by length, as
sentence-transformers does. ``tests/unit/search/test_bert_encoder.py`` checks the vectors against
sentence-transformers' on the same texts.

Example::

    encoder = open_bert(Path(".venv/share/emkg-models/bge-small-zh-v1.5"))
    encoder.encode(["洪水"], batch_size=32, normalize_embeddings=True).shape   # (1, 512)
    encoder.tokenizer.tokenize("化工厂")   # ['化', '工', '厂']
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors.torch import load_file
from tokenizers import Tokenizer
from tokenizers.normalizers import BertNormalizer

# A query (a few texts) runs on one torch thread: the model is small, and on two cores shared
# with Neo4j and the event loop torch's second thread waited more than it worked (a busy
# machine, one Chinese query: p50 / p95 38 / 225 ms on two threads, 15 / 28 ms on one; a
# batch of 256: 3.3 s on two, 2.0 s on one). Batches larger than this keep torch's threads.
QUERY_TEXTS = 8
ST_TRANSFORMER = "sentence_transformers.models.Transformer"
ST_POOLING = "sentence_transformers.models.Pooling"
ST_NORMALIZE = "sentence_transformers.models.Normalize"
POOLINGS = ("cls", "mean")


@dataclass(frozen=True)
class BertShape:
    """What config.json says of a BERT model's size."""

    layers: int
    heads: int
    hidden: int
    eps: float

    @classmethod
    def read(cls, config: dict[str, Any]) -> BertShape | None:
        """The shape, or None when the model is not a plain BERT this encoder runs."""
        plain = (
            config.get("model_type") == "bert"
            and config.get("hidden_act", "gelu") == "gelu"
            and config.get("position_embedding_type", "absolute") == "absolute"
            and not config.get("is_decoder", False)
        )
        if not plain:
            return None
        return cls(
            layers=int(config["num_hidden_layers"]),
            heads=int(config["num_attention_heads"]),
            hidden=int(config["hidden_size"]),
            eps=float(config.get("layer_norm_eps", 1e-12)),
        )


class WordPieces:
    """The model's tokenizer, as much of it as search needs: ``unk_token`` and
    ``tokenize`` (word pieces, no special tokens, no truncation) for ``Embedder.coverage``."""

    def __init__(self, tokenizer: Tokenizer, unk_token: str) -> None:
        self._tokenizer = tokenizer
        self.unk_token = unk_token

    def tokenize(self, text: str) -> list[str]:
        return list(self._tokenizer.encode(text, add_special_tokens=False).tokens)


class BertEncoder:
    """A BERT model with its pooling: ``encode`` like ``SentenceTransformer.encode``."""

    def __init__(
        self,
        weights: dict[str, torch.Tensor],
        shape: BertShape,
        tokenizer: Tokenizer,
        pooling: str,
        *,
        max_length: int,
        unk_token: str,
        normalized: bool = False,
    ) -> None:
        self._w = weights
        self._normalized = normalized  # a Normalize module: unit vectors whatever is asked
        self._shape = shape
        self._pooling = pooling
        self._dims = shape.hidden
        self._batch_tokenizer = tokenizer
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length)
        plain = Tokenizer.from_str(tokenizer.to_str())
        plain.no_truncation()
        self.tokenizer = WordPieces(plain, unk_token)

    def get_sentence_embedding_dimension(self) -> int:
        return self._dims

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = 32,
        normalize_embeddings: bool = False,
        convert_to_numpy: bool = True,
        show_progress_bar: bool = False,
    ) -> np.ndarray:
        """One row a text, in `texts`' order; longest texts batched together first."""
        del convert_to_numpy, show_progress_bar  # always numpy, never a progress bar
        out = np.zeros((len(texts), self._dims), dtype=np.float32)
        encodings = self._batch_tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        with _one_thread(len(texts) <= QUERY_TEXTS), torch.inference_mode():
            for start in range(0, len(order), batch_size):
                batch = order[start : start + batch_size]
                longest = max(len(encodings[i].ids) for i in batch)
                ids = torch.zeros((len(batch), longest), dtype=torch.long)
                mask = torch.zeros((len(batch), longest), dtype=torch.long)
                for row, i in enumerate(batch):
                    n = len(encodings[i].ids)
                    ids[row, :n] = torch.tensor(encodings[i].ids, dtype=torch.long)
                    mask[row, :n] = 1
                pooled = self._pool(self._forward(ids, mask), mask)
                if normalize_embeddings or self._normalized:
                    pooled = torch.nn.functional.normalize(pooled, p=2.0, dim=1)
                out[batch] = pooled.numpy()
        return out

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

    def _pool(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        if self._pooling == "cls":
            return hidden[:, 0]
        m = mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * m).sum(dim=1) / m.sum(dim=1).clamp(min=1e-9)


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
    """The encoder of `model_dir` when it is a BERT model with mean or CLS pooling (see the
    module's docstring), else None: sentence-transformers reads it."""
    try:
        modules = json.loads((model_dir / "modules.json").read_text())
        config = json.loads((model_dir / "config.json").read_text())
    except (OSError, ValueError):
        return None
    kinds = [m.get("type") for m in modules]
    if kinds not in ([ST_TRANSFORMER, ST_POOLING], [ST_TRANSFORMER, ST_POOLING, ST_NORMALIZE]):
        return None
    if modules[0].get("path", "") != "" or not (model_dir / "model.safetensors").is_file():
        return None
    shape = BertShape.read(config)
    pooling = _pooling(model_dir / modules[1]["path"] / "config.json")
    if shape is None or pooling is None or not (model_dir / "tokenizer.json").is_file():
        return None
    settings = _json_or_empty(model_dir / "sentence_bert_config.json")
    tok_config = _json_or_empty(model_dir / "tokenizer_config.json")
    max_length = min(
        int(settings.get("max_seq_length") or 512),
        int(config.get("max_position_embeddings", 512)),
        int(tok_config.get("model_max_length") or 512),
    )
    try:
        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        weights = load_file(str(model_dir / "model.safetensors"))
    except Exception as e:  # the Rust libraries raise their own exception types
        raise ValueError(f"unreadable tokenizer.json or model.safetensors: {e}") from e
    if "do_lower_case" in tok_config:  # as transformers' BertTokenizerFast sets it
        tokenizer.normalizer = BertNormalizer(
            clean_text=True,
            handle_chinese_chars=bool(tok_config.get("tokenize_chinese_chars", True)),
            strip_accents=tok_config.get("strip_accents"),
            lowercase=bool(tok_config["do_lower_case"]),
        )
    weights = {k.removeprefix("bert."): v.float() for k, v in weights.items()}
    if any(f"encoder.layer.{n}.output.dense.weight" not in weights for n in range(shape.layers)):
        return None
    return BertEncoder(
        weights,
        shape,
        tokenizer,
        pooling,
        max_length=max_length,
        unk_token=str(tok_config.get("unk_token") or "[UNK]"),
        normalized=kinds[-1] == ST_NORMALIZE,
    )


def _pooling(path: Path) -> str | None:
    config = _json_or_empty(path)
    modes = [k for k, v in config.items() if k.startswith("pooling_mode_") and v is True]
    if modes == ["pooling_mode_cls_token"]:
        return "cls"
    if modes == ["pooling_mode_mean_tokens"]:
        return "mean"
    return None


def _json_or_empty(path: Path) -> dict[str, Any]:
    try:
        found = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}
