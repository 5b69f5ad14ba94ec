"""What reaches the graph from bad files (issue 14, items 9, 10, 11): duplicate ids never
double a node or a relationship, abort mode writes nothing, dangling references are row
errors, and a re-load repairs relationships doubled by older versions. Needs Neo4j."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from neo4j import Driver

from kg.settings import Settings
from loaders.pipeline import LoadOptions, load_file


def _team(tid: str, name: str = "队", **extra: Any) -> dict[str, Any]:
    return {
        "id": tid,
        "nameZh": name,
        "nameEn": "Team",
        "latitude": 30.6,
        "longitude": 104.0,
        "status": "available",
        "headcount": 10,
        "readinessMinutes": 15,
        "mobility": "ground",
        "adminLevel": "county",
        "teamType": "tt.water-rescue",
        "capabilities": [{"capability": "cap.water-rescue", "level": 2}],
        **extra,
    }


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def _count(driver: Driver, db: str, query: str) -> int:
    records, _, _ = driver.execute_query(query, database_=db)
    return int(records[0][0])


def test_a_repeated_id_aborts_and_nothing_is_written(
    ontology_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    path = _jsonl(tmp_path / "t.jsonl", [_team("T-1", "甲"), _team("T-1", "乙")])
    s = load_file(ontology_graph, db, path, LoadOptions(kind="teams"))
    assert s.aborted and s.error_rows == 1 and "also the id of row 1" in s.to_text()
    assert _count(ontology_graph, db, "MATCH (t:Team) RETURN count(t)") == 0


def test_skip_mode_merges_a_repeated_id_last_row_wins_nothing_doubled(
    ontology_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    rows = [_team("T-1", "甲"), _team("T-2"), _team("T-1", "乙")]
    path = _jsonl(tmp_path / "t.jsonl", rows)
    opts = LoadOptions(kind="teams", on_error="skip", errors_path=tmp_path / "e.jsonl")
    s = load_file(ontology_graph, db, path, opts)
    assert (s.created, s.error_rows) == (2, 0)
    assert s.duplicates == {"T-1": 2} and "the last row of each was loaded" in s.to_text()
    name = ontology_graph.execute_query(
        "MATCH (t:Team {id: 'T-1'}) RETURN t.nameZh AS n", database_=db
    ).records[0]["n"]
    assert name == "乙"
    for rel in ("OF_TYPE", "HAS_CAPABILITY"):
        q = f"MATCH (:Team {{id: 'T-1'}})-[r:{rel}]->() RETURN count(r)"
        assert _count(ontology_graph, db, q) == 1, rel


def test_duplicates_in_one_batch_of_a_new_graph_are_one_node(
    ontology_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    """The original report: '2 created' and every relationship doubled (CREATE on new nodes)."""
    db = neo4j_settings.neo4j_database
    path = _jsonl(tmp_path / "t.jsonl", [_team("T-1"), _team("T-1")])  # identical rows
    s = load_file(ontology_graph, db, path, LoadOptions(kind="teams"))
    assert s.created == 1 and not s.aborted
    q = "MATCH (:Team {id: 'T-1'})-[r]->() RETURN count(r)"
    assert _count(ontology_graph, db, q) == 2  # OF_TYPE, HAS_CAPABILITY


def test_a_reload_repairs_doubled_relationships(
    ontology_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    path = _jsonl(tmp_path / "t.jsonl", [_team("T-1")])
    load_file(ontology_graph, db, path, LoadOptions(kind="teams"))
    ontology_graph.execute_query(  # what older versions left behind
        "MATCH (t:Team {id: 'T-1'})-[r:HAS_CAPABILITY]->(c) "
        "CREATE (t)-[:HAS_CAPABILITY {level: r.level}]->(c)",
        database_=db,
    )
    q = "MATCH (:Team {id: 'T-1'})-[r:HAS_CAPABILITY]->() RETURN count(r)"
    assert _count(ontology_graph, db, q) == 2
    s = load_file(ontology_graph, db, path, LoadOptions(kind="teams"))
    assert _count(ontology_graph, db, q) == 1
    assert s.rels_repaired == 1 and "repaired: 1 doubled" in s.to_text()


def test_a_badly_typed_vocabulary_row_in_a_late_batch_writes_nothing(
    ontology_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    rows = [
        {
            "conceptKind": "TeamType",
            "id": f"tt.rtlt-9-999-{i}",
            "nameZh": f"队{i}",
            "nameEn": f"Team {i}",
            "altEn": ["x"],
        }
        for i in range(1, 30)
    ]
    rows[-1]["altEn"] = 5
    rows[-2]["definitionEn"] = {"nested": "map"}
    path = _jsonl(tmp_path / "v.jsonl", rows)
    s = load_file(ontology_graph, db, path, LoadOptions(kind="vocabulary", batch_size=5))
    assert s.aborted and s.error_rows == 2
    q = "MATCH (c:TeamType) WHERE c.id STARTS WITH 'tt.rtlt-9' RETURN count(c)"
    assert _count(ontology_graph, db, q) == 0


def test_a_dangling_reference_is_a_row_error_and_abort_writes_nothing(
    ontology_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    path = _jsonl(tmp_path / "t.jsonl", [_team("T-1"), _team("T-2", region="999999")])
    s = load_file(ontology_graph, db, path, LoadOptions(kind="teams"))
    assert s.aborted and s.error_rows == 1
    assert "row 2 (T-2): region: unknown region '999999'" in s.to_text()
    assert _count(ontology_graph, db, "MATCH (t:Team) RETURN count(t)") == 0


def test_a_missing_equipment_holder_is_a_row_error_but_one_in_the_file_is_fine(
    ontology_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    load_file(
        ontology_graph, db, _jsonl(tmp_path / "t.jsonl", [_team("T-1")]), LoadOptions("teams")
    )
    item = {
        "nameZh": "泵",
        "nameEn": "Pump",
        "quantity": 1,
        "status": "ready",
        "equipmentType": "eq.aerial-ladder",
    }
    rows = [{"id": "E-1", "holder": "T-1", **item}, {"id": "E-2", "holder": "T-404", **item}]
    s = load_file(ontology_graph, db, _jsonl(tmp_path / "e.jsonl", rows), LoadOptions("equipment"))
    assert s.aborted and [e.row for e in s.errors] == [2]
    assert "holder: unknown team or depot 'T-404'" in s.to_text()
