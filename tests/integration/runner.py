"""Run one async query function against the test Neo4j from a synchronous test.

Example::

    regions = run_with_runner(neo4j_settings, lambda r: regions_at(r, point))
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from kg.cypher import DEFAULT_TIMEOUT_S, CypherRunner
from kg.driver import create_async_driver
from kg.settings import Settings

T = TypeVar("T")


def run_with_runner(
    settings: Settings,
    work: Callable[[CypherRunner], Coroutine[Any, Any, T]],
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> T:
    """`work(runner)` on a driver of its own (opened and closed here), in a fresh event loop;
    `timeout_s`: the runner's query limit (a slow first plan on a busy machine may need more)."""

    async def go() -> T:
        driver = create_async_driver(settings)
        try:
            return await work(CypherRunner(driver, settings.neo4j_database, timeout_s=timeout_s))
        finally:
            await driver.close()

    return asyncio.run(go())
