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
  ``counties/<province code>.json`` its counties, at the demo's 200 m
  (``loaders/demo/regions.jsonl``), fetched by the browser only when that province is
  in view at prefecture (county) zoom;
- ``labels.json``: every prefecture and county with its zh/en label and label point
  (its seat city where GeoNames has it, else a point inside it), and the other towns of
  GeoNames' ``cities1000`` with a verified Chinese name (``kg.cities``).

Coordinates are rounded to COORD_DIGITS decimals (about 10 m), far below the 200 m the
boundaries are simplified to.

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
WINDOW = (60.0, -2.0, 150.0, 60.0)
NOT_NEIGHBOURS = {"China", "Taiwan"}  # drawn from the provinces instead
PROVINCE_TOLERANCE_M = 1500.0
COORD_DIGITS = 4
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
            coords = _round_shape(polys, WORLD_DIGITS)
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
    """The GeoNames city inside the region named as the region is (成都 for 成都市)."""
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
    per_province: dict[str, list[dict[str, Any]]] = {}
    labels: list[list[Any]] = []
    seats: set[int] = set()
    for r in sorted(records, key=lambda r: (r["rank"] != "province", r["id"])):
        shape = _shape(r)
        props = {"id": r["id"], "rank": r["rank"]}
        if r["rank"] == "province":
            simple = simplify_shape(shape, tolerance_m=PROVINCE_TOLERANCE_M)
            provinces.append(_feature(props, _round_shape(simple, 3)))
            b = bbox(shape)
            labels.append([r["id"], "province", label_zh(r), label_en(r), *_point(r), 0, list(b)])
        coords = _round_shape(shape, COORD_DIGITS)
        folder = "counties" if r["rank"] == "county" else "regions"
        per_province.setdefault(f"{folder}/{province_of(r['id'])}", []).append(
            _feature(props, coords)
        )
        if r["rank"] != "province":
            seat = seat_of(r, shape, by_name)
            if seat is not None:
                seats.add(seat.geonames_id)
            point = [seat.longitude, seat.latitude] if seat else _point(r)
            labels.append([r["id"], r["rank"], label_zh(r), label_en(r), *point, int(bool(seat))])
    write("provinces.json", _collection(provinces))
    for name, items in per_province.items():
        write(f"{name}.json", _collection(items))
    towns = [
        [c.name_zh, c.name_en.replace("’", "'"), c.longitude, c.latitude, c.population]
        for c in sorted(cities, key=lambda c: (-c.population, c.geonames_id))
        if c.name_zh and c.geonames_id not in seats
    ]
    write("labels.json", {"regions": labels, "towns": towns})
    sizes["towns"] = len(towns)
    for folder in ("regions", "counties"):
        sizes[folder] = sum(v for k, v in sizes.items() if k.startswith(f"{folder}/"))
    return {k: v for k, v in sizes.items() if "/" not in k}


def _point(r: dict[str, Any]) -> list[float]:
    return [r["longitude"], r["latitude"]]


if __name__ == "__main__":  # pragma: no cover
    print(build_basemap(), file=sys.stderr)
