"""The prefectures' expert pools of the dense demo province (the province's own 96 stay).

A Chinese province keeps a provincial expert pool (the older demo's ``X-SC-001..``)
and every prefecture a pool of its own, larger where there are more counties and
weighted towards the prefecture's hazards: mining experts where mines are worked,
forest fire experts where the forests are, geohazard experts in the mountains. Most
experts work in the prefecture's seat, some in its counties. Names are invented
and marked (虚构); ids name the prefecture (``X-SC-513400-01``).

Example::

    experts = prefecture_experts(rules, regions, taken={"孙海"})
    experts[0]["id"], experts[0]["region"]   # ('X-SC-510100-01', '510100')
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from loaders.demo.dense_teams import F_EN, F_ZH, Region, spot_in
from loaders.demo.force_rules import ForceRules
from loaders.demo.people import FIELDS, GIVEN, SURNAMES

MORE_SURNAMES = (
    ("胡", "Hu"), ("郭", "Guo"), ("林", "Lin"), ("高", "Gao"), ("马", "Ma"),
    ("梁", "Liang"), ("宋", "Song"), ("郑", "Zheng"), ("韩", "Han"), ("冯", "Feng"),
    ("于", "Yu"), ("董", "Dong"), ("萧", "Xiao"), ("程", "Cheng"), ("曹", "Cao"),
    ("袁", "Yuan"), ("许", "Xu"), ("傅", "Fu"), ("沈", "Shen"), ("杜", "Du"),
    ("阿", "A"), ("吉", "Ji"), ("扎西", "Zhaxi"), ("泽仁", "Zeren"),
)  # fmt: skip
BASE_POOL = 8  # experts per prefecture, plus one for every two counties
SEAT_SHARE = 0.7  # the share that works in the prefecture's seat
# field index in people.FIELDS -> the prefecture rule whose `in` list marks where it weighs more
FIELD_WEIGHT_BY_RULE = {5: "MINE", 3: "FOREST", 1: "MOUNTAIN"}


def _field_weights(rules: ForceRules, prefecture: str) -> list[float]:
    by_key = {r.key: r for r in rules.prefecture}
    weights = [1.0] * len(FIELDS)
    for field, key in FIELD_WEIGHT_BY_RULE.items():
        rule = by_key.get(key)
        weights[field] = 3.0 if rule is not None and rule.applies_to(prefecture) else 0.3
    return weights


def prefecture_experts(
    rules: ForceRules, regions: Mapping[str, Region], *, taken: set[str]
) -> list[dict[str, Any]]:
    """Every prefecture's pool, prefectures in code order; `taken` names are not reused."""
    surnames = (*SURNAMES, *MORE_SURNAMES)
    out: list[dict[str, Any]] = []
    for pref in sorted(c for c, r in regions.items() if r.rank == "city"):
        rng = random.Random(f"{rules.seed}:experts:{pref}")
        counties = sorted(c for c, r in regions.items() if r.rank == "county" and c[:4] == pref[:4])
        weights = _field_weights(rules, pref)
        home = regions[pref]
        for n in range(1, BASE_POOL + len(counties) // 2 + 1):
            field_zh, field_en, aff, expertise = rng.choices(FIELDS, weights)[0]
            while True:
                s, g = rng.choice(surnames), rng.choice(GIVEN)
                if s[0] + g[0] not in taken:
                    taken.add(s[0] + g[0])
                    break
            where = (
                home if rng.random() < SEAT_SHARE or not counties else regions[rng.choice(counties)]
            )
            lat, lon = spot_in(rng, where, 0.02)
            years = rng.randint(5, 30)
            pool_zh = home.name_zh + aff.removeprefix("省")
            out.append(
                {
                    "id": f"X-SC-{pref}-{n:02d}",
                    "nameZh": f"{s[0]}{g[0]}{F_ZH}",
                    "nameEn": f"{s[1]} {g[1]}{F_EN}",
                    "latitude": lat,
                    "longitude": lon,
                    "available": rng.random() < 0.85,
                    "affiliation": f"{pool_zh}{F_ZH}",
                    "profileZh": (
                        f"从事{field_zh}工作{years}年,{home.name_zh}应急专家库成员(虚构人物)。"
                    ),
                    "profileEn": (
                        f"{years} years in {field_en}; {home.name_en} emergency expert pool{F_EN}."
                    ),
                    "expertise": sorted(rng.sample(expertise, rng.randint(2, len(expertise)))),
                    "region": where.code,
                }
            )
    return out
