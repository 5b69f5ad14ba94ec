"""The recommender's shortcuts give the answers of the long way (issue 20 item 1): experts on a
hazard looked for near the scene first, the gaps' holder counts read during the selection,
and the scene's regions read while the county index is checked."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import AsyncDriver, AsyncSession, Driver

from kg.cypher import CypherRunner
from kg.settings import Settings
from queries import geography
from queries.collected import collected_rows
from queries.experts import (
    EXPERT_RADIUS_KM,
    EXPERTS_NEAR,
    EXPERTS_NEAREST,
    HAZARD_EXPERT_NEAR_KM,
    HAZARD_EXPERT_RADIUS_KM,
    PER_HAZARD,
)
from queries.models import GeoPoint
from queries.recommend import (
    _select,
    complete_recommendation,
    prepare_scenario,
    recommend_forces,
)
from tests.integration.recommend.conftest import run_async, scenario

PLACES = [GeoPoint(30.66, 104.06), GeoPoint(27.85, 102.25), GeoPoint(39.90, 116.40)]
TOPICS = [["11C02", "cap.collapsed-structure-sar"], ["11G01"], ["11A01", "11C00"]]


def _experts(settings: Settings, at: GeoPoint, topics: list[str], near_km: float) -> Any:
    params = {
        "lat": at.latitude,
        "lon": at.longitude,
        "maxMeters": EXPERT_RADIUS_KM * 1000.0,
        "hazardMeters": HAZARD_EXPERT_RADIUS_KM * 1000.0,
        "hazardNearMeters": near_km * 1000.0,
        "varying": {"topics": topics},
        "nearest": EXPERTS_NEAREST,
        "perHazard": PER_HAZARD,
    }

    async def go(d: AsyncDriver) -> Any:
        return await collected_rows(CypherRunner(d, settings.neo4j_database), EXPERTS_NEAR, params)

    return run_async(settings, go)


def test_experts_near_first_are_those_of_the_whole_circle(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    # 0 km: every hazard's experts come from the hazard-wide search (the old statement);
    # the whole circle: from the near search wherever PER_HAZARD of them are within it
    used_near = 0
    for at in PLACES:
        for topics in TOPICS:
            wide = _experts(neo4j_settings, at, topics, 0.0)
            assert wide == _experts(neo4j_settings, at, topics, HAZARD_EXPERT_NEAR_KM)
            assert wide == _experts(neo4j_settings, at, topics, HAZARD_EXPERT_RADIUS_KM)
            used_near += bool(wide)
    assert used_near >= 3  # the demo graph has experts on these hazards near these places


@pytest.mark.parametrize(
    ("codes", "kw"),
    [
        (["11A01"], {}),
        (["11C02"], {"level": "I"}),
        (["11A01", "11G01"], {"max_travel_minutes": 30}),
        (["12G03"], {"max_teams": 2}),
    ],
)
def test_holder_counts_read_early_give_the_same_gaps(
    demo_graph: Driver,
    neo4j_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    codes: list[str],
    kw: dict[str, Any],
) -> None:
    level = kw.pop("level", "III")
    s = scenario(codes, (30.66, 104.06), level, **kw)
    holders_reads: list[int] = []
    real = AsyncSession.run

    async def counting(self: AsyncSession, query: Any, *a: Any, **k: Any) -> Any:
        text = str(getattr(query, "text", query))
        holders_reads.append(int("HAS_CAPABILITY]->(:Capability {id: cid})" in text))
        return await real(self, query, *a, **k)

    monkeypatch.setattr(AsyncSession, "run", counting)

    async def both(d: AsyncDriver) -> Any:
        runner = CypherRunner(d, neo4j_settings.neo4j_database)
        early = await recommend_forces(runner, s)
        reads = sum(holders_reads)
        p = await prepare_scenario(runner, s)
        late = await complete_recommendation(
            runner, p, _select(p.needs, p.pool, p.scored, p.max_teams)
        )
        return early, late, reads

    early, late, reads = run_async(neo4j_settings, both)
    assert early == late
    assert reads <= 1


def test_regions_read_while_the_index_is_checked(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    at_sea = GeoPoint(20.0, 125.0)  # no county's box, so the kept index cannot answer
    chengdu = GeoPoint(30.66, 104.06)

    async def go(d: AsyncDriver) -> Any:
        runner = CypherRunner(d, neo4j_settings.neo4j_database)
        geography.forget_county_index()
        first = await geography.regions_at(runner, chengdu)  # builds the index
        before = runner.queries
        sea = await geography.regions_at(runner, at_sea)
        reads = runner.queries - before
        return first, sea, reads, await geography.regions_around(runner, at_sea)

    first, sea, reads, around = run_async(neo4j_settings, go)
    assert [r.id for r in first][-1] == "510000"
    assert sea == around == []
    assert reads == 2  # the count and the regions around, together
