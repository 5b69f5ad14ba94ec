"""Deterministic synthetic data at province or national scale, streamed as JSON Lines per kind.

The records are canonical loader records (no mapping needed). Distributions are
skewed like the real thing: regions get Zipf-like weights (a few big cities hold
most teams), teams sit near their city centre, team types follow a realistic
mix, capabilities follow the team type (the ontology's typical capabilities),
equipment follows capabilities (EquipmentType PROVIDES). Same scale and seed ->
byte-identical files. Memory stays flat: records are written as they are made;
only ids needed for references (teams per region) are kept.

Example::

    counts = generate("national", seed=7, out=Path("var/national"))
    # {'regions': 3000, 'teams': 100000, 'depots': 4000, 'equipment': 1000000, ...}
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loaders.demo.sichuan import CITIES
from ontology import load_ontology

# 31 provincial-level divisions: GB/T 2260 code, name, capital coordinates (approx.).
PROVINCES: tuple[tuple[str, str, str, float, float], ...] = (
    ("110000", "北京市", "Beijing", 39.90, 116.40),
    ("120000", "天津市", "Tianjin", 39.13, 117.20),
    ("130000", "河北省", "Hebei", 38.04, 114.51),
    ("140000", "山西省", "Shanxi", 37.87, 112.55),
    ("150000", "内蒙古自治区", "Inner Mongolia", 40.84, 111.75),
    ("210000", "辽宁省", "Liaoning", 41.80, 123.43),
    ("220000", "吉林省", "Jilin", 43.82, 125.32),
    ("230000", "黑龙江省", "Heilongjiang", 45.80, 126.53),
    ("310000", "上海市", "Shanghai", 31.23, 121.47),
    ("320000", "江苏省", "Jiangsu", 32.06, 118.80),
    ("330000", "浙江省", "Zhejiang", 30.27, 120.15),
    ("340000", "安徽省", "Anhui", 31.82, 117.23),
    ("350000", "福建省", "Fujian", 26.08, 119.30),
    ("360000", "江西省", "Jiangxi", 28.68, 115.86),
    ("370000", "山东省", "Shandong", 36.65, 117.12),
    ("410000", "河南省", "Henan", 34.75, 113.62),
    ("420000", "湖北省", "Hubei", 30.59, 114.31),
    ("430000", "湖南省", "Hunan", 28.23, 112.94),
    ("440000", "广东省", "Guangdong", 23.13, 113.26),
    ("450000", "广西壮族自治区", "Guangxi", 22.82, 108.37),
    ("460000", "海南省", "Hainan", 20.04, 110.20),
    ("500000", "重庆市", "Chongqing", 29.56, 106.55),
    ("510000", "四川省", "Sichuan", 30.65, 104.07),
    ("520000", "贵州省", "Guizhou", 26.65, 106.63),
    ("530000", "云南省", "Yunnan", 25.04, 102.71),
    ("540000", "西藏自治区", "Tibet", 29.65, 91.13),
    ("610000", "陕西省", "Shaanxi", 34.34, 108.94),
    ("620000", "甘肃省", "Gansu", 36.06, 103.83),
    ("630000", "青海省", "Qinghai", 36.62, 101.78),
    ("640000", "宁夏回族自治区", "Ningxia", 38.49, 106.23),
    ("650000", "新疆维吾尔自治区", "Xinjiang", 43.83, 87.62),
)


@dataclass(frozen=True)
class Scale:
    provinces: int
    cities_per_province: int
    counties_per_city: int
    teams: int
    equipment: int
    experts: int
    plans: int
    depots: int
    incidents: int


SCALES: dict[str, Scale] = {
    "tiny": Scale(1, 4, 3, 300, 3_000, 60, 20, 10, 5),
    "province": Scale(1, 21, 8, 5_000, 50_000, 1_000, 150, 200, 50),
    "national": Scale(31, 11, 8, 100_000, 1_000_000, 20_000, 3_000, 4_000, 1_000),
}
# Team type mix (relative frequency): fire/rescue and social forces dominate.
TEAM_MIX: dict[str, int] = {
    "tt.fire-rescue": 30,
    "tt.social-rescue": 14,
    "tt.medical": 12,
    "tt.water-rescue": 6,
    "tt.flood-fighting": 6,
    "tt.power-restoration": 5,
    "tt.engineering-rescue": 4,
    "tt.hazmat": 3,
    "tt.mine-rescue": 3,
    "tt.forest-fire": 3,
    "tt.communications": 2,
    "tt.usar": 2,
    "tt.geohazard": 2,
    "tt.epidemic-prevention": 2,
    "tt.fire-special-service": 1,
    "tt.environmental-emergency": 1,
    "tt.mass-care": 1,
    "tt.police-special": 1,
    "tt.military": 1,
    "tt.aviation-rescue": 1,
}
MOBILITY = {"tt.aviation-rescue": "air", "tt.water-rescue": "water", "tt.maritime-rescue": "water"}
HAZARDS = (
    "11A01",
    "11A51",
    "11B01",
    "11B03",
    "11C02",
    "11D01",
    "11D02",
    "11G01",
    "12A00",
    "12D00",
    "12H00",
    "12P08",
    "12G03",
    "13A00",
)


def _date(rng: random.Random) -> str:
    return f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"


def _jsonl(path: Path, rows: Iterator[dict[str, Any]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
            n += 1
    return n


class _World:
    def __init__(self, scale: Scale, seed: int) -> None:
        self.s = scale
        self.rng = random.Random(seed)
        onto = load_ontology()
        self.typical: dict[str, list[tuple[str, int]]] = {}
        for t in onto.typical_capabilities:
            self.typical.setdefault(t.team_type, []).append((t.capability, t.level))
        self.eq_for: dict[str, list[str]] = {}
        for p in onto.provisions:
            self.eq_for.setdefault(p.capability, []).append(p.equipment_type)
        self.eq_names = {c.id: (c.name_zh, c.name_en) for c in onto.of_kind("EquipmentType")}
        self.caps = [c.id for c in onto.of_kind("Capability")]
        # (code, lat, lon, weight) of cities and counties; filled by regions().
        self.places: list[tuple[str, float, float]] = []
        self.weights: list[float] = []
        self.team_types = sorted(TEAM_MIX)

    def regions(self) -> Iterator[dict[str, Any]]:
        rng, s = self.rng, self.s
        provinces = (
            PROVINCES if s.provinces > 1 else tuple(p for p in PROVINCES if p[0] == "510000")
        )
        for pcode, pzh, pen, plat, plon in provinces[: s.provinces]:
            yield {
                "id": pcode,
                "nameZh": pzh,
                "nameEn": pen,
                "rank": "province",
                "latitude": plat,
                "longitude": plon,
            }
            for ci in range(s.cities_per_province):
                if pcode == "510000" and ci < len(CITIES):
                    ccode, czh, cen, clat, clon = CITIES[ci]
                else:
                    ccode = f"{pcode[:2]}{ci + 1:02d}00"
                    czh, cen = f"{pzh[:2]}合成市{ci + 1}", f"{pen} synthetic city {ci + 1}"
                    clat = plat + rng.gauss(0, 1.2)
                    clon = plon + rng.gauss(0, 1.5)
                # Zipf-like city sizes: the capital (ci = 0) is biggest.
                cw = 1.0 / (ci + 1) ** 1.1
                yield {
                    "id": ccode,
                    "nameZh": czh,
                    "nameEn": cen,
                    "rank": "city",
                    "latitude": round(clat, 4),
                    "longitude": round(clon, 4),
                    "parent": pcode,
                }
                self.places.append((ccode, clat, clon))
                self.weights.append(cw * 3)
                for k in range(s.counties_per_city):
                    kcode = f"{ccode[:4]}{k + 21:02d}"
                    klat, klon = clat + rng.gauss(0, 0.3), clon + rng.gauss(0, 0.3)
                    yield {
                        "id": kcode,
                        "nameZh": f"{czh}合成县{k + 1}",
                        "nameEn": f"{cen} synthetic county {k + 1}",
                        "rank": "county",
                        "latitude": round(klat, 4),
                        "longitude": round(klon, 4),
                        "parent": ccode,
                    }
                    self.places.append((kcode, klat, klon))
                    self.weights.append(cw / (k + 1))

    def _place(self) -> tuple[str, float, float]:
        code, lat, lon = self.rng.choices(self.places, self.weights)[0]
        return code, lat + self.rng.gauss(0, 0.05), lon + self.rng.gauss(0, 0.05)

    def teams(self) -> Iterator[dict[str, Any]]:
        rng = self.rng
        mix = [TEAM_MIX[t] for t in self.team_types]
        for i in range(self.s.teams):
            tt = rng.choices(self.team_types, mix)[0]
            code, lat, lon = self._place()
            caps = [
                {"capability": c, "level": min(4, max(1, lvl + rng.choice((0, 0, 1, -1))))}
                for c, lvl in self.typical.get(tt, [])
                if rng.random() < 0.9
            ]
            yield {
                "id": f"T{i + 1:07d}",
                "nameZh": f"合成队伍{i + 1}",
                "nameEn": f"Team {i + 1}",
                "latitude": round(lat, 5),
                "longitude": round(lon, 5),
                "status": rng.choices(
                    ("available", "standby", "deployed", "unavailable"), (75, 15, 6, 4)
                )[0],
                "headcount": max(3, int(rng.lognormvariate(3.4, 0.6))),
                "readinessMinutes": rng.choice((5, 10, 15, 30, 60, 120)),
                "mobility": MOBILITY.get(tt, "ground"),
                "adminLevel": "social"
                if tt == "tt.social-rescue"
                else rng.choices(
                    ("national", "provincial", "municipal", "county"), (3, 12, 45, 40)
                )[0],
                "teamType": tt,
                "region": code,
                "capabilities": caps,
            }

    def depots(self) -> Iterator[dict[str, Any]]:
        for i in range(self.s.depots):
            code, lat, lon = self._place()
            yield {
                "id": f"D{i + 1:06d}",
                "nameZh": f"合成储备库{i + 1}",
                "nameEn": f"Depot {i + 1}",
                "latitude": round(lat, 5),
                "longitude": round(lon, 5),
                "region": code,
                "adminLevel": self.rng.choices(
                    ("national", "provincial", "municipal", "county"), (2, 10, 40, 48)
                )[0],
            }

    def equipment(self, team_caps: list[list[str]]) -> Iterator[dict[str, Any]]:
        """About 80% of stocks with teams (following their capabilities), the rest in depots."""
        rng, s = self.rng, self.s
        all_eq = sorted(self.eq_names)
        for i in range(s.equipment):
            if rng.random() < 0.8 and team_caps:
                t = rng.randrange(len(team_caps))
                holder = f"T{t + 1:07d}"
                options = [e for c in team_caps[t] for e in self.eq_for.get(c, [])] or all_eq
            else:
                holder = f"D{rng.randrange(s.depots) + 1:06d}"
                options = all_eq
            eq = rng.choice(options)
            zh, en = self.eq_names[eq]
            yield {
                "id": f"E{i + 1:08d}",
                "nameZh": zh,
                "nameEn": en,
                "quantity": max(1, int(rng.paretovariate(1.5))),
                "status": rng.choices(("ready", "maintenance", "deployed"), (88, 8, 4))[0],
                "equipmentType": eq,
                "holder": holder,
            }

    def experts(self) -> Iterator[dict[str, Any]]:
        rng = self.rng
        for i in range(self.s.experts):
            code, lat, lon = self._place()
            exp = sorted({rng.choice(HAZARDS), rng.choice(self.caps), rng.choice(HAZARDS)})
            yield {
                "id": f"X{i + 1:06d}",
                "nameZh": f"合成专家{i + 1}",
                "nameEn": f"Expert {i + 1}",
                "latitude": round(lat, 5),
                "longitude": round(lon, 5),
                "available": rng.random() < 0.85,
                "affiliation": "synthetic",
                "expertise": exp,
                "region": code,
            }

    def plans(self, provinces: list[str]) -> Iterator[dict[str, Any]]:
        rng = self.rng
        for i in range(self.s.plans):
            hazard = rng.choice(HAZARDS)
            region = rng.choice(provinces) if i % 10 else None
            pres = [
                {"target": rng.choice(self.caps), "responseLevel": lvl}
                for lvl in ("IV", "III", "II", "I")
                for _ in range(2)
            ]
            pres.append({"target": rng.choice(self.team_types), "responseLevel": "II"})
            yield {
                "id": f"P{i + 1:05d}",
                "nameZh": f"合成预案{i + 1}",
                "nameEn": f"Plan {i + 1}",
                "level": "provincial" if region else "national",
                "effectiveDate": _date(rng),
                "covers": [hazard],
                "regions": [region] if region else [],
                "prescribes": pres,
            }

    def incidents(self, n_teams: int) -> Iterator[dict[str, Any]]:
        rng = self.rng
        for i in range(self.s.incidents):
            code, lat, lon = self._place()
            yield {
                "id": f"I{i + 1:06d}",
                "nameZh": f"合成事件{i + 1}",
                "nameEn": f"Incident {i + 1}",
                "occurredAt": f"20{rng.randint(10, 25)}-1{rng.randint(0, 2)}-0{rng.randint(1, 9)}",
                "latitude": round(lat, 5),
                "longitude": round(lon, 5),
                "responseLevel": rng.choice(("I", "II", "III", "IV")),
                "hazardType": rng.choice(HAZARDS),
                "region": code,
                "deployedTeams": sorted(
                    {f"T{rng.randrange(n_teams) + 1:07d}" for _ in range(rng.randint(1, 5))}
                ),
            }


def generate(scale: str, seed: int, out: Path) -> dict[str, int]:
    """Write regions/teams/depots/equipment/experts/plans/incidents .jsonl into `out`."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale '{scale}'; use one of {', '.join(SCALES)}")
    out.mkdir(parents=True, exist_ok=True)
    w = _World(SCALES[scale], seed)
    counts = {"regions": _jsonl(out / "regions.jsonl", w.regions())}
    team_caps: list[list[str]] = []

    def teams() -> Iterator[dict[str, Any]]:
        for t in w.teams():
            team_caps.append([c["capability"] for c in t["capabilities"]])
            yield t

    counts["teams"] = _jsonl(out / "teams.jsonl", teams())
    counts["depots"] = _jsonl(out / "depots.jsonl", w.depots())
    counts["equipment"] = _jsonl(out / "equipment.jsonl", w.equipment(team_caps))
    counts["experts"] = _jsonl(out / "experts.jsonl", w.experts())
    provinces = sorted({p[0][:2] + "0000" for p in w.places})
    counts["plans"] = _jsonl(out / "plans.jsonl", w.plans(provinces))
    counts["incidents"] = _jsonl(out / "incidents.jsonl", w.incidents(len(team_caps)))
    return counts
