"""The taxonomy cache on a real Neo4j (queries/taxonomy_cache.py): a repeated scenario's
hazards and needs come from memory and equal a fresh read; a planner's edit (which bumps
the ontology version) is seen by the very next request; a graph without a version is never
cached; a recommendation is the same with and without the cache."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from neo4j import Driver

from kg.cypher import CypherRunner
from kg.settings import Settings
from queries.catalog.curation import set_requirement
from queries.hazards import resolve_hazards
from queries.models import GeoPoint, ResponseLevel, Scenario
from queries.needs import hazard_requirements
from queries.recommend import recommend_forces
from queries.taxonomy_cache import TaxonomyCache
from tests.integration.runner import run_with_runner

QUAKE = ["11C02"]
CHENGDU = GeoPoint(30.66, 104.07)


def _run(settings: Settings, work: Callable[[CypherRunner], Awaitable[Any]]) -> Any:
    async def go(r: CypherRunner) -> Any:
        return await work(r)

    return run_with_runner(settings, go)


def _weight(needs: list[Any], capability: str) -> float | None:
    return next((w for _, _, c, w in needs if c.id == capability), None)


def test_a_repeated_scenario_is_answered_from_memory_with_what_a_read_gives(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    cache = TaxonomyCache()

    async def work(r: CypherRunner) -> Any:
        first = await cache.hazards_and_needs(r, QUAKE, ResponseLevel.I)
        again = await cache.hazards_and_needs(r, QUAKE, ResponseLevel.I)
        other_level = await cache.hazards_and_needs(r, QUAKE, ResponseLevel.IV)
        fresh = (
            await resolve_hazards(r, QUAKE, []),
            await hazard_requirements(r, QUAKE, ResponseLevel.I),
        )
        fresh_iv = await hazard_requirements(r, QUAKE, ResponseLevel.IV)
        return first, again, other_level, fresh, fresh_iv

    first, again, other_level, fresh, fresh_iv = _run(neo4j_settings, work)
    assert first == again == fresh
    assert first[0] and first[1], "an earthquake has hazards and needs in the demo"
    assert (cache.hits, cache.misses) == (1, 2)  # the level is part of what is kept
    assert other_level[1] == fresh_iv


def test_a_planner_edit_is_seen_by_the_next_request(
    ontology_graph: Driver, neo4j_settings: Settings
) -> None:
    cache = TaxonomyCache()
    hazard, capability = "12A00", "cap.mine-rescue"

    async def work(r: CypherRunner) -> Any:
        before = await cache.hazards_and_needs(r, [hazard], ResponseLevel.I)
        await set_requirement(r, hazard, capability, 0.37, "I", actor="planner")
        after = await cache.hazards_and_needs(r, [hazard], ResponseLevel.I)
        fresh = await hazard_requirements(r, [hazard], ResponseLevel.I)
        return before, after, fresh

    before, after, fresh = _run(neo4j_settings, work)
    assert _weight(before[1], capability) != 0.37
    assert _weight(after[1], capability) == 0.37
    assert after[1] == fresh
    assert (cache.hits, cache.misses) == (0, 2)


def test_a_graph_without_a_version_is_never_cached(
    ontology_graph: Driver, neo4j_settings: Settings
) -> None:
    with ontology_graph.session(database=neo4j_settings.neo4j_database) as s:
        s.run("MATCH (v:OntologyVersion) DELETE v").consume()
    cache = TaxonomyCache()

    async def work(r: CypherRunner) -> Any:
        for _ in range(3):
            await cache.hazards_and_needs(r, QUAKE, ResponseLevel.II)

    _run(neo4j_settings, work)
    assert (cache.hits, cache.misses) == (0, 3)


def test_a_recommendation_is_the_same_with_and_without_the_cache(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    cache = TaxonomyCache()
    scenarios = [
        Scenario(location=CHENGDU, response_level=ResponseLevel.I, hazard_codes=tuple(QUAKE)),
        Scenario(
            location=GeoPoint(31.48, 103.59),
            response_level=ResponseLevel.II,
            hazard_codes=("11A01", "11D03"),
            max_teams=5,
        ),
    ]

    async def work(r: CypherRunner) -> Any:
        out = []
        for s in scenarios:
            plain = await recommend_forces(r, s)
            cached = [await recommend_forces(r, s, taxonomy=cache) for _ in range(2)]
            out.append((plain, cached))
        return out

    for plain, cached in _run(neo4j_settings, work):
        assert plain.force_package, "an empty package proves nothing"
        assert cached[0] == plain and cached[1] == plain
    assert (cache.hits, cache.misses) == (2, 2)
