"""Readiness: Neo4j answers and the schema (id constraints) is applied.

Example::

    ok, why = await readiness(runner)   # (True, "ready") or (False, "what is wrong and the fix")
"""

from __future__ import annotations

from kg.cypher import CypherRunner
from kg.errors import StoreUnavailableError
from kg.schema import SHOW_CONSTRAINT_NAMES, missing_constraints


async def readiness(runner: CypherRunner) -> tuple[bool, str]:
    try:
        rows = await runner.read(SHOW_CONSTRAINT_NAMES)
    except StoreUnavailableError as e:
        return False, str(e)
    missing = missing_constraints(rows[0]["names"])
    if missing:
        return (
            False,
            f"the schema is not applied ({len(missing)} constraints missing); "
            "run `emkg ontology apply`",
        )
    return True, "ready"
