"""Towns in the place gazetteer (issue 17): a GeoNames town names its county at the town's
own point, weaker than a region's full name, never a name a region has or two towns share;
and towns are placed in their counties by the county index."""

from __future__ import annotations

from queries.geography import CountyIndex, RegionRef, Town, place_towns
from queries.models import GeoPoint
from queries.understanding.lexicon import build_region_gazetteer, town_terms
from queries.understanding.places import read_place
from tests.unit.understanding.test_places import ROWS, SICHUAN

WENCHUAN = RegionRef("513221", "汶川县", "Wenchuan County", "county")
ABA = RegionRef("513200", "阿坝藏族羌族自治州", "Aba", "city")
PROVINCE = RegionRef("510000", "四川省", "Sichuan", "province")
WOLONG = Town("卧龙", "Wolong", GeoPoint(31.04, 103.30), (WENCHUAN, ABA, PROVINCE))
LAOJUNMIAO = Town("老君庙", "Laojunmiao", GeoPoint(31.30, 103.40), (WENCHUAN, ABA, PROVINCE))
TWIN_A = Town("太平", "Taiping", GeoPoint(31.2, 103.5), (WENCHUAN, ABA, PROVINCE))
TWIN_B = Town("太平", "Taiping", GeoPoint(29.0, 105.0), (WENCHUAN, ABA, PROVINCE))
NAMED_LIKE_A_REGION = Town("成都", "Chengdu", GeoPoint(30.66, 104.06), (WENCHUAN,))

GAZETTEER = build_region_gazetteer(ROWS, (WOLONG, LAOJUNMIAO, TWIN_A, TWIN_B, NAMED_LIKE_A_REGION))


def test_a_town_with_its_ending_names_its_county_at_the_towns_point() -> None:
    p = read_place(GAZETTEER, "卧龙镇发生山体滑坡，道路中断")
    assert p is not None and p.region.id == "513221" and p.rank == "county"
    assert p.location == WOLONG.location and [c.id for c in p.chain] == ["513200", "510000"]
    assert p.span.start == 0 and p.span.end == 3


def test_two_character_towns_need_their_ending_three_character_ones_do_not() -> None:
    assert read_place(GAZETTEER, "卧龙保护区巡护员报告") is None
    p = read_place(GAZETTEER, "老君庙附近发生泥石流")
    assert p is not None and p.location == LAOJUNMIAO.location


def test_a_shared_town_name_and_a_region_name_are_left_out() -> None:
    assert read_place(GAZETTEER, "太平镇发生火灾") is None  # two towns: which one?
    p = read_place(GAZETTEER, "成都市区发生内涝")
    assert p is not None and p.region.id == "510100"  # the region, not the town
    words = [w for w, _ in town_terms((NAMED_LIKE_A_REGION,), {"成都"})]
    assert words == []


def test_a_full_region_name_outranks_a_town_in_another_province() -> None:
    p = read_place(GAZETTEER, "四川省卧龙镇")
    assert p is not None and p.region.id == "513221"
    rows = [r for r in ROWS if r["id"] != SICHUAN["id"]]
    assert read_place(build_region_gazetteer(rows, (WOLONG,)), "卧龙镇") is not None


def test_towns_are_placed_in_the_county_whose_boundary_holds_them() -> None:
    ring = [[103.0, 30.5], [104.5, 30.5], [104.5, 32.0], [103.0, 32.0], [103.0, 30.5]]
    row = {
        "id": "513221", "nameZh": "汶川县", "nameEn": "Wenchuan County", "rank": "county",
        "boundary": '{"type":"Polygon","coordinates":' + str([ring]) + "}",
        "bbox": [103.0, 30.5, 104.5, 32.0],
        "chain": [{"id": "513200", "nameZh": "阿坝州", "nameEn": "Aba", "rank": "city"}],
    }  # fmt: skip
    towns = place_towns(CountyIndex.build([row]))
    assert towns, "GeoNames has towns inside the square"
    assert all(103.0 <= t.location.longitude <= 104.5 for t in towns)
    assert all(t.regions[0].id == "513221" and t.regions[1].id == "513200" for t in towns)
