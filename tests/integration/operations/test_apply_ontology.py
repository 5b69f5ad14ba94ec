"""`emkg ontology apply` and `emkg run` refuse an invalid ontology: the errors are listed,
the exit code is 1 and the graph is left as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import uvicorn
from neo4j import Driver

from api.cli import main
from api.operations import bulk_data
from kg.settings import Settings
from loaders.bulk.export import BulkFile
from ontology import OntologyError
from tests.integration.emkg_cli import cli_env, run_cli

WEIGHT = "id:12A00 emkg:requirement\n    [ emkg:capability id:cap.mine-rescue ; emkg:weight 1.0 ;"
BROKEN = (WEIGHT, WEIGHT.replace("1.0", "-1"))
ERROR = "12A00: requirement 12A00 -> cap.mine-rescue: emkg:weight -1 is outside (0, 1]"
MINE_RESCUE_WEIGHT = (
    "MATCH (:HazardType {id: '12A00'})-[r:REQUIRES]->(:Capability {id: 'cap.mine-rescue'}) "
    "RETURN r.weight AS weight"
)
COUNTS = "MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS rels"


def _state(driver: Driver, db: str) -> tuple[list[float], int, int]:
    weights, _, _ = driver.execute_query(MINE_RESCUE_WEIGHT, database_=db)
    counts, _, _ = driver.execute_query(COUNTS, database_=db)
    return [r["weight"] for r in weights], counts[0]["nodes"], counts[0]["rels"]


@pytest.mark.parametrize("dry_run", [False, True])
def test_apply_refuses_an_invalid_copy_and_lists_its_errors(
    ontology_graph: Driver,
    neo4j_settings: Settings,
    copy_ontology: Callable[..., Path],
    dry_run: bool,
) -> None:
    db = neo4j_settings.neo4j_database
    before = _state(ontology_graph, db)
    assert before[0] == [1.0]
    folder = copy_ontology("requirements.ttl", *BROKEN)

    done = run_cli(
        neo4j_settings, ["ontology", "apply", str(folder), *(["--dry-run"] if dry_run else [])]
    )

    assert done.returncode == 1, done.stdout
    assert "emkg: error: the ontology has 1 error(s)" in done.stderr
    assert f"{folder / 'requirements.ttl'}:" in done.stderr and ERROR in done.stderr
    assert _state(ontology_graph, db) == before


def test_apply_dry_run_of_the_shipped_ontology_reports_no_changes(
    ontology_graph: Driver, neo4j_settings: Settings
) -> None:
    done = run_cli(neo4j_settings, ["ontology", "apply", "--dry-run"])
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("no changes: the graph already matches the ontology")


def test_run_refuses_an_invalid_shipped_ontology(
    ontology_graph: Driver,
    neo4j_settings: Settings,
    copy_ontology: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = neo4j_settings.neo4j_database
    before = _state(ontology_graph, db)
    monkeypatch.setattr("ontology.load.SHIPPED_DIR", copy_ontology("requirements.ttl", *BROKEN))
    for name, value in cli_env(neo4j_settings).items():
        monkeypatch.setenv(name, value)
    served: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(app))

    assert main(["run"]) == 1

    assert ERROR in capsys.readouterr().err
    assert served == [], "an invalid ontology must not be served"
    assert _state(ontology_graph, db) == before


def test_a_bulk_load_refuses_an_invalid_ontology_before_it_reads_a_file(
    ontology_graph: Driver,
    neo4j_settings: Settings,
    copy_ontology: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    db = neo4j_settings.neo4j_database
    before = _state(ontology_graph, db)
    monkeypatch.setattr("ontology.load.SHIPPED_DIR", copy_ontology("requirements.ttl", *BROKEN))
    never_read = BulkFile(tmp_path / "teams.jsonl", "teams", None, None)
    with pytest.raises(OntologyError) as refused:
        bulk_data(neo4j_settings, [never_read])
    assert ERROR in str(refused.value)
    assert _state(ontology_graph, db) == before
