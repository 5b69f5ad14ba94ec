"""Fictional experts for the demo: invented names, real kinds of expertise (ontology ids)."""

from __future__ import annotations

import random
from typing import Any

SURNAMES = (
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("赵", "Zhao"),
    ("黄", "Huang"),
    ("周", "Zhou"),
    ("吴", "Wu"),
    ("徐", "Xu"),
    ("孙", "Sun"),
    ("罗", "Luo"),
    ("何", "He"),
    ("唐", "Tang"),
    ("蒋", "Jiang"),
    ("邓", "Deng"),
    ("彭", "Peng"),
    ("曾", "Zeng"),
    ("谢", "Xie"),
)
GIVEN = (
    ("建国", "Jianguo"),
    ("晓明", "Xiaoming"),
    ("海燕", "Haiyan"),
    ("志强", "Zhiqiang"),
    ("丽华", "Lihua"),
    ("文博", "Wenbo"),
    ("雪梅", "Xuemei"),
    ("宏伟", "Hongwei"),
    ("静怡", "Jingyi"),
    ("子涵", "Zihan"),
    ("俊杰", "Junjie"),
    ("秀英", "Xiuying"),
    ("国华", "Guohua"),
    ("明远", "Mingyuan"),
    ("思源", "Siyuan"),
    ("立新", "Lixin"),
)
# (field zh, field en, affiliation zh, expertise ids)
FIELDS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "地震灾害救援",
        "earthquake rescue",
        "省地震应急专家组",
        ("11C02", "cap.collapsed-structure-sar", "cap.technical-search"),
    ),
    (
        "地质灾害防治",
        "geohazard prevention",
        "省地质灾害防治专家组",
        ("11D01", "11D02", "11D03", "cap.geohazard-assessment"),
    ),
    ("防汛抗旱", "flood control", "省防汛抗旱专家组", ("11A01", "11A51", "cap.flood-defense")),
    (
        "森林草原防火",
        "forest and grassland fire",
        "省森林草原防灭火专家组",
        ("11G01", "11G05", "cap.wildfire-suppression"),
    ),
    (
        "危险化学品",
        "hazardous chemicals",
        "省安全生产专家组",
        ("12D00", "cap.hazmat-detection", "cap.hazmat-leak-control"),
    ),
    ("矿山救援", "mine rescue", "省矿山安全专家组", ("12A00", "12B00", "cap.mine-rescue")),
    (
        "紧急医学救援",
        "emergency medicine",
        "省卫生应急专家组",
        ("cap.medical-triage", "cap.patient-transport", "13A00"),
    ),
    (
        "疾病预防控制",
        "disease control",
        "省疾控应急专家组",
        ("13A00", "13F00", "cap.epidemic-investigation"),
    ),
    (
        "建筑结构安全",
        "structural safety",
        "省建设工程专家组",
        ("12P13", "cap.structural-assessment", "11C02"),
    ),
    (
        "应急通信",
        "emergency communications",
        "省通信保障专家组",
        ("cap.emergency-communications", "cap.communications-restoration", "12P10"),
    ),
    ("电力应急", "power emergency", "省电力应急专家组", ("12P08", "cap.power-restoration")),
    (
        "水域救援",
        "water rescue",
        "省水上救援专家组",
        ("cap.water-rescue", "cap.swiftwater-rescue", "12YX1"),
    ),
)
AFFILIATION_EN = "Sichuan provincial emergency expert pool (fictional)"


def expert_records(
    rng: random.Random, places: dict[str, tuple[str, str, float, float]]
) -> list[dict[str, Any]]:
    cities = sorted(c for c in places if c.endswith("00"))
    weights = [6 if c == "510100" else 1 for c in cities]
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i in range(96):
        field_zh, field_en, aff, expertise = FIELDS[i % len(FIELDS)]
        while True:
            s, g = rng.choice(SURNAMES), rng.choice(GIVEN)
            if s[0] + g[0] not in seen:
                seen.add(s[0] + g[0])
                break
        city = rng.choices(cities, weights)[0]
        _, _, lat, lon = places[city]
        years = rng.randint(8, 32)
        picks = sorted(rng.sample(expertise, rng.randint(2, len(expertise))))
        out.append(
            {
                "id": f"X-SC-{i + 1:03d}",
                "nameZh": f"{s[0]}{g[0]}(虚构)",
                "nameEn": f"{s[1]} {g[1]} (fictional)",
                "latitude": round(lat + rng.uniform(-0.03, 0.03), 4),
                "longitude": round(lon + rng.uniform(-0.03, 0.03), 4),
                "available": rng.random() < 0.85,
                "affiliation": f"{aff}(虚构)",
                "profileZh": f"从事{field_zh}工作{years}年,参与过多次省内应急处置(虚构人物)。",
                "profileEn": f"{years} years in {field_en}; {AFFILIATION_EN}.",
                "expertise": picks,
                "region": city,
            }
        )
    return out
