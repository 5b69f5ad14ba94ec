"""Record validation compiled from the SHACL shapes, and its agreement with pyshacl."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyshacl
import pytest
import yaml
from rdflib import Graph, Namespace, URIRef

from ontology import OntologyError
from ontology.records import record_to_rdf, shapes_graph
from ontology.shapes import RECORD_KINDS, compile_record_shapes, record_validator

SH = Namespace("http://www.w3.org/ns/shacl#")
EMKG_NS = "https://w3id.org/emkg/ontology#"
ROOT = Path(__file__).resolve().parents[3]

VALID: dict[str, dict[str, Any]] = {
    "teams": {
        "id": "T-SC-0001",
        "nameZh": "成都水域救援大队",
        "nameEn": "Chengdu Water Rescue",
        "latitude": 30.657,
        "longitude": 104.08,
        "status": "available",
        "headcount": 40,
        "readinessMinutes": 10,
        "mobility": "water",
        "adminLevel": "municipal",
        "teamType": "tt.water-rescue",
        "region": "510100",
        "capabilities": [{"capability": "cap.water-rescue", "level": 1}],
    },
    "experts": {
        "id": "E-001",
        "nameZh": "张工",
        "available": True,
        "affiliation": "四川省地质调查院",
        "latitude": 30.6,
        "longitude": 104.0,
        "expertise": ["11D01", "cap.geohazard-assessment"],
    },
    "equipment": {
        "id": "EQ-001",
        "nameZh": "冲锋舟",
        "quantity": 6,
        "status": "ready",
        "equipmentType": "eq.rescue-boat",
        "holder": "T-SC-0001",
    },
    "depots": {
        "id": "D-001",
        "nameZh": "省级储备库",
        "latitude": 30.7,
        "longitude": 104.1,
        "adminLevel": "provincial",
        "region": "510000",
    },
    "plans": {
        "id": "P-001",
        "nameZh": "四川省防汛应急预案",
        "level": "provincial",
        "effectiveDate": "2023-05-01",
        "covers": ["11A01", "11A51"],
        "regions": ["510000"],
        "prescribes": [
            {"target": "cap.water-rescue", "responseLevel": "IV"},
            {"target": "tt.water-rescue", "responseLevel": "II"},
        ],
    },
    "regions": {"id": "510100", "nameZh": "成都市", "rank": "city", "parent": "510000"},
    "incidents": {
        "id": "I-2020-001",
        "nameZh": "某地山洪",
        "occurredAt": dt.date(2020, 8, 17),
        "latitude": 31.0,
        "longitude": 103.6,
        "responseLevel": "III",
        "hazardType": "11A51",
        "deployedTeams": ["T-SC-0001"],
    },
}

# (kind, changes to the valid record, fields that must be reported)
INVALID: list[tuple[str, dict[str, Any], set[str]]] = [
    ("teams", {"latitude": 95.0}, {"latitude"}),
    ("teams", {"longitude": -181}, {"longitude"}),
    ("teams", {"headcount": "40"}, {"headcount"}),
    ("teams", {"headcount": 40.5, "status": "availble"}, {"headcount", "status"}),
    ("teams", {"teamType": "water-rescue"}, {"teamType"}),
    ("teams", {"nameZh": None, "hedcount": 3}, {"nameZh", "hedcount"}),
    ("teams", {"capabilities": [{"capability": "cap.water-rescue", "level": 5}]}, {"capabilities"}),
    ("teams", {"readinessMinutes": True}, {"readinessMinutes"}),
    ("experts", {"available": "yes", "expertise": ["flood"]}, {"available", "expertise"}),
    ("equipment", {"quantity": -1, "equipmentType": None}, {"quantity", "equipmentType"}),
    ("depots", {"adminLevel": "social"}, {"adminLevel"}),
    ("plans", {"effectiveDate": "2023-13-01", "covers": []}, {"effectiveDate", "covers"}),
    (
        "plans",
        {"prescribes": [{"target": "cap.water-rescue", "responseLevel": "V"}]},
        {"prescribes"},
    ),
    ("regions", {"id": "5101", "rank": "town"}, {"id", "rank"}),
    ("incidents", {"hazardType": "11A9", "id": "bad id!"}, {"hazardType", "id"}),
]


def _top(field: str) -> str:
    return field.split("[")[0].split(".")[0]


def test_every_record_kind_has_a_validator() -> None:
    _, problems = compile_record_shapes(shapes_graph())
    assert problems == []
    assert {record_validator(k).kind for k in RECORD_KINDS} == set(RECORD_KINDS)


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_valid_records_pass(kind: str) -> None:
    assert record_validator(kind).validate(VALID[kind]) == []


@pytest.mark.parametrize(("kind", "change", "fields"), INVALID)
def test_invalid_records_name_the_fields(
    kind: str, change: dict[str, Any], fields: set[str]
) -> None:
    issues = record_validator(kind).validate({**VALID[kind], **change})
    assert {_top(i.field) for i in issues} == fields, issues
    assert all(i.reason for i in issues)


def test_messages_say_what_is_wrong() -> None:
    v = record_validator("teams")
    reasons = {
        i.field: i.reason
        for i in v.validate(
            {
                **VALID["teams"],
                "latitude": 95,
                "status": "availble",
                "hedcount": 1,
                "nameZh": None,
                "capabilities": [{"capability": "cap.water-rescue", "level": 5}],
            }
        )
    }
    assert reasons == {
        "latitude": "must be <= 90, got 95",
        "status": "must be one of available, standby, deployed, unavailable; got 'availble'; "
        "did you mean 'available'?",
        "hedcount": "unknown field 'hedcount'; did you mean 'headcount'?",
        "nameZh": "required field is missing",
        "capabilities[0].level": "must be <= 4, got 5",
    }


def _pyshacl_fields(kind: str, record: dict[str, Any]) -> set[str]:
    conforms, report, _ = pyshacl.validate(record_to_rdf(kind, record), shacl_graph=SHAPES)
    fields = set()
    for result in report.objects(None, SH.result):  # top-level results, not sh:detail
        path = report.value(result, SH.resultPath)
        if isinstance(path, URIRef) and str(path).startswith(EMKG_NS):
            fields.add(str(path)[len(EMKG_NS) :])
    assert conforms == (not fields)
    return fields


SHAPES = shapes_graph()
SAMPLES = [(k, VALID[k]) for k in RECORD_KINDS] + [
    (kind, {**VALID[kind], **change}) for kind, change, _ in INVALID
]


@pytest.mark.parametrize(("kind", "record"), SAMPLES)
def test_pyshacl_agrees_with_the_record_validator(kind: str, record: dict[str, Any]) -> None:
    ours = {_top(i.field) for i in record_validator(kind).validate(record)}
    assert _pyshacl_fields(kind, record) == ours


def _demo_records(kind: str) -> list[dict[str, Any]]:
    folder = ROOT / "loaders" / "demo"
    jsonl, yml = folder / f"{kind}.jsonl", folder / f"{kind}.yaml"
    if jsonl.is_file():
        lines = jsonl.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
    if yml.is_file():
        doc = yaml.safe_load(yml.read_text(encoding="utf-8"))
        if isinstance(doc, dict):  # {source: ..., teams: [...]}
            doc = doc.get(kind, [])
        return list(doc or [])
    pytest.skip(f"no demo {kind} in {folder}")


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_the_demo_data_are_valid_records(kind: str) -> None:
    records = _demo_records(kind)
    v = record_validator(kind)
    bad = {str(r.get("id")): v.validate(r) for r in records if v.validate(r)}
    assert records and bad == {}


def test_unknown_kind_and_unusable_shapes_raise() -> None:
    with pytest.raises(OntologyError, match="unknown record kind 'team'; did you mean 'teams'"):
        record_validator("team")
    broken = Graph().parse(data=SHAPES.serialize(format="turtle"), format="turtle")
    node = next(broken.subjects(SH.path, URIRef(EMKG_NS + "headcount")))
    broken.add((node, SH.uniqueLang, URIRef("http://www.w3.org/2001/XMLSchema#true")))
    with pytest.raises(OntologyError, match="sh:uniqueLang is not supported"):
        record_validator("teams", broken)
