"""Helpers for the recommender against a real Neo4j: run a scenario, check the invariants."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import pytest
from neo4j import AsyncDriver, Driver

from kg.cypher import CypherRunner
from kg.driver import create_async_driver
from kg.embedder import Embedder
from kg.settings import Settings
from queries.models import ForceRecommendation, GeoPoint, ResponseLevel, Scenario
from queries.recommend import (
    DEFAULT_MAX_TRAVEL_MINUTES,
    RELEVANT_NEED_FLOOR,
    recommend_forces,
)
from queries.travel import eta_minutes, mountain_area

T = TypeVar("T")
Recommend = Callable[..., ForceRecommendation]

TEAMS_WITH: Any = """
MATCH (t:Team)-[:HAS_CAPABILITY]->(:Capability {id: $capability})
RETURN t.id AS id, t.status AS status, t.mobility AS mobility,
       coalesce(t.retired, false) AS retired, coalesce(t.readinessMinutes, 0) AS readiness,
       point.distance(t.location, point({latitude: $lat, longitude: $lon})) / 1000.0 AS km
"""
TEAM_STATUS: Any = """
UNWIND $ids AS id MATCH (t:Team {id: id}) RETURN t.id AS id, t.status AS status,
       coalesce(t.retired, false) AS retired
"""


def run_async(settings: Settings, work: Callable[[AsyncDriver], Coroutine[Any, Any, T]]) -> T:
    async def go() -> T:
        driver = create_async_driver(settings)
        try:
            return await work(driver)
        finally:
            await driver.close()

    return asyncio.run(go())


def scenario(
    codes: tuple[str, ...] | list[str] = (),
    at: tuple[float, float] = (30.66, 104.06),
    level: str = "III",
    **kw: Any,
) -> Scenario:
    return Scenario(
        location=GeoPoint(*at), response_level=ResponseLevel(level), hazard_codes=tuple(codes), **kw
    )


@pytest.fixture
def recommend(neo4j_settings: Settings) -> Recommend:
    """recommend(codes, at=(lat, lon), level='III', embedder=None, **Scenario fields)."""

    def call(
        codes: tuple[str, ...] | list[str] = (),
        at: tuple[float, float] = (30.66, 104.06),
        level: str = "III",
        embedder: Embedder | None = None,
        **kw: Any,
    ) -> ForceRecommendation:
        s = scenario(codes, at, level, **kw)
        return run_async(
            neo4j_settings,
            lambda d: recommend_forces(
                CypherRunner(d, neo4j_settings.neo4j_database), s, embedder=embedder
            ),
        )

    return call


def check_invariants(driver: Driver, database: str, s: Scenario, rec: ForceRecommendation) -> None:
    """The issue's invariants, checked against the graph itself (not the recommender's view)."""
    max_minutes = float(s.max_travel_minutes or DEFAULT_MAX_TRAVEL_MINUTES)
    package = [r.team.id for r in rec.force_package]
    rows = driver.execute_query(TEAM_STATUS, ids=package, database_=database).records
    assert len(rows) == len(package)
    for r in rows:
        assert r["status"] in ("available", "standby") and not r["retired"], r
        assert r["id"] not in s.exclude_teams
    need_ids = {n.capability.id for n in rec.required_capabilities}
    for r in rec.force_package:
        assert {c.id for c in r.covers} & need_ids, f"{r.team.id} covers no need"
    for r in rec.candidates:
        assert 0.0 <= r.score <= 1.0
        assert r.team.id not in s.exclude_teams
        assert r.eta_minutes <= max_minutes
    scores = [r.score for r in rec.candidates]
    assert scores == sorted(scores, reverse=True)
    mountainous = mountain_area(s.location) is not None
    for gap in rec.gaps:
        assert gap.units_provided < gap.units, gap
        if gap.limited_by == "maxTeams":
            assert s.max_teams is not None and len(package) == s.max_teams
            continue
        if gap.limited_by == "lowPriority":  # a minor need: no team is sent for it alone
            assert gap.weight < RELEVANT_NEED_FLOOR, gap
            continue
        teams = driver.execute_query(
            TEAMS_WITH,
            capability=gap.capability.id,
            lat=s.location.latitude,
            lon=s.location.longitude,
            database_=database,
        ).records
        for t in teams:
            usable = (
                t["status"] in ("available", "standby")
                and not t["retired"]
                and t["id"] not in s.exclude_teams
            )
            eta = eta_minutes(t["km"], t["mobility"], t["readiness"], mountainous=mountainous)
            # every usable holder in reach is already in the package (a unit shortfall)
            assert not (usable and eta <= max_minutes and t["id"] not in package), (
                f"{gap.capability.id} is a gap but {t['id']} could come in {eta:.0f} min"
            )
        if gap.nearest_team is not None:
            assert gap.nearest_team.eta_minutes > max_minutes
    # ETA grows with distance at equal mobility and readiness
    by_kind: dict[tuple[str, int], list[tuple[float, float]]] = {}
    for r in rec.candidates:
        key = (r.team.mobility, r.team.readiness_minutes)
        by_kind.setdefault(key, []).append((r.distance_km, r.eta_minutes))
    for pairs in by_kind.values():
        pairs.sort()
        etas = [e for _, e in pairs]
        assert etas == sorted(etas)
