"""Hazards said without their name, on the probe reports (queries/eval/probes_{zh,en}.yaml
and later batches, probes2_* to probes7_*): written family by family from how callers, duty
officers and wires word incidents, labelled before the reader ran on them. Offline: the shipped
ontology's labels and synonyms (the graph's lexicon is built from the same rows) and the
shipped frames, without the embedding model, so a probe passes only by what the words say.
Every report must name its labelled hazards and nothing else; every non-incident must name
none. A row the reader still misses carries `known_miss: why` and is an expected failure
(strict: it must still fail)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from queries.understanding.facts import read_facts
from queries.understanding.named import read_named, states_something
from tests.unit.understanding.shipped import shipped_lexicon

EVAL = Path(__file__).resolve().parents[3] / "queries" / "eval"


LEXICON = shipped_lexicon()


def probes(key: str) -> list[Any]:
    rows: list[Any] = []
    for name in (
        "probes_zh", "probes_en", "probes2_zh", "probes2_en", "probes3_zh", "probes3_en",
        "probes4_zh", "probes4_en", "probes5_zh", "probes5_en", "probes6_zh", "probes6_en",
        "probes7_zh", "probes7_en",
    ):  # fmt: skip
        doc = yaml.safe_load((EVAL / f"{name}.yaml").read_text(encoding="utf-8"))
        rows += [
            pytest.param(
                r,
                id=r["id"],
                marks=[pytest.mark.xfail(strict=True, reason=r["known_miss"])]
                if "known_miss" in r
                else [],
            )
            for r in doc[key]
        ]
    return rows


def hazards_read(text: str) -> list[str]:
    reading = read_named(LEXICON, text, stated=states_something(read_facts(text), False))
    return [n.term.hazard.id for n in reading.named]


@pytest.mark.parametrize("row", probes("reports"))
def test_a_probe_report_names_its_hazards(row: dict[str, Any]) -> None:
    got = hazards_read(row["text"])
    expected = [set(e) if isinstance(e, list) else {e} for e in row["hazards"]]
    missing = [sorted(e) for e in expected if not e & set(got)]
    extra = [g for g in got if not any(g in e for e in expected)]
    assert (missing, extra) == ([], []), f"{row['text']}: read {got}"


@pytest.mark.parametrize("row", probes("non_incidents"))
def test_a_non_incident_names_no_hazard(row: dict[str, Any]) -> None:
    assert hazards_read(row["text"]) == []
