"""The words the parser looks for, read from the graph: hazard labels and region names.

The graph, not the ontology files, is the source: a planner's curated synonym or a
loaded region counts at once. Both gazetteers are built once and kept for
LEXICON_TTL_S seconds per process (every API worker refreshes on its own) while the
graph holds as many hazard types and regions as when they were built (a reload or a
wipe rebuilds them at once), and `forget_lexicons()` drops them (curation calls it).

Hazard terms: every zh/en prefLabel and altLabel of the current HazardTypes, plus a
Chinese name without the standard's ending 事件 (洪水事件 -> 洪水). Categories (x0000,
1x000) are never hazards a report names: "自然灾害" says nothing a team can act on.
Region names: each Region's zh and en names, its `aliasesZh` where the loader gave
them, and the short form without the administrative ending (汶川县 -> 汶川, 成都市
-> 成都, 阿坝藏族羌族自治州 -> 阿坝) unless that short form belongs to two regions.
Towns (queries.geography.towns_by_county) name their county, at the town's point, as a
short form: with 镇/乡 always (章凤镇), bare only from three characters (老君庙), never a
name a region has or two towns share.

Example::

    hazards = await hazard_lexicon(runner)
    [m.payload.hazard.id for m in hazards.gazetteer.find("后山滑坡了")]   # ['11D01']
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any, LiteralString

from kg.cypher import CypherRunner
from ontology.model import hazard_rank
from queries.geography import Town, towns_by_county
from queries.models import ConceptRef, GeoPoint
from queries.understanding.matcher import Gazetteer

LEXICON_TTL_S = 30.0
MIN_ZH_TERM = 2  # single characters (火, 水) name nothing on their own
MIN_EN_TERM = 3
MIN_TOWN_BARE = 3  # 老君庙 bare; two-character towns (八一, 卧龙) only with 镇/乡

HAZARD_TERMS: LiteralString = """
MATCH (h:HazardType)
WHERE NOT coalesce(h.retired, false) AND NOT coalesce(h.deprecated, false)
RETURN h.id AS id, h.nameZh AS nameZh, h.nameEn AS nameEn,
       coalesce(h.altZh, []) AS altZh, coalesce(h.altEn, []) AS altEn,
       [(h)-[:BROADER]->(p:HazardType) | p.id] AS parents
"""

REGION_NAMES: LiteralString = """
MATCH (r:Region) WHERE NOT coalesce(r.retired, false)
RETURN r.id AS id, r.nameZh AS nameZh, r.nameEn AS nameEn, r.rank AS rank,
       coalesce(r.aliasesZh, []) AS aliasesZh,
       r.location.latitude AS latitude, r.location.longitude AS longitude,
       [(r)-[:PART_OF*1..3]->(a:Region) | {id: a.id, nameZh: a.nameZh, nameEn: a.nameEn}]
         AS chain,
       COUNT { (:Team)-[:BASED_IN]->(r) } AS teams
"""

# GB/T 35561 names end in 事件 (洪水事件): the bare name is how reports say it. Not 事故 or
# 灾害: 交通事故 -> 交通, 化工事故 -> 化工 would name a domain, not an incident.
_CATEGORY_SUFFIXES = ("事件",)
_ADMIN_SUFFIXES = (
    "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "自治州", "自治县",
    "地区", "新区", "林区", "省", "市", "县", "区", "盟", "旗",
)  # fmt: skip
# Minority names inside a prefecture or county name: 阿坝藏族羌族自治州 -> 阿坝.
# The 55 minority names (a closed list: "the shortest run before 族" would eat the place
# name, 阿坝藏 + 族), as they appear before 自治 in region names; 各族 for 各族自治县.
_NATIONALITIES = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶",
    "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水",
    "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉",
    "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯",
    "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴",
    "珞巴", "基诺", "各",
)  # fmt: skip
_ETHNIC = re.compile(
    "(?:" + "|".join(sorted(_NATIONALITIES, key=len, reverse=True)) + ")族(?=.*自治)"
)
# "Garze Tibetan Autonomous Prefecture" -> "Garze": the name before the first admin word.
_EN_ADMIN = re.compile(
    r"\s+(?:(?:Tibetan|Yi|Qiang|Hui|Miao|Tujia|Zhuang|Mongol|Uyghur|Kazakh)\b.*"
    r"|Autonomous\b.*|Prefecture\b.*|Province\b.*|City\b.*|County\b.*|District\b.*)$"
)


@dataclass(frozen=True)
class HazardTerm:
    """What a hazard term names: the hazard and how specific it is."""

    hazard: ConceptRef
    depth: int  # 2 = subcategory (11A00), 3 = type (11A01); categories are left out
    parents: tuple[str, ...]


@dataclass(frozen=True)
class RegionTerm:
    region: ConceptRef
    rank: str
    location: GeoPoint | None
    chain: tuple[ConceptRef, ...]
    short: bool = False  # a short form (汶川, 通道): weaker evidence than a full name
    # Teams based in its province: where a name is shared across provinces (Lushan County:
    # 芦山县 and 鲁山县), the region of the province this graph's forces serve comes first.
    home: int = 0


_DEPTH = {"root": 0, "category": 1, "subcategory": 2, "type": 3}


def hazard_depth(code: str) -> int:
    """0 root (10000), 1 category (11000), 2 subcategory (11A00), 3 type (11A01).

    >>> [hazard_depth(c) for c in ("10000", "11000", "11A00", "11A01", "12YX2")]
    [0, 1, 2, 3, 3]
    """
    return _DEPTH.get(hazard_rank(code) or "type", 3)


def _zh_variants(name: str) -> list[str]:
    out = [name]
    for suffix in _CATEGORY_SUFFIXES:
        short = name.removesuffix(suffix)
        if short != name and len(short) >= MIN_ZH_TERM:
            out.append(short)
    return out


def _usable(term: str) -> bool:
    term = term.strip()
    return len(term) >= (MIN_EN_TERM if term.isascii() else MIN_ZH_TERM)


# Words that contain a hazard's name but name an organisation, a trade or a thing, never an
# event ("the fire service said", "fire crews"): matched like terms, so the longer phrase
# wins over the hazard word inside it, and then dropped (NOT_A_HAZARD).
NOT_HAZARD_PHRASES = (
    "fire service",
    "fire services",
    "fire brigade",
    "fire department",
    "fire station",
    "fire engine",
    "fire truck",
    "fire crew",
    "fire officials",
    "fire chief",
    "fire safety",
    "fire drill",
    "fire extinguisher",
    "fire hydrant",
    "fire escape",
    "fire exit",
    "fire alarm test",
    "flood control",
    "flood warning system",
    # 环境 is what 环境事件 (12Q00) leaves without 事件: the agency a report names is no event.
    "生态环境",
    "环境部门",
    "环保部门",
    "环境保护",
    "环境卫生",
    # Agencies and units a dispatch note names ("MVA w/ entrapment, fire/EMS requested").
    "fire/ems",
    "fire and ems",
    "fire & ems",
    "fire/rescue",
    "fire-rescue",
    "fire and rescue",
    "fire and police",
    "police and fire",
    "fire and ambulance",
    "fire & ambulance",
    "fire and medics",
    "fire and swift-water",
    "fire and swiftwater",
    "fire and water rescue",
    "fire and hazmat",
    "fire dept",
    "fire crews",
    "fire units",
    "fire unit",
    "fire personnel",
    "fire marshal",
    "fire investigator",
    "fire investigators",
    "fire apparatus",
    "fire company",
    "fire companies",
    # Planned outages are notices, not failures (计划停电通知, "scheduled power outage").
    "计划停电",
    "计划停水",
    "检修停电",
    "停电通知",
    "停水通知",
    "停水检修",
    "检修停水",
    "停电检修",
    "停气检修",
    "scheduled outage",
    "planned outage",
    "scheduled power outage",
    "planned power outage",
    "power outage scheduled",
    "outage scheduled",
    # Institutions named after a hazard: 据省地震局消息 names the quake in its own words.
    "地震局",
    "地震台",
    "地震台网",
    "地震部门",
    "聚集性",  # 聚集性疫情, 聚集性病例: cases that cluster, not a crowd that gathers
    "群体性呕吐",  # ... and a cluster of the sick (学生群体性呕吐腹泻) is no mass incident
    "群体性腹泻",
    "群体性发热",
    "群体性发病",
    "群体性皮疹",
    # Similes and idioms: a sound like thunder, work one drowns in.
    "像打雷",
    "打雷一样",
    "打雷似的",
    "雷鸣般",
    "like thunder",
    "辣得冒烟",
    "急得冒烟",
    "热得冒烟",
    "气得冒烟",
    "渴得冒烟",
    "嗓子冒烟",
    # Words that hold a hazard's characters and name none: 重大风险 is no 大风; a season
    # is no event.
    # A rating or a forecast of danger is no event: 森林火险等级较高, "fire danger is high".
    "火险等级",
    "森林火险等级",
    "火险气象等级",
    "森林火险气象等级",
    "fire danger",
    "fire weather",
    # Metaphors of upheaval (人事大地震: a reshuffle; "a political earthquake"), a product
    # (爆炸盐: a laundry powder), an idiom ("spread like wildfire").
    "人事地震",
    "人事大地震",
    "政坛地震",
    "政坛大地震",
    "官场地震",
    "官场大地震",
    "职场地震",
    "楼市地震",
    "股市地震",
    "political earthquake",
    "political storm",
    "firestorm of criticism",
    "like wildfire",
    "爆炸盐",
    "爆炸头",
    # 翻车 is also a blunder online (直播带货翻车了); a vehicle that overturns is said so.
    "带货翻车",
    "直播翻车",
    "人设翻车",
    "营销翻车",
    "考试翻车",
    "演出翻车",
    "大型翻车现场",
    "重大风险",
    "较大风险",
    "大风险",
    "台风季",
    "台风季节",
    "typhoon season",
    "hurricane season",
    "wildfire season",
    "fire season",
    "flood season",
    "stampede of",
    "drowning in paperwork",
    "drowning in work",
    "drowning in debt",
    "drowning in emails",
    "drowning in orders",
    "drowning in requests",
    "drowning in bills",
    "drowning in red tape",
    "drowning in data",
    "drowning in complaints",
    "drowning in information",
    # ... and what one is flooded with: calls, emails, complaints (not water).
    "flooded with calls",
    "flooded with emails",
    "flooded with messages",
    "flooded with complaints",
    "flooded with requests",
    "flooded with orders",
    "flooded with applications",
    "flooded with inquiries",
    "flooded with enquiries",
    "flooded with questions",
    "flooded with offers",
    # An election won by a wide margin; a dessert or a school experiment named after a volcano.
    "landslide victory",
    "landslide win",
    "landslide majority",
    "landslide defeat",
    "landslide election",
    "in a landslide",
    "by a landslide",
    "volcano cake",
    "lava cake",
    "volcano experiment",
    "baking soda volcano",
    # A vaccine named after the disease it prevents is no outbreak (打狂犬疫苗).
    "狂犬疫苗",
    "狂犬病疫苗",
    "rabies vaccine",
    "rabies shot",
    # Nearly: 累得快中暑了 is tiredness, not heatstroke; "had a blast" is a good time.
    "快中暑",
    "差点中暑",
    "要中暑",
    "had a blast",
    "have a blast",
    "having a blast",
    "was a blast",
    "what a blast",
)
NOT_A_HAZARD = HazardTerm(ConceptRef("", "", ""), 0, ())


@dataclass(frozen=True)
class HazardLexicon:
    """Every hazard term in one gazetteer, and each current hazard by id."""

    gazetteer: Gazetteer[HazardTerm]
    by_id: dict[str, HazardTerm]


def build_hazard_lexicon(rows: list[dict[str, Any]]) -> HazardLexicon:
    """The hazard lexicon from HAZARD_TERMS rows (pure; tested without Neo4j)."""
    terms: list[tuple[str, HazardTerm]] = []
    by_id: dict[str, HazardTerm] = {}
    for r in rows:
        depth = hazard_depth(r["id"])
        if depth < 2:
            continue
        ref = ConceptRef(r["id"], r["nameZh"] or "", r["nameEn"] or "")
        term = HazardTerm(ref, depth, tuple(r["parents"]))
        by_id[ref.id] = term
        words = [w for z in [r["nameZh"] or "", *r["altZh"]] for w in _zh_variants(z)]
        words += [r["nameEn"] or "", *r["altEn"]]
        terms += [(w, term) for w in dict.fromkeys(words) if _usable(w)]
    terms += [(w, NOT_A_HAZARD) for w in NOT_HAZARD_PHRASES]
    return HazardLexicon(Gazetteer(terms), by_id)


def short_names(name_zh: str) -> list[str]:
    """Short forms of an administrative name (汶川县 -> 汶川; 阿坝藏族羌族自治州 -> 阿坝).

    >>> short_names("阿坝藏族羌族自治州"), short_names("成都市"), short_names("锦江区")
    (['阿坝'], ['成都'], ['锦江'])
    """
    base = _ETHNIC.sub("", name_zh)
    for suffix in _ADMIN_SUFFIXES:
        if base.endswith(suffix) and len(base) - len(suffix) >= MIN_ZH_TERM:
            base = base.removesuffix(suffix)
            break
    return [base] if base != name_zh and len(base) >= MIN_ZH_TERM else []


def town_terms(towns: tuple[Town, ...], taken: set[str]) -> list[tuple[str, RegionTerm]]:
    """Terms for towns: their county at the town's point, weak (a short form). A name that
    is `taken` (a region's) or that two towns share is left out.

    >>> from queries.geography import RegionRef, Town
    >>> county = RegionRef("533124", "陇川县", "", "county")
    >>> town = Town("章凤", "Zhangfeng", GeoPoint(24.3, 97.8), (county,))
    >>> [w for w, _ in town_terms((town,), set())]
    ['章凤镇', '章凤乡']
    """
    count = Counter(t.name_zh for t in towns)
    terms: list[tuple[str, RegionTerm]] = []
    for t in towns:
        if count[t.name_zh] > 1 or t.name_zh in taken or not t.regions:
            continue
        county, *chain = t.regions
        ref = ConceptRef(county.id, county.name_zh, county.name_en)
        parents = tuple(ConceptRef(c.id, c.name_zh, c.name_en) for c in chain)
        term = RegionTerm(ref, county.rank, t.location, parents, short=True)
        words = [t.name_zh + "镇", t.name_zh + "乡"]
        words += [t.name_zh] if len(t.name_zh) >= MIN_TOWN_BARE else []
        terms += [(w, term) for w in words if w not in taken]
    return terms


def _en_with_rank(short: str, name_en: str, rank: str) -> list[str]:
    """English names with the rank word as reports write them: "Liangshan Prefecture" (凉山彝族
    自治州), "Beichuan County" (北川羌族自治县), "Chengdu City" (成都市); full names, so a
    prefecture named so is not taken for a county of the same short name (梁山县).

    >>> _en_with_rank("Liangshan", "Liangshan Yi Autonomous Prefecture", "city")
    ['Liangshan Prefecture']
    """
    if not short:
        return []
    if rank == "city":
        return [f"{short} Prefecture"] if "Prefecture" in name_en else [f"{short} City"]
    if rank == "county" and "Autonomous County" in name_en:
        return [f"{short} County"]
    return []


def build_region_gazetteer(
    rows: list[dict[str, Any]], towns: tuple[Town, ...] = ()
) -> Gazetteer[RegionTerm]:
    """The region gazetteer from REGION_NAMES rows (and towns). Short forms: the loader's
    `aliasesZh` (unique by its rule: 阿坝 is 阿坝州, not 阿坝县), then our own for the
    names no alias claims, left out where two regions would share one."""
    aliases = {a for r in rows for a in r["aliasesZh"]}
    derived = {
        r["id"]: [x for x in short_names(r["nameZh"] or "") if x not in aliases] for r in rows
    }
    count = Counter(x for names in derived.values() for x in set(names))
    shorts = {
        r["id"]: [*r["aliasesZh"], *(x for x in derived[r["id"]] if count[x] == 1)] for r in rows
    }
    by_province = Counter[str]()
    for r in rows:
        by_province[str(r["id"])[:2]] += int(r.get("teams") or 0)
    terms: list[tuple[str, RegionTerm]] = []
    for r in rows:
        loc = None
        if r["latitude"] is not None and r["longitude"] is not None:
            loc = GeoPoint(float(r["latitude"]), float(r["longitude"]))
        chain = tuple(ConceptRef(c["id"], c["nameZh"] or "", c["nameEn"] or "") for c in r["chain"])
        term = RegionTerm(
            ConceptRef(r["id"], r["nameZh"] or "", r["nameEn"] or ""),
            r["rank"] or "",
            loc,
            chain,
            home=by_province[str(r["id"])[:2]],
        )
        full = [w for w in (r["nameZh"] or "", r["nameEn"] or "") if _usable(w)]
        short = list(shorts[r["id"]])
        en_short = _EN_ADMIN.split(r["nameEn"] or "")[0].strip()
        full += _en_with_rank(en_short, r["nameEn"] or "", r["rank"] or "")
        short += [en_short] if en_short and en_short != r["nameEn"] else []
        terms += [(w, term) for w in dict.fromkeys(full)]
        weak = replace(term, short=True)
        terms += [(w, weak) for w in dict.fromkeys(short) if _usable(w) and w not in full]
    terms += town_terms(towns, {w for w, _ in terms})
    return Gazetteer(terms)


# How many hazard types and regions the graph holds (count store: no scan). A reload,
# a wipe or another graph changes it, so a cached lexicon is never read against a graph
# it was not built from; same-count edits wait for LEXICON_TTL_S or forget_lexicons().
GRAPH_SIZE: LiteralString = """
CALL { MATCH (h:HazardType) RETURN count(h) AS hazards }
CALL { MATCH (r:Region) RETURN count(r) AS regions }
RETURN hazards, regions
"""

_cache: dict[str, tuple[float, tuple[int, int], Any]] = {}


def forget_lexicons() -> None:
    """Drop the cached gazetteers: the next parse reads the graph again."""
    _cache.clear()


async def _graph_size(runner: CypherRunner) -> tuple[int, int]:
    rows = await runner.read(GRAPH_SIZE, {})
    return int(rows[0]["hazards"]), int(rows[0]["regions"])


async def _cached(
    runner: CypherRunner,
    size: tuple[int, int],
    key: str,
    query: LiteralString,
    build: Any,
    extra: Any = None,
) -> Any:
    hit = _cache.get(key)
    if hit is not None and hit[1] == size and time.monotonic() - hit[0] < LEXICON_TTL_S:
        return hit[2]
    rows = await runner.read(query, {})
    more = [await extra(runner)] if extra is not None else []
    built = build([dict(r) for r in rows], *more)
    _cache[key] = (time.monotonic(), size, built)
    return built


async def lexicons(runner: CypherRunner) -> tuple[HazardLexicon, Gazetteer[RegionTerm]]:
    """Both lexicons, checked against the graph's size once."""
    size = await _graph_size(runner)
    hazards: HazardLexicon = await _cached(
        runner, size, "hazards", HAZARD_TERMS, build_hazard_lexicon
    )
    regions: Gazetteer[RegionTerm] = await _cached(
        runner, size, "regions", REGION_NAMES, build_region_gazetteer, towns_by_county
    )
    return hazards, regions


async def hazard_lexicon(runner: CypherRunner) -> HazardLexicon:
    return (await lexicons(runner))[0]


async def region_gazetteer(runner: CypherRunner) -> Gazetteer[RegionTerm]:
    return (await lexicons(runner))[1]
