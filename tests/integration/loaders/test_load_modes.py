"""Abort / skip / dry-run modes, idempotent re-runs and snapshot retirement on a real Neo4j."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from neo4j import Driver

from kg.settings import Settings
from loaders.pipeline import LoadOptions, load_file
from tests.unit.loaders.samples import CAPABILITIES_FROM_CAPS

FIELDS = [
    "id",
    "nameZh",
    "nameEn",
    "latitude",
    "longitude",
    "status",
    "headcount",
    "readinessMinutes",
    "mobility",
    "adminLevel",
    "teamType",
    "caps",
]
MAPPING = {
    "kind": "teams",
    "fields": {
        **{f: f for f in FIELDS if f != "caps"},
        "capabilities": CAPABILITIES_FROM_CAPS,
    },
}
BAD_ROWS = {
    17: ("status", "sleeping"),
    500: ("headcount", "many"),
    999: ("teamType", "tt.water-rescu"),
}


def _csv(path: Path, n: int, bad: dict[int, tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, FIELDS)
        w.writeheader()
        for i in range(1, n + 1):
            row: dict[str, Any] = {
                "id": f"AGX-{i:04d}",
                "nameZh": f"测试队{i}",
                "nameEn": f"Test team {i}",
                "latitude": 30 + i / 1000,
                "longitude": 104.0,
                "status": "available",
                "headcount": 10 + i % 7,
                "readinessMinutes": 15,
                "mobility": "ground",
                "adminLevel": "county",
                "teamType": "tt.water-rescue",
                "caps": "cap.water-rescue:2;cap.swiftwater-rescue:3",
            }
            if i in bad:
                row[bad[i][0]] = bad[i][1]
            w.writerow(row)
    return path


def _mapping() -> Any:
    from loaders.mapping import Mapping

    return Mapping.from_dict(MAPPING)


def _teams(driver: Driver, db: str) -> int:
    records, _, _ = driver.execute_query(
        "MATCH (t:Team) WHERE NOT coalesce(t.retired, false) RETURN count(t) AS n", database_=db
    )
    return int(records[0]["n"])


def test_abort_writes_nothing_and_names_every_bad_row(
    ontology_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    path = _csv(tmp_path / "agency.csv", 1000, BAD_ROWS)
    s = load_file(ontology_graph, db, path, LoadOptions(kind="teams", mapping=_mapping()))
    assert s.aborted and s.error_rows == 3 and s.created == 0
    assert _teams(ontology_graph, db) == 0
    assert sorted((e.row, e.field) for e in s.errors) == sorted(
        (row, f) for row, (f, _) in BAD_ROWS.items()
    )
    text = s.to_text()
    assert "row 17 (AGX-0017): status: must be one of" in text
    assert "row 999 (AGX-0999): teamType: unknown team type 'tt.water-rescu'" in text


def test_skip_loads_the_good_rows_and_writes_the_bad_ones_with_reasons(
    ontology_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    path = _csv(tmp_path / "agency.csv", 1000, BAD_ROWS)
    errors = tmp_path / "bad.jsonl"
    s = load_file(
        ontology_graph,
        db,
        path,
        LoadOptions(
            kind="teams", mapping=_mapping(), on_error="skip", errors_path=errors, batch_size=300
        ),
    )
    assert (s.created, s.skipped) == (997, 3)
    assert _teams(ontology_graph, db) == 997
    lines = [json.loads(x) for x in errors.read_text("utf-8").splitlines()]
    assert sorted(x["row"] for x in lines) == sorted(BAD_ROWS)
    assert all(
        x["errors"][0]["field"] == BAD_ROWS[x["row"]][0] and x["errors"][0]["reason"] for x in lines
    )
    records, _, _ = ontology_graph.execute_query(
        "MATCH (:Team {id: 'AGX-0001'})-[r:HAS_CAPABILITY]->(c) RETURN c.id AS c, r.level AS l "
        "ORDER BY c",
        database_=db,
    )
    assert [(r["c"], r["l"]) for r in records] == [
        ("cap.swiftwater-rescue", 3),
        ("cap.water-rescue", 2),
    ]


def test_dry_run_validates_only(
    ontology_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    path = _csv(tmp_path / "agency.csv", 50, {3: ("status", "x")})
    s = load_file(
        None,
        neo4j_settings.neo4j_database,
        path,
        LoadOptions(kind="teams", mapping=_mapping(), dry_run=True),
    )
    assert s.dry_run and s.error_rows == 1 and s.valid == 49
    assert _teams(ontology_graph, neo4j_settings.neo4j_database) == 0


def test_rerun_counts_unchanged_and_updated(
    ontology_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    path = _csv(tmp_path / "agency.csv", 20, {})
    first = load_file(ontology_graph, db, path, LoadOptions(kind="teams", mapping=_mapping()))
    again = load_file(ontology_graph, db, path, LoadOptions(kind="teams", mapping=_mapping()))
    assert (first.created, again.created, again.unchanged, again.rels_created) == (20, 0, 20, 0)
    text = path.read_text("utf-8").replace(
        "cap.water-rescue:2;cap.swiftwater-rescue:3", "cap.water-rescue:1", 1
    )
    path.write_text(text.replace("测试队1,", "测试队一,", 1), "utf-8")
    third = load_file(ontology_graph, db, path, LoadOptions(kind="teams", mapping=_mapping()))
    assert (third.created, third.updated, third.unchanged) == (0, 1, 19)
    assert (third.rels_removed, third.rels_created) == (1, 0)  # swiftwater out, level set
    records, _, _ = ontology_graph.execute_query(
        "MATCH (:Team {id: 'AGX-0001'})-[r:HAS_CAPABILITY]->(c) RETURN c.id AS c, r.level AS l",
        database_=db,
    )
    assert [(r["c"], r["l"]) for r in records] == [("cap.water-rescue", 1)]


def test_snapshot_retires_records_missing_from_the_new_file(
    ontology_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    full = _csv(tmp_path / "full.csv", 10, {})
    part = _csv(tmp_path / "part.csv", 7, {})
    opts = {"kind": "teams", "mapping": _mapping(), "source": "agency-x", "snapshot": True}
    load_file(ontology_graph, db, full, LoadOptions(**opts))  # type: ignore[arg-type]
    s = load_file(ontology_graph, db, part, LoadOptions(**opts))  # type: ignore[arg-type]
    assert s.retired == 3 and _teams(ontology_graph, db) == 7
    records, _, _ = ontology_graph.execute_query(
        "MATCH (t:Team) WHERE t.retired RETURN collect(t.id) AS ids, "
        "all(x IN collect(t.retiredAt) WHERE x IS NOT NULL) AS stamped",
        database_=db,
    )
    assert sorted(records[0]["ids"]) == ["AGX-0008", "AGX-0009", "AGX-0010"]
    assert records[0]["stamped"]
    back = load_file(ontology_graph, db, full, LoadOptions(**opts))  # type: ignore[arg-type]
    assert (back.updated, back.retired) == (3, 0) and _teams(ontology_graph, db) == 10
