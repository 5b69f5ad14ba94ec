"""The ontology version on a real Neo4j: a sync that changes the taxonomy bumps it in its
transaction, one that changes nothing (or a dry run, or a failed sync) does not, and every
planner edit of the taxonomy (concept fields, requirements, cascades) bumps it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from neo4j import Driver

from kg.ontology_sync import sync_ontology
from kg.ontology_version import (
    OntologyState,
    ontology_version,
    read_ontology_state,
    read_ontology_version,
)
from kg.settings import Settings
from ontology import Ontology, load_ontology
from queries.catalog.cascades import remove_cascade, set_cascade
from queries.catalog.curation import set_requirement, update_concept
from tests.conftest import wipe
from tests.integration.runner import run_with_runner


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return load_ontology()


def _state(driver: Driver, db: str) -> OntologyState:
    with driver.session(database=db) as session:
        return read_ontology_state(session)


def _renamed(onto: Ontology) -> Ontology:
    cap = sorted(onto.of_kind("Capability"), key=lambda c: c.id)[0]
    return replace(onto, concepts={**onto.concepts, cap.id: replace(cap, name_en="renamed")})


def test_sync_bumps_when_it_changes_something_and_only_then(
    clean_graph: Driver, neo4j_settings: Settings, onto: Ontology
) -> None:
    db = neo4j_settings.neo4j_database
    assert _state(clean_graph, db) == OntologyState(version=0)

    sync_ontology(clean_graph, db, onto)
    first = _state(clean_graph, db)
    assert first.version > 0 and first.changed_by == "ontology sync"
    # synced from files nobody hashed: no apply to skip next time
    assert first.source_hash is None and first.applied_version is None

    assert sync_ontology(clean_graph, db, onto).is_empty
    assert _state(clean_graph, db) == first  # nothing changed: not bumped, not touched

    assert not sync_ontology(clean_graph, db, _renamed(onto), dry_run=True).is_empty
    assert _state(clean_graph, db) == first  # a dry run writes nothing

    sync_ontology(clean_graph, db, _renamed(onto), hashes=("files", "code"))
    second = _state(clean_graph, db)
    assert second.version > first.version
    assert (second.source_hash, second.code_hash) == ("files", "code")
    assert second.applied_version == second.version and second.applied_at is not None
    with clean_graph.session(database=db) as session:
        assert read_ontology_version(session) == second.version
    assert run_with_runner(neo4j_settings, ontology_version) == second.version

    # the same files applied again: no change, the record of what was applied stays
    assert sync_ontology(clean_graph, db, _renamed(onto), hashes=("files", "code")).is_empty
    assert _state(clean_graph, db).version == second.version


def test_a_failed_sync_leaves_the_version(
    ontology_graph: Driver, neo4j_settings: Settings, onto: Ontology
) -> None:
    db = neo4j_settings.neo4j_database
    before = _state(ontology_graph, db)
    cap = sorted(onto.of_kind("Capability"), key=lambda c: c.id)[0]
    broken = replace(
        onto,
        concepts={
            **onto.concepts,
            "cap.zz-broken": replace(cap, id="cap.zz-broken", alt_en=({"x": 1},)),  # type: ignore[arg-type]
        },
    )
    with pytest.raises(Exception):  # noqa: B017 - any store error; the point is what is left
        sync_ontology(ontology_graph, db, broken)
    assert _state(ontology_graph, db) == before


def test_every_planner_edit_of_the_taxonomy_bumps(
    ontology_graph: Driver, neo4j_settings: Settings
) -> None:
    db = neo4j_settings.neo4j_database
    seen = [_state(ontology_graph, db).version]
    for action, work in (
        ("setRequirement", lambda r: set_requirement(r, "12A00", "cap.mine-rescue", 0.5, "III",
                                                     actor="t")),
        ("setCascade", lambda r: set_cascade(r, "11A01", "11C02", 0.3, actor="t")),
        ("removeCascade", lambda r: remove_cascade(r, "11A01", "11C02", actor="t")),
        ("updateHazardType", lambda r: update_concept(r, "HazardType", "11A01",
                                                      {"altEn": ["flood", "inundation"]},
                                                      actor="t")),
    ):  # fmt: skip
        entry = run_with_runner(neo4j_settings, work)
        assert entry.action == action
        state = _state(ontology_graph, db)
        assert state.version > seen[-1] and state.changed_by == action, action
        seen.append(state.version)


def test_an_emptied_and_resynced_graph_never_repeats_a_version(
    ontology_graph: Driver, neo4j_settings: Settings, onto: Ontology
) -> None:
    db = neo4j_settings.neo4j_database
    before = _state(ontology_graph, db).version
    wipe(ontology_graph, db)
    assert _state(ontology_graph, db).version == 0
    sync_ontology(ontology_graph, db, onto)
    assert _state(ontology_graph, db).version > before
