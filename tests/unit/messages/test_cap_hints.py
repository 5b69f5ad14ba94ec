"""What an alert's coded fields say (loaders.messages.cap_hints, cap_geometry, cap_rules):
the level table, hazard codes, the national identifier's region, areas to one point."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest

from loaders.messages.cap import SCHEMA_DIR
from loaders.messages.cap_geometry import area_centroid, polygon_centroid
from loaders.messages.cap_hints import (
    CATEGORY_HAZARDS,
    SAME_HAZARDS,
    cap_level,
    category_hazards,
    china_region_code,
    choose_info,
    coded_hazards,
    geocode_regions,
)
from loaders.messages.cap_model import CapArea, CapInfo, Circle, NamedValue
from loaders.messages.cap_rules import check_references, parse_circle, parse_polygon
from ontology.load import shipped_ontology


@pytest.mark.parametrize(
    ("severity", "urgency", "certainty", "level", "shift"),
    [
        ("Extreme", "Immediate", "Observed", "I", 0),
        ("Severe", "Expected", "Likely", "II", 0),
        ("Severe", "Immediate", "Possible", "III", 1),
        ("Moderate", "Future", "Possible", "IV", 2),
        ("Minor", "Future", "Unknown", "IV", 2),  # never below IV
        ("Extreme", "Past", "Observed", "I", 0),
    ],
)
def test_level_table(severity: str, urgency: str, certainty: str, level: str, shift: int) -> None:
    got = cap_level(severity, urgency, certainty)
    assert got.level == level
    assert got.reason.code == "CAP_LEVEL" and got.reason.param("shift") == shift


@pytest.mark.parametrize(
    ("severity", "certainty"), [("Unknown", "Observed"), ("Extreme", "Unlikely"), ("", "")]
)
def test_no_level_when_severity_is_unknown_or_the_event_unlikely(
    severity: str, certainty: str
) -> None:
    got = cap_level(severity, "Immediate", certainty)
    assert got.level is None and got.reason.code == "CAP_LEVEL_NONE"


def test_every_mapped_hazard_code_is_a_hazard_type_of_the_ontology() -> None:
    onto = shipped_ontology()
    codes = set(SAME_HAZARDS.values()) | {c for cs in CATEGORY_HAZARDS.values() for c in cs}
    for code in codes:
        assert onto.get(code, "HazardType").id == code


def test_event_codes_give_hazards_in_order_without_repeats() -> None:
    codes = [NamedValue("GB/T 35561-2017", "11B03"), NamedValue("SAME", "ffw"),
             NamedValue("SAME", "FFA"), NamedValue("profile:CAP-CP:Event:0.4", "thunderstorm"),
             NamedValue("other", "11B03")]  # fmt: skip
    got = coded_hazards(codes)
    assert [(h.code, h.via, h.evidence) for h in got] == [
        ("11B03", "eventCode", "GB/T 35561-2017=11B03"),
        ("11A51", "SAME", "SAME=FFW"),
    ]
    assert category_hazards(["Fire", "Met", "Fire"]) == ["12G00", "11G00", "11B00", "11A00"]


def test_national_identifier_and_gbt2260_geocodes_give_region_codes() -> None:
    assert china_region_code("51010041600000_20260512142800_1") == "510100"
    assert china_region_code(" 51322141600000_20260512143000_12 ") == "513221"
    others = ["KSTO1055887203", "51010041600000-20260512142800-1", "5101004_20260512142800_1"]
    for other in others:
        assert china_region_code(other) is None
    geocodes = [NamedValue("GB/T 2260", "510104 510105"), NamedValue("FIPS6", "006109"),
                NamedValue("行政区划代码", "513221"), NamedValue("adcode", "51xx")]  # fmt: skip
    assert geocode_regions(geocodes) == ["510104", "510105", "513221"]


def test_the_chinese_info_is_read_first_then_english() -> None:
    def info(lang: str) -> CapInfo:
        return CapInfo(lang, ("Met",), lang, "Immediate", "Severe", "Likely")

    assert choose_info([info("fr-CA"), info("en-CA"), info("zh-CN")]).language == "zh-CN"  # type: ignore[union-attr]
    assert choose_info([info("fr-CA"), info("en-CA")]).language == "en-CA"  # type: ignore[union-attr]
    assert choose_info([info("fr-CA")]).language == "fr-CA"  # type: ignore[union-attr]
    assert choose_info([]) is None


def test_centroids_of_polygons_and_circles() -> None:
    square = ((30.6, 104.0), (30.6, 104.2), (30.7, 104.2), (30.7, 104.0), (30.6, 104.0))
    (lat, lon), area = polygon_centroid(square)
    assert (round(lat, 6), round(lon, 6)) == (30.65, 104.1) and area == pytest.approx(0.02)
    circle = CapArea("c", circles=(Circle((31.06, 103.33), 20.0),))
    assert area_centroid([circle]) == (31.06, 103.33)
    both = area_centroid(
        [CapArea("p", polygons=(square,)), CapArea("z", circles=(Circle((31.0, 105.0), 0.0),))]
    )
    assert both is not None and both[0] == pytest.approx(30.65, abs=1e-3)  # a point weighs ~0
    assert area_centroid([CapArea("only words")]) is None


def test_polygon_circle_and_reference_rules() -> None:
    el = "alert/info[1]/area[1]/polygon[1]"
    assert parse_polygon("30.6,104 30.6,104.2 30.7,104.2 30.6,104", el)[1] == []
    cases = {
        "30.6,104 30.6,104.2 30.6,104": "CAP_POLYGON_SHORT",
        "30.6,104 30.6,104.2 30.7,104.2 30.7,104": "CAP_POLYGON_OPEN",
        "30.6,104 30.6;104.2 30.7,104.2 30.6,104": "CAP_POLYGON_PAIR",
        "104,30.6 104,30.8 104.2,30.8 104,30.6": "CAP_COORD_RANGE",
        "": "CAP_EMPTY",
    }
    for text, code in cases.items():
        poly, problems = parse_polygon(text, el)
        assert poly is None and [p.code for p in problems] == [code], text
    assert parse_circle("31.06,103.33 20", "c")[0] == Circle((31.06, 103.33), 20.0)
    assert parse_circle("31.06,103.33", "c")[1][0].code == "CAP_CIRCLE_FORMAT"
    refs = "a@b,ID-1,2026-05-12T14:28:00+08:00 a@b,ID-2,2026-05-12T15:00:00+08:00"
    assert check_references(refs, "r") == []
    assert check_references("ID-1", "r")[0].code == "CAP_BAD_REFERENCE"


def _canonical(el: ElementTree.Element) -> tuple[object, ...]:
    return (el.tag, sorted(el.attrib.items()), tuple(_canonical(c) for c in el))


def test_the_packaged_cap12_schema_is_the_oasis_schema(shared_data: Path) -> None:
    """Same elements, attributes and structure as google/cap-library's copy (layout aside)."""
    ours = ElementTree.parse(SCHEMA_DIR / "cap12.xsd").getroot()
    theirs = ElementTree.parse(shared_data / "cap" / "cap12.xsd").getroot()
    assert _canonical(ours) == _canonical(theirs)
