"""The demo loads idempotently; OSM and FEMA RTLT load through mappings only."""

from __future__ import annotations

import json
from pathlib import Path

from neo4j import Driver

from kg.settings import Settings
from loaders.demo_loader import load_demo
from loaders.mapping import Mapping
from loaders.pipeline import LoadOptions, load_file

MAPPINGS = Path(__file__).resolve().parents[3] / "loaders" / "mappings"


def _one(driver: Driver, db: str, query: str) -> object:
    records, _, _ = driver.execute_query(query, database_=db)  # type: ignore[arg-type]
    return records[0][0]


def test_demo_twice_second_run_creates_nothing(
    ontology_graph: Driver, neo4j_settings: Settings
) -> None:
    db = neo4j_settings.neo4j_database
    first = load_demo(ontology_graph, db)
    nodes = _one(ontology_graph, db, "MATCH (n) RETURN count(n)")
    rels = _one(ontology_graph, db, "MATCH ()-[r]->() RETURN count(r)")
    second = load_demo(ontology_graph, db)
    assert first.created > 1400 and first.rels_created > 4000 and not first.dangling
    assert (second.created, second.updated, second.rels_created, second.rels_removed) == (
        0,
        0,
        0,
        0,
    )
    assert second.unchanged == first.created
    assert _one(ontology_graph, db, "MATCH (n) RETURN count(n)") == nodes
    assert _one(ontology_graph, db, "MATCH ()-[r]->() RETURN count(r)") == rels
    assert (
        _one(
            ontology_graph,
            db,
            "MATCH (t:Team) WHERE t.source IS NULL OR t.loadedAt IS "
            "NULL OR t.loadRunId IS NULL RETURN count(t)",
        )
        == 0
    )
    assert (
        _one(
            ontology_graph,
            db,
            "MATCH (:Team)-[:DEPLOYED_TO]->(i:Incident {id: 'INC-SC-2008-01'}) RETURN count(*)",
        )
        >= 5
    )


def _features(path: Path, key: str, value: str) -> int:
    doc = json.loads(path.read_text("utf-8"))
    return sum(f["properties"].get(key) == value for f in doc["features"])


def test_osm_zurich_through_mappings(
    ontology_graph: Driver, neo4j_settings: Settings, shared_data: Path
) -> None:
    db = neo4j_settings.neo4j_database
    osm = shared_data / "osm-zurich"
    cases = [
        ("firestation_kt_zh", "teams", "osm-fire-stations", "amenity", "fire_station"),
        (
            "ambulancestation_dispo_srz",
            "teams",
            "osm-ambulance-stations",
            "emergency",
            "ambulance_station",
        ),
        ("helipads_switzerland", "depots", "osm-helipads", "aeroway", "helipad"),
    ]
    for stem, kind, mapping, key, value in cases:
        path = osm / f"{stem}.geojson"
        s = load_file(
            ontology_graph,
            db,
            path,
            LoadOptions(kind=kind, mapping=Mapping.from_file(MAPPINGS / f"{mapping}.yaml")),
        )
        assert not s.aborted, s.to_text()
        assert s.created == _features(path, key, value) > 0
    fire = _one(
        ontology_graph,
        db,
        "MATCH (t:Team {source: 'osm-zurich/fire-stations'})"
        "-[:OF_TYPE]->(:TeamType {id: 'tt.fire-rescue'}) "
        "RETURN count(t)",
    )
    assert fire == _features(osm / "firestation_kt_zh.geojson", "amenity", "fire_station")
    caps = _one(
        ontology_graph,
        db,
        "MATCH (t:Team {id: 'osm-node-298540366'})-[:HAS_CAPABILITY]->(c) RETURN collect(c.id)",
    )
    typical = _one(
        ontology_graph,
        db,
        "MATCH (:TeamType {id: 'tt.fire-rescue'})-[:TYPICALLY_HAS]->(c) RETURN collect(c.id)",
    )
    assert sorted(caps) == sorted(typical)  # type: ignore[type-var,arg-type]
    lat = _one(
        ontology_graph, db, "MATCH (t:Team {id: 'osm-node-298540366'}) RETURN t.location.latitude"
    )
    assert abs(float(lat) - 47.2913806) < 1e-6  # type: ignore[arg-type]


def test_fema_rtlt_as_a_vocabulary_through_a_mapping(
    ontology_graph: Driver, neo4j_settings: Settings, shared_data: Path
) -> None:
    db = neo4j_settings.neo4j_database
    path = shared_data / "fema-rtlt" / "FEMA_RTLT_NQS_Database.json"
    mapping = Mapping.from_file(MAPPINGS / "fema-rtlt.yaml")
    s = load_file(ontology_graph, db, path, LoadOptions(kind="vocabulary", mapping=mapping))
    defs = [
        r
        for r in json.loads(path.read_text("utf-8"))["records"]
        if r["record_type"] == "Resource Typing Definition" and r["resource_kind"] != "Facility"
    ]
    # The source lists 10 definitions twice, identically: merged, reported, loaded once.
    ids = {r["fema_id"] for r in defs}
    assert s.created == len(ids) < len(defs) and not s.aborted
    assert sum(n - 1 for n in s.duplicates.values()) == len(defs) - len(ids)
    hazmat = _one(
        ontology_graph,
        db,
        "MATCH (c:TeamType {id: 'tt.rtlt-4-508-1248'}) RETURN c.nameEn + '|' + c.scheme",
    )
    assert hazmat == "Hazardous Materials Response Team|fema-rtlt"
    ladder = _one(
        ontology_graph, db, "MATCH (c:EquipmentType {id: 'eq.rtlt-4-508-1273'}) RETURN c.rtlt"
    )
    assert ladder == ["4-508-1273"]
    again = load_file(ontology_graph, db, path, LoadOptions(kind="vocabulary", mapping=mapping))
    assert (again.created, again.updated) == (0, 0)
