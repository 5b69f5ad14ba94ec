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
parser's place gazetteer by queries.understanding.lexicon, and so are the towns
`towns_by_county` places in their counties (GeoNames places with a verified Chinese
name, ``kg.cities``: 章凤 lies in 陇川县).

Example::

    chain = await regions_at(runner, GeoPoint(31.48, 103.59))
    [(r.id, r.name_zh) for r in chain]
    # [('513221', '汶川县'), ('513200', '阿坝藏族羌族自治州'), ('510000', '四川省')]
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, LiteralString

from kg.cities import china_cities
from kg.cypher import CypherRunner
from kg.geometry import MultiPolygon, contains
from queries.gathered import all_of
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


# Every county with its bounding box, boundary text and chain, for the in-process index.
COUNTIES: LiteralString = """
MATCH (r:Region {rank: 'county'})
WHERE r.boundary IS NOT NULL AND r.minLongitude IS NOT NULL AND NOT coalesce(r.retired, false)
RETURN collect({id: r.id, nameZh: r.nameZh, nameEn: r.nameEn, rank: r.rank,
                boundary: r.boundary,
                bbox: [r.minLongitude, r.minLatitude, r.maxLongitude, r.maxLatitude],
                chain: [(r)-[:PART_OF*1..3]->(a:Region) WHERE NOT coalesce(a.retired, false)
                        | {id: a.id, nameZh: a.nameZh, nameEn: a.nameEn, rank: a.rank}]}) AS rows
"""
# The count store answers without a scan: a load, a wipe or another graph changes it.
REGION_COUNT: LiteralString = "MATCH (r:Region) RETURN count(r) AS n"

GRID_DEGREES = 0.25  # cell size of the county index (Sichuan's counties span ~0.2-2 degrees)
INDEX_TTL_S = 60.0  # same-count boundary edits are read within this (and one rebuild)
log = logging.getLogger("emkg.geography")


@dataclass(frozen=True)
class CountyIndex:
    """Counties by grid cell, so a point is tested against the few whose box holds it."""

    cells: dict[tuple[int, int], tuple[Candidate, ...]]
    size: int

    @staticmethod
    def cell(lon: float, lat: float) -> tuple[int, int]:
        return int(lon // GRID_DEGREES), int(lat // GRID_DEGREES)

    @classmethod
    def build(cls, rows: list[dict[str, Any]]) -> CountyIndex:
        """From COUNTIES rows (pure)."""
        cells: dict[tuple[int, int], list[Candidate]] = {}
        for row in rows:
            min_lon, min_lat, max_lon, max_lat = row["bbox"]
            (x0, y0), (x1, y1) = cls.cell(min_lon, min_lat), cls.cell(max_lon, max_lat)
            c = candidate(row)
            for x in range(x0, x1 + 1):
                for y in range(y0, y1 + 1):
                    cells.setdefault((x, y), []).append(c)
        return cls({k: tuple(v) for k, v in cells.items()}, len(rows))

    def locate(self, point: GeoPoint) -> list[RegionRef]:
        return locate(list(self.cells.get(self.cell(point.longitude, point.latitude), ())), point)


_index: dict[str, tuple[float, int, CountyIndex]] = {}


def forget_county_index() -> None:
    """Drop the cached index (and the towns placed with it): the next lookup reads the
    counties again."""
    _index.clear()
    _towns.clear()
    _building.clear()  # a rebuild in flight may have read the counties before the change


async def county_index(runner: CypherRunner) -> CountyIndex:
    """The county index of the runner's graph, rebuilt when the region count changes or
    after INDEX_TTL_S (one count-store read per call; the counties ~1 s on a national graph).
    One rebuild at a time per graph: past INDEX_TTL_S with the same count the kept index
    answers while one task reads the counties again; a changed count waits for that one
    rebuild. (Every request in flight used to rebuild its own: in the load test each expiry
    read the ~12 MB of counties once per request and the API's RSS rose ~300 MiB.)"""
    return await index_for_count(runner, int((await runner.read(REGION_COUNT))[0]["n"]))


async def index_for_count(runner: CypherRunner, count: int) -> CountyIndex:
    """`county_index` given the region count already read (REGION_COUNT)."""
    hit = _index.get(runner.database)
    if hit is not None and hit[1] == count:
        if time.monotonic() - hit[0] >= INDEX_TTL_S:
            _rebuild(runner, count)  # in the background: this answer uses the kept index
        return hit[2]
    return await asyncio.shield(_rebuild(runner, count))


# (database, event loop) -> the rebuild of its county index in flight
_building: dict[tuple[str, int], asyncio.Task[CountyIndex]] = {}


def _rebuild(runner: CypherRunner, count: int) -> asyncio.Task[CountyIndex]:
    loop = asyncio.get_running_loop()
    key = (runner.database, id(loop))
    task = _building.get(key)
    if task is None or task.done():
        task = _building[key] = loop.create_task(_build(runner, count))
        task.add_done_callback(lambda t: _done(key, t))
    return task


async def _build(runner: CypherRunner, count: int) -> CountyIndex:
    index = CountyIndex.build(await runner.read_rows(COUNTIES))
    _index[runner.database] = (time.monotonic(), count, index)
    return index


def _done(key: tuple[str, int], task: asyncio.Task[CountyIndex]) -> None:
    """Forget a finished rebuild; its failure is logged (the kept index goes on answering
    and the next call past INDEX_TTL_S tries again; an awaiting caller gets the error)."""
    if _building.get(key) is task:
        del _building[key]
    if not task.cancelled() and task.exception() is not None:
        log.warning("the county index was not rebuilt: %r", task.exception())


async def regions_at(runner: CypherRunner, point: GeoPoint) -> list[RegionRef]:
    """County -> prefecture -> province containing `point` (innermost first); [] outside
    every loaded boundary. The counties are tested in process (`county_index`); only a
    point no county holds (a gap of the simplified boundaries, a region without counties)
    asks the graph for the regions around it."""
    kept = _index.get(runner.database)
    if kept is not None and not kept[2].locate(point):
        # no county of the kept index holds it: the regions around the point are read while
        # the count says whether that index is still the graph's (one round trip, not two)
        index, around = await all_of(county_index(runner), regions_around(runner, point))
        return (index.locate(point) if index is not kept[2] else []) or around
    found = (await county_index(runner)).locate(point)
    if found:
        return found
    return await regions_around(runner, point)


def kept_chain(database: str, point: GeoPoint) -> list[RegionRef]:
    """What the kept county index of `database` locates `point` in ([] without an index, or
    when no county of it holds the point): a guess, read before the region count confirms
    it (`chain_from`)."""
    kept = _index.get(database)
    return kept[2].locate(point) if kept is not None else []


async def chain_from(
    runner: CypherRunner, point: GeoPoint, count: int, around: list[dict[str, Any]] | None
) -> list[RegionRef]:
    """`regions_at` with its reads already made (the same answer): the region count, and
    the REGIONS_AROUND rows when the kept index located nothing (None: not read; read now
    if the index of this count locates nothing either)."""
    found = (await index_for_count(runner, count)).locate(point)
    if found:
        return found
    if around is None:
        return await regions_around(runner, point)
    return await around_from_rows(runner, around, point)


async def regions_around(runner: CypherRunner, point: GeoPoint) -> list[RegionRef]:
    """`regions_at` straight from the graph: one read, a second only when no county holds
    the point (the path before the in-process index; the benchmark's baseline)."""
    rows = await runner.read_rows(REGIONS_AROUND, lat=point.latitude, lon=point.longitude)
    return await around_from_rows(runner, rows, point)


async def around_from_rows(
    runner: CypherRunner, rows: list[dict[str, Any]], point: GeoPoint
) -> list[RegionRef]:
    """`regions_around` given its REGIONS_AROUND rows already read (BOUNDARIES when needed)."""
    candidates = [candidate(r) for r in rows]
    found = locate(candidates, point)
    missing = [c.region.id for c in candidates if c.boundary is None]
    if found or not missing:
        return found
    fetched = {r["id"]: r["boundary"] for r in await runner.read_rows(BOUNDARIES, ids=missing)}
    return locate([replace(c, boundary=fetched.get(c.region.id)) for c in candidates], point)


TOWN_POPULATION = 1000  # GeoNames' cities1000: towns a report may name (章凤, 卧龙)


@dataclass(frozen=True)
class Town:
    """A GeoNames place with a verified Chinese name, and the regions it lies in."""

    name_zh: str
    name_en: str
    location: GeoPoint
    regions: tuple[RegionRef, ...]  # its county first, then what that is part of


def place_towns(index: CountyIndex, population: int = TOWN_POPULATION) -> tuple[Town, ...]:
    """Every town of ``kg.cities`` with a Chinese name that some county holds (pure given
    the index; 3,700 towns in about a second), in grid-cell order."""
    out = []
    named = [c for c in china_cities(population) if c.name_zh]
    # Cell by cell, so a county's parsed boundary is reused while its neighbours are tested.
    for c in sorted(
        named, key=lambda c: (CountyIndex.cell(c.longitude, c.latitude), c.geonames_id)
    ):
        point = GeoPoint(c.latitude, c.longitude)
        chain = index.locate(point)
        if chain:
            out.append(Town(c.name_zh, c.name_en, point, tuple(chain)))
    return tuple(out)


TOWNS_TTL_S = 3600.0  # towns move only with the boundaries: a reload changes the count
_towns: dict[str, tuple[int, float, tuple[Town, ...]]] = {}


async def towns_by_county(runner: CypherRunner) -> tuple[Town, ...]:
    """`place_towns` on the runner's county index, kept while the graph holds as many
    regions (and at most TOWNS_TTL_S); computed in a worker thread, since a second or two
    of point tests must not hold the event loop."""
    count = int((await runner.read(REGION_COUNT))[0]["n"])
    hit = _towns.get(runner.database)
    if hit is not None and hit[0] == count and time.monotonic() - hit[1] < TOWNS_TTL_S:
        return hit[2]
    towns = await asyncio.to_thread(place_towns, await county_index(runner))
    _towns[runner.database] = (count, time.monotonic(), towns)
    return towns
