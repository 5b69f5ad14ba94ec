"""The pure parts of the parser's lexicons (queries/understanding/lexicon.py): hazard depth,
hazard terms from HAZARD_TERMS rows, short region names and the region gazetteer from
REGION_NAMES rows."""

from __future__ import annotations

from typing import Any

import pytest

from queries.models import ConceptRef, GeoPoint
from queries.understanding.lexicon import (
    build_hazard_lexicon,
    build_region_gazetteer,
    hazard_depth,
    short_names,
)


@pytest.mark.parametrize(
    ("code", "depth"),
    [
        ("10000", 0),
        ("11000", 1),
        ("12000", 1),
        ("11A00", 2),
        ("12S00", 2),
        ("11A01", 3),
        ("12YX2", 3),
        ("11A51", 3),
    ],
)
def test_hazard_depth(code: str, depth: int) -> None:
    assert hazard_depth(code) == depth


def hazard(
    code: str, zh: str, en: str, alt_zh: list[str], alt_en: list[str], parents: list[str]
) -> dict[str, Any]:
    return {"id": code, "nameZh": zh, "nameEn": en, "altZh": alt_zh, "altEn": alt_en,
            "parents": parents}  # fmt: skip


HAZARDS = [
    hazard("10000", "突发事件", "Emergency", [], [], []),
    hazard("11000", "自然灾害", "Natural disaster", ["天灾"], [], ["10000"]),
    hazard("11A00", "水旱灾害", "Flood and drought", [], [], ["11000"]),
    hazard("11A01", "洪水事件", "Flood", ["发大水"], ["inundation", "EQ"], ["11A00"]),
    hazard("12H00", "道路交通事故", "Road traffic accident", ["交通事故", "火"], [], ["12000"]),
]
LEXICON = build_hazard_lexicon(HAZARDS)


def terms(text: str) -> list[tuple[str, str]]:
    return [(m.payload.hazard.id, m.span.text) for m in LEXICON.gazetteer.find(text)]


def test_categories_are_never_terms() -> None:
    assert sorted(LEXICON.by_id) == ["11A00", "11A01", "12H00"]
    assert terms("突发事件，自然灾害，天灾") == []


def test_a_subcategory_and_a_type_carry_their_depth_and_parents() -> None:
    flood = LEXICON.by_id["11A01"]
    assert (flood.hazard, flood.depth, flood.parents) == (
        ConceptRef("11A01", "洪水事件", "Flood"),
        3,
        ("11A00",),
    )
    assert LEXICON.by_id["11A00"].depth == 2


def test_the_name_without_the_standards_event_ending_is_a_term() -> None:
    assert terms("河道发生洪水") == [("11A01", "洪水")]
    assert terms("洪水事件") == [("11A01", "洪水事件")]


def test_accident_names_keep_their_ending() -> None:
    # 交通事故 -> 交通 would name a domain (交通管制, 交通部门), not an incident
    assert terms("交通管制") == []
    assert terms("发生交通事故") == [("12H00", "交通事故")]


def test_labels_synonyms_and_english_are_terms() -> None:
    assert terms("村里发大水") == [("11A01", "发大水")]
    assert terms("Flooding on the road") == [("11A01", "Flooding")]
    assert terms("inundation") == [("11A01", "inundation")]
    assert terms("水旱灾害") == [("11A00", "水旱灾害")]


def test_too_short_terms_are_left_out() -> None:
    # 火 (one character) and EQ (two Latin letters) name nothing on their own
    assert terms("火 EQ") == []


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("汶川县", ["汶川"]),
        ("成都市", ["成都"]),
        ("锦江区", ["锦江"]),
        ("四川省", ["四川"]),
        ("新疆维吾尔自治区", ["新疆"]),
        ("香港特别行政区", ["香港"]),
        ("茂县", []),  # 茂 alone is one character
    ],
)
def test_short_names(name: str, short: list[str]) -> None:
    assert short_names(name) == short


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("阿坝藏族羌族自治州", ["阿坝"]),
        ("通道侗族自治县", ["通道"]),
        ("延边朝鲜族自治州", ["延边"]),
    ],
)
def test_short_names_of_autonomous_regions(name: str, short: list[str]) -> None:
    assert short_names(name) == short


def region(
    code: str,
    zh: str,
    en: str,
    rank: str,
    chain: list[dict[str, str]],
    aliases: list[str] | None = None,
    at: tuple[float, float] | None = (30.0, 103.0),
) -> dict[str, Any]:
    return {
        "id": code,
        "nameZh": zh,
        "nameEn": en,
        "rank": rank,
        "aliasesZh": aliases or [],
        "latitude": at[0] if at else None,
        "longitude": at[1] if at else None,
        "chain": chain,
    }


SICHUAN = {"id": "510000", "nameZh": "四川省", "nameEn": "Sichuan"}
BEIJING = {"id": "110000", "nameZh": "北京市", "nameEn": "Beijing"}
CHANGCHUN = {"id": "220100", "nameZh": "长春市", "nameEn": "Changchun"}
REGIONS = [
    region("510000", "四川省", "Sichuan", "province", [], at=None),
    region("513221", "汶川县", "Wenchuan County", "county", [SICHUAN], at=(31.48, 103.58)),
    region("110105", "朝阳区", "Chaoyang District", "county", [BEIJING]),
    region("220104", "朝阳区", "Chaoyang District", "county", [CHANGCHUN]),
    region("513200", "阿坝藏族羌族自治州", "Aba Prefecture", "city", [SICHUAN], ["阿坝州", "阿坝"]),
]
REGION_GAZETTEER = build_region_gazetteer(REGIONS)


def places(text: str) -> list[tuple[str, str, bool]]:
    return [
        (m.payload.region.id, m.span.text, m.payload.short) for m in REGION_GAZETTEER.find(text)
    ]


def test_full_names_and_unambiguous_short_forms() -> None:
    assert places("汶川县") == [("513221", "汶川县", False)]
    assert places("汶川") == [("513221", "汶川", True)]
    assert places("Wenchuan County") == [("513221", "Wenchuan County", False)]
    assert places("Wenchuan") == [("513221", "Wenchuan", True)]
    assert places("四川") == [("510000", "四川", True)]


def test_loader_aliases_are_short_forms() -> None:
    assert places("阿坝州") == [("513200", "阿坝州", True)]
    assert places("阿坝") == [("513200", "阿坝", True)]


def test_ambiguous_short_forms_are_left_out_but_full_names_stay() -> None:
    assert places("朝阳") == []
    assert sorted(places("朝阳区")) == [("110105", "朝阳区", False), ("220104", "朝阳区", False)]


def test_a_region_term_carries_rank_location_and_chain() -> None:
    [m] = REGION_GAZETTEER.find("汶川县")
    t = m.payload
    assert (t.region, t.rank, t.location, t.chain) == (
        ConceptRef("513221", "汶川县", "Wenchuan County"),
        "county",
        GeoPoint(31.48, 103.58),
        (ConceptRef("510000", "四川省", "Sichuan"),),
    )
    [province] = REGION_GAZETTEER.find("四川省")
    assert province.payload.location is None
