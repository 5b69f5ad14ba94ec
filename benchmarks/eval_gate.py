"""The report gate (queries/understanding/report_gate.py) measured leave-one-set-out: how its
regularisation and threshold were chosen.

For each development set (both languages left out together), a gate is trained on every
other set the gate may learn from (report_gate.GATE_SETS, and NON_INCIDENTS_ONLY's
non-incidents) and on the hazard types' labels and synonyms (never left out), and gives
the left-out texts their probability of being no report. Printed
for each regularisation and threshold: the left-out reports at or above it (a veto there
would have refused a real report: the rules' own reading aside, every report counts) and
the left-out non-incidents at or above it. The shipped choice is the regularisation and the
lowest threshold that vetoed no report, with the most non-incidents above it. Held-out
sets not yet measured are never read. Offline: the embedding model only, no Neo4j.

Example::

    HF_HUB_OFFLINE=1 python -m benchmarks.eval_gate     # ~1 minute quiet, 2 cores
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

from kg.embeddings import load_embedder
from kg.settings import Settings
from queries.understanding.judge import set_files
from queries.understanding.report_gate import (
    GATE_SETS,
    NON_INCIDENTS_ONLY,
    REGULARISATION_C,
    UNLIKE_A_REPORT_MIN,
)
from queries.understanding.report_gate_build import gate_examples, ontology_texts

C_VALUES = (0.3, 1.0, 10.0)
THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95, 0.97, 0.99)


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.split("\n")[0]).parse_args(argv)
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    t0 = time.monotonic()
    folds: list[tuple[str, list[tuple[str, bool]]]] = []
    for name in GATE_SETS:
        folds.append((name, gate_examples(set_files([name]))))
    for name in NON_INCIDENTS_ONLY:
        folds.append((name, gate_examples([], set_files([name]))))
    texts = [text for _, rows in folds for text, _ in rows]
    labels = np.array([no for _, rows in folds for _, no in rows], dtype=bool)
    fold_of = np.array([i for i, (_, rows) in enumerate(folds) for _ in rows])
    embedder = load_embedder(Settings.from_env().model_name)
    x = np.asarray(embedder.encode_sync(texts), dtype=np.float32)
    names = np.asarray(embedder.encode_sync(ontology_texts()), dtype=np.float32)
    report_like = np.zeros(len(names), dtype=bool)
    print(
        f"{len(texts)} texts ({int((~labels).sum())} reports, {int(labels.sum())} "
        f"non-incidents) in {len(folds)} sets, {len(names)} hazard names; "
        f"vectors in {time.monotonic() - t0:.0f} s; "
        f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
    )
    for c in C_VALUES:
        out = np.zeros(len(texts))
        for i in range(len(folds)):
            test, train = fold_of == i, fold_of != i
            model = LogisticRegression(
                C=c, max_iter=2000, class_weight="balanced", random_state=0
            ).fit(np.vstack([x[train], names]), np.concatenate([labels[train], report_like]))
            out[test] = model.predict_proba(x[test])[:, 1]
        shipped = " (shipped)" if c == REGULARISATION_C else ""
        print(f"C = {c}{shipped}: left-out reports / non-incidents at or above the threshold")
        for t in THRESHOLDS:
            vetoed = int((out[~labels] >= t).sum())
            caught = int((out[labels] >= t).sum())
            mark = " <- shipped" if c == REGULARISATION_C and t == UNLIKE_A_REPORT_MIN else ""
            print(
                f"  {t:.2f}: reports {vetoed}/{int((~labels).sum())}, non-incidents "
                f"{caught}/{int(labels.sum())}{mark}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
