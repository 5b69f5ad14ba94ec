"""`emkg ontology apply` semantics on a real Neo4j: counts, idempotency, retirement, atomicity."""

from __future__ import annotations

from dataclasses import replace

import pytest
from neo4j import Driver

from kg.ontology_sync import counts_by_kind, sync_ontology
from kg.settings import Settings
from ontology import Ontology, load_ontology


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return load_ontology()


def _rdf_counts(onto: Ontology) -> dict[str, int]:
    return {
        k: len(onto.of_kind(k)) for k in ("HazardType", "Capability", "TeamType", "EquipmentType")
    }


def test_apply_twice_second_reports_no_changes(
    clean_graph: Driver, neo4j_settings: Settings, onto: Ontology
) -> None:
    db = neo4j_settings.neo4j_database
    first = sync_ontology(clean_graph, db, onto)
    assert not first.is_empty
    assert sum(len(v) for v in first.added.values()) == len(onto.concepts)
    second = sync_ontology(clean_graph, db, onto)
    assert second.is_empty, second.to_text()
    assert second.to_text().startswith("no changes")
    assert counts_by_kind(clean_graph, db) == _rdf_counts(onto)


def test_relationship_counts_match_the_ontology(
    ontology_graph: Driver, neo4j_settings: Settings, onto: Ontology
) -> None:
    records, _, _ = ontology_graph.execute_query(
        "MATCH (:HazardType)-[r:REQUIRES]->(:Capability) RETURN count(r) AS n",
        database_=neo4j_settings.neo4j_database,
    )
    assert records[0]["n"] == len(onto.requirements)
    records, _, _ = ontology_graph.execute_query(
        "MATCH (:HazardType)-[r:MAY_TRIGGER]->(:HazardType) RETURN count(r) AS n",
        database_=neo4j_settings.neo4j_database,
    )
    assert records[0]["n"] == len(onto.cascades)


def _without(onto: Ontology, concept_id: str) -> Ontology:
    concepts = {k: v for k, v in onto.concepts.items() if k != concept_id}
    return replace(
        onto,
        concepts=concepts,
        requirements=tuple(
            r for r in onto.requirements if concept_id not in (r.hazard, r.capability)
        ),
        provisions=tuple(p for p in onto.provisions if p.capability != concept_id),
        typical_capabilities=tuple(
            t for t in onto.typical_capabilities if t.capability != concept_id
        ),
    )


def test_removed_concept_still_referenced_by_data_is_retired_not_deleted(
    ontology_graph: Driver, neo4j_settings: Settings, onto: Ontology
) -> None:
    db = neo4j_settings.neo4j_database
    used, unused = sorted(c.id for c in onto.of_kind("Capability"))[:2]
    ontology_graph.execute_query(
        "MATCH (c:Capability {id: $cap}) "
        "CREATE (:Team {id: 'T-X', source: 'test'})-[:HAS_CAPABILITY {level: 2}]->(c)",
        cap=used,
        database_=db,
    )
    report = sync_ontology(ontology_graph, db, _without(_without(onto, used), unused))
    assert report.retired["Capability"] == [used]
    assert report.deleted["Capability"] == [unused]
    records, _, _ = ontology_graph.execute_query(
        "OPTIONAL MATCH (u:Capability {id: $used}) OPTIONAL MATCH (d:Capability {id: $unused}) "
        "RETURN u.retired AS retired, u.deprecated AS deprecated, d IS NULL AS deleted",
        used=used,
        unused=unused,
        database_=db,
    )
    assert records[0]["retired"] is True
    assert records[0]["deprecated"] is True
    assert records[0]["deleted"] is True
    # Putting the concept back revives it.
    back = sync_ontology(ontology_graph, db, onto)
    assert used in back.changed["Capability"]


def test_apply_is_all_or_nothing(
    ontology_graph: Driver, neo4j_settings: Settings, onto: Ontology
) -> None:
    db = neo4j_settings.neo4j_database
    before = counts_by_kind(ontology_graph, db)
    first_cap = sorted(onto.of_kind("Capability"), key=lambda c: c.id)[0]
    renamed = replace(first_cap, name_en=first_cap.name_en + " (renamed)")
    # A property value Neo4j cannot store (a map) fails the write half-way through.
    broken = replace(
        onto,
        concepts={
            **onto.concepts,
            first_cap.id: renamed,
            "cap.zz-broken": replace(first_cap, id="cap.zz-broken", alt_en=({"x": 1},)),
        },
    )  # type: ignore[arg-type]
    with pytest.raises(Exception):  # noqa: B017 - any store error; the point is what is left
        sync_ontology(ontology_graph, db, broken)
    assert counts_by_kind(ontology_graph, db) == before
    records, _, _ = ontology_graph.execute_query(
        "MATCH (c:Capability {id: $id}) RETURN c.nameEn AS name", id=first_cap.id, database_=db
    )
    assert records[0]["name"] == first_cap.name_en
