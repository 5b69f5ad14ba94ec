"""A plan's prescription may state what its target is (``kind``): the loader links the label
it names, refuses a taxonomy id of another kind with the kind it is, and leaves record ids
(teams, experts) to the reference check; without a kind it reads ids as before."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from loaders.bulk.export import BulkFile, export_files
from loaders.generator import generate
from loaders.prescription_kinds import stated_kind_problem
from loaders.records import KINDS, kind_labels
from ontology import load_ontology
from ontology.errors import OntologyError

PRESCRIBES = next(lf for lf in KINDS["plans"].links if lf.field == "prescribes")
CONCEPTS = {"cap.water-rescue": "Capability", "tt.usar": "TeamType", "eq.pump": "EquipmentType"}


def test_the_kinds_are_the_shapes_values_naming_the_links_ranges() -> None:
    assert PRESCRIBES.kind_key == "kind"
    assert dict(PRESCRIBES.kind_labels) == {
        "capability": "Capability",
        "teamType": "TeamType",
        "team": "Team",
        "equipmentType": "EquipmentType",
        "expert": "Expert",
    }
    with pytest.raises(OntologyError, match="kind hazard names no label"):
        kind_labels(("Capability", "Team"), ("capability", "hazard"))


def test_a_stated_kind_decides_the_label_and_is_not_a_relationship_property() -> None:
    record = {
        "prescribes": [
            {"target": "X-1", "kind": "expert", "responseLevel": "I"},
            {"target": "X-1", "kind": "team", "responseLevel": "II"},
            {"target": "T-1", "responseLevel": "I"},
            {"target": "cap.water-rescue", "responseLevel": "I", "quantity": 3},
        ]
    }
    assert PRESCRIBES.entries(record) == [
        ("X-1", {"responseLevel": "I"}, ("Expert",)),
        ("X-1", {"responseLevel": "II"}, ("Team",)),
        ("T-1", {"responseLevel": "I"}, ("Team",)),
        ("cap.water-rescue", {"responseLevel": "I", "quantity": 3}, ("Capability",)),
    ]
    assert PRESCRIBES.items(record)[0] == ("X-1", {"responseLevel": "I"})


@pytest.mark.parametrize(
    ("value", "stated", "code"),
    [
        ({"target": "cap.water-rescue", "kind": "capability"}, True, None),
        ({"target": "X-1", "kind": "expert"}, True, None),  # looked up by the references
        ({"target": "tt.usar", "kind": "capability"}, True, "LOAD_PRESCRIPTION_KIND"),
        ({"target": "eq.pump", "kind": "expert"}, True, "LOAD_PRESCRIPTION_KIND"),
        ({"target": "cap.water-rescu", "kind": "capability"}, True, "LOAD_UNKNOWN_CONCEPT_CLOSE"),
        ({"target": "eq.nothing", "kind": "equipmentType"}, True, "LOAD_UNKNOWN_CONCEPT"),
        ({"target": "X-1"}, False, None),  # no kind: checked as before
        ({"target": "X-1", "kind": "Expert"}, False, None),  # the shape refuses the kind
    ],
)
def test_a_target_is_checked_for_the_kind_it_states(
    value: dict[str, str], stated: bool, code: str | None
) -> None:
    got, problem = stated_kind_problem(PRESCRIBES, value, CONCEPTS)
    assert (got, problem.code if problem else None) == (stated, code)


def test_the_kind_problem_names_the_kind_to_write_in_both_languages() -> None:
    _, problem = stated_kind_problem(PRESCRIBES, {"target": "tt.usar", "kind": "team"}, CONCEPTS)
    assert problem is not None
    assert problem.text("en") == (
        "'tt.usar' is a known team type, but kind says team: set kind to teamType, "
        "or give another id"
    )
    assert problem.text("zh") == (
        "'tt.usar' 是已知的队伍类型，但 kind 写的是 team：请把 kind 改为 teamType，或改填其他编号"
    )


def test_the_bulk_export_links_a_named_expert_and_keeps_no_kind_column(tmp_path: Path) -> None:
    data = tmp_path / "data"
    generate("tiny", 2, data)
    expert = json.loads((data / "experts.jsonl").read_text(encoding="utf-8").splitlines()[0])
    named = {"target": expert["id"], "kind": "expert", "responseLevel": "I"}
    plan: dict[str, Any] = {"id": "P-K-1", "nameZh": "预案", "level": "national"}
    plan |= {"covers": ["11C02"], "prescribes": [named]}
    (data / "plans.jsonl").write_text(json.dumps(plan, ensure_ascii=False) + "\n")
    kinds = ("regions", "teams", "depots", "equipment", "experts", "plans")
    export = export_files(
        [BulkFile(data / f"{k}.jsonl", k) for k in kinds], tmp_path / "csv", load_ontology()
    )
    assert export.ok and not export.summaries[-1].dangling, export.summaries[-1].to_text()
    export.tables.close()
    table = export.tables.rels[("PRESCRIBES", "Plan", "Expert")]
    rows = table.data_path.read_text(encoding="utf-8").splitlines()
    assert rows == [f'"P-K-1","{expert["id"]}","I",,'], rows  # level, no quantity, no min
    header = table.header_path.read_text(encoding="utf-8")
    assert "responseLevel" in header and "kind" not in header, header
