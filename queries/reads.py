"""One helper for the recommender's reads: auto-commit on a reader, errors mapped once.

Auto-commit (one round trip, no BEGIN/COMMIT) halves the latency of these small
reads; like `queries.catalog.runner.CypherRunner.read` it is not retried, so an
outage reaches the caller at once as a retryable UNAVAILABLE.
"""

from __future__ import annotations

from typing import Any, LiteralString

from neo4j import READ_ACCESS, AsyncDriver, Query

from kg.errors import map_neo4j_errors

DEFAULT_TIMEOUT_S = 10.0


async def read(
    driver: AsyncDriver,
    database: str,
    cypher: LiteralString,
    params: dict[str, Any],
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> list[dict[str, Any]]:
    """Rows as plain dicts, read on a cluster's readers, within the transaction timeout."""
    with map_neo4j_errors():
        async with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
            result = await session.run(Query(cypher, timeout=timeout_s), params)
            return [r.data() async for r in result]


async def read_rows(
    driver: AsyncDriver,
    database: str,
    cypher: LiteralString,
    params: dict[str, Any],
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> list[dict[str, Any]]:
    """The maps of a query that ends `RETURN collect({...}) AS rows`.

    One record carrying a list decodes several times faster in the Python driver
    than one record per row (measured: 146 rows 5 ms vs 18 ms), which matters for the
    recommender's 100 ms budget.
    """
    records = await read(driver, database, cypher, params, timeout_s=timeout_s)
    if not records:
        return []
    rows: list[dict[str, Any]] = records[0]["rows"]
    return rows
