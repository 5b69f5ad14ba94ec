"""Administrative geography: which regions contain a point, and every region's names.

`regions_at` answers "in which county, prefecture and province is this scene":
Neo4j narrows the Regions to those whose bounding box holds the point (range
indexes on ``minLatitude`` .. ``maxLongitude``), then the boundaries (GeoJSON
text on the node, so an external Neo4j answers the same) are tested in Python
(``kg.geometry``), innermost rank first. The first region that contains the
point gives the answer: itself and the regions it is PART_OF, innermost first.
Outside every boundary (abroad, at sea) the answer is empty. Boundaries are
simplified (about 200 m, see the README), so a point within that distance of a
border may be given to the neighbour.

The names of regions (full and short, ``aliasesZh``) are read into the report
parser's place gazetteer by queries.understanding.lexicon.

Example::

    chain = await regions_at(runner, GeoPoint(31.48, 103.59))
    [(r.id, r.name_zh) for r in chain]
    # [('513221', '汶川县'), ('513200', '阿坝藏族羌族自治州'), ('510000', '四川省')]
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, LiteralString

from kg.cypher import CypherRunner
from kg.geometry import MultiPolygon, contains
from queries.models import GeoPoint

RANK_DEPTH = {"county": 0, "city": 1, "province": 2}  # innermost first

REGIONS_AROUND: LiteralString = """
MATCH (r:Region)
WHERE r.minLongitude <= $lon AND r.maxLongitude >= $lon
  AND r.minLatitude <= $lat AND r.maxLatitude >= $lat
  AND NOT coalesce(r.retired, false)
RETURN collect({id: r.id, nameZh: r.nameZh, nameEn: r.nameEn, rank: r.rank,
                boundary: CASE WHEN r.rank = 'county' THEN r.boundary END,
                chain: [(r)-[:PART_OF*1..3]->(a:Region) WHERE NOT coalesce(a.retired, false)
                        | {id: a.id, nameZh: a.nameZh, nameEn: a.nameEn, rank: a.rank}]}) AS rows
"""

# The outer regions' boundaries (large: a province's is ~100 kB) are fetched only when no
# county holds the point (a gap of the simplified boundaries, or a region without counties).
BOUNDARIES: LiteralString = """
UNWIND $ids AS id MATCH (r:Region {id: id})
RETURN collect({id: r.id, boundary: r.boundary}) AS rows
"""


@dataclass(frozen=True)
class RegionRef:
    id: str  # GB/T 2260 code
    name_zh: str
    name_en: str  # "" where the data has no English name
    rank: str  # province, city, county


@dataclass(frozen=True)
class Candidate:
    """A region whose bounding box holds the point (parsed from REGIONS_AROUND)."""

    region: RegionRef
    boundary: str | None  # None: not fetched yet
    chain: tuple[RegionRef, ...]  # the regions it is PART_OF


def _ref(m: dict[str, Any]) -> RegionRef:
    return RegionRef(m["id"], m.get("nameZh") or "", m.get("nameEn") or "", m.get("rank") or "")


def candidate(row: dict[str, Any]) -> Candidate:
    """One REGIONS_AROUND row."""
    return Candidate(_ref(row), row.get("boundary"), tuple(_ref(a) for a in row["chain"]))


@lru_cache(maxsize=512)
def _shape(boundary: str) -> MultiPolygon:
    geo = json.loads(boundary)
    coords: MultiPolygon = geo["coordinates"]
    return coords if geo["type"] == "MultiPolygon" else [coords]  # type: ignore[list-item]


def _depth(ref: RegionRef) -> int:
    return RANK_DEPTH.get(ref.rank, len(RANK_DEPTH))


def locate(candidates: list[Candidate], point: GeoPoint) -> list[RegionRef]:
    """The innermost candidate containing the point and what it is part of (pure);
    candidates whose boundary was not fetched are passed over."""
    for c in sorted(candidates, key=lambda c: (_depth(c.region), c.region.id)):
        if c.boundary is not None and contains(_shape(c.boundary), point.longitude, point.latitude):
            return [c.region, *sorted(c.chain, key=lambda a: (_depth(a), a.id))]
    return []


async def regions_at(runner: CypherRunner, point: GeoPoint) -> list[RegionRef]:
    """County -> prefecture -> province containing `point` (innermost first); [] outside
    every loaded boundary. One read, a second only when no county holds the point."""
    rows = await runner.read_rows(REGIONS_AROUND, lat=point.latitude, lon=point.longitude)
    candidates = [candidate(r) for r in rows]
    found = locate(candidates, point)
    missing = [c.region.id for c in candidates if c.boundary is None]
    if found or not missing:
        return found
    fetched = {r["id"]: r["boundary"] for r in await runner.read_rows(BOUNDARIES, ids=missing)}
    return locate([replace(c, boundary=fetched.get(c.region.id)) for c in candidates], point)
