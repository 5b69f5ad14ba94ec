"""The hazard judge (queries/understanding/judge.py): what it learns from, how it ranks, how it
is stored, and where its ranking goes among the choices a report reads nothing in."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest
import yaml

from kg.embeddings import load_embedder
from kg.settings import Settings
from ontology.load import shipped_ontology
from queries.understanding import parse
from queries.understanding.judge import (
    EVAL_DIR,
    TRAINING_SETS,
    Example,
    HazardJudge,
    labelled_examples,
    load_judge,
    ontology_examples,
    save_judge,
    train_judge,
)
from tests.unit.understanding.shipped import shipped_lexicon

AXES = {"11A01": [1.0, 0.0, 0.0], "11C02": [0.0, 1.0, 0.0], "12G03": [0.0, 0.0, 1.0]}


def toy_judge() -> HazardJudge:
    rng = np.random.default_rng(0)
    examples, vectors = [], []
    for code, axis in AXES.items():
        for _ in range(6):
            examples.append(Example(f"{code} {len(examples)}", code))
            vectors.append(list(np.asarray(axis) + rng.normal(0, 0.1, 3)))
    return train_judge("toy", examples, vectors)


def test_the_judge_ranks_the_type_whose_reports_lie_nearest_first() -> None:
    judge = toy_judge()
    assert judge.ranked([0.05, 0.9, 0.0], 3)[0][0] == "11C02"
    assert [h for h, _ in judge.ranked([0.0, 0.1, 0.95], 1)] == ["12G03"]
    assert sum(p for _, p in judge.ranked([0.3, 0.3, 0.3], 3)) == pytest.approx(1.0)


def test_training_is_deterministic_and_the_artifact_gives_the_same_ranking(
    tmp_path: Path,
) -> None:
    a, b = toy_judge(), toy_judge()
    assert np.array_equal(a.weights, b.weights) and a.classes == b.classes
    path = save_judge(a, tmp_path / "judge.npz")
    loaded = load_judge("toy", path)
    assert loaded is not None
    assert loaded.ranked([0.2, 0.7, 0.1], 3) == a.ranked([0.2, 0.7, 0.1], 3)


def test_without_a_built_judge_the_reader_says_so_and_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="queries.understanding.judge"):
        assert load_judge("no-such-model", tmp_path / "missing.npz") is None
    assert "python -m queries.understanding.judge" in caplog.text


def test_a_report_is_learnt_under_the_first_code_the_ontology_knows(tmp_path: Path) -> None:
    path = tmp_path / "set_zh.yaml"
    path.write_text(
        "reports:\n"
        "  - {id: a, text: 水漫进屋, hazards: [[11A99, 11A01, 11A02]]}\n"
        "  - {id: b, text: 楼在晃, hazards: [11C02, 12G03]}\n"
        "non_incidents:\n  - {id: n, text: 开会}\n",
        encoding="utf-8",
    )
    got = labelled_examples([path], {"11A01", "11A02", "11C02", "12G03"})
    assert got == [
        Example("水漫进屋", "11A01"),
        Example("楼在晃", "11C02"),
        Example("楼在晃", "12G03"),
    ]


def test_the_judge_never_learns_from_the_held_out_sets_the_lead_measures_with() -> None:
    """A held-out set may be learned from only once its header says it became development
    data the judge may train on (measured once as held out first); heldout8_* is not."""
    held_out = [s for s in TRAINING_SETS if s.startswith("heldout") and s != "heldout"]
    for name in held_out:
        for lang in ("zh", "en"):
            header = (EVAL_DIR / f"{name}_{lang}.yaml").read_text(encoding="utf-8")[:600]
            assert "DEVELOPMENT DATA" in header, name
            assert "the hazard judge may train on it" in " ".join(header.split()), name
    assert "heldout8" not in TRAINING_SETS


def test_choices_are_the_partial_frame_then_the_judge_then_the_nearest_by_meaning() -> None:
    lexicon = shipped_lexicon()
    near = [lexicon.by_id[h].hazard for h in ("11A01", "12G03", "11C02")]
    got = parse._choices(lexicon, "我们船主机有问题", ["11C02", "11A01"], near)
    frame_first = parse._choices(lexicon, "我们船主机有问题", [], [])
    assert frame_first, "the boat is a partial frame's thing"
    assert [c.id for c in got] == [frame_first[0].id, "11C02", "11A01", "12G03"][
        : parse.SUGGESTIONS
    ]
    assert [c.id for c in parse._choices(lexicon, "嗯嗯", ["11C02"], near)] == [
        "11C02",
        "11A01",
        "12G03",
    ]


@pytest.mark.slow
def test_a_judge_trained_without_batch_7_offers_its_reports_their_labels() -> None:
    """The real thing: trained on every allowed set but probe batch 7 and the ontology's
    labels and synonyms, with the real models; batch 7's reports (labelled by someone who never
    read the reader) find their label among the judge's first three for most of them
    (leave-one-out in the twelfth session: zh 0.89, en 0.86 with definitions as well)."""

    concepts = [c for c in shipped_ontology().of_kind("HazardType") if not c.deprecated]
    known = {c.id for c in concepts}
    examples = [
        e
        for e in ontology_examples(concepts)
        if all(e.text not in (c.definition_zh, c.definition_en) for c in concepts)
    ]
    files = [EVAL_DIR / f"{s}_{lang}.yaml" for s in TRAINING_SETS if s != "probes7"
             for lang in ("zh", "en")]  # fmt: skip
    examples += labelled_examples(files, known)
    embedder = load_embedder(Settings.from_env().model_name)
    judge = train_judge(
        embedder.model_id, examples, embedder.encode_sync([e.text for e in examples])
    )
    for lang in ("zh", "en"):
        doc = yaml.safe_load((EVAL_DIR / f"probes7_{lang}.yaml").read_text(encoding="utf-8"))
        rows = doc["reports"]
        vectors = embedder.encode_sync([str(r["text"]) for r in rows])
        hit = n = 0
        for row, vector in zip(rows, vectors, strict=True):
            top3 = {h for h, _ in judge.ranked(vector, 3)}
            for element in row["hazards"]:
                n += 1
                hit += bool(top3 & set(element if isinstance(element, list) else [element]))
        assert hit / n >= 0.75, f"{lang}: {hit}/{n}"
