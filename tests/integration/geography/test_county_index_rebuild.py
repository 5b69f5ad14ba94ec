"""The in-process county index is rebuilt once at a time (queries/geography.py): requests
in flight share one read of the counties, and past its age the kept index answers while
one rebuild runs (each request used to read the ~12 MB of counties itself)."""

from __future__ import annotations

import asyncio

import pytest
from neo4j import Driver

from kg.cypher import CypherRunner
from kg.settings import Settings
from queries import geography
from tests.integration.runner import run_with_runner

pytestmark = pytest.mark.integration


def test_requests_in_flight_share_one_rebuild_and_a_stale_index_answers_meanwhile(
    demo_graph: Driver, neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def go(runner: CypherRunner) -> None:
        geography.forget_county_index()
        before = runner.queries
        first = await asyncio.gather(*(geography.county_index(runner) for _ in range(5)))
        assert all(ix is first[0] for ix in first)
        assert runner.queries - before == 5 + 1  # five counts, one read of the counties

        monkeypatch.setattr(geography, "INDEX_TTL_S", 0.0)  # every index is now stale
        before = runner.queries
        stale = await asyncio.gather(*(geography.county_index(runner) for _ in range(5)))
        assert all(ix is first[0] for ix in stale)  # answered at once by the kept index
        for _ in range(600):  # until the one background rebuild has replaced it
            if geography._index[runner.database][2] is not first[0]:
                break
            await asyncio.sleep(0.05)
        fresh = geography._index[runner.database][2]
        assert fresh is not first[0] and fresh.cells.keys() == first[0].cells.keys()
        assert runner.queries - before == 5 + 1

    run_with_runner(neo4j_settings, go)
