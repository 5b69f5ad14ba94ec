"""Plans apply by real geography (issue 12 item 1): a provincial plan in every corner of its
province, never across its border; national plans everywhere."""

from __future__ import annotations

import pytest
from neo4j import Driver

from kg.cypher import CypherRunner
from kg.settings import Settings
from queries.models import GeoPoint, ResponseLevel
from queries.plans import applicable_plans
from tests.integration.recommend.conftest import run_async

# Seats near Sichuan's borders, and seats just across them (tests/integration/geography).
SICHUAN_CORNERS = [
    ("石渠县", 32.98, 98.10),
    ("木里县", 27.93, 101.28),
    ("叙永县", 28.16, 105.44),
    ("万源市", 32.07, 108.04),
]
ACROSS = [
    ("城口县 (Chongqing)", 31.95, 108.66),
    ("赤水市 (Guizhou)", 28.59, 105.70),
    ("宁蒗县 (Yunnan)", 27.28, 100.85),
    ("文县 (Gansu)", 32.94, 104.68),
    ("江达县 (Xizang)", 31.50, 98.22),
]


def _plans(settings: Settings, lat: float, lon: float) -> list[str]:
    async def work(driver: object) -> list[str]:
        runner = CypherRunner(driver, settings.neo4j_database)  # type: ignore[arg-type]
        plans = await applicable_plans(runner, ["11C02"], GeoPoint(lat, lon), ResponseLevel.II)
        return [p.plan.id for p in plans]

    return run_async(settings, work)


@pytest.mark.parametrize(("where", "lat", "lon"), SICHUAN_CORNERS)
def test_every_corner_of_sichuan_gets_the_provincial_plan(
    demo_graph: Driver, neo4j_settings: Settings, where: str, lat: float, lon: float
) -> None:
    assert _plans(neo4j_settings, lat, lon) == ["P-CN-QUAKE", "P-SC-QUAKE"], where


@pytest.mark.parametrize(("where", "lat", "lon"), ACROSS)
def test_across_the_border_only_the_national_plan(
    demo_graph: Driver, neo4j_settings: Settings, where: str, lat: float, lon: float
) -> None:
    assert _plans(neo4j_settings, lat, lon) == ["P-CN-QUAKE"], where


def test_the_plan_says_which_region_holds_the_scene(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    async def work(driver: object) -> list[str]:
        runner = CypherRunner(driver, neo4j_settings.neo4j_database)  # type: ignore[arg-type]
        plans = await applicable_plans(runner, ["11C02"], GeoPoint(32.98, 98.10), ResponseLevel.II)
        sc = next(p for p in plans if p.plan.id == "P-SC-QUAKE")
        return [r.code for r in sc.reasons]

    codes = run_async(neo4j_settings, work)
    assert "PLAN_REGION" in codes and "PLAN_SCENE_REGION" in codes
    assert "PLAN_NEAREST_REGION" not in codes
