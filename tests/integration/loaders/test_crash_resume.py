"""A load killed half-way (SIGKILL from outside once some batches are committed) and run
again ends with exactly the graph of one clean run."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Any

from neo4j import Driver

from kg.settings import Settings
from loaders.generator import generate
from loaders.pipeline import LoadOptions, load_file
from tests.integration.emkg_cli import run_cli, start_cli

WAIT_S = 120.0
SKIP = {"loadedAt", "loadRunId"}

DUMP_NODES = (
    "MATCH (n) WHERE n.source STARTS WITH 'crash' "
    "RETURN labels(n)[0] AS l, n.id AS id, properties(n) AS p ORDER BY l, id"
)
COUNT_TEAMS = "MATCH (t:Team {source: 'crash/teams'}) RETURN count(t) AS n"
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


def _teams_written(driver: Driver, db: str) -> int:
    records, _, _ = driver.execute_query(COUNT_TEAMS, database_=db)
    return int(records[0]["n"])


def kill_after_first_batches(settings: Settings, driver: Driver, args: list[str]) -> None:
    """Start `emkg load`, wait until the graph holds some of its teams, then SIGKILL it."""
    db = settings.neo4j_database
    proc = start_cli(settings, ["load", *args, "--quiet"])
    deadline = time.monotonic() + WAIT_S
    try:
        while _teams_written(driver, db) == 0:
            if proc.poll() is not None:
                out, err = proc.communicate()
                raise AssertionError(f"the load ended before any batch was seen: {out}{err}")
            assert time.monotonic() < deadline, f"no batch committed within {WAIT_S:.0f} s"
            time.sleep(0.01)  # poll interval, not a wait for time to pass
    finally:
        proc.kill()  # SIGKILL; nothing if it has ended
        proc.communicate(timeout=WAIT_S)
    assert proc.returncode == -signal.SIGKILL, "the load finished before it could be killed"


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
        "5",  # many small transactions: the kill lands half-way
        "--no-embeddings",  # search vectors are tested in test_load_cli.py
    ]

    kill_after_first_batches(neo4j_settings, ontology_graph, teams)
    partial = _dump(ontology_graph, db)
    assert 0 < sum(1 for n in partial[0] if n[0] == "Team") < 300  # really half-way
    assert run_cli(neo4j_settings, ["load", *teams, "--quiet"]).returncode == 0
    resumed = _dump(ontology_graph, db)

    with ontology_graph.session(database=db) as s:
        s.run("MATCH (t:Team) DETACH DELETE t").consume()
    assert run_cli(neo4j_settings, ["load", *teams, "--quiet"]).returncode == 0
    clean = _dump(ontology_graph, db)
    assert sum(1 for n in clean[0] if n[0] == "Team") == 300
    assert resumed == clean
