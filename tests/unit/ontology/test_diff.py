"""`diff_ontologies`: exactly what changed, as text and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ontology import Ontology, load_ontology
from ontology.diff import diff_ontologies

NEW_REQUIREMENT = """
id:11A52 emkg:requirement
    [ emkg:capability id:cap.aerial-firefighting ; emkg:weight 0.5 ; emkg:minLevel "II" ] .
"""


def test_renamed_label_and_new_requirement_are_exactly_the_two_changes(
    onto: Ontology, copy_ontology: Callable[..., Path]
) -> None:
    folder = copy_ontology("hazards.ttl", '"洪水"@zh , "Flood"@en', '"洪水灾害"@zh , "Flood"@en')
    with (folder / "requirements.ttl").open("a", encoding="utf-8") as f:
        f.write(NEW_REQUIREMENT)
    diff = diff_ontologies(onto, load_ontology([folder]))

    assert len(diff) == 2
    [changed] = diff.concepts
    assert (changed.change, changed.id) == ("changed", "11A01")
    assert [(f.field, f.old, f.new) for f in changed.fields] == [("name_zh", "洪水", "洪水灾害")]
    [added] = diff.relations
    assert (added.relation, added.change, added.key) == (
        "requirements",
        "added",
        ("11A52", "cap.aerial-firefighting"),
    )
    assert added.new == {"weight": 0.5, "minLevel": "II"}

    text = diff.to_text()
    assert "~ 11A01 洪水灾害 Flood: name_zh '洪水' -> '洪水灾害'" in text
    assert "+ 11A52 -> cap.aerial-firefighting {weight: 0.5, minLevel: II}" in text
    assert len([line for line in text.splitlines() if line.startswith("  ")]) == 2

    doc = json.loads(json.dumps(diff.to_json(), ensure_ascii=False))
    assert doc["concepts"]["changed"][0]["fields"] == [
        {"field": "name_zh", "old": "洪水", "new": "洪水灾害"}
    ]
    assert doc["requirements"]["added"] == [
        {
            "key": ["11A52", "cap.aerial-firefighting"],
            "old": None,
            "new": {"weight": 0.5, "minLevel": "II"},
        }
    ]
    assert all(
        not any(v.values())
        for k, v in doc.items()
        if k not in ("concepts", "requirements", "isEmpty")
    )


def test_same_ontology_has_no_changes(onto: Ontology, copy_ontology: Callable[..., Path]) -> None:
    diff = diff_ontologies(onto, load_ontology([copy_ontology()]))
    assert diff.is_empty and diff.to_text() == "no changes" and diff.to_json()["isEmpty"]


def test_removed_concept_changed_weight_synonym_and_cascade(
    onto: Ontology, copy_ontology: Callable[..., Path]
) -> None:
    folder = copy_ontology(
        "requirements.ttl",
        "id:12A00 emkg:requirement\n    [ emkg:capability id:cap.mine-rescue ; emkg:weight 1.0",
        "id:12A00 emkg:requirement\n    [ emkg:capability id:cap.mine-rescue ; emkg:weight 0.9",
    )
    hazards = folder / "hazards.ttl"
    text = hazards.read_text(encoding="utf-8")
    hazards.write_text(text.replace('"洪灾"@zh , ', ""), encoding="utf-8")
    new = load_ontology([folder])
    diff = diff_ontologies(onto, new)
    [weight] = diff.of("requirements", "changed")
    assert weight.key == ("12A00", "cap.mine-rescue")
    assert (weight.old, weight.new) == (
        {"weight": 1.0, "minLevel": "IV"},
        {"weight": 0.9, "minLevel": "IV"},
    )
    [flood] = diff.concepts_by("changed")
    assert [f.field for f in flood.fields] == ["alt_zh"]
    back = diff_ontologies(new, onto)
    assert back.of("requirements", "changed")[0].new == {"weight": 1.0, "minLevel": "IV"}
