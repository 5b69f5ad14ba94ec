"""`emkg ontology apply` moves a graph built with the old hazard ids onto GB/T 35561 codes.

The old graph is the pre-2026-12 taxonomy (tests/data/ontology-before-gbt35561) plus
data that references every old id: a plan covering it, an expert on it, an incident
of it, and an audit entry about it. After apply, every relationship points at the
code the old id became, none is lost, and a second apply changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import Driver

from kg.ontology_sync import sync_ontology
from kg.settings import Settings
from ontology import Ontology, load_ontology
from ontology.load import shipped_files

OLD = Path(__file__).resolve().parents[2] / "data" / "ontology-before-gbt35561"

OLD_DATA = """
UNWIND $ids AS id
MATCH (h:HazardType {id: id})
CREATE (:Plan {id: 'P-' + id, source: 'test'})-[:COVERS]->(h)
CREATE (:Expert {id: 'E-' + id, source: 'test'})-[:EXPERT_IN]->(h)
CREATE (:Incident {id: 'I-' + id, source: 'test'})-[:OF_HAZARD]->(h)
CREATE (:AuditEntry {id: 'A-' + id, action: 'updateHazardType', target: id})
"""

LINKS = """
MATCH (x)-[r:COVERS|EXPERT_IN|OF_HAZARD]->(h:HazardType)
RETURN x.id AS source, type(r) AS type, h.id AS hazard, h.nameZh AS name
"""


def _old_ontology() -> Ontology:
    keep = [f for f in shipped_files() if f.name not in ("hazards.ttl", "requirements.ttl")]
    keep = [f for f in keep if f.name != "hazard_codes_legacy.ttl"]
    return load_ontology([*keep, OLD / "hazards.ttl", OLD / "requirements.ttl"])


@pytest.fixture
def old_graph(clean_graph: Driver, neo4j_settings: Settings) -> Driver:
    db = neo4j_settings.neo4j_database
    old = _old_ontology()
    sync_ontology(clean_graph, db, old)
    ids = [c.id for c in old.of_kind("HazardType")]
    assert len(ids) == 103
    clean_graph.execute_query(OLD_DATA, ids=ids, database_=db)
    return clean_graph


def _links(driver: Driver, db: str) -> list[tuple[str, str, str, str]]:
    records, _, _ = driver.execute_query(LINKS, database_=db)
    return sorted((r["source"], r["type"], r["hazard"], r["name"]) for r in records)


def test_apply_moves_every_reference_to_the_new_code(
    old_graph: Driver, neo4j_settings: Settings
) -> None:
    db = neo4j_settings.neo4j_database
    onto = load_ontology()
    before = _links(old_graph, db)
    assert len(before) == 3 * 103
    report = sync_ontology(old_graph, db, onto)
    assert len(report.migration.codes) == 103
    data = {k: v for k, v in report.migration.relationships.items() if k != "SERVES"}
    # The data links, every one; SERVES (equipment.ttl, today's file synced onto the old
    # taxonomy by this fixture) is ontology-owned and re-synced by the same apply.
    assert data == {"COVERS": 103, "EXPERT_IN": 103, "OF_HAZARD": 103}
    assert "migrated 103 old hazard ids" in report.to_text()

    after = _links(old_graph, db)
    # Nothing lost: the same relationships, each now at the code its old id became.
    moved = sorted(
        (
            src,
            t,
            onto.legacy_codes[old].replaced_by,
            onto.concepts[onto.legacy_codes[old].replaced_by].name_zh,
        )
        for src, t, old, _ in before
    )
    assert after == moved
    # The dangerous pairs read as the national table says.
    by_source = {(s, t): (h, n) for s, t, h, n in after}
    assert by_source[("P-11B02", "COVERS")] == ("11B03", "暴雨事件")  # old 暴雨
    assert by_source[("P-11C01", "COVERS")] == ("11C02", "天然地震事件")  # old 地震
    assert by_source[("P-12A03", "COVERS")] == ("12D00", "危险化学品事故")
    # Old nodes are gone, the taxonomy is the new one.
    records, _, _ = old_graph.execute_query(
        "MATCH (h:HazardType) WHERE h.id IN ['1', '11A', '12F01'] OR h.id STARTS WITH '~' "
        "RETURN count(h) AS n",
        database_=db,
    )
    assert records[0]["n"] == 0
    records, _, _ = old_graph.execute_query(
        "MATCH (h:HazardType) WHERE NOT coalesce(h.retired, false) RETURN count(h) AS n",
        database_=db,
    )
    assert records[0]["n"] == len(onto.of_kind("HazardType"))
    # Audit references follow, keeping the old id.
    records, _, _ = old_graph.execute_query(
        "MATCH (e:AuditEntry {id: 'A-11B02'}) RETURN e.target AS t, e.legacyTarget AS old",
        database_=db,
    )
    assert (records[0]["t"], records[0]["old"]) == ("11B03", "11B02")
    # A second apply finds nothing to do.
    again = sync_ontology(old_graph, db, onto)
    assert again.is_empty, again.to_text()


def test_dry_run_on_an_old_graph_reports_the_migration_and_writes_nothing(
    old_graph: Driver, neo4j_settings: Settings
) -> None:
    db = neo4j_settings.neo4j_database
    before = _links(old_graph, db)
    report = sync_ontology(old_graph, db, load_ontology(), dry_run=True)
    assert len(report.migration.codes) == 103
    assert _links(old_graph, db) == before
