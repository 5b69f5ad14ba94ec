"""Run catalog Cypher with the per-request transaction timeout, counting queries.

Every read runs in a READ-mode session (a cluster's read replicas serve it); the server
aborts a transaction that runs longer than the request's timeout
(``Settings.query_timeout_s``). ``queries`` counts statements so a test (and
``/metrics``) can show that a request runs a bounded number of them (no N+1).

Example::

    runner = CypherRunner(driver, "neo4j", timeout_s=10.0)
    rows = await runner.read(GET_NODES["Team"], ids=["T-SC-0001"])
    runner.queries   # 1
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, LiteralString, TypeVar

from neo4j import READ_ACCESS, AsyncDriver, AsyncManagedTransaction, Query

from kg.errors import map_neo4j_errors

T = TypeVar("T")


@dataclass
class CypherRunner:
    driver: AsyncDriver
    database: str
    timeout_s: float = 10.0
    queries: int = 0

    async def read(self, cypher: LiteralString, /, **params: Any) -> list[dict[str, Any]]:
        """Rows as plain dicts (neo4j values still typed: points, dates).

        Auto-commit, not retried: when Neo4j is down the caller learns it at once
        (UNAVAILABLE, retryable) instead of after the driver's 30 s of retries.
        """
        self.queries += 1
        with map_neo4j_errors():
            async with self.driver.session(
                database=self.database, default_access_mode=READ_ACCESS
            ) as session:
                result = await session.run(Query(cypher, timeout=self.timeout_s), params)
                return [r.data() async for r in result]

    async def write(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
        """Run `work` in one write transaction (all-or-nothing), retried when retryable."""
        self.queries += 1
        with map_neo4j_errors():
            async with self.driver.session(database=self.database) as session:
                return await session.execute_write(_with_timeout(work, self.timeout_s))


def _with_timeout(
    work: Callable[[AsyncManagedTransaction], Awaitable[T]], timeout_s: float
) -> Callable[[AsyncManagedTransaction], Awaitable[T]]:
    from neo4j import unit_of_work

    decorated: Callable[[AsyncManagedTransaction], Awaitable[T]] = unit_of_work(timeout=timeout_s)(
        work
    )
    return decorated
