"""The place a report names (queries/understanding/places.py), over a region gazetteer built
from hand-written REGION_NAMES rows: the most specific region, parents that confirm, the
境内 cue, short forms inside words, English datelines."""

from __future__ import annotations

from typing import Any

import pytest

from queries.models import GeoPoint
from queries.understanding.lexicon import build_region_gazetteer
from queries.understanding.places import read_place

SICHUAN = {"id": "510000", "nameZh": "四川省", "nameEn": "Sichuan"}
CHENGDU = {"id": "510100", "nameZh": "成都市", "nameEn": "Chengdu"}
ABA = {"id": "513200", "nameZh": "阿坝藏族羌族自治州", "nameEn": "Aba Prefecture"}
YAAN = {"id": "511800", "nameZh": "雅安市", "nameEn": "Ya'an"}
HUNAN = {"id": "430000", "nameZh": "湖南省", "nameEn": "Hunan"}
HUAIHUA = {"id": "431200", "nameZh": "怀化市", "nameEn": "Huaihua"}
BEIJING = {"id": "110000", "nameZh": "北京市", "nameEn": "Beijing"}
JILIN = {"id": "220000", "nameZh": "吉林省", "nameEn": "Jilin"}
CHANGCHUN = {"id": "220100", "nameZh": "长春市", "nameEn": "Changchun"}


def region(
    ref: dict[str, str],
    rank: str,
    chain: list[dict[str, str]],
    at: tuple[float, float],
    aliases: tuple[str, ...] = (),
) -> dict[str, Any]:
    return {**ref, "rank": rank, "aliasesZh": list(aliases), "latitude": at[0],
            "longitude": at[1], "chain": chain}  # fmt: skip


ROWS = [
    region(SICHUAN, "province", [], (30.65, 104.07), ("四川",)),
    region(CHENGDU, "city", [SICHUAN], (30.57, 104.07)),
    region(ABA, "city", [SICHUAN], (31.90, 102.22), ("阿坝州", "阿坝")),
    region(YAAN, "city", [SICHUAN], (29.98, 103.01)),
    region(HUNAN, "province", [], (28.11, 112.98)),
    region(HUAIHUA, "city", [HUNAN], (27.55, 110.00)),
    region(BEIJING, "province", [], (39.90, 116.40)),
    region(JILIN, "province", [], (43.90, 125.33)),
    region(CHANGCHUN, "city", [JILIN], (43.82, 125.32)),
    region(
        {"id": "513221", "nameZh": "汶川县", "nameEn": "Wenchuan County"},
        "county", [ABA, SICHUAN], (31.48, 103.58),
    ),
    region(
        {"id": "513223", "nameZh": "茂县", "nameEn": "Maoxian"},
        "county", [ABA, SICHUAN], (31.68, 103.85),
    ),
    region(
        {"id": "513225", "nameZh": "九寨沟县", "nameEn": "Jiuzhaigou County"},
        "county", [ABA, SICHUAN], (33.25, 104.24),
    ),
    region(
        {"id": "511802", "nameZh": "雨城区", "nameEn": "Yucheng District"},
        "county", [YAAN, SICHUAN], (29.98, 103.03),
    ),
    region(
        {"id": "431230", "nameZh": "通道侗族自治县", "nameEn": "Tongdao County"},
        "county", [HUAIHUA, HUNAN], (26.16, 109.78), ("通道县", "通道"),
    ),
    region(
        {"id": "110105", "nameZh": "朝阳区", "nameEn": "Chaoyang District"},
        "county", [BEIJING], (39.92, 116.44),
    ),
    region(
        {"id": "220104", "nameZh": "朝阳区", "nameEn": "Chaoyang District"},
        "county", [CHANGCHUN, JILIN], (43.83, 125.29),
    ),
]  # fmt: skip
GAZETTEER = build_region_gazetteer(ROWS)


def place(text: str) -> tuple[str, str] | None:
    p = read_place(GAZETTEER, text)
    return None if p is None else (p.region.id, p.span.text)


def test_a_county_with_its_location_and_parents() -> None:
    p = read_place(GAZETTEER, "汶川县映秀镇发生地震")
    assert p is not None
    assert (p.region.id, p.rank, p.location) == ("513221", "county", GeoPoint(31.48, 103.58))
    assert [c.id for c in p.chain] == ["513200", "510000"]
    assert (p.span.start, p.span.end, p.span.text) == (0, 3, "汶川县")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("四川省阿坝州汶川县发生地震", ("513221", "汶川县")),
        ("四川省汶川县", ("513221", "汶川县")),
        ("阿坝州发生泥石流", ("513200", "阿坝州")),
        ("四川省发生地震", ("510000", "四川省")),
        ("汶川发生地震", ("513221", "汶川")),
        ("An earthquake struck Wenchuan on Monday", ("513221", "Wenchuan")),
    ],
)
def test_the_most_specific_region_wins(text: str, expected: tuple[str, str]) -> None:
    assert place(text) == expected


def test_a_parent_named_alongside_picks_the_region_of_a_shared_name() -> None:
    assert place("北京市朝阳区发生火灾") == ("110105", "朝阳区")
    assert place("长春市朝阳区发生火灾") == ("220104", "朝阳区")
    assert place("吉林省朝阳区") == ("220104", "朝阳区")


def test_a_shared_name_alone_takes_the_first_id() -> None:
    assert place("朝阳区发生火灾") == ("110105", "朝阳区")


def test_the_scene_cue_picks_the_region_of_the_scene() -> None:
    text = "一辆由成都开往九寨沟的大巴车行驶至茂县境内时发生侧翻"
    assert place(text) == ("513223", "茂县")
    assert place("国道213线茂县段发生塌方，车辆从汶川县方向绕行") == ("513223", "茂县")


def test_a_short_form_inside_a_word_loses_to_a_full_name_of_a_higher_rank() -> None:
    # 人行横通道 (a pedestrian crossing) holds 通道, the short form of 通道侗族自治县
    assert place("雅安市一处人行横通道发生坍塌") == ("511800", "雅安市")
    assert place("雅安市雨城区一处人行横通道发生坍塌") == ("511802", "雨城区")


def test_a_short_form_stands_when_nothing_contradicts_it() -> None:
    assert place("通道县发生山洪") == ("431230", "通道县")
    assert place("湖南省通道县发生山洪") == ("431230", "通道县")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BEIJING - A fire broke out in a factory on Monday", None),
        ("BEIJING - A fire broke out in Wenchuan County", ("513221", "Wenchuan County")),
        ("CHENGDU, June 3 (Xinhua) - A flood hit Maoxian", ("513223", "Maoxian")),
        ("Floods hit Beijing on Monday", ("110000", "Beijing")),
    ],
)
def test_an_english_dateline_is_not_the_place(text: str, expected: tuple[str, str] | None) -> None:
    assert place(text) == expected


@pytest.mark.parametrize("text", ["今天天气不错", "A fire broke out in a warehouse", ""])
def test_no_region_named(text: str) -> None:
    assert read_place(GAZETTEER, text) is None


HENAN = {"id": "410000", "nameZh": "河南省", "nameEn": "Henan"}
PINGDINGSHAN = {"id": "410400", "nameZh": "平顶山市", "nameEn": "Pingdingshan"}
NANYANG = {"id": "411300", "nameZh": "南阳市", "nameEn": "Nanyang"}
LUSHAN_SC = {"id": "511826", "nameZh": "芦山县", "nameEn": "Lushan County"}
LUSHAN_HN = {"id": "410423", "nameZh": "鲁山县", "nameEn": "Lushan County"}
WOLONG_HN = {"id": "411303", "nameZh": "卧龙区", "nameEn": "Wolong District"}
WENCHUAN = {"id": "513221", "nameZh": "汶川县", "nameEn": "Wenchuan County"}


def test_a_name_two_provinces_share_is_the_one_where_the_teams_are() -> None:
    rows = [
        region(LUSHAN_HN, "county", [PINGDINGSHAN, HENAN], (33.74, 112.91)),
        {**region(LUSHAN_SC, "county", [YAAN, SICHUAN], (30.15, 102.93)), "teams": 3},
    ]
    place = read_place(
        build_region_gazetteer(rows), "A magnitude 6.1 earthquake struck Lushan County"
    )
    assert place is not None and place.region.id == "511826"
    # with no teams anywhere, the id order as before
    bare = [{**r, "teams": 0} for r in rows]
    place = read_place(build_region_gazetteer(bare), "An earthquake struck Lushan County")
    assert place is not None and place.region.id == "410423"


def test_a_full_name_beats_a_short_form_of_the_same_rank() -> None:
    rows = [
        region(WOLONG_HN, "county", [NANYANG, HENAN], (33.0, 112.5)),
        region(WENCHUAN, "county", [ABA, SICHUAN], (31.48, 103.58)),
    ]
    text = "5 hikers stranded below the ridge near Wolong, Wenchuan County"
    place = read_place(build_region_gazetteer(rows), text)
    assert place is not None and place.region.id == "513221"


def test_a_prefecture_named_with_its_rank_word_is_not_a_county_of_its_short_name() -> None:
    liangshan = {"id": "513400", "nameZh": "凉山彝族自治州",
                 "nameEn": "Liangshan Yi Autonomous Prefecture"}  # fmt: skip
    shandong = {"id": "370000", "nameZh": "山东省", "nameEn": "Shandong"}
    jining = {"id": "370800", "nameZh": "济宁市", "nameEn": "Jining"}
    rows = [
        region(liangshan, "city", [SICHUAN], (27.88, 102.27)),
        region(
            {"id": "370832", "nameZh": "梁山县", "nameEn": "Liangshan County"},
            "county",
            [jining, shandong],
            (35.80, 116.10),
        ),
        region(CHENGDU, "city", [SICHUAN], (30.57, 104.07)),
    ]
    gazetteer = build_region_gazetteer(rows)
    for text, want in [
        ("A forest fire is spreading in Liangshan Prefecture", "513400"),
        ("Flooding in Liangshan County, Shandong", "370832"),
        ("Waterlogging reported across Chengdu City", "510100"),
    ]:
        got = read_place(gazetteer, text)
        assert got is not None and got.region.id == want, (text, got)
