"""The recommender's first round trip (queries/first_round.py) gives the version and the plans
the separate reads give: with the kept county index holding the scene, at sea (no county:
the regions around are read in the same statement), across Sichuan's border, and without a
kept index (the guess is wrong: the plans are read again for the settled regions); one
statement when the guess holds."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import Driver

from kg.cypher import CypherRunner
from kg.ontology_version import ontology_version
from kg.settings import Settings
from queries import geography
from queries.first_round import version_and_plans
from queries.models import GeoPoint, ResponseLevel
from queries.plans import applicable_plans
from tests.integration.runner import run_with_runner

PLACES = [
    ("成都", GeoPoint(30.66, 104.06), ["11C02"]),
    ("木里县", GeoPoint(27.93, 101.28), ["11C02", "11A01"]),
    ("城口县 (Chongqing)", GeoPoint(31.95, 108.66), ["11C02"]),
    ("at sea", GeoPoint(20.0, 125.0), ["11A01"]),
]


@pytest.mark.parametrize(("where", "at", "codes"), PLACES)
@pytest.mark.parametrize("kept", [True, False])
def test_the_first_round_gives_the_plans_and_version_of_the_separate_reads(
    demo_graph: Driver,
    neo4j_settings: Settings,
    where: str,
    at: GeoPoint,
    codes: list[str],
    kept: bool,
) -> None:
    async def work(r: CypherRunner) -> Any:
        geography.forget_county_index()
        if kept:
            await geography.county_index(r)
        guessed = geography.kept_chain(r.database, at)
        before = r.queries
        first = await version_and_plans(r, codes, at, ResponseLevel.II)
        reads = r.queries - before
        chain = await geography.regions_at(r, at)
        separate = (
            await ontology_version(r),
            await applicable_plans(r, codes, at, ResponseLevel.II),
        )
        return first, reads, separate, guessed, chain

    first, reads, separate, guessed, chain = run_with_runner(neo4j_settings, work)
    assert first == separate, where
    assert first[0] > 0  # the demo graph is synced: it has a version
    # one statement with a kept index; without one the counties are read to build it, and
    # the plans again when the guess (no index: no region) is not the settled chain
    assert reads == (1 if kept else 2 + (guessed != chain)), where
    if kept:
        assert guessed == chain, where


def test_without_a_kept_index_inside_a_county_the_plans_are_read_again(
    demo_graph: Driver, neo4j_settings: Settings
) -> None:
    chengdu = GeoPoint(30.66, 104.06)

    async def work(r: CypherRunner) -> Any:
        geography.forget_county_index()
        before = r.queries
        found = await version_and_plans(r, ["11C02"], chengdu, ResponseLevel.I)
        return found, r.queries - before

    (version, plans), reads = run_with_runner(neo4j_settings, work)
    assert reads == 3  # the statement, the counties, the plans again (the guess was wrong)
    assert "P-SC-QUAKE" in [p.plan.id for p in plans]  # the provincial plan: Sichuan's
    assert version > 0
