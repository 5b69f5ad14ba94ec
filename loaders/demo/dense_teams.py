"""The dense demo province: every county's, prefecture's and the province's units from the rules.

`dense_teams` walks the real Sichuan regions (``regions.jsonl``) and adds one
team per `UnitRule` that applies there, unless the older hand-placed demo
already has a team of that type in that county (county rules) or prefecture
(prefecture rules without their own capability list). Ids name the region and
the unit (``T-SC-510104-FIRE``), so adding a rule or a county never renumbers
another team; each team draws from its own seeded random stream for the same
reason. Teams stand inside their region, close to its seat.

Example::

    regions = sichuan_regions()
    units = dense_teams(load_rules(), regions, old_teams=[], typical=typical)
    rule, team = units[0]
    team["id"], team["nameZh"]   # ('T-SC-510104-FIRE', '锦江区消防救援大队(虚构)')
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.geometry import MultiPolygon, contains
from loaders.demo.force_rules import ForceRules, UnitRule

REGIONS_FILE = Path(__file__).resolve().parent / "regions.jsonl"
PROVINCE_CODE = "510000"
F_ZH, F_EN = "(虚构)", " (fictional)"
STATUSES = ("available", "standby", "deployed", "unavailable")
STATUS_WEIGHTS = (76, 14, 6, 4)
JITTER_DEG = {"county": 0.012, "prefecture": 0.02, "province": 0.03}


@dataclass(frozen=True)
class Region:
    code: str
    rank: str  # province | city | county
    name_zh: str
    name_en: str
    latitude: float
    longitude: float
    shape: MultiPolygon

    @property
    def prefecture(self) -> str:
        return f"{self.code[:4]}00"


def sichuan_regions(path: Path = REGIONS_FILE) -> dict[str, Region]:
    """The province, its 21 prefectures and 183 counties, by code."""
    out: dict[str, Region] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.startswith('{"id":"51'):
                continue
            r = json.loads(line)
            shape = json.loads(r["boundary"])["coordinates"] if r.get("boundary") else []
            out[r["id"]] = Region(
                r["id"], r["rank"], r["nameZh"], r["nameEn"], r["latitude"], r["longitude"], shape
            )
    return out


def _rng(seed: int, team_id: str) -> random.Random:
    return random.Random(f"{seed}:{team_id}")


def spot_in(rng: random.Random, region: Region, jitter: float) -> tuple[float, float]:
    """A point near the seat that stays inside the region (the seat itself after 8 misses)."""
    for _ in range(8):
        lat = round(region.latitude + rng.uniform(-jitter, jitter), 4)
        lon = round(region.longitude + rng.uniform(-jitter, jitter), 4)
        if not region.shape or contains(region.shape, lon, lat):
            return lat, lon
    return round(region.latitude, 4), round(region.longitude, 4)


def _capabilities(
    rng: random.Random, rule: UnitRule, typical: Mapping[str, Sequence[tuple[str, int]]]
) -> list[dict[str, Any]]:
    base = rule.capabilities if rule.capabilities is not None else typical[rule.team_type]
    caps: list[dict[str, Any]] = []
    for cap, level in base:
        if rule.capabilities is None and rng.random() < 0.08 and len(caps) > 1:
            continue  # not every unit has every typical capability of its type
        lvl = min(4, max(1, level + rule.level_shift + rng.choice((0, 0, 0, 1, -1))))
        caps.append({"capability": cap, "level": lvl})
    return sorted(caps, key=lambda c: str(c["capability"]))


def make_team(
    seed: int,
    rule: UnitRule,
    region: Region,
    level: str,
    typical: Mapping[str, Sequence[tuple[str, int]]],
) -> dict[str, Any]:
    team_id = f"T-SC-{region.code if level != 'province' else PROVINCE_CODE}-{rule.key}"
    rng = _rng(seed, team_id)
    zh, en = rule.name(region.name_zh, region.name_en)
    lat, lon = spot_in(rng, region, JITTER_DEG[level])
    return {
        "id": team_id,
        "nameZh": zh + F_ZH,
        "nameEn": en + F_EN,
        "latitude": lat,
        "longitude": lon,
        "status": rng.choices(STATUSES, STATUS_WEIGHTS)[0],
        "headcount": rng.randint(*rule.headcount),
        "readinessMinutes": rng.randint(*rule.readiness),
        "mobility": rule.mobility,
        "adminLevel": rule.admin,
        "teamType": rule.team_type,
        "region": region.code,
        "capabilities": _capabilities(rng, rule, typical),
    }


def _held(
    old_teams: Iterable[Mapping[str, Any]],
) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(team type, county) and (team type, prefecture) pairs the older demo already fills."""
    county: set[tuple[str, str]] = set()
    prefecture: set[tuple[str, str]] = set()
    for t in old_teams:
        code = str(t["region"])
        county.add((t["teamType"], code))
        prefecture.add((t["teamType"], f"{code[:4]}00"))
    return county, prefecture


def dense_teams(
    rules: ForceRules,
    regions: Mapping[str, Region],
    *,
    old_teams: Sequence[Mapping[str, Any]],
    typical: Mapping[str, Sequence[tuple[str, int]]],
) -> list[tuple[UnitRule, dict[str, Any]]]:
    """The new teams with their rules, counties first (by code), then prefectures, province."""
    in_county, in_prefecture = _held(old_teams)
    out: list[tuple[UnitRule, dict[str, Any]]] = []
    counties = sorted(c for c, r in regions.items() if r.rank == "county")
    for code in counties:
        for rule in rules.county:
            if rule.applies_to(code) and (rule.team_type, code) not in in_county:
                out.append((rule, make_team(rules.seed, rule, regions[code], "county", typical)))
    prefectures = sorted(c for c, r in regions.items() if r.rank == "city")
    for code in prefectures:
        for rule in rules.prefecture:
            filled = rule.capabilities is None and (rule.team_type, code) in in_prefecture
            if rule.applies_to(code) and not filled:
                out.append(
                    (rule, make_team(rules.seed, rule, regions[code], "prefecture", typical))
                )
    for rule in rules.province:
        assert rule.place is not None  # parse_rules checks it
        out.append((rule, make_team(rules.seed, rule, regions[rule.place], "province", typical)))
    return out
