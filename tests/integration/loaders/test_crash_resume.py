"""A load killed half-way (SIGKILL after committed batches) and run again ends with exactly
the graph of one clean run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from neo4j import Driver

from kg.settings import Settings
from loaders.generator import generate
from loaders.pipeline import LoadOptions, load_file

ROOT = Path(__file__).resolve().parents[3]
SKIP = {"loadedAt", "loadRunId"}

DUMP_NODES = (
    "MATCH (n) WHERE n.source STARTS WITH 'crash' "
    "RETURN labels(n)[0] AS l, n.id AS id, properties(n) AS p ORDER BY l, id"
)
DUMP_RELS = (
    "MATCH (a)-[r]->(b) WHERE a.source STARTS WITH 'crash' "
    "OR b.source STARTS WITH 'crash' "
    "RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p ORDER BY a, t, b"
)


def _dump(driver: Driver, db: str) -> tuple[list[Any], list[Any]]:
    nodes, _, _ = driver.execute_query(DUMP_NODES, database_=db)
    rels, _, _ = driver.execute_query(DUMP_RELS, database_=db)
    return (
        [
            (r["l"], r["id"], sorted((k, str(v)) for k, v in r["p"].items() if k not in SKIP))
            for r in nodes
        ],
        [(r["a"], r["t"], r["b"], sorted(r["p"].items())) for r in rels],
    )


def run_cli(settings: Settings, args: list[str], crash_after: int | None) -> int:
    env = dict(
        os.environ,
        EMKG_NEO4J_PORT=str(settings.neo4j_port),
        EMKG_NEO4J_DATA_DIR=str(settings.neo4j_data_dir),
    )
    if settings.neo4j_uri:
        env.update(NEO4J_URI=settings.neo4j_uri, NEO4J_PASSWORD=settings.password())
    if crash_after is not None:
        env["EMKG_LOAD_CRASH_AFTER_BATCHES"] = str(crash_after)
    proc = subprocess.run(
        [sys.executable, "-m", "api.cli", "load", *args, "--quiet"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return proc.returncode


def test_killed_load_rerun_equals_one_clean_run(
    ontology_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    db = neo4j_settings.neo4j_database
    generate("tiny", 11, tmp_path)
    load_file(
        ontology_graph,
        db,
        tmp_path / "regions.jsonl",
        LoadOptions(kind="regions", source="crash/regions"),
    )
    teams = [
        str(tmp_path / "teams.jsonl"),
        "--kind",
        "teams",
        "--source",
        "crash/teams",
        "--batch-size",
        "40",
        "--no-embeddings",  # search vectors are tested in test_load_cli.py
    ]

    code = run_cli(neo4j_settings, teams, crash_after=3)
    assert code == -signal.SIGKILL
    partial = _dump(ontology_graph, db)
    assert 0 < sum(1 for n in partial[0] if n[0] == "Team") < 300  # really half-way
    assert run_cli(neo4j_settings, teams, crash_after=None) == 0
    resumed = _dump(ontology_graph, db)

    with ontology_graph.session(database=db) as s:
        s.run("MATCH (t:Team) DETACH DELETE t").consume()
    assert run_cli(neo4j_settings, teams, crash_after=None) == 0
    clean = _dump(ontology_graph, db)
    assert sum(1 for n in clean[0] if n[0] == "Team") == 300
    assert resumed == clean
