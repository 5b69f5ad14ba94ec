"""The per-request Neo4j transaction timeout: the server aborts a statement that runs too long."""

from __future__ import annotations

import asyncio
import time

import pytest

from kg.cypher import CypherRunner
from kg.driver import open_async_driver
from kg.errors import QueryTimeoutError
from kg.settings import Settings

# Tens of millions of rows: far longer than the 1 s limit below on any machine.
SLOW = "UNWIND range(1, 200000000) AS x WITH x WHERE x < 0 RETURN count(x) AS n"


def test_a_statement_over_the_timeout_is_stopped_with_a_clear_error(
    neo4j_settings: Settings,
) -> None:
    async def run() -> float:
        async with open_async_driver(neo4j_settings) as driver:
            runner = CypherRunner(driver, neo4j_settings.neo4j_database, timeout_s=1.0)
            assert await runner.read("RETURN 1 AS one") == [{"one": 1}]
            t0 = time.monotonic()
            with pytest.raises(QueryTimeoutError, match="EMKG_QUERY_TIMEOUT_S"):
                await runner.read(SLOW)
            return time.monotonic() - t0

    took = asyncio.run(run())
    print(f"stopped after {took:.2f}s (limit 1 s)")
    assert took < 10
