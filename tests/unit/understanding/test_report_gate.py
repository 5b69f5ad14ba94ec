"""The report gate (queries/understanding/report_gate.py, report_gate_build.py): what it
learns from, how it is stored, and that it only ever sees development data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml

from queries.understanding.judge import EVAL_DIR, set_files
from queries.understanding.report_gate import (
    GATE_SETS,
    NON_INCIDENTS_ONLY,
    ReportGate,
    load_gate,
)
from queries.understanding.report_gate_build import (
    gate_examples,
    save_gate,
    train_gate,
)


def toy_gate() -> ReportGate:
    rng = np.random.default_rng(0)
    reports = [np.array([1.0, 0.0]) + rng.normal(0, 0.1, 2) for _ in range(12)]
    others = [np.array([0.0, 1.0]) + rng.normal(0, 0.1, 2) for _ in range(4)]
    return train_gate("toy", [False] * 12 + [True] * 4, [list(v) for v in reports + others])


def test_the_gate_finds_what_lies_near_the_non_incidents_unlike_a_report() -> None:
    gate = toy_gate()
    assert gate.unlike_a_report([0.0, 1.0]) > 0.8 > 0.2 > gate.unlike_a_report([1.0, 0.0])


def test_training_is_deterministic_and_the_artifact_gives_the_same_answer(tmp_path: Path) -> None:
    a, b = toy_gate(), toy_gate()
    assert np.array_equal(a.weights, b.weights) and a.bias == b.bias
    loaded = load_gate("toy", save_gate(a, tmp_path / "gate.npz"))
    assert loaded is not None
    assert loaded.unlike_a_report([0.3, 0.6]) == a.unlike_a_report([0.3, 0.6])
    assert load_gate("toy", tmp_path / "missing.npz") is None


def test_it_learns_every_report_and_non_incident_of_its_sets_and_only_those() -> None:
    rows = gate_examples(set_files(["reports"]), set_files(["heldout9"]))
    counts = {"reports": 0, "non": 0}
    for path in set_files(["reports"]):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        counts["reports"] += len(doc["reports"])
        counts["non"] += len(doc["non_incidents"])
    for path in set_files(["heldout9"]):  # its reports are still held out
        counts["non"] += len(yaml.safe_load(path.read_text(encoding="utf-8"))["non_incidents"])
    assert sum(1 for _, no in rows if not no) == counts["reports"]
    assert sum(1 for _, no in rows if no) == counts["non"]


def test_a_held_out_set_not_yet_read_is_never_learned_from() -> None:
    # heldout9's reports and heldout11 (the lead's measure) are not development data.
    learned = {*GATE_SETS, *NON_INCIDENTS_ONLY}
    assert "heldout11" not in learned and "heldout9" not in GATE_SETS
    for name in learned:
        for path in set_files([name]):
            header = path.read_text(encoding="utf-8").split("\nreports:")[0]
            assert "NOT RUN YET" not in header or "MEASURED" in header, path
    assert (EVAL_DIR / "heldout11_zh.yaml").exists()
