"""The hazard taxonomy is the GB/T 35561 event-code table Chinese systems exchange.

Round trip of every row of ../shared/data/gbt35561/event_codes_candidate.csv (code,
parent, Chinese name after the documented corrections), the dangerous pairs that
the old codes got wrong, and the translation of old EMKG ids.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ontology import Ontology, OntologyError
from ontology.model import hazard_parent, hazard_rank, is_extension_code

# The source's transcription errors, fixed in hazards.ttl (listed in HAZARD_CODES.md).
CORRECTED = {
    "11B03": "暴雨事件",
    "11B09": "高温事件",
    "12H01": "翻车事件",
    "13A05": "人感染高致病性禽流感流行事件",
    "13A09": "我国已消灭传染病重新流行事件",
    "13A99": "其它传染病流行事件",
    "13E10": "动物炭疽病",
    "13E11": "反刍兽疫",
    "13E13": "我国已消灭动物疫病重新流行事件",
    "13Y00": "其他公共卫生事件",
    "14000": "社会安全事件",
    "14B05": "以危险方法危害公共安全案件",
    "14B23": "非法狩猎、采集保护野生动植物案件",
}


@pytest.fixture
def table(shared_data: Path) -> list[dict[str, str]]:
    with (shared_data / "gbt35561" / "event_codes_candidate.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_row_of_the_code_table_is_a_hazard_type(
    onto: Ontology, table: list[dict[str, str]]
) -> None:
    assert len(table) == 371
    for row in table:
        code = row["code"]
        hazard = onto.get(code, "HazardType")
        assert hazard.name_zh == CORRECTED.get(code, row["name_as_printed"]), code
        assert hazard.name_en, code
        parent = hazard_parent(code)
        assert hazard.broader == ((parent,) if parent else ()), code
        assert hazard.rank == hazard_rank(code)


def test_uncertain_rows_are_flagged(onto: Ontology, table: list[dict[str, str]]) -> None:
    from rdflib import SKOS, URIRef

    from ontology.model import ID_NS

    for row in table:
        notes = [str(n) for n in onto.graph.objects(URIRef(ID_NS + row["code"]), SKOS.scopeNote)]
        uncertain = any(n.startswith("uncertain") for n in notes)
        assert uncertain == bool(row["note"]), row["code"]


def test_only_documented_extensions_lie_outside_the_table(
    onto: Ontology, table: list[dict[str, str]]
) -> None:
    official = {r["code"] for r in table}
    extra = sorted(c.id for c in onto.of_kind("HazardType") if c.id not in official)
    assert extra == ["12FX1", "12PX1", "12PX2", "12YX1", "12YX2", "12YX3"]
    assert all(is_extension_code(c) for c in extra)
    assert not any(is_extension_code(c) for c in official)


def test_the_dangerous_pairs_read_as_the_national_table_says(onto: Ontology) -> None:
    assert onto.concepts["11B03"].name_zh == "暴雨事件"  # not 暴雪: a rainstorm warning
    assert onto.concepts["11B02"].name_zh == "龙卷风事件"
    assert onto.concepts["11C02"].name_zh == "天然地震事件"
    assert onto.concepts["11C01"].name_zh == "人工地震事件"
    assert onto.concepts["12G01"].name_en == "General industrial building fire"
    assert onto.concepts["12D02"].name_zh == "危险化学品泄漏事故"
    assert onto.concepts["12A03"].name_zh == "煤矿运输事故"
    assert onto.concepts["11A01"].name_zh == "洪水"


def test_every_old_id_has_a_current_code(onto: Ontology) -> None:
    assert len(onto.legacy_codes) == 103
    for old in onto.legacy_codes.values():
        assert onto.concepts[old.replaced_by].kind == "HazardType", old
        assert old.name_zh and old.name_en


def test_an_old_id_that_is_no_current_code_is_translated_with_a_warning(onto: Ontology) -> None:
    r = onto.resolve_hazard_code("12F01")
    assert r.id == "12G03"
    assert r.warning is not None and "deprecated" in r.warning and "12G03" in r.warning
    assert onto.resolve_hazard_code("1").id == "11000"


def test_a_current_code_keeps_its_meaning_and_says_what_changed(onto: Ontology) -> None:
    r = onto.resolve_hazard_code("11B02")
    assert r.id == "11B02"  # 龙卷风 now; the old 暴雨 is 11B03
    assert r.warning is not None and "11B03" in r.warning and "暴雨" in r.warning
    plain = onto.resolve_hazard_code("11A01")
    assert (plain.id, plain.warning) == ("11A01", None)


def test_an_unknown_code_says_which_is_closest(onto: Ontology) -> None:
    with pytest.raises(OntologyError, match="unknown HazardType '11A1'; did you mean '11A"):
        onto.resolve_hazard_code("11A1")
