"""A warm-up scenario from whatever is in the graph, and running it once at start-up.

The first recommendation after a start pays for cold caches: Neo4j plans every query
and pages the indexes in, the embedding model runs its first batch. The API's lifespan
runs one recommendation with a description (so the search runs too) before /readyz
says ready; the commander's first real request then answers as fast as the next ones.

The scenario: the first team (by id) that has a location, and the first hazard (by id)
that requires one of its capabilities; its Chinese name is the description. A graph
with no such team gives no scenario (nothing to warm up, nothing to wait for).

Example::

    scenario = await warmup_scenario(runner)      # None on an empty graph
    if scenario is not None:
        await recommend_forces(runner, scenario, embedder=embedder)
"""

from __future__ import annotations

from typing import LiteralString

from kg.cypher import CypherRunner
from queries.models import GeoPoint, ResponseLevel, Scenario

WARMUP_LEVEL = ResponseLevel.I  # the level that asks for the most (all needs, two units)

WARMUP_SCENARIO: LiteralString = """
MATCH (t:Team)
WHERE t.location IS NOT NULL AND NOT coalesce(t.retired, false)
WITH t ORDER BY t.id LIMIT 1
OPTIONAL MATCH (t)-[:HAS_CAPABILITY]->(:Capability)<-[:REQUIRES]-(h:HazardType)
WHERE NOT coalesce(h.retired, false)
WITH t, h ORDER BY h.id LIMIT 1
RETURN t.location.latitude AS latitude, t.location.longitude AS longitude,
       h.id AS hazard, h.nameZh AS nameZh
"""


def parse_scenario(rows: list[dict[str, object]]) -> Scenario | None:
    if not rows or rows[0]["hazard"] is None:
        return None
    r = rows[0]
    return Scenario(
        location=GeoPoint(float(r["latitude"]), float(r["longitude"])),  # type: ignore[arg-type]
        response_level=WARMUP_LEVEL,
        hazard_codes=(str(r["hazard"]),),
        description=str(r["nameZh"] or r["hazard"]),
    )


async def warmup_scenario(runner: CypherRunner) -> Scenario | None:
    """A scenario the graph can answer, or None when it has no team with a needed capability."""
    return parse_scenario(await runner.read(WARMUP_SCENARIO))
