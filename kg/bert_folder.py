"""A sentence-transformers BERT folder read without torch, and the encode loop both of its
runtimes share (``kg.bert_encoder``: torch; ``kg.onnx_encoder``: onnxruntime).

A model directory qualifies when it is what sentence-transformers would load as a BERT
``Transformer`` module, then ``Pooling`` (mean or CLS) and optionally ``Normalize``, with
``model.safetensors`` and ``tokenizer.json``; both default models are. Anything else
(another architecture, another pooling, a dense layer) is read by sentence-transformers:
``read_bert_folder`` returns None. The tokenizer is the model's own ``tokenizer.json`` (the
Rust ``tokenizers`` library sentence-transformers uses too), set as
``tokenizer_config.json`` says; inputs are truncated to the model's ``max_seq_length``;
batches are padded to their longest text, sorted by length, as sentence-transformers does.

Example::

    folder = read_bert_folder(Path(".venv/share/emkg-models/bge-small-zh-v1.5"))
    folder.pooling, folder.shape.hidden      # ('cls', 512)
    folder.word_pieces.tokenize("化工厂")     # ['化', '工', '厂']
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from tokenizers import Tokenizer
from tokenizers.normalizers import BertNormalizer

QUERY_TEXTS = 8  # at most this many texts are a query (the runtimes may thread it otherwise)
ST_TRANSFORMER = "sentence_transformers.models.Transformer"
ST_POOLING = "sentence_transformers.models.Pooling"
ST_NORMALIZE = "sentence_transformers.models.Normalize"
POOLINGS = ("cls", "mean")
WEIGHTS_FILE = "model.safetensors"


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


@dataclass(frozen=True)
class BertFolder:
    """A BERT model folder as its runtimes need it: shape, pooling, tokenizers, weights' path."""

    path: Path
    shape: BertShape
    pooling: str  # "cls" or "mean"
    normalized: bool  # a Normalize module: unit vectors whatever is asked
    batch_tokenizer: Tokenizer  # truncating to the model's length, no padding
    word_pieces: WordPieces

    @property
    def weights(self) -> Path:
        return self.path / WEIGHTS_FILE


def read_bert_folder(model_dir: Path) -> BertFolder | None:
    """`model_dir` as a BERT model with mean or CLS pooling (see the module's docstring), or
    None: sentence-transformers reads it. ValueError when its tokenizer.json is unreadable."""
    try:
        modules = json.loads((model_dir / "modules.json").read_text())
        config = json.loads((model_dir / "config.json").read_text())
    except (OSError, ValueError):
        return None
    kinds = [m.get("type") for m in modules]
    if kinds not in ([ST_TRANSFORMER, ST_POOLING], [ST_TRANSFORMER, ST_POOLING, ST_NORMALIZE]):
        return None
    if modules[0].get("path", "") != "" or not (model_dir / WEIGHTS_FILE).is_file():
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
    except Exception as e:  # the Rust library raises its own exception types
        raise ValueError(f"unreadable tokenizer.json: {e}") from e
    if "do_lower_case" in tok_config:  # as transformers' BertTokenizerFast sets it
        tokenizer.normalizer = BertNormalizer(
            clean_text=True,
            handle_chinese_chars=bool(tok_config.get("tokenize_chinese_chars", True)),
            strip_accents=tok_config.get("strip_accents"),
            lowercase=bool(tok_config["do_lower_case"]),
        )
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length)
    plain = Tokenizer.from_str(tokenizer.to_str())
    plain.no_truncation()
    return BertFolder(
        path=model_dir,
        shape=shape,
        pooling=pooling,
        normalized=kinds[-1] == ST_NORMALIZE,
        batch_tokenizer=tokenizer,
        word_pieces=WordPieces(plain, str(tok_config.get("unk_token") or "[UNK]")),
    )


class SentenceEncoder:
    """``encode`` like ``SentenceTransformer.encode`` over a runtime's ``_hidden`` (token ids
    and mask, int64 (batch, length) arrays -> the last hidden states, float32
    (batch, length, hidden)): tokenizing, batching, pooling and normalizing are here."""

    def __init__(self, folder: BertFolder) -> None:
        self.folder = folder
        self.tokenizer = folder.word_pieces
        self._dims = folder.shape.hidden

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
        encodings = self.folder.batch_tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        with self._running(query=len(texts) <= QUERY_TEXTS):
            for start in range(0, len(order), batch_size):
                batch = order[start : start + batch_size]
                longest = max(len(encodings[i].ids) for i in batch)
                ids = np.zeros((len(batch), longest), dtype=np.int64)
                mask = np.zeros((len(batch), longest), dtype=np.int64)
                for row, i in enumerate(batch):
                    n = len(encodings[i].ids)
                    ids[row, :n] = encodings[i].ids
                    mask[row, :n] = 1
                pooled = self._pool(self._hidden(ids, mask), mask)
                if normalize_embeddings or self.folder.normalized:
                    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
                    pooled = pooled / np.maximum(norms, 1e-12)
                out[batch] = pooled
        return out

    @contextmanager
    def _running(self, *, query: bool) -> Iterator[None]:
        """Set the runtime up for a query or a batch while it runs (nothing by default)."""
        del query
        yield

    def _hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _pool(self, hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
        if self.folder.pooling == "cls":
            return np.ascontiguousarray(hidden[:, 0], dtype=np.float32)
        m = mask[:, :, None].astype(np.float32)
        pooled: np.ndarray = (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
        return pooled.astype(np.float32)


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
