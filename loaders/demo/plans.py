"""Demo plans (real plan titles; prescriptions derived from the ontology) and past incidents.

What a plan prescribes per response level is built from the ontology's hazard
needs at that level (the strongest capabilities), the team types that typically
hold them, and, for provincial plans, named provincial teams. The summaries say
that they are simplified for the demo; incidents are fictionalised.
"""

from __future__ import annotations

from typing import Any

from ontology import load_ontology

LEVELS = ("IV", "III", "II", "I")
# id, level, nameZh, nameEn, issuer, covers, team types, effective date
PLANS: tuple[tuple[str, str, str, str, str, tuple[str, ...], tuple[str, ...], str], ...] = (
    (
        "P-CN-FLOOD",
        "national",
        "国家防汛抗旱应急预案",
        "National Flood Control and Drought Relief Emergency Plan",
        "国务院办公厅",
        ("11A01", "11A51", "11A03", "11A52"),
        ("tt.flood-fighting", "tt.water-rescue"),
        "2022-05-30",
    ),
    (
        "P-CN-QUAKE",
        "national",
        "国家地震应急预案",
        "National Earthquake Emergency Plan",
        "国务院办公厅",
        ("11C02",),
        ("tt.usar", "tt.medical"),
        "2012-08-28",
    ),
    (
        "P-CN-GEO",
        "national",
        "国家突发地质灾害应急预案",
        "National Geological Disaster Emergency Plan",
        "国务院办公厅",
        ("11D03", "11D01", "11D02"),
        ("tt.geohazard", "tt.usar"),
        "2006-01-13",
    ),
    (
        "P-CN-FOREST",
        "national",
        "国家森林草原火灾应急预案",
        "National Forest and Grassland Fire Emergency Plan",
        "国务院办公厅",
        ("11G01", "11G05"),
        ("tt.forest-fire", "tt.aviation-rescue"),
        "2020-10-26",
    ),
    (
        "P-CN-HAZMAT",
        "national",
        "危险化学品事故灾难应急预案",
        "Hazardous Chemicals Accident Emergency Plan",
        "国家安全生产监督管理总局",
        ("12D00",),
        ("tt.hazmat",),
        "2006-10-26",
    ),
    (
        "P-CN-MINE",
        "national",
        "矿山事故灾难应急预案",
        "Mine Accident Emergency Plan",
        "国家安全生产监督管理总局",
        ("12A00", "12B00"),
        ("tt.mine-rescue",),
        "2006-10-26",
    ),
    (
        "P-CN-SAFETY",
        "national",
        "国家安全生产事故灾难应急预案",
        "National Production Safety Accident Emergency Plan",
        "国务院办公厅",
        ("12C00", "12F00", "12FX1"),
        ("tt.fire-rescue",),
        "2006-01-22",
    ),
    (
        "P-CN-TYPHOON",
        "national",
        "国家台风灾害应急预案(示例)",
        "National Typhoon and Gale Disaster Emergency Plan (demo)",
        "国务院办公厅",
        ("11B01", "11B06"),
        ("tt.flood-fighting", "tt.power-restoration"),
        "2022-05-30",
    ),
    (
        "P-CN-HEALTH",
        "national",
        "国家突发公共卫生事件应急预案",
        "National Public Health Emergency Plan",
        "国务院办公厅",
        ("13A00", "13F00"),
        ("tt.epidemic-prevention", "tt.medical"),
        "2006-02-26",
    ),
    (
        "P-SC-FLOOD",
        "provincial",
        "四川省防汛抗旱应急预案",
        "Sichuan Flood Control and Drought Relief Emergency Plan",
        "四川省人民政府办公厅",
        ("11A01", "11A51", "11A03"),
        ("tt.flood-fighting", "tt.water-rescue"),
        "2023-06-01",
    ),
    (
        "P-SC-QUAKE",
        "provincial",
        "四川省地震应急预案",
        "Sichuan Earthquake Emergency Plan",
        "四川省人民政府办公厅",
        ("11C02",),
        ("tt.usar", "tt.medical", "tt.engineering-rescue"),
        "2021-03-01",
    ),
    (
        "P-SC-GEO",
        "provincial",
        "四川省突发地质灾害应急预案",
        "Sichuan Geological Disaster Emergency Plan",
        "四川省人民政府办公厅",
        ("11D03", "11D01", "11D02"),
        ("tt.geohazard", "tt.usar"),
        "2021-06-01",
    ),
    (
        "P-SC-FOREST",
        "provincial",
        "四川省森林草原火灾应急预案",
        "Sichuan Forest and Grassland Fire Emergency Plan",
        "四川省人民政府办公厅",
        ("11G01", "11G05"),
        ("tt.forest-fire", "tt.aviation-rescue"),
        "2021-01-01",
    ),
    (
        "P-SC-HAZMAT",
        "provincial",
        "四川省危险化学品事故应急预案",
        "Sichuan Hazardous Chemicals Accident Emergency Plan",
        "四川省人民政府办公厅",
        ("12D00",),
        ("tt.hazmat",),
        "2020-09-01",
    ),
    (
        "P-SC-MINE",
        "provincial",
        "四川省矿山事故应急预案",
        "Sichuan Mine Accident Emergency Plan",
        "四川省人民政府办公厅",
        ("12A00", "12B00"),
        ("tt.mine-rescue",),
        "2020-09-01",
    ),
    (
        "P-SC-SAFETY",
        "provincial",
        "四川省生产安全事故应急预案",
        "Sichuan Production Safety Accident Emergency Plan",
        "四川省人民政府办公厅",
        ("12C00", "12F00", "12FX1"),
        ("tt.fire-rescue",),
        "2020-09-01",
    ),
    (
        "P-SC-HEALTH",
        "provincial",
        "四川省突发公共卫生事件应急预案",
        "Sichuan Public Health Emergency Plan",
        "四川省人民政府办公厅",
        ("13A00", "13F00"),
        ("tt.epidemic-prevention", "tt.medical"),
        "2021-01-01",
    ),
)


def plan_records(teams: list[dict[str, Any]]) -> list[dict[str, Any]]:
    onto = load_ontology()
    provincial_by_type: dict[str, list[str]] = {}
    for t in teams:
        if t["adminLevel"] in ("provincial", "national"):
            provincial_by_type.setdefault(t["teamType"], []).append(t["id"])
    out = []
    for pid, level, zh, en, issuer, covers, tts, date in PLANS:
        prescribes: list[dict[str, str]] = []
        for i, rl in enumerate(LEVELS):
            needs: dict[str, float] = {}
            for h in covers:
                for cap, w in onto.needs(h, rl).items():
                    needs[cap] = max(needs.get(cap, 0.0), w)
            top = sorted(needs, key=lambda c: (-needs[c], c))[: 3 + 2 * i]
            prescribes += [{"target": c, "responseLevel": rl} for c in sorted(top)]
            prescribes += [{"target": tt, "responseLevel": rl} for tt in tts[: 1 + i]]
            if level == "provincial" and rl in ("I", "II"):
                for tt in tts:
                    prescribes += [
                        {"target": t, "responseLevel": rl}
                        for t in provincial_by_type.get(tt, [])[:2]
                    ]
        out.append(
            {
                "id": pid,
                "nameZh": zh,
                "nameEn": en,
                "level": level,
                "issuer": issuer,
                "version": date[:4],
                "effectiveDate": date,
                "summaryZh": f"{zh}:按I至IV级响应规定所需能力与队伍(演示用简化摘要)。",
                "summaryEn": f"{en}: capabilities and forces per response level I-IV "
                "(simplified summary for the demo).",
                "covers": list(covers),
                "regions": ["510000"] if level == "provincial" else [],
                "prescribes": prescribes,
            }
        )
    return out


# id, nameZh, nameEn, date, lat, lon, level, hazard, region, deployed team types
INCIDENTS = (
    (
        "INC-SC-2008-01",
        "汶川地区强烈地震(演示改编)",
        "Wenchuan-area major earthquake (fictionalised)",
        "2008-05-12",
        31.00,
        103.40,
        "I",
        "11C02",
        "513221",
        (
            "tt.usar",
            "tt.fire-special-service",
            "tt.medical",
            "tt.aviation-rescue",
            "tt.military",
            "tt.engineering-rescue",
            "tt.social-rescue",
        ),
    ),
    (
        "INC-SC-2017-01",
        "茂县山体滑坡(演示改编)",
        "Mao County landslide (fictionalised)",
        "2017-06-24",
        32.07,
        103.65,
        "I",
        "11D01",
        "513223",
        ("tt.usar", "tt.geohazard", "tt.fire-rescue", "tt.medical"),
    ),
    (
        "INC-SC-2019-01",
        "木里森林火灾(演示改编)",
        "Muli forest fire (fictionalised)",
        "2019-03-30",
        27.93,
        101.28,
        "II",
        "11G01",
        "513422",
        ("tt.forest-fire", "tt.aviation-rescue", "tt.medical"),
    ),
    (
        "INC-SC-2020-01",
        "乐山岷江洪水(演示改编)",
        "Leshan Min River flood (fictionalised)",
        "2020-08-18",
        29.56,
        103.76,
        "II",
        "11A01",
        "511100",
        ("tt.water-rescue", "tt.flood-fighting", "tt.fire-rescue", "tt.social-rescue"),
    ),
    (
        "INC-SC-2023-01",
        "泸州化工园区泄漏(虚构)",
        "Luzhou chemical park leak (fictional)",
        "2023-04-11",
        28.90,
        105.40,
        "III",
        "12D00",
        "510500",
        ("tt.hazmat", "tt.fire-rescue", "tt.environmental-emergency"),
    ),
)


def incident_records(teams: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def nearest(tt: str, lat: float, lon: float, n: int) -> list[str]:
        mine = [t for t in teams if t["teamType"] == tt]
        mine.sort(key=lambda t: ((t["latitude"] - lat) ** 2 + (t["longitude"] - lon) ** 2, t["id"]))
        return [t["id"] for t in mine[:n]]

    out = []
    for iid, zh, en, date, lat, lon, level, hazard, region, tts in INCIDENTS:
        deployed: list[str] = []
        for tt in tts:
            deployed += nearest(tt, lat, lon, 2 if level == "I" else 1)
        out.append(
            {
                "id": iid,
                "nameZh": zh,
                "nameEn": en,
                "occurredAt": date,
                "latitude": lat,
                "longitude": lon,
                "responseLevel": level,
                "hazardType": hazard,
                "region": region,
                "deployedTeams": deployed,
            }
        )
    return out
