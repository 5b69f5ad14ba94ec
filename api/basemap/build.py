"""Build the offline basemap: ``python -m api.basemap.build`` (the Makefile's ``basemap`` step).

Everything comes from registry packages the project installs; nothing is fetched at run
time. Written to ``api/static/data/basemap/`` (not in git: about 6 MB, rebuilt in ~30 s):

- ``world.json``: land and the neighbouring countries' outlines around China, from npm
  ``world-atlas@2.0.2`` (Natural Earth 1:50m, public domain; ``api/basemap/package.json``).
  China's own outline is not drawn from it: the provinces are (their data is the
  Chinese administrative one, which also decides where a disputed border is shown);
- ``provinces.json``: the 34 provinces, simplified to PROVINCE_TOLERANCE_M, for the
  national view;
- ``regions/<province code>.json``: one province's own outline and its prefectures, and
  ``counties/<province code>.json`` its counties, from the demo's boundaries
  (``loaders/demo/regions.jsonl``, 200 m) simplified further for drawing, fetched by the
  browser only when that province is in view at prefecture (county) zoom;
- ``labels.json``: every province and prefecture with its zh/en label and label point
  (its seat city where GeoNames has it, else a point inside it); the county files carry
  their counties' labels the same way and the other towns of GeoNames' ``cities1000``
  with a verified Chinese name (``kg.cities``) that lie in the province.

Sizes are kept down for the page's weight: prefecture and county lines are simplified further
(PREFECTURE_TOLERANCE_M, COUNTY_TOLERANCE_M), coordinates are rounded to COORD_DIGITS
decimals, county labels and towns travel with their province's county file (fetched at
county zoom only).

Example::

    build_basemap()   # {'world.json': 556944, 'provinces.json': 293010, 'towns': 809, ...}
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from api.basemap.topojson import features
from kg.cities import City, china_cities
from kg.geometry import MultiPolygon, bbox, contains
from loaders.demo_loader import demo_dir
from loaders.geography.names_en import place_part
from loaders.geography.simplify import simplify_shape

HERE = Path(__file__).resolve().parent
WORLD_ATLAS = HERE / "node_modules" / "world-atlas" / "countries-50m.json"
OUT = HERE.parent / "static" / "data" / "basemap"
# Longitude/latitude window drawn around China (the map's minimum zoom shows about this).
WINDOW = (66.0, 4.0, 144.0, 56.0)
NOT_NEIGHBOURS = {"China", "Taiwan"}  # drawn from the provinces instead
PROVINCE_TOLERANCE_M = 3000.0  # the national view: 1 px is 5-10 km
PREFECTURE_TOLERANCE_M = 600.0  # prefecture lines from zoom 6 (1 px ~ 2 km)
COUNTY_TOLERANCE_M = 300.0  # county lines from zoom 8 (1 px ~ 500 m)
WORLD_TOLERANCE_M = 2500.0
COORD_DIGITS = 3  # ~100 m: below the 200 m the county lines are simplified to
TOWN_POPULATION = 1000  # GeoNames' smallest list: towns give the county view its places
WORLD_DIGITS = 2  # Natural Earth 1:50m is ~1 km anyway

# The English label: the place, without the administrative words (the full name is in
# the graph): "Aba Tibetan and Qiang Autonomous Prefecture" -> "Aba".
_EN_LABEL_CUT = re.compile(
    r"\s+(?:Tibetan|Yi|Qiang|Autonomous|Prefecture|County|District|City|League|Banner"
    r"|Special|Forestry|New Area|Province)\b.*$"
)


def _round_shape(shape: MultiPolygon, digits: int) -> list[Any]:
    out = []
    for poly in shape:
        rings = []
        for ring in poly:
            pts: list[list[float]] = []
            for p in ring:
                q = [round(p[0], digits), round(p[1], digits)]
                if not pts or q != pts[-1]:
                    pts.append(q)
            if len(pts) >= 4:
                rings.append(pts)
        if rings:
            out.append(rings)
    return out


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _feature(props: dict[str, Any], coords: list[Any]) -> dict[str, Any]:
    geometry = {"type": "MultiPolygon", "coordinates": coords}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def _collection(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": items}


def world_layer(topo: dict[str, Any]) -> dict[str, Any]:
    """Land and the neighbouring countries within WINDOW."""
    out = []
    for kind, name in (("land", "land"), ("country", "countries")):
        for label, shape in features(topo, name):
            if kind == "country" and label in NOT_NEIGHBOURS:
                continue
            polys = [p for p in shape if p and p[0] and _overlaps(bbox([p]), WINDOW)]
            if not polys:
                continue
            coords = _round_shape(
                simplify_shape(polys, tolerance_m=WORLD_TOLERANCE_M), WORLD_DIGITS
            )
            if coords:
                out.append(_feature({"kind": kind, "name": label}, coords))
    return _collection(out)


def _shape(record: dict[str, Any]) -> MultiPolygon:
    geo = json.loads(record["boundary"])
    coords: MultiPolygon = geo["coordinates"]
    return coords if geo["type"] == "MultiPolygon" else [coords]  # type: ignore[list-item]


def province_of(code: str) -> str:
    """The province file a region is in: 513221 -> 510000."""
    return code[:2] + "0000"


def label_zh(record: dict[str, Any]) -> str:
    """Full names, but an autonomous prefecture by its short form with 州 (阿坝州)."""
    name: str = record["nameZh"]
    if name.endswith("自治州"):
        short = [a for a in record.get("aliasesZh", []) if a.endswith("州")]
        return short[0] if short else name
    return name


def label_en(record: dict[str, Any]) -> str:
    return _EN_LABEL_CUT.sub("", record.get("nameEn") or "")


def seat_of(
    record: dict[str, Any], shape: MultiPolygon, by_name: dict[str, list[City]]
) -> City | None:
    """The GeoNames city inside the region named as the region is (成都 for 成都市). Not for
    an autonomous prefecture, a 地区 or a 盟: its place name is often a county's too (the
    town 阿坝 is in 阿坝县; 阿坝州's seat is 马尔康), so its own point is kept."""
    if record["nameZh"].endswith(("自治州", "地区", "盟")):
        return None
    place, _ = place_part(record["nameZh"])
    found = [
        c
        for n in dict.fromkeys((record["nameZh"], place))
        for c in by_name.get(n, [])
        if contains(shape, c.longitude, c.latitude)
    ]
    return max(found, key=lambda c: (c.population, -c.geonames_id)) if found else None


def build_basemap(out: Path = OUT, regions_file: Path | None = None) -> dict[str, int]:
    """Write every basemap file; returns their sizes in bytes (and counts)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "regions").mkdir(exist_ok=True)
    (out / "counties").mkdir(exist_ok=True)
    if not WORLD_ATLAS.exists():
        raise SystemExit(
            f"{WORLD_ATLAS} is missing: run `npm ci --prefix api/basemap` (or `make basemap`)"
        )
    sizes: dict[str, int] = {}

    def write(name: str, data: Any) -> None:
        path = out / name
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
        sizes[name] = path.stat().st_size

    write("world.json", world_layer(json.loads(WORLD_ATLAS.read_text("utf-8"))))
    src = regions_file or demo_dir() / "regions.jsonl"
    records = [json.loads(line) for line in src.read_text("utf-8").splitlines() if line]
    cities = china_cities(TOWN_POPULATION)
    by_name: dict[str, list[City]] = {}
    for c in cities:
        for n in c.names_zh:
            by_name.setdefault(n, []).append(c)

    provinces: list[dict[str, Any]] = []
    province_shapes: list[tuple[str, MultiPolygon]] = []
    per_province: dict[str, dict[str, Any]] = {}
    labels: list[list[Any]] = []
    seats: set[int] = set()
    for r in sorted(records, key=lambda r: (r["rank"] != "province", r["id"])):
        shape = _shape(r)
        props = {"id": r["id"], "rank": r["rank"]}
        code = province_of(r["id"])
        if r["rank"] == "province":
            simple = simplify_shape(shape, tolerance_m=PROVINCE_TOLERANCE_M)
            provinces.append(_feature(props, _round_shape(simple, COORD_DIGITS)))
            province_shapes.append((r["id"], shape))
            b = bbox(shape)
            labels.append([r["id"], "province", label_zh(r), label_en(r), *_point(r), 0, list(b)])
        county = r["rank"] == "county"
        tolerance = COUNTY_TOLERANCE_M if county else PREFECTURE_TOLERANCE_M
        drawn = simplify_shape(shape, tolerance_m=tolerance)
        name = f"{'counties' if county else 'regions'}/{code}"
        fc = per_province.setdefault(name, {**_collection([]), "labels": [], "towns": []})
        fc["features"].append(_feature(props, _round_shape(drawn, COORD_DIGITS)))
        if r["rank"] != "province":
            seat = seat_of(r, shape, by_name)
            if seat is not None:
                seats.add(seat.geonames_id)
            point = [seat.longitude, seat.latitude] if seat else _point(r)
            row = [r["id"], r["rank"], label_zh(r), label_en(r), *_rounded(point), int(bool(seat))]
            (fc["labels"] if county else labels).append(row)
    write("provinces.json", _collection(provinces))
    write("labels.json", {"regions": labels})
    towns = 0
    for c in sorted(cities, key=lambda c: (-c.population, c.geonames_id)):
        if not c.name_zh or c.geonames_id in seats:
            continue
        home = next((p for p, sh in province_shapes if _holds(sh, c)), None)
        if home is not None and f"counties/{home}" in per_province:
            en = c.name_en.replace("’", "'")
            per_province[f"counties/{home}"]["towns"].append(
                [c.name_zh, en, *_rounded([c.longitude, c.latitude]), c.population]
            )
            towns += 1
    for name, fc in per_province.items():
        if name.startswith("regions/"):
            del fc["labels"], fc["towns"]
        write(f"{name}.json", fc)
    sizes["towns"] = towns
    for folder in ("regions", "counties"):
        sizes[folder] = sum(v for k, v in sizes.items() if k.startswith(f"{folder}/"))
    return {k: v for k, v in sizes.items() if "/" not in k}


def _rounded(point: list[float]) -> list[float]:
    return [round(point[0], COORD_DIGITS + 1), round(point[1], COORD_DIGITS + 1)]


def _holds(shape: MultiPolygon, c: City) -> bool:
    b = bbox(shape)
    inside_box = b[0] <= c.longitude <= b[2] and b[1] <= c.latitude <= b[3]
    return inside_box and contains(shape, c.longitude, c.latitude)


def _point(r: dict[str, Any]) -> list[float]:
    return [r["longitude"], r["latitude"]]


if __name__ == "__main__":  # pragma: no cover
    print(build_basemap(), file=sys.stderr)
