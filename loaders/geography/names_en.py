"""English names for prefectures and counties the boundary data names only in Chinese.

A name is the place part (the Chinese name without its administrative ending and, for
an autonomous area, without the peoples' names) in English, then the ending in
English: 汶川县 -> "Wenchuan County", 凉山彝族自治州 -> "Liangshan Autonomous
Prefecture", 都江堰市 -> "Dujiangyan" (a city is named bare, as the demo's Sichuan names
are). The place part's English is GeoNames' spelling (``kg.cities``) when a GeoNames
city inside the region has that place part among its Chinese names and its spelling
starts as the pinyin does (拉萨市 -> "Lhasa", 喀什市 -> "Kashgar"; the checks keep out a
town whose own Chinese name is another one, listed under its district's: 红塔区 -> not
"Yuxi", 辽源市 -> not "Longshan" 龙山), otherwise its pinyin
(``pypinyin``, MIT; polyphonic characters read as the package reads them in a phrase).
The peoples' names are left out of the English rather than translated.

Example::

    english_name("汶川县")                       # 'Wenchuan County'
    english_name("阿坝藏族羌族自治州")           # 'Aba Autonomous Prefecture'
    english_name("日喀则市", place_en="Rikaze")  # 'Rikaze'
    add_english_names(records, china_cities())    # fills nameEn where it is missing
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kg.cities import City, letters, pinyin_of
from kg.geometry import MultiPolygon, contains
from loaders.geography.aliases import PEOPLES

SAME_START = 1  # letters a GeoNames spelling shares with the pinyin (Lhasa / lasa)
# Longest ending first; "" for a city (named bare).
ENDINGS_EN: tuple[tuple[str, str], ...] = (
    ("特别行政区", "Special Administrative Region"),
    ("自治区", "Autonomous Region"),
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("地区", "Prefecture"),
    ("林区", "Forestry District"),
    ("特区", "Special District"),
    ("新区", "New Area"),
    ("省", "Province"),
    ("盟", "League"),
    ("旗", "Banner"),
    ("县", "County"),
    ("区", "District"),
    ("市", ""),
)


def place_part(name_zh: str) -> tuple[str, str]:
    """(place part, English ending): 汶川县 -> ('汶川', 'County'); 阿坝藏族羌族自治州 ->
    ('阿坝', 'Autonomous Prefecture'); a name with no known ending -> (name, '')."""
    for ending, en in ENDINGS_EN:
        if name_zh.endswith(ending) and len(name_zh) > len(ending):
            base = name_zh[: -len(ending)]
            cut = min((i for i in (base.find(p) for p in PEOPLES) if i > 0), default=len(base))
            return base[:cut], en
    return name_zh, ""


def english_name(name_zh: str, place_en: str = "") -> str:
    """The English name: `place_en` (a GeoNames spelling) or the place part's pinyin, then
    the ending in English."""
    base, ending = place_part(name_zh)
    place = place_en or pinyin_of(base)
    return f"{place} {ending}".strip()


def geonames_spelling(place_zh: str, shape: MultiPolygon, cities: Iterable[City]) -> str:
    """GeoNames' name of a city inside `shape` that has `place_zh` among its Chinese
    names (the most populous), or ""."""
    start = letters(pinyin_of(place_zh))[:SAME_START]
    inside = [
        c
        for c in cities
        if place_zh in c.names_zh
        and c.name_zh in ("", place_zh)
        and letters(c.name_en).startswith(start)
        and contains(shape, c.longitude, c.latitude)
    ]
    if not inside:
        return ""
    return max(inside, key=lambda c: (c.population, -c.geonames_id)).name_en.replace("’", "'")


def add_english_names(records: list[dict[str, Any]], cities: Iterable[City]) -> int:
    """Give every prefecture and county record without ``nameEn`` one (in place); returns
    how many were named. ``boundary`` is the record's GeoJSON text."""
    import json  # local: only the import uses it

    by_name: dict[str, list[City]] = {}
    for c in cities:
        for n in c.names_zh:
            by_name.setdefault(n, []).append(c)
    named = 0
    for r in records:
        if r.get("nameEn") or r.get("rank") == "province":
            continue
        place, _ = place_part(r["nameZh"])
        spelling = ""
        if place in by_name and r.get("boundary"):
            geo = json.loads(r["boundary"])
            shape = geo["coordinates"] if geo["type"] == "MultiPolygon" else [geo["coordinates"]]
            spelling = geonames_spelling(place, shape, by_name[place])
        r["nameEn"] = english_name(r["nameZh"], spelling)
        named += 1
    return named
