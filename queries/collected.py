"""The rows of a query that ends `RETURN collect({...}) AS rows`, as the driver decoded them.

`CypherRunner.read_rows` passes the record through `Record.data()`, which walks every
nested value again to turn nodes into dicts; the recommender's queries return maps of plain
values only, so that walk is pure cost: on the national graph it was the largest single
item of the recommender's Python CPU (the candidates and the equipment stock are some
12,000 values per scenario). `read_single` keeps the decoded values as they are.

Example::

    rows = await collected_rows(runner, EQUIPMENT_NEAR, {"lat": 30.66, ...})
    rows[0]["capability"]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, LiteralString

from kg.cypher import CypherRunner


async def collected_rows(
    runner: CypherRunner, cypher: LiteralString, params: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """The `rows` list of the query's one record ([] when it returns none)."""
    record = await runner.read_single(cypher, params)
    if record is None:
        return []
    rows: list[dict[str, Any]] = record["rows"]
    return rows
