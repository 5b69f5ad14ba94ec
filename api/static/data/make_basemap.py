"""Build ``regions.geojson``: the schematic offline basemap of Sichuan's prefectures.

No real boundary data can ship with EMKG, so the basemap is honestly schematic:
a coarse hand-drawn outline of Sichuan (about 40 vertices, roughly +-20 km) cut
into Voronoi cells around one point per prefecture-level division (the seat, or
a point nearer the middle for the three large autonomous prefectures). Every
feature says ``schematic: true`` and the map's attribution says so too.

Example::

    python api/static/data/make_basemap.py   # rewrites regions.geojson beside it
"""

from __future__ import annotations

import json
from pathlib import Path

Point = tuple[float, float]  # (longitude, latitude)

# Coarse outline of Sichuan, (lon, lat), counter-clockwise from the north-west.
OUTLINE: list[Point] = [
    (97.4, 32.9),
    (97.6, 32.4),
    (98.5, 32.2),
    (98.9, 31.2),
    (98.6, 30.5),
    (98.9, 29.3),
    (99.2, 28.8),
    (99.5, 28.2),
    (100.1, 27.9),
    (100.6, 27.8),
    (101.0, 27.0),
    (101.4, 26.4),
    (102.0, 26.1),
    (102.9, 26.3),
    (103.3, 26.4),
    (103.9, 27.4),
    (104.5, 28.1),
    (105.3, 27.7),
    (106.0, 27.8),
    (106.2, 28.1),
    (106.0, 28.6),
    (105.5, 28.7),
    (105.7, 29.3),
    (106.3, 30.1),
    (106.9, 30.0),
    (107.6, 30.6),
    (108.1, 31.2),
    (108.5, 31.7),
    (108.3, 32.2),
    (107.3, 32.4),
    (106.5, 32.6),
    (106.0, 33.0),
    (105.6, 32.7),
    (105.0, 32.7),
    (104.4, 33.1),
    (103.9, 33.6),
    (103.5, 34.3),
    (102.5, 34.2),
    (101.8, 33.5),
    (100.8, 34.1),
    (98.5, 33.9),
]

# GB/T 2260 code, zh, en, site for the cell (lon, lat).
PREFECTURES: list[tuple[str, str, str, Point]] = [
    ("510100", "成都市", "Chengdu", (104.07, 30.66)),
    ("510300", "自贡市", "Zigong", (104.78, 29.34)),
    ("510400", "攀枝花市", "Panzhihua", (101.72, 26.58)),
    ("510500", "泸州市", "Luzhou", (105.44, 28.60)),
    ("510600", "德阳市", "Deyang", (104.40, 31.13)),
    ("510700", "绵阳市", "Mianyang", (104.68, 31.70)),
    ("510800", "广元市", "Guangyuan", (105.84, 32.30)),
    ("510900", "遂宁市", "Suining", (105.59, 30.53)),
    ("511000", "内江市", "Neijiang", (105.06, 29.58)),
    ("511100", "乐山市", "Leshan", (103.60, 29.30)),
    ("511300", "南充市", "Nanchong", (106.11, 30.84)),
    ("511400", "眉山市", "Meishan", (103.85, 30.00)),
    ("511500", "宜宾市", "Yibin", (104.63, 28.50)),
    ("511600", "广安市", "Guang'an", (106.63, 30.46)),
    ("511700", "达州市", "Dazhou", (107.47, 31.21)),
    ("511800", "雅安市", "Ya'an", (102.80, 29.90)),
    ("511900", "巴中市", "Bazhong", (106.75, 31.87)),
    ("512000", "资阳市", "Ziyang", (104.63, 30.13)),
    ("513200", "阿坝藏族羌族自治州", "Ngawa", (102.40, 32.40)),
    ("513300", "甘孜藏族自治州", "Garzê", (100.30, 31.00)),
    ("513400", "凉山彝族自治州", "Liangshan", (102.40, 27.90)),
]


def clip_half_plane(poly: list[Point], a: Point, b: Point) -> list[Point]:
    """Keep the part of ``poly`` nearer to site ``a`` than to site ``b`` (Sutherland-Hodgman)."""
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    nx, ny = b[0] - a[0], b[1] - a[1]

    def side(p: Point) -> float:
        return (p[0] - mx) * nx + (p[1] - my) * ny  # <= 0: a's side

    out: list[Point] = []
    for i, cur in enumerate(poly):
        prev = poly[i - 1]
        sc, sp = side(cur), side(prev)
        if (sc <= 0) != (sp <= 0):
            t = sp / (sp - sc)
            out.append((prev[0] + t * (cur[0] - prev[0]), prev[1] + t * (cur[1] - prev[1])))
        if sc <= 0:
            out.append(cur)
    return out


def build() -> dict[str, object]:
    features: list[dict[str, object]] = []
    for code, zh, en, site in PREFECTURES:
        cell = list(OUTLINE)
        for _, _, _, other in PREFECTURES:
            if other != site:
                cell = clip_half_plane(cell, site, other)
        ring = [[round(x, 3), round(y, 3)] for x, y in cell]
        ring.append(ring[0])
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": code,
                    "nameZh": zh,
                    "nameEn": en,
                    "schematic": True,
                    "label": [site[0], site[1]],
                },
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return {
        "type": "FeatureCollection",
        "name": "sichuan-prefectures-schematic",
        "features": features,
    }


if __name__ == "__main__":
    target = Path(__file__).with_name("regions.geojson")
    target.write_text(
        json.dumps(build(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"wrote {target}")
