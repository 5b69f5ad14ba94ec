"""Locating scenes in real boundaries, against the demo graph in a real Neo4j.

The points are county seats (WGS-84, to about 0.01 degree) near Sichuan's borders
and just across them; each must land in its own county, prefecture and province
and never in a neighbour's.
"""

from __future__ import annotations

import json
import time

import pytest
from neo4j import Driver

from kg.cypher import CypherRunner
from kg.settings import Settings
from loaders.demo import sichuan as sc
from queries.geography import RegionRef, regions_at
from queries.models import GeoPoint
from queries.understanding.lexicon import region_gazetteer
from tests.integration.runner import run_with_runner

pytestmark = pytest.mark.integration


def _chains(settings: Settings, points: list[tuple[float, float]]) -> list[list[RegionRef]]:
    async def work(runner: CypherRunner) -> list[list[RegionRef]]:
        return [await regions_at(runner, GeoPoint(lat, lon)) for lat, lon in points]

    return run_with_runner(settings, work)


# (where, lat, lon, county, prefecture, province)
BORDER_SEATS = [
    ("石渠县, far north-west", 32.98, 98.10, "513332", "513300", "510000"),
    ("木里县, south-west", 27.93, 101.28, "513422", "513400", "510000"),
    ("叙永县, south-east", 28.16, 105.44, "510524", "510500", "510000"),
    ("万源市, north-east", 32.07, 108.04, "511781", "511700", "510000"),
    ("城口县, Chongqing across from 万源", 31.95, 108.66, "500229", None, "500000"),
    ("赤水市, Guizhou across from 叙永", 28.59, 105.70, "520381", "520300", "520000"),
    ("宁蒗县, Yunnan across from 木里", 27.28, 100.85, "530724", "530700", "530000"),
    ("文县, Gansu across from 九寨沟", 32.94, 104.68, "621222", "621200", "620000"),
    ("江达县, Xizang across from 德格", 31.50, 98.22, "540321", "540300", "540000"),
]


def test_border_seats_get_their_own_county_prefecture_and_province(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    chains = _chains(neo4j_settings, [(lat, lon) for _, lat, lon, *_ in BORDER_SEATS])
    for (where, _, _, county, prefecture, province), chain in zip(
        BORDER_SEATS, chains, strict=True
    ):
        expected = [c for c in (county, prefecture, province) if c is not None]
        assert [r.id for r in chain] == expected, where
        ranks = ["county", "city", "province"] if prefecture else ["county", "province"]
        assert [r.rank for r in chain] == ranks, where
        if province != "510000":
            assert all(not r.id.startswith("51") for r in chain), where


def test_every_sichuan_prefecture_seat_lies_in_its_prefecture(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    chains = _chains(neo4j_settings, [(lat, lon) for _, _, _, lat, lon in sc.CITIES])
    for (code, name, *_), chain in zip(sc.CITIES, chains, strict=True):
        assert chain and chain[0].rank == "county", name
        assert [r.id for r in chain[1:]] == [code, "510000"], name
        assert chain[1].name_zh == name and chain[2].name_en == "Sichuan Province"


def test_outside_china_and_at_sea_nothing(demo_graph: Driver, neo4j_settings: Settings) -> None:
    assert _chains(neo4j_settings, [(27.70, 85.32), (30.0, 125.0), (0.0, 0.0)]) == [[], [], []]


def test_locating_is_fast(demo_graph: Driver, neo4j_settings: Settings) -> None:
    points = [(26.5 + 0.09 * i, 98.5 + 0.11 * i) for i in range(80)]  # across Sichuan

    async def work(runner: CypherRunner) -> list[float]:
        await regions_at(runner, GeoPoint(30.66, 104.06))  # warm the connection and caches
        out = []
        for lat, lon in points:
            t0 = time.perf_counter()
            await regions_at(runner, GeoPoint(lat, lon))
            out.append((time.perf_counter() - t0) * 1000)
        return sorted(out)

    ms = run_with_runner(neo4j_settings, work)
    p50, p95 = ms[len(ms) // 2], ms[int(len(ms) * 0.95)]
    print(f"regions_at over {len(ms)} points: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    assert p95 < 250.0  # generous for a shared 2-core machine; the report gives the figures


def test_names_resolve_full_and_short_forms(demo_graph: Driver, neo4j_settings: Settings) -> None:
    gz = run_with_runner(neo4j_settings, region_gazetteer)

    def ids(name: str) -> set[str]:
        return {m.payload.region.id for m in gz.find(name) if m.span.text == name}

    assert ids("汶川县") == ids("汶川") == {"513221"}
    assert ids("阿坝州") == ids("阿坝") == {"513200"}
    assert ids("阿坝县") == {"513231"}
    assert ids("成都") == ids("成都市") == {"510100"}
    assert ids("会理市") == {"513402"}
    assert ids("朝阳") == set() and len(ids("朝阳区")) == 2  # ambiguous short form left out
    assert ids("四川") == {"510000"}


def test_a_prefecture_without_counties_is_found_by_its_own_boundary(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    # 东莞市 and 嘉峪关市 govern towns directly: no county holds these points, so the
    # prefectures' boundaries are fetched in a second read.
    chains = _chains(neo4j_settings, [(23.02, 113.75), (39.77, 98.29)])
    assert [[r.id for r in c] for c in chains] == [["441900", "440000"], ["620200", "620000"]]


def test_the_county_index_answers_as_the_graph_does_and_follows_region_loads(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    """regions_at (in-process county index) and regions_around (the graph path) agree on a
    grid of points over Sichuan and its neighbours; a new region is seen at once."""
    from queries.geography import forget_county_index, regions_around

    points = [GeoPoint(26.5 + i * 0.9, 97.8 + j * 1.2) for i in range(9) for j in range(9)]

    async def both(runner: CypherRunner) -> list[tuple[list[str], list[str]]]:
        forget_county_index()
        return [
            (
                [r.id for r in await regions_at(runner, p)],
                [r.id for r in await regions_around(runner, p)],
            )
            for p in points
        ]

    pairs = run_with_runner(neo4j_settings, both)
    assert sum(bool(a) for a, _ in pairs) > 60  # most of the grid lies in some county
    assert [a for a, _ in pairs] == [b for _, b in pairs]

    # A county added to the graph (the region count changes) is found without a restart.
    db = neo4j_settings.neo4j_database
    ring = [[170.0, -50.0], [171.0, -50.0], [171.0, -49.0], [170.0, -49.0], [170.0, -50.0]]
    square = json.dumps({"type": "Polygon", "coordinates": [ring]})
    demo_graph.execute_query(
        "CREATE (:Region {id: '999901', nameZh: '测试县', nameEn: 'Test County', rank: 'county',"
        " boundary: $b, minLongitude: 170.0, minLatitude: -50.0, maxLongitude: 171.0,"
        " maxLatitude: -49.0, source: 'test'})",
        b=square,
        database_=db,
    )
    try:
        found = _chains(neo4j_settings, [(-49.5, 170.5)])
        assert [r.id for r in found[0]] == ["999901"]
    finally:
        demo_graph.execute_query("MATCH (r:Region {id: '999901'}) DETACH DELETE r", database_=db)
