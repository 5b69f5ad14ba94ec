"""Building the report gate (report_gate.py) from committed data: what it learns from, the fit,
the artifact. A build step (`make install`), never the server: scikit-learn is imported here
only, and the texts are cleaned as parse_report cleans a report before encoding it.

Example::

    HF_HUB_OFFLINE=1 python -m queries.understanding.report_gate_build   # ~1 min quiet
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import yaml

from queries.understanding.artifacts import build_main, save_npz
from queries.understanding.judge import set_files
from queries.understanding.parse import clean_report
from queries.understanding.report_gate import (
    GATE_SETS,
    NON_INCIDENTS_ONLY,
    REGULARISATION_C,
    ReportGate,
    artifact_path,
)


def gate_examples(
    files: Iterable[Path], non_incidents_only: Iterable[Path] = ()
) -> list[tuple[str, bool]]:
    """(text, is no report) for every report and non-incident of `files`, and the non-incidents
    of `non_incidents_only`, in file order."""
    out: list[tuple[str, bool]] = []
    only = list(non_incidents_only)
    for path in [*files, *only]:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        rows = [] if path in only else [(r, False) for r in doc.get("reports") or []]
        rows += [(r, True) for r in doc.get("non_incidents") or []]
        out += [(clean_report(str(r["text"]))[0], no) for r, no in rows]
    return out


def ontology_texts() -> list[str]:
    """Every hazard type's labels and synonyms (zh, en), sorted: how a commander may type a
    hazard alone, learned as report-like."""
    from ontology.load import shipped_ontology

    concepts = [c for c in shipped_ontology().of_kind("HazardType") if not c.deprecated]
    return sorted({t for c in concepts for t in (c.name_zh, *c.alt_zh, c.name_en, *c.alt_en) if t})


def train_gate(
    model_id: str, labels: Sequence[bool], vectors: Sequence[Sequence[float]]
) -> ReportGate:
    """Fit the gate (classes weighed equally: ~4 reports to a non-incident). scikit-learn is
    imported here only: the server loads weights, it never trains."""
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    model = LogisticRegression(
        C=REGULARISATION_C, max_iter=2000, class_weight="balanced", random_state=0
    )
    model.fit(np.asarray(vectors, dtype=np.float32), np.asarray(labels, dtype=bool))
    return ReportGate(model_id, model.coef_[0].astype(np.float32), float(model.intercept_[0]))


def save_gate(gate: ReportGate, path: Path | None = None) -> Path:
    return save_npz(
        path or artifact_path(gate.model_id), weights=gate.weights, bias=np.float32(gate.bias)
    )


def build(model_name: str) -> Path:
    """Train on the committed reports, non-incidents and hazard names; write the artifact."""
    from kg.embeddings import load_embedder  # a build step, not the server

    examples = gate_examples(set_files(GATE_SETS), set_files(NON_INCIDENTS_ONLY))
    examples += [(text, False) for text in ontology_texts()]
    embedder = load_embedder(model_name)
    vectors = embedder.encode_sync([text for text, _ in examples])
    return save_gate(train_gate(embedder.model_id, [no for _, no in examples], vectors))


if __name__ == "__main__":
    raise SystemExit(build_main(build, "report gate"))
