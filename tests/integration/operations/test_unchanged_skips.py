"""`emkg run` skips what would change nothing, on a real Neo4j: an ontology applied before
from the same files (no taxonomy edit since) is neither re-validated nor re-synced, an
unchanged demo is not reloaded; a changed file, an edit since, or --force runs them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from neo4j import Driver

import loaders.demo_loader as demo_loader
from api.operations import apply_ontology, load_demo_data
from kg.dataset_marks import READ_MARK
from kg.ontology_version import OntologyState, read_ontology_state
from kg.settings import Settings
from loaders.demo_loader import DATASET, demo_sources, unchanged_demo
from queries.catalog.curation import set_requirement
from tests.conftest import ensure_demo_graph
from tests.integration.emkg_cli import run_cli
from tests.integration.runner import run_with_runner

WEIGHT = (
    "MATCH (:HazardType {id: '12A00'})-[r:REQUIRES]->(:Capability {id: 'cap.mine-rescue'}) "
    "RETURN r.weight AS weight"
)
MINE = "id:12A00 emkg:requirement\n    [ emkg:capability id:cap.mine-rescue ; emkg:weight 1.0 ;"


def _weight(driver: Driver, db: str) -> float:
    records, _, _ = driver.execute_query(WEIGHT, database_=db)
    return float(records[0]["weight"])


def _state(driver: Driver, db: str) -> OntologyState:
    with driver.session(database=db) as session:
        return read_ontology_state(session)


def test_apply_skips_files_applied_before_and_force_runs_them(
    ontology_graph: Driver, neo4j_settings: Settings
) -> None:
    db = neo4j_settings.neo4j_database
    first = apply_ontology(ontology_graph, neo4j_settings, refresh_vectors=False)
    assert first.unchanged is None  # synced from unhashed files by the fixture: applied
    applied = _state(ontology_graph, db)
    assert applied.source_hash and applied.applied_version == applied.version

    second = apply_ontology(ontology_graph, neo4j_settings, refresh_vectors=False)
    assert second.unchanged is not None
    text = second.to_text()
    assert text.startswith(f"ontology unchanged since {applied.applied_when}"), text
    assert "not re-validated" in text and "--force" in text
    assert _state(ontology_graph, db) == applied  # nothing written

    forced = apply_ontology(ontology_graph, neo4j_settings, refresh_vectors=False, force=True)
    assert forced.unchanged is None and forced.sync.is_empty
    assert _state(ontology_graph, db).version == applied.version  # ran, changed nothing


def test_a_changed_file_is_applied_and_the_shipped_one_again_after_it(
    ontology_graph: Driver, neo4j_settings: Settings, copy_ontology: Callable[..., Path]
) -> None:
    db = neo4j_settings.neo4j_database
    apply_ontology(ontology_graph, neo4j_settings, refresh_vectors=False)
    changed = copy_ontology("requirements.ttl", MINE, MINE.replace("1.0", "0.9"))

    done = apply_ontology(ontology_graph, neo4j_settings, [changed], refresh_vectors=False)
    assert done.unchanged is None and done.sync.rels_changed == 1
    assert _weight(ontology_graph, db) == 0.9
    back = apply_ontology(ontology_graph, neo4j_settings, refresh_vectors=False)
    assert back.unchanged is None and _weight(ontology_graph, db) == 1.0


def test_an_edit_since_the_apply_is_put_back_as_a_sync_always_did(
    ontology_graph: Driver, neo4j_settings: Settings
) -> None:
    db = neo4j_settings.neo4j_database
    apply_ontology(ontology_graph, neo4j_settings, refresh_vectors=False)
    run_with_runner(
        neo4j_settings,
        lambda r: set_requirement(r, "12A00", "cap.mine-rescue", 0.5, "IV", actor="planner"),
    )
    assert _weight(ontology_graph, db) == 0.5

    after_edit = apply_ontology(ontology_graph, neo4j_settings, refresh_vectors=False)
    assert after_edit.unchanged is None and after_edit.sync.rels_changed == 1
    assert _weight(ontology_graph, db) == 1.0  # the TTL value, as without the skip
    again = apply_ontology(ontology_graph, neo4j_settings, refresh_vectors=False)
    assert again.unchanged is not None


def test_cli_apply_says_unchanged_and_force_revalidates(
    ontology_graph: Driver, neo4j_settings: Settings
) -> None:
    assert run_cli(neo4j_settings, ["ontology", "apply"]).returncode == 0
    skipped = run_cli(neo4j_settings, ["ontology", "apply"])
    assert skipped.returncode == 0, skipped.stderr
    assert skipped.stdout.startswith("ontology unchanged since "), skipped.stdout
    forced = run_cli(neo4j_settings, ["ontology", "apply", "--force"])
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.startswith("no changes: the graph already matches the ontology")


def test_force_reloads_the_demo_then_an_unchanged_one_is_skipped_and_a_changed_one_is_not(
    driver: Driver, neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = neo4j_settings.neo4j_database
    ensure_demo_graph(driver, neo4j_settings)
    before = unchanged_demo(driver, db)  # None if a test since wrote an audit entry

    # the same files again, so the shared demo graph keeps its content (not its run id)
    forced = load_demo_data(driver, neo4j_settings, refresh_vectors=False, force=True)
    assert forced.unchanged is None and forced.summary.created == 0
    mark = unchanged_demo(driver, db)
    assert mark is not None and mark.run_id == forced.summary.run_id
    assert before is None or mark.run_id != before.run_id
    assert set(mark.counts) == {src for _, src in demo_sources()}
    assert mark.counts["demo/teams.yaml"] > 1000
    assert mark.nodes == forced.summary.unchanged + forced.summary.updated

    skipped = load_demo_data(driver, neo4j_settings, refresh_vectors=False)
    assert skipped.unchanged == mark
    assert skipped.to_text().startswith(f"demo unchanged, not reloaded: the {mark.nodes} nodes")

    real = demo_loader.demo_hash()
    monkeypatch.setattr(demo_loader, "demo_hash", lambda: real + "-a-file-changed")
    assert unchanged_demo(driver, db) is None  # a changed file: loaded again


def test_a_failed_demo_load_leaves_no_mark(
    ontology_graph: Driver, neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = neo4j_settings.neo4j_database
    from kg.dataset_marks import write_mark

    write_mark(ontology_graph, db, DATASET, content_hash=demo_loader.demo_hash(),
               sources=demo_sources(), run_id="earlier")  # fmt: skip
    calls: list[str] = []
    from loaders.pipeline import load_file as real_load

    def second_file_fails(*args: object, **kw: object) -> object:
        calls.append("load")
        if len(calls) == 2:
            raise RuntimeError("the store went away half-way")
        return real_load(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(demo_loader, "load_file", second_file_fails)
    with pytest.raises(RuntimeError):  # forced: the fake mark above would match an empty graph
        load_demo_data(ontology_graph, neo4j_settings, refresh_vectors=False, force=True)
    records, _, _ = ontology_graph.execute_query(READ_MARK, dataset=DATASET, database_=db)
    assert records == []  # cleared before the load, not written after the failure
    assert unchanged_demo(ontology_graph, db) is None


def test_vectors_are_not_reread_while_fresh_and_are_after_a_change(
    clean_graph: Driver, neo4j_settings: Settings
) -> None:
    from api.operations import refresh_vectors
    from kg.dataset_marks import DatasetMark
    from kg.embeddings import RefreshReport, load_embedder
    from kg.ontology_version import bump_ontology_version

    db = neo4j_settings.neo4j_database
    embedder = load_embedder(neo4j_settings.model_name)
    first = refresh_vectors(clean_graph, neo4j_settings, embedder, unless_fresh=True)
    assert isinstance(first, RefreshReport)  # no mark yet: refreshed, then marked
    fresh = refresh_vectors(clean_graph, neo4j_settings, embedder, unless_fresh=True)
    assert isinstance(fresh, DatasetMark)

    with clean_graph.session(database=db) as session:  # a taxonomy edit
        session.execute_write(lambda tx: bump_ontology_version(tx, by="test"))
    assert isinstance(refresh_vectors(clean_graph, neo4j_settings, embedder, unless_fresh=True),
                      RefreshReport)  # fmt: skip
    assert isinstance(refresh_vectors(clean_graph, neo4j_settings, embedder, unless_fresh=True),
                      DatasetMark)  # fmt: skip

    clean_graph.execute_query(  # any audited change (an upload, an edit) may change text
        "CREATE (:AuditEntry {id: '2026-12-02T01:00:00Z-v', action: 'load'})", database_=db
    )
    assert isinstance(refresh_vectors(clean_graph, neo4j_settings, embedder, unless_fresh=True),
                      RefreshReport)  # fmt: skip
    forced = refresh_vectors(clean_graph, neo4j_settings, embedder)  # not asked: always reads
    assert isinstance(forced, RefreshReport)
