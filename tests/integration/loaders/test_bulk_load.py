"""`emkg load --bulk` on a real local Neo4j: the offline importer builds the same graph as a
normal load of the same files, and a database holding data is refused.

The bulk side needs a local store of its own (the importer stops the server and
replaces the database), so it starts a second local Neo4j on a free port beside
the session's test instance, and removes it at the end.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from kg.driver import create_driver
from kg.errors import UserInputError
from kg.neo4j_local.admin_import import CDS_FOLDER
from kg.neo4j_local.class_share import ClassArchive, archive_key, mapped
from kg.neo4j_local.launcher import LocalNeo4j
from kg.schema import INSTANCE_LABELS
from kg.settings import Settings
from loaders.bulk.export import BulkFile
from loaders.bulk.run import bulk_load
from loaders.generator import generate
from loaders.pipeline import LoadOptions, load_file
from loaders.records import LOAD_ORDER

RUN_PROPS = ("loadedAt", "loadRunId")  # differ between two runs by nature


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bulk-data")
    generate("tiny", 3, out)
    return out


def _files(folder: Path) -> list[BulkFile]:
    return [BulkFile(folder / f"{k}.jsonl", k) for k in LOAD_ORDER]


@pytest.fixture(scope="module")
def bulk_settings(neo4j_settings: Settings) -> Iterator[Settings]:
    if not neo4j_settings.uses_local_neo4j:
        pytest.skip("bulk import needs the local store; the tests run against NEO4J_URI")
    base = Path(os.environ.get("EMKG_TEST_NEO4J_DIR", str(neo4j_settings.neo4j_data_dir)))
    settings = neo4j_settings.with_overrides(
        neo4j_port=_free_port(),
        neo4j_data_dir=base.with_name(base.name + "-bulk"),
        neo4j_heap_mb=512,
        neo4j_pagecache_mb=128,
    )
    local = LocalNeo4j(settings, log=False)
    shutil.rmtree(settings.neo4j_data_dir, ignore_errors=True)
    yield settings
    local.stop()
    shutil.rmtree(settings.neo4j_data_dir, ignore_errors=True)


def _label_counts(driver: Driver, db: str) -> dict[str, int]:
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:ApiKey UNWIND labels(n) AS l RETURN l, count(*) AS n", database_=db
    )
    return {r["l"]: r["n"] for r in records}


def _rel_counts(driver: Driver, db: str) -> dict[str, int]:
    records, _, _ = driver.execute_query(
        "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n", database_=db
    )
    return {r["t"]: r["n"] for r in records}


def _sample(driver: Driver, db: str) -> dict[str, Any]:
    """Per instance label the first nodes by id: properties and relationships."""
    out: dict[str, Any] = {}
    for lbl in INSTANCE_LABELS:
        records, _, _ = driver.execute_query(
            "MATCH (n) WHERE $lbl IN labels(n) WITH n ORDER BY n.id LIMIT 4 "
            "OPTIONAL MATCH (n)-[r]-(m) "
            "WITH n, collect([type(r), startNode(r) = n, m.id, properties(r)]) AS rels "
            "RETURN properties(n) AS props, rels",
            lbl=lbl,
            database_=db,
        )
        out[lbl] = [
            (
                {k: v for k, v in r["props"].items() if k not in RUN_PROPS},
                sorted(repr(x) for x in r["rels"] if x[0] is not None),
            )
            for r in records
        ]
    return out


def _schema(driver: Driver, db: str) -> set[tuple[str, str]]:
    """Constraints' and indexes' names and kinds, but the vector indexes: those come with the
    search vectors (computed after the import by `emkg load --bulk`, not by `bulk_load`), and
    the shared test store keeps the ones earlier tests made."""
    records, _, _ = driver.execute_query("SHOW INDEXES YIELD name, type", database_=db)
    return {(r["name"], r["type"]) for r in records if r["type"] != "VECTOR"}


def test_bulk_load_builds_the_graph_a_normal_load_builds(
    ontology_graph: Driver, neo4j_settings: Settings, bulk_settings: Settings, dataset: Path
) -> None:
    db = neo4j_settings.neo4j_database
    for f in _files(dataset):
        summary = load_file(ontology_graph, db, f.path, LoadOptions(kind=f.kind))
        assert not summary.aborted, summary.to_text()
    normal = (
        _label_counts(ontology_graph, db),
        _rel_counts(ontology_graph, db),
        _sample(ontology_graph, db),
        _schema(ontology_graph, db),
    )

    local = LocalNeo4j(bulk_settings, log=False)
    java, lib = local.engine()
    jars = sorted(lib.glob("*.jar"))
    share = ClassArchive(local.home / CDS_FOLDER, archive_key(java, local.java_version, jars))
    had_archive = share.exists()
    result = bulk_load(bulk_settings, _files(dataset), say=lambda _: None, show_import=None)
    assert result.ok, [s.to_text() for s in result.export.summaries]
    assert set(result.timings) >= {"validate+csv", "import", "start", "schema"}
    # The importer's JVM wrote its class archive as it exited, or mapped the one it found.
    assert share.exists()
    if had_archive:
        assert mapped((local.data_dir / "bulk-import-cds.log").read_text())
    bulk_driver = create_driver(bulk_settings)
    try:
        bulk = (
            _label_counts(bulk_driver, db),
            _rel_counts(bulk_driver, db),
            _sample(bulk_driver, db),
            _schema(bulk_driver, db),
        )
        assert bulk[0] == normal[0]  # nodes per label, the ontology's concepts included
        assert bulk[1] == normal[1]  # relationships per type
        assert bulk[2] == normal[2]  # properties (provenance `source`, `retired`) and links
        assert bulk[3] == normal[3]  # constraints' and indexes' names and kinds
        # one label per node; the ontology's version node is the sync's, after the import
        exported = {k: v for k, v in bulk[0].items() if k != "OntologyVersion"}
        assert sum(exported.values()) == result.export.nodes
        records, _, _ = bulk_driver.execute_query(
            "MATCH (n:Team) RETURN count(n.loadedAt) AS dated, "
            "count(CASE WHEN n.loadRunId STARTS WITH 'bulk-' THEN 1 END) AS runs, count(*) AS n",
            database_=db,
        )
        assert records[0]["dated"] == records[0]["runs"] == records[0]["n"] > 0
    finally:
        bulk_driver.close()

    # The store now holds data: a second bulk load is refused, and says what to do.
    with pytest.raises(UserInputError, match=r"not empty.*without --bulk"):
        bulk_load(bulk_settings, _files(dataset), say=lambda _: None, show_import=None)


def _bad_status(dataset: Path, tmp_path: Path, row: int) -> Path:
    """The dataset's teams with an unknown status in line `row` (0-based)."""
    bad = tmp_path / "teams.jsonl"
    lines = (dataset / "teams.jsonl").read_text(encoding="utf-8").splitlines()
    lines[row] = lines[row].replace('"status":"', '"status":"asleep-')
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return bad


def _no_store(settings: Settings) -> LocalNeo4j:
    """The bulk side's server stopped and its store removed."""
    local = LocalNeo4j(settings, log=False)
    local.stop()
    shutil.rmtree(settings.neo4j_data_dir, ignore_errors=True)
    return local


def test_bulk_load_stops_at_a_bad_row_and_imports_nothing(
    bulk_settings: Settings, dataset: Path, tmp_path: Path
) -> None:
    bad = _bad_status(dataset, tmp_path, 4)
    local = _no_store(bulk_settings)
    files = [BulkFile(dataset / "regions.jsonl", "regions"), BulkFile(bad, "teams")]
    result = bulk_load(bulk_settings, files, say=lambda _: None, show_import=None)
    assert not result.ok
    teams = result.export.summaries[-1]
    assert teams.aborted and teams.error_rows == 1
    assert teams.errors[0].row == 5 and teams.errors[0].field == "status"
    assert "import" not in result.timings
    assert not local.store_exists(bulk_settings.neo4j_database)


def test_a_refused_file_leaves_a_running_empty_server_running(
    bulk_settings: Settings, dataset: Path, tmp_path: Path
) -> None:
    """The server stops while the files are written; a refused file starts it again, with
    the database as it was."""
    bad = _bad_status(dataset, tmp_path, 2)
    local = _no_store(bulk_settings)
    local.start()  # a new, empty store
    said: list[str] = []
    files = [BulkFile(dataset / "regions.jsonl", "regions"), BulkFile(bad, "teams")]
    result = bulk_load(bulk_settings, files, say=said.append, show_import=None)
    assert not result.ok and "import" not in result.timings
    assert any("while the files are written" in s for s in said)
    assert any("nothing was imported; starting the local Neo4j again" in s for s in said)
    assert local.status().running
    driver = create_driver(bulk_settings)
    try:
        records, _, _ = driver.execute_query(
            "MATCH (n) RETURN count(n) AS n", database_=bulk_settings.neo4j_database
        )
        assert records[0]["n"] == 0
    finally:
        driver.close()
