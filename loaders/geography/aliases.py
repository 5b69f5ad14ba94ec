"""Short forms of Chinese administrative names, for finding places in report text.

Rules (one per name ending; a short form needs at least two characters):

- province: the name without 省 / 市 / 自治区 / 特别行政区 and, for autonomous
  regions, without the people's name (广西壮族自治区 -> 广西, 内蒙古自治区 -> 内蒙古);
- autonomous prefecture / county / banner: the place part before the first
  people's name, with and without 州 / 县 / 旗 (阿坝藏族羌族自治州 -> 阿坝州, 阿坝;
  北川羌族自治县 -> 北川县, 北川);
- 市 / 县 / 区 / 地区 / 盟 / 旗 / 林区 / 特区: the name without it (成都市 -> 成都,
  汶川县 -> 汶川, 锡林郭勒盟 -> 锡林郭勒); 理县 keeps no short form (理 alone is
  one character).

`ambiguity_free` then removes short forms that would name more than one region:
a short form several regions produce is kept only for the one that contains all
the others (阿坝 -> 阿坝州, not 阿坝县; 吉林 -> 吉林省, not 吉林市), otherwise
dropped for every one of them (朝阳: 朝阳区 of Beijing and of Changchun,
朝阳市, 朝阳县); a short form equal to another region's full name is dropped.

Example::

    short_forms("阿坝藏族羌族自治州", "city")   # ('阿坝州', '阿坝')
    short_forms("汶川县", "county")             # ('汶川',)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

# Peoples' names as they appear inside autonomous areas' names (with 族 or, for a
# few, without it: 博尔塔拉蒙古自治州, 伊犁哈萨克自治州).
PEOPLES: tuple[str, ...] = (
    "藏族", "羌族", "彝族", "蒙古族", "蒙古", "回族", "维吾尔", "苗族", "土家族", "布依族",
    "侗族", "壮族", "朝鲜族", "哈尼族", "傣族", "傈僳族", "白族", "景颇族", "哈萨克",
    "柯尔克孜", "黎族", "瑶族", "满族", "达斡尔族", "鄂温克族", "鄂伦春", "畲族", "仡佬族",
    "水族", "纳西族", "拉祜族", "佤族", "普米族", "怒族", "独龙族", "土族", "撒拉族",
    "东乡族", "保安族", "裕固族", "锡伯", "塔吉克", "毛南族", "仫佬族", "各族",
)  # fmt: skip
_AUTONOMOUS = (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗"))
_SUFFIXES = ("特别行政区", "自治区", "林区", "特区", "地区", "省", "市", "县", "区", "盟", "旗")
_MIN_CHARS = 2


def _place_part(name: str) -> str:
    """The name up to the first people's name (阿坝藏族羌族 -> 阿坝)."""
    cut = min((i for i in (name.find(p) for p in PEOPLES) if i >= 0), default=len(name))
    return name[:cut]


def short_forms(name: str, rank: str) -> tuple[str, ...]:
    """Every short form the rules give for one name (ambiguity not yet considered)."""
    for ending, kept in _AUTONOMOUS:
        if name.endswith(ending):
            place = _place_part(name[: -len(ending)])
            if len(place) < _MIN_CHARS:
                return ()
            return (place + kept, place)
    for ending in _SUFFIXES:
        if name.endswith(ending) and name != ending:
            base = name[: -len(ending)]
            if ending == "自治区" and len(_place_part(base)) >= _MIN_CHARS:
                base = _place_part(base)  # 广西壮族 -> 广西, but 内蒙古 stays
            return (base,) if len(base) >= _MIN_CHARS else ()
    return ()


def ambiguity_free(
    regions: Iterable[tuple[str, str, str]], ancestors: Callable[[str], Iterable[str]]
) -> Mapping[str, tuple[str, ...]]:
    """Short forms per region id, each naming one region only.

    `regions` are (id, full name, rank); `ancestors(id)` the ids a region is part of.
    """
    regions = list(regions)
    full_names = defaultdict(set)
    for rid, name, _ in regions:
        full_names[name].add(rid)
    claims: dict[str, list[str]] = defaultdict(list)
    forms: dict[str, tuple[str, ...]] = {}
    for rid, name, rank in regions:
        forms[rid] = tuple(f for f in short_forms(name, rank) if f != name)
        for f in forms[rid]:
            claims[f].append(rid)
    winner: dict[str, str | None] = {}
    for f, ids in claims.items():
        if full_names.get(f, set()) - set(ids):
            winner[f] = None  # another region is called exactly this
            continue
        outer = [i for i in ids if all(o == i or i in set(ancestors(o)) for o in ids)]
        winner[f] = outer[0] if len(outer) == 1 else None
    return {rid: tuple(f for f in fs if winner.get(f) == rid) for rid, fs in forms.items()}
