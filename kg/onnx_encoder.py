"""A BERT sentence encoder run on onnxruntime: the same model, the same vectors, a query in
about 0.6x the time of torch on this kind of machine.

``make install`` exports each default BERT model's forward pass (``kg.bert_encoder``, torch)
to ONNX and checks the export against torch on texts of both languages before keeping it
(``kg.models.export_onnx``). ``open_onnx`` opens that export when it was made from the
model's current weights by the current exporter, else returns None and the model runs on
torch as before (``kg.embeddings`` says which once in the log). Tokenizing, batching and
pooling are ``kg.bert_folder``'s, shared with torch.

Why (benchmarks/bench_encoder.py, the committed reports, one at a time, 5 Dec, quiet):
bge-small-zh on torch with one thread p50 / p95 17.4 / 31.7 ms, on onnxruntime with one
thread 13.6 / 26.3, with two threads 9.2 / 17.0; with one core kept busy by another process
12.8 / 21.3 (torch 17.7 / 32.8), both kept busy 17.4 / 36.7 (torch, one thread 31.6 / 55.4).
Its threads do not spin while they wait (``allow_spinning`` 0): torch's two OpenMP threads,
spinning, had made a busy machine's queries several times slower, which is why torch runs a
query on one thread. Batches (node texts at a refresh) are not faster: 410 reports as
documents 10.3 s against torch's 8.6-8.9 s; after each batch the memory arena is given back
(RSS after 1,230 such texts 433 MiB, 1.3 GiB keeping the arena; torch 1.15 GiB; peak 0.9
against torch's 1.8 GiB).

Example::

    encoder = open_onnx(Path(".venv/share/emkg-models/bge-small-zh-v1.5"))
    encoder.encode(["洪水"], normalize_embeddings=True).shape   # (1, 512)
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from kg.bert_folder import QUERY_TEXTS, BertFolder, SentenceEncoder, read_bert_folder
from kg.models import models_dir

EXPORTER_VERSION = "1"  # bump when the exported graph or its inputs change
STAMP = "emkg-onnx.json"
MODEL_FILE = "model.onnx"
INPUTS = ("input_ids", "attention_mask")
OUTPUT = "last_hidden_state"
THREADS = 2


def export_dir(model_dir: Path) -> Path:
    """Where the ONNX export of the model in `model_dir` lives (inside the virtualenv)."""
    where = hashlib.sha1(str(model_dir.resolve()).encode()).hexdigest()[:12]
    return models_dir() / "onnx" / f"{model_dir.name}-{where}"


def source_stamp(folder: BertFolder) -> dict[str, Any]:
    """What an export must have been made from: the folder, its weights' size and time, and
    the exporter's version (a changed model or exporter means a new export)."""
    stat = folder.weights.stat()
    return {
        "source": str(folder.path.resolve()),
        "weights_bytes": stat.st_size,
        "weights_mtime_ns": stat.st_mtime_ns,
        "exporter": EXPORTER_VERSION,
    }


def current_export(folder: BertFolder) -> Path | None:
    """The export's model file when it was made from this folder's current weights."""
    where = export_dir(folder.path)
    try:
        stamp = json.loads((where / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    wanted = source_stamp(folder)
    if any(stamp.get(k) != v for k, v in wanted.items()) or not (where / MODEL_FILE).is_file():
        return None
    return where / MODEL_FILE


class OnnxEncoder(SentenceEncoder):
    """A BERT model's export on onnxruntime: ``encode`` like ``SentenceTransformer.encode``."""

    def __init__(self, folder: BertFolder, model_file: Path) -> None:
        import onnxruntime as ort

        super().__init__(folder)
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, min(THREADS, os.cpu_count() or 1))
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3  # errors only: its warnings are about graph fusions
        # A batch's activations (64 long texts) grow the memory arena by ~1 GB, which it keeps:
        # after a batch it gives it back (3 % slower; a query's run leaves the arena as it is).
        self._batch_run = ort.RunOptions()
        self._batch_run.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
        self.model_file = model_file
        self._session = ort.InferenceSession(
            str(model_file), options, providers=["CPUExecutionProvider"]
        )

    def _hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        run = self._batch_run if ids.shape[0] > QUERY_TEXTS else None
        (hidden,) = self._session.run([OUTPUT], {INPUTS[0]: ids, INPUTS[1]: mask}, run)
        return np.asarray(hidden, dtype=np.float32)


def open_onnx(model_dir: Path) -> OnnxEncoder | None:
    """The onnxruntime encoder of `model_dir` when its current export exists, else None."""
    folder = read_bert_folder(model_dir)
    if folder is None:
        return None
    model_file = current_export(folder)
    if model_file is None:
        return None
    try:
        return OnnxEncoder(folder, model_file)
    except Exception as e:  # onnxruntime raises its own exception types
        raise ValueError(f"unreadable ONNX export {model_file}: {e}") from e
