"""A plans file prescribes named experts (``kind: expert``) as the workbench can: loaded into
a real Neo4j, the PRESCRIBES link ends at the Expert (the kind itself is not stored); a
prescription without a kind still reads a non-taxonomy id as a team; an expert's id given
without a kind, a taxonomy id of another kind and an unknown expert are row errors that
say what to write, in Chinese and in English, and abort mode then writes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, LiteralString

from neo4j import Driver

from kg.settings import Settings
from loaders.pipeline import LoadOptions, load_file

TEAM = {
    "id": "T-K-1", "nameZh": "测试救援队", "latitude": 30.6, "longitude": 104.0,
    "status": "available", "headcount": 12, "readinessMinutes": 5, "mobility": "ground",
    "adminLevel": "county", "teamType": "tt.water-rescue",
    "capabilities": [{"capability": "cap.water-rescue", "level": 2}],
}  # fmt: skip
EXPERT = {"id": "X-K-1", "nameZh": "测试专家", "available": True, "expertise": ["11C02"]}
PLAN = {"id": "P-K-1", "nameZh": "测试地震预案", "level": "provincial", "covers": ["11C02"]}
PRESCRIBED: LiteralString = """
MATCH (:Plan {id: $plan})-[r:PRESCRIBES]->(x)
RETURN labels(x)[0] AS label, x.id AS id, r.responseLevel AS level, r.quantity AS quantity,
       keys(r) AS keys
ORDER BY level, label, id
"""


def _jsonl(path: Path, *records: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return path


def _registry(driver: Driver, db: str, folder: Path) -> None:
    for kind, record in (("teams", TEAM), ("experts", EXPERT)):
        s = load_file(driver, db, _jsonl(folder / f"{kind}.jsonl", record), LoadOptions(kind=kind))
        assert s.created == 1 and not s.error_rows, s.to_text()


def test_a_plan_file_prescribes_a_named_expert(
    ontology_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    _registry(ontology_graph, db, tmp_path)
    plan = dict(
        PLAN,
        prescribes=[
            {"target": "X-K-1", "kind": "expert", "responseLevel": "I"},
            {"target": "T-K-1", "kind": "team", "responseLevel": "I"},
            {"target": "cap.water-rescue", "kind": "capability", "responseLevel": "I",
             "quantity": 2},
            {"target": "T-K-1", "responseLevel": "II"},  # no kind: a team, as before
        ],
    )  # fmt: skip
    s = load_file(ontology_graph, db, _jsonl(tmp_path / "plans.jsonl", plan), LoadOptions("plans"))
    assert (s.created, s.error_rows, s.dangling) == (1, 0, {}), s.to_text()

    got, _, _ = ontology_graph.execute_query(PRESCRIBED, plan="P-K-1", database_=db)
    rows = [(r["label"], r["id"], r["level"], r["quantity"]) for r in got]
    assert rows == [
        ("Capability", "cap.water-rescue", "I", 2),
        ("Expert", "X-K-1", "I", None),
        ("Team", "T-K-1", "I", None),
        ("Team", "T-K-1", "II", None),
    ]
    assert not any("kind" in r["keys"] for r in got)  # says where the link ends; not stored

    again = load_file(ontology_graph, db, tmp_path / "plans.jsonl", LoadOptions("plans"))
    assert (again.unchanged, again.rels_created, again.rels_removed) == (1, 0, 0)


def test_wrong_or_missing_kinds_are_row_errors_that_say_what_to_write(
    ontology_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    _registry(ontology_graph, db, tmp_path)
    prescriptions = [
        {"target": "X-K-1"},  # an expert, read as a team
        {"target": "X-K-9", "kind": "expert"},  # no such expert
        {"target": "tt.water-rescue", "kind": "capability"},  # a team type
        {"target": "X-K-1", "kind": "Expert"},  # not one of the kinds
    ]
    plans = [
        dict(PLAN, id=f"P-K-{i}", prescribes=[dict(p, responseLevel="I")])
        for i, p in enumerate(prescriptions)
    ]
    s = load_file(ontology_graph, db, _jsonl(tmp_path / "bad.jsonl", *plans), LoadOptions("plans"))

    assert s.aborted and s.created == 0 and s.error_rows == 4, s.to_text()
    plans_in_graph, _, _ = ontology_graph.execute_query(
        "MATCH (p:Plan) RETURN count(p) AS n", database_=db
    )
    assert plans_in_graph[0]["n"] == 0
    by_row = {e.row: e for e in s.errors}
    assert {r: (e.field, e.problem.code) for r, e in by_row.items()} == {
        1: ("prescribes", "LOAD_PRESCRIPTION_KIND_MISSING"),
        2: ("prescribes", "LOAD_UNKNOWN_REFERENCE"),
        3: ("prescribes[0].target", "LOAD_PRESCRIPTION_KIND"),
        4: ("prescribes[0].kind", "LOAD_NOT_ONE_OF_CLOSE"),
    }
    assert by_row[1].text("en") == (
        "'X-K-1' is not a known team; it is a known expert: write kind: expert in this prescription"
    )
    zh = "'X-K-1' 不是已知的队伍，而是已知的专家：请在这条规定中写明 kind: expert"
    assert by_row[1].text("zh") == zh
    assert by_row[2].text("en").startswith("unknown expert 'X-K-9': it is neither in this file")
    assert by_row[2].text("zh").startswith("未知的专家 'X-K-9'")
    assert by_row[3].text("en") == (
        "'tt.water-rescue' is a known team type, but kind says capability: set kind to "
        "teamType, or give another id"
    )
    assert "是已知的队伍类型" in by_row[3].text("zh")
    assert "did you mean 'expert'?" in by_row[4].text("en")
