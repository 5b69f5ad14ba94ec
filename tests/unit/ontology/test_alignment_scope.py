"""The alignment scope: every row of the Sahana and IFRC hazard vocabularies is mapped to a
hazard type of ours or listed as out of scope with a reason (ontology/alignment_scope.yaml)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import RDF, SKOS, Graph, Literal, URIRef

from ontology import Ontology
from ontology.alignment_scope import (
    LOCALES,
    SCOPE_FILE,
    AlignmentScope,
    ScopeEntry,
    coverage,
    coverage_text,
    load_scope,
)
from ontology.converters import ifrc_hazards_to_skos, sahana_incident_types_to_skos
from ontology.model import OntologyError, hazard_rank

ShareFile = Callable[[str], Path]
EX = "http://example.org/v/"


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def scope() -> AlignmentScope:
    return load_scope()


def test_every_sahana_incident_type_is_mapped_or_out_of_scope(
    onto: Ontology, scope: AlignmentScope, shared_file: ShareFile
) -> None:
    path = shared_file("sahana/incident_type.csv")
    cov = coverage("sahana", sahana_incident_types_to_skos(path), onto, scope)
    counts = cov.counts()
    assert counts["total"] == len(_csv_rows(path))
    assert cov.complete, coverage_text(cov, scope, onto, locale="en", show_mapped=False)
    assert counts["mapped"] + counts["out_of_scope"] == counts["total"]
    assert {r.key for r in cov.rows} == {row["KV:EMS"] for row in _csv_rows(path)}


def test_every_ifrc_hazard_is_mapped_or_out_of_scope(
    onto: Ontology, scope: AlignmentScope, shared_file: ShareFile
) -> None:
    path = shared_file("sahana/ifrc_hazard_synonyms.csv")
    cov = coverage("ifrc", ifrc_hazards_to_skos(path), onto, scope)
    assert cov.counts()["total"] == len(_csv_rows(path)) == 16
    assert cov.complete, coverage_text(cov, scope, onto, locale="en", show_mapped=False)


def test_every_mapped_hazard_has_needs_and_every_reason_is_used(
    onto: Ontology, scope: AlignmentScope
) -> None:
    entries = [e for rows in scope.sources.values() for e in rows.values()]
    for e in entries:
        if e.hazard and hazard_rank(e.hazard) != "root":  # 10000 = "an emergency", no needs
            assert onto.needs(e.hazard, "I"), f"{e.key} -> {e.hazard} brings no forces"
    used = {e.reason for e in entries if e.reason}
    assert used == set(scope.reasons), "a reason nobody uses, or an entry with none"
    for texts in scope.reasons.values():
        assert set(texts) == set(LOCALES)


def _vocabulary(*keys: str) -> Graph:
    g = Graph()
    scheme = URIRef(EX)
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    for key in keys:
        node = URIRef(EX + key)
        g.add((node, SKOS.inScheme, scheme))
        g.add((node, SKOS.prefLabel, Literal(key.title(), lang="en")))
    return g


def _scope(entries: dict[str, ScopeEntry]) -> AlignmentScope:
    return AlignmentScope(
        {"not-an-incident": {"zh": "不是事件", "en": "not an incident"}}, {"ex": entries}
    )


def test_a_row_neither_mapped_nor_listed_is_reported(onto: Ontology) -> None:
    scope = _scope(
        {
            "quake": ScopeEntry("quake", hazard="11C02"),
            "roadworks": ScopeEntry("roadworks", reason="not-an-incident"),
        }
    )
    cov = coverage("ex", _vocabulary("quake", "roadworks", "lava"), onto, scope)
    assert cov.counts() == {"mapped": 1, "out_of_scope": 1, "unmapped": 1, "total": 3}
    assert not cov.complete
    assert [r.key for r in cov.of("unmapped")] == ["lava"]
    zh = coverage_text(cov, scope, onto, locale="zh")
    assert "lava" in zh and "不是事件" in zh and "天然地震事件" in zh
    en = coverage_text(cov, scope, onto, locale="en")
    assert "1 neither" in en and "not an incident" in en and "Natural earthquake" in en


def test_stale_keys_and_unknown_codes_are_problems(onto: Ontology) -> None:
    scope = _scope(
        {
            "quake": ScopeEntry("quake", hazard="11C2"),
            "quak": ScopeEntry("quak", hazard="11C02"),
        }
    )
    cov = coverage("ex", _vocabulary("quake"), onto, scope)
    assert not cov.complete
    assert any("11C2" in p and "did you mean '11C0" in p for p in cov.problems)
    assert any("ex.quak: no such row" in p and "did you mean 'quake'" in p for p in cov.problems)
    assert cov.of("unmapped")[0].key == "quake"  # a row mapped to nothing real is not mapped


def test_mappings_say_the_relation_from_our_side(onto: Ontology) -> None:
    scope = _scope(
        {
            "squall": ScopeEntry("squall", hazard="11B06", match="broad"),
            "fire": ScopeEntry("fire", hazard="12G00"),
        }
    )
    found = {
        m.target: m for m in coverage("ex", _vocabulary("squall", "fire"), onto, scope).mappings()
    }
    assert (found[EX + "squall"].concept, found[EX + "squall"].relation) == ("11B06", "narrowMatch")
    assert found[EX + "fire"].relation == "exactMatch"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{hazard: 11C02, out: consequence}", "either {hazard: CODE} or {out: REASON}"),
        ("{out: consequense}", "unknown reason 'consequense'; did you mean 'consequence'?"),
        ("{hazard: 11C02, match: roughly}", "match 'roughly' is not one of exact, close"),
    ],
)
def test_a_malformed_entry_names_file_key_and_fix(tmp_path: Path, entry: str, message: str) -> None:
    path = tmp_path / "scope.yaml"
    path.write_text(
        "reasons:\n  consequence: {zh: 后果, en: a consequence}\n"
        f"sources:\n  ex:\n    quake: {entry}\n",
        encoding="utf-8",
    )
    with pytest.raises(OntologyError) as e:
        load_scope(path)
    assert str(path) in str(e.value) and "sources.ex.quake" in str(e.value)
    assert message in str(e.value)


def test_a_reason_needs_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "scope.yaml"
    path.write_text("reasons:\n  x: {zh: 后果}\nsources: {}\n", encoding="utf-8")
    with pytest.raises(OntologyError, match="reason 'x' needs a zh and an en text"):
        load_scope(path)


def test_the_shipped_scope_file_is_where_the_cli_looks() -> None:
    assert SCOPE_FILE.name == "alignment_scope.yaml" and SCOPE_FILE.is_file()
