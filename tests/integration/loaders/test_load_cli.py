"""`emkg load` end to end: loaded nodes get their search vectors, a bad file changes nothing."""

from __future__ import annotations

from pathlib import Path

from neo4j import Driver

from kg.settings import Settings
from loaders.generator import generate
from loaders.pipeline import LoadOptions, load_file
from tests.integration.emkg_cli import run_cli

COUNT_VECTORS = (
    "MATCH (t:Team) WHERE t.source = 'cli/teams' "
    "RETURN count(t) AS teams, count(t.embedding) AS vectors"
)


def test_loaded_teams_are_embedded_for_search(
    ontology_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    generate("tiny", 5, tmp_path)
    load_file(ontology_graph, db, tmp_path / "regions.jsonl", LoadOptions(kind="regions"))
    args = ["load", str(tmp_path / "teams.jsonl"), "--kind", "teams", "--source", "cli/teams"]
    done = run_cli(neo4j_settings, args)
    assert done.returncode == 0, done.stderr
    records, _, _ = ontology_graph.execute_query(COUNT_VECTORS, database_=db)
    assert records[0]["teams"] > 0
    assert records[0]["vectors"] == records[0]["teams"]


def test_bad_file_exits_non_zero_and_writes_nothing(
    ontology_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    bad = tmp_path / "teams.csv"
    bad.write_text("id,nameZh,nameEn,latitude,longitude\nT-1,队,Team,95,104\n", encoding="utf-8")
    args = ["load", str(bad), "--kind", "teams", "--source", "cli/teams"]
    done = run_cli(neo4j_settings, args)
    assert done.returncode == 1, done.stderr
    records, _, _ = ontology_graph.execute_query(COUNT_VECTORS, database_=db)
    assert records[0]["teams"] == 0
