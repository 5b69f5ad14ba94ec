"""Converters for the shared vocabularies and label-based alignment to our concepts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import RDF, SKOS, Graph, Literal, URIRef

from ontology import Mapping, Ontology
from ontology.align import align, normalise, write_mappings
from ontology.converters import (
    fema_rtlt_to_skos,
    ifrc_hazards_to_skos,
    sahana_incident_types_to_skos,
    split_synonyms,
)
from ontology.model import RTLT_NS

FEMA = "fema-rtlt/FEMA_RTLT_NQS_Database.json"
IFRC = "sahana/ifrc_hazard_synonyms.csv"
SAHANA = "sahana/incident_type.csv"
ShareFile = Callable[[str], Path]


def _pairs(mappings: list[Mapping]) -> dict[str, tuple[str, str]]:
    """External label -> (our concept, relation)."""
    return {m.target_label: (m.concept, m.relation) for m in mappings}


def test_normalise_and_synonyms() -> None:
    assert normalise("Land Slide")[0] == normalise("landslide")[0]
    assert normalise("Floods")[1] == normalise("flooding")[1] == frozenset({"flood"})
    assert normalise("Building Collapsed")[1] == normalise("building collapse")[1]
    assert normalise("森林火灾")[1] == frozenset({"森林", "林火", "火灾"})
    assert split_synonyms("inundation; includes: flash floods") == ["inundation", "flash floods"]


def test_align_a_small_vocabulary(onto: Ontology) -> None:
    ext = Graph()
    ex = "http://example.org/v/"
    for key, pref, alt in [
        ("q", "Seismic event", None),
        ("f", "洪水", None),
        ("s", "Rescue of people from swift water", None),
        ("x", "Library opening hours", None),
    ]:
        node = URIRef(ex + key)
        ext.add((node, RDF.type, SKOS.Concept))
        ext.add((node, SKOS.prefLabel, Literal(pref)))
        if alt:
            ext.add((node, SKOS.altLabel, Literal(alt)))
    found = {m.target: m for m in align(ext, onto)}
    assert (found[ex + "q"].concept, found[ex + "q"].relation) == ("11C02", "exactMatch")
    assert (found[ex + "f"].concept, found[ex + "f"].relation) == ("11A01", "exactMatch")
    assert found[ex + "s"].concept == "cap.swiftwater-rescue"
    assert found[ex + "s"].relation == "closeMatch"
    assert ex + "x" not in found
    assert align(ext, onto, min_score=1.0, kinds=("Capability",)) == []


def test_ifrc_hazards(onto: Ontology, shared_file: ShareFile) -> None:
    g = ifrc_hazards_to_skos(shared_file(IFRC))
    assert len(set(g.subjects(RDF.type, SKOS.Concept))) == 16
    found = _pairs(align(g, onto, kinds=("HazardType",)))
    for label, code in [
        ("Earthquake", "11C02"),
        ("Flood", "11A01"),
        ("Cyclone", "11B01"),
        ("Land Slide", "11D01"),
        ("Storm Surge", "11E02"),
        ("Tsunami", "11E01"),
        ("Epidemic", "13A00"),
    ]:
        assert found[label] == (code, "exactMatch"), label


def test_sahana_incident_types(onto: Ontology, shared_file: ShareFile) -> None:
    g = sahana_incident_types_to_skos(shared_file(SAHANA))
    fire = URIRef("https://w3id.org/emkg/ext/sahana-incident-type/fire")
    forest = URIRef("https://w3id.org/emkg/ext/sahana-incident-type/fire.forestFire")
    assert (forest, SKOS.broader, fire) in g
    found = _pairs(align(g, onto, kinds=("HazardType",)))
    for label, code in [
        ("Earthquake", "11C02"),
        ("Forest Fire", "11G01"),
        ("Flash Flood", "11A51"),
        ("Building Collapsed", "12P13"),
        ("Tornado", "11B02"),
        ("Landslide", "11D01"),
    ]:
        assert found[label] == (code, "exactMatch"), label
    assert found["Infectious Disease"][0] == "13A00"


def test_fema_rtlt(onto: Ontology, shared_file: ShareFile) -> None:
    g = fema_rtlt_to_skos(shared_file(FEMA))
    definitions = {s for s in g.subjects(SKOS.inScheme, URIRef(RTLT_NS))}
    assert len(definitions) == 152  # 162 records, some listed twice
    found = _pairs(align(g, onto, kinds=("Capability", "TeamType", "EquipmentType")))
    assert found["Fire Boat"] == ("eq.fireboat", "exactMatch")
    assert found["Portable Pump"] == ("eq.portable-pump", "exactMatch")
    assert found["Cyber Incident Response Team"] == ("tt.cyber-response", "exactMatch")
    assert found["Mine Search and Rescue (SAR) Team"][0] == "tt.mine-rescue"
    assert found["Swiftwater/Flood Search and Rescue Team"][0] == "cap.swiftwater-rescue"


def test_our_fema_crosswalk_points_at_real_rtlt_definitions(
    onto: Ontology, shared_file: ShareFile
) -> None:
    g = fema_rtlt_to_skos(shared_file(FEMA))
    for m in onto.mappings:
        target = URIRef(m.target)
        assert (target, SKOS.prefLabel, Literal(m.target_label, lang="en")) in g, m


def test_write_mappings_round_trips(onto: Ontology, tmp_path: Path) -> None:
    mappings = [Mapping("11C02", "exactMatch", "http://example.org/eq", "Earthquake", 1.0)]
    path = tmp_path / "m.ttl"
    write_mappings(mappings).serialize(path, format="turtle")
    back = Graph().parse(path)
    eq = URIRef("http://example.org/eq")
    assert (URIRef("https://w3id.org/emkg/id/11C02"), SKOS.exactMatch, eq) in back
    assert (eq, SKOS.prefLabel, Literal("Earthquake", lang="en")) in back


def test_align_rejects_unknown_kinds(onto: Ontology) -> None:
    with pytest.raises(ValueError, match="unknown concept kind 'Hazard'"):
        align(Graph(), onto, kinds=("Hazard",))
