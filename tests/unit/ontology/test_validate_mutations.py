"""Broken copies of the ontology fail validation with file, line, concept and a fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyshacl
import pytest

from ontology import OntologyError, load_ontology
from ontology.records import shapes_graph
from ontology.validate import validate_files

WATER = (
    "id:11A01 emkg:requirement\n    [ emkg:capability id:cap.water-rescue ; emkg:weight 1.0 ; "
    'emkg:minLevel "IV" ]'
)
SWIFT = "emkg:capability id:cap.swiftwater-rescue ; emkg:weight 0.8"
FLOOD_LABEL = 'skos:prefLabel "洪水"@zh , "Flood"@en ;'
ROOT_END = "skos:topConceptOf emkg:hazardTypeScheme .\n\n# ===== 11000"

# name: (file, old, new, text on the offending line, concept, words in the message)
MUTATIONS = {
    "turtle syntax error": (
        "hazards.ttl",
        FLOOD_LABEL,
        'skos:prefLabel "洪水@zh , "Flood"@en ;',
        '"洪水@zh',
        None,
        "Turtle syntax error",
    ),
    "missing zh label": (
        "hazards.ttl",
        FLOOD_LABEL,
        'skos:prefLabel "Flood"@en ;',
        "id:11A01 a emkg:HazardType",
        "11A01",
        "no Chinese (zh) skos:prefLabel",
    ),
    "broader cycle": (
        "hazards.ttl",
        ROOT_END,
        "skos:broader id:11A01 .\n\n# ===== 11000",
        "skos:broader id:11A01 .",
        "10000",
        "cycle 10000 -> 11A01 -> 11A00 -> 11000 -> 10000",
    ),
    "weight out of range": (
        "requirements.ttl",
        WATER,
        WATER.replace("1.0", "1.5"),
        "emkg:weight 1.5",
        "11A01",
        "emkg:weight 1.5 is outside (0, 1]",
    ),
    "dangling reference": (
        "requirements.ttl",
        SWIFT,
        SWIFT.replace("rescue", "rescu"),
        "cap.swiftwater-rescu ;",
        "11A01",
        "unknown Capability 'cap.swiftwater-rescu'; did you mean 'cap.swiftwater-rescue'",
    ),
    "misspelt term": (
        "requirements.ttl",
        SWIFT,
        SWIFT.replace("weight", "weigth"),
        "emkg:weigth",
        None,
        "unknown term emkg:weigth; did you mean emkg:weight",
    ),
    "wrong kind": (
        "requirements.ttl",
        SWIFT,
        SWIFT.replace("cap.swiftwater-rescue", "tt.water-rescue"),
        "id:tt.water-rescue ; emkg:weight 0.8",
        "11A01",
        "must point to a Capability",
    ),
    "bad response level": (
        "requirements.ttl",
        WATER,
        WATER.replace('"IV"', '"V"'),
        'emkg:minLevel "V"',
        "11A01",
        "emkg:minLevel is 'V'",
    ),
    "code under wrong parent": (
        "hazards.ttl",
        "skos:broader id:11A00 .\n\nid:11A02",
        "skos:broader id:11B00 .\n\nid:11A02",
        "id:11A01 a emkg:HazardType",
        "11A01",
        "belongs under 11A00",
    ),
    "likelihood out of range": (
        "requirements.ttl",
        "emkg:target id:12P13 ; emkg:likelihood 0.8 ]",
        "emkg:target id:12P13 ; emkg:likelihood 0 ]",
        "emkg:target id:12P13 ; emkg:likelihood 0 ]",
        "11C02",
        "emkg:likelihood 0 is outside (0, 1]",
    ),
    "two values": (
        "requirements.ttl",
        WATER,
        WATER.replace("1.0 ;", "1.0 ; emkg:weight 0.2 ;"),
        "emkg:weight 0.2",
        "11A01",
        "has 2 values for emkg:weight",
    ),
    "invalid shape": (
        "shapes.ttl",
        "sh:path emkg:rank ; sh:minCount 1 ;",
        'sh:path emkg:rank ; sh:minCount "one" ;',
        'sh:minCount "one"',
        "shape:Region",
        "sh:minCount",
    ),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_mutated_copy_fails_with_where_and_fix(
    name: str, copy_ontology: Callable[..., Path], line_of: Callable[[Path, str], int]
) -> None:
    file, old, new, marker, concept, words = MUTATIONS[name]
    folder = copy_ontology(file, old, new)
    errors = [i for i in validate_files([folder]) if i.severity == "error"]
    assert errors, f"{name}: the broken copy validated"
    matching = [i for i in errors if words in i.message]
    assert matching, f"{name}: no error mentions {words!r}: {[str(i) for i in errors]}"
    issue = matching[0]
    assert issue.file == str(folder / file)
    expected_line = line_of(folder / file, marker)
    assert issue.line == expected_line, str(issue)
    assert issue.concept == concept
    assert issue.fix
    assert str(issue).startswith(f"{folder / file}:{expected_line}:")
    assert "Fix: " in str(issue)


def test_strict_loading_refuses_a_broken_copy(copy_ontology: Callable[..., Path]) -> None:
    folder = copy_ontology("requirements.ttl", WATER, WATER.replace("1.0", "1.5"))
    load_ontology([folder])  # lenient: loads
    with pytest.raises(OntologyError, match=r"(?s)1 error\(s\).*requirements.ttl:\d+: 11A01"):
        load_ontology([folder], strict=True)


def test_syntax_error_stops_loading_with_file_and_line(copy_ontology: Callable[..., Path]) -> None:
    folder = copy_ontology("hazards.ttl", FLOOD_LABEL, FLOOD_LABEL.replace(" ;", ""))
    with pytest.raises(OntologyError, match=r"hazards\.ttl:\d+: Turtle syntax error"):
        load_ontology([folder])


def test_pyshacl_taxonomy_shapes_reject_a_weight_out_of_range(
    copy_ontology: Callable[..., Path],
) -> None:
    folder = copy_ontology("requirements.ttl", WATER, WATER.replace("1.0", "1.5"))
    conforms, _, text = pyshacl.validate(load_ontology([folder]).graph, shacl_graph=shapes_graph())
    assert not conforms and "emkg:weight" in text


def test_a_clean_copy_validates(copy_ontology: Callable[..., Path]) -> None:
    assert validate_files([copy_ontology()]) == []


def test_missing_path_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(OntologyError, match="no such file or folder"):
        validate_files([tmp_path / "nope.ttl"])
