"""`emkg load --on-error skip` (issue 14): rows skipped with errors give exit code 1 and
say how many and where the error rows are; only a load of every row exits 0. Every load
writes one audit entry (item 4). Runs the command line as a user would; needs Neo4j."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from neo4j import Driver

from kg.settings import Settings
from tests.integration.emkg_cli import run_cli
from tests.security.test_loader_writes import _jsonl, _team


def _load(settings: Settings, path: Path, errors: Path) -> Any:
    args = ["load", str(path), "--kind", "teams", "--on-error", "skip", "--no-embeddings"]
    return run_cli(settings, [*args, "--errors", str(errors), "--quiet"])


def test_skipped_rows_exit_non_zero_and_say_where_they_are(
    ontology_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    ontology_graph.execute_query("MATCH (e:AuditEntry {action: 'load'}) DELETE e", database_=db)
    errors = tmp_path / "bad.errors.jsonl"
    bad = _team("T-CLI-2", headcount="many")
    mixed = _jsonl(tmp_path / "mixed.jsonl", [_team("T-CLI-1"), bad])
    proc = _load(neo4j_settings, mixed, errors)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "1 row(s) were skipped with errors" in proc.stderr
    assert str(errors) in proc.stderr
    assert [json.loads(x)["id"] for x in errors.read_text("utf-8").splitlines()] == ["T-CLI-2"]

    clean = _jsonl(tmp_path / "clean.jsonl", [_team("T-CLI-1"), _team("T-CLI-3")])
    proc = _load(neo4j_settings, clean, errors)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    records, _, _ = ontology_graph.execute_query(
        "MATCH (e:AuditEntry {action: 'load'}) RETURN e.actor AS actor, e.target AS file, "
        "e.after AS after ORDER BY e.id",
        database_=db,
    )
    assert [r["file"] for r in records] == ["mixed.jsonl", "clean.jsonl"]
    assert all(r["actor"].startswith("cli") for r in records)
    assert [json.loads(r["after"])["errorRows"] for r in records] == [1, 0]
