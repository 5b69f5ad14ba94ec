"""regions_at's pure part: the innermost containing region and its chain; the gazetteer;
the Cypher RETURN maps and their parsers agree."""

from __future__ import annotations

import json
import re

from queries.geography import (
    BOUNDARIES,
    REGIONS_AROUND,
    Candidate,
    RegionRef,
    candidate,
    locate,
)
from queries.models import GeoPoint

PROVINCE = RegionRef("510000", "四川省", "Sichuan Province", "province")
CITY = RegionRef("513200", "阿坝藏族羌族自治州", "Aba", "city")
COUNTY = RegionRef("513221", "汶川县", "Wenchuan County", "county")
OTHER = RegionRef("513222", "理县", "Li County", "county")


def _box(w: float, s: float, e: float, n: float) -> str:
    ring = [[w, s], [e, s], [e, n], [w, n], [w, s]]
    return json.dumps({"type": "MultiPolygon", "coordinates": [[ring]]})


CANDIDATES = [
    Candidate(PROVINCE, _box(0, 0, 10, 10), ()),
    Candidate(CITY, _box(0, 0, 5, 5), (PROVINCE,)),
    Candidate(OTHER, _box(0, 0, 1, 1), (PROVINCE, CITY)),
    Candidate(COUNTY, _box(1, 1, 3, 3), (PROVINCE, CITY)),  # chain in any order
]


def test_innermost_region_first_then_what_it_is_part_of() -> None:
    assert locate(CANDIDATES, GeoPoint(2.0, 2.0)) == [COUNTY, CITY, PROVINCE]
    assert locate(CANDIDATES, GeoPoint(4.0, 4.0)) == [CITY, PROVINCE]  # in no county
    assert locate(CANDIDATES, GeoPoint(8.0, 8.0)) == [PROVINCE]
    assert locate(CANDIDATES, GeoPoint(20.0, 20.0)) == []
    assert locate([], GeoPoint(2.0, 2.0)) == []
    unfetched = [Candidate(PROVINCE, None, ()), CANDIDATES[1]]
    assert locate(unfetched, GeoPoint(8.0, 8.0)) == []  # the province's shape not fetched
    assert locate(unfetched, GeoPoint(4.0, 4.0)) == [CITY, PROVINCE]


def test_a_plain_polygon_boundary_is_read_too() -> None:
    poly = json.dumps({"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 0]]]})
    assert locate([Candidate(COUNTY, poly, ())], GeoPoint(0.5, 1.5)) == [COUNTY]


def _map_keys(cypher: str) -> set[str]:
    inner = cypher[cypher.index("collect({") + len("collect({") :]
    return set(re.findall(r"(?:^|[{,]\s*)(\w+):", inner))


def test_return_maps_match_their_parsers() -> None:
    assert {"id", "nameZh", "nameEn", "rank", "boundary", "chain"} <= _map_keys(REGIONS_AROUND)
    row = {
        "id": "513221",
        "nameZh": "汶川县",
        "nameEn": None,
        "rank": "county",
        "boundary": _box(0, 0, 1, 1),
        "chain": [
            {"id": "513200", "nameZh": "阿坝藏族羌族自治州", "nameEn": "Aba", "rank": "city"}
        ],
    }
    c = candidate(row)
    assert c.region == RegionRef("513221", "汶川县", "", "county") and c.chain[0].id == "513200"
    assert {"id", "boundary"} == _map_keys(BOUNDARIES)
    assert candidate({**row, "boundary": None}).boundary is None


def _county_row(ref: RegionRef, w: float, s: float, e: float, n: float) -> dict[str, object]:
    chain = [{"id": CITY.id, "nameZh": CITY.name_zh, "nameEn": CITY.name_en, "rank": "city"}]
    return {
        "id": ref.id,
        "nameZh": ref.name_zh,
        "nameEn": ref.name_en,
        "rank": ref.rank,
        "boundary": _box(w, s, e, n),
        "bbox": [w, s, e, n],
        "chain": chain,
    }


def test_the_county_index_finds_the_county_through_its_grid_cells() -> None:
    from queries.geography import GRID_DEGREES, CountyIndex

    rows = [
        _county_row(COUNTY, 103.0, 31.0, 103.9, 31.7),
        _county_row(OTHER, 103.9, 31.0, 104.5, 31.7),
    ]
    index = CountyIndex.build(rows)
    assert index.size == 2
    # A county spanning several cells is in each of them; a point finds only its cell's counties.
    assert sum(COUNTY.id in {c.region.id for c in v} for v in index.cells.values()) > 1
    assert all(len(v) <= 2 for v in index.cells.values())
    assert index.locate(GeoPoint(31.48, 103.59)) == [COUNTY, CITY]
    assert index.locate(GeoPoint(31.2, 104.2)) == [OTHER, CITY]
    assert index.locate(GeoPoint(32.5, 103.59)) == []  # north of both
    assert index.locate(GeoPoint(31.2, 103.0 - GRID_DEGREES / 2)) == []  # just west, other cell
