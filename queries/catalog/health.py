"""Readiness: Neo4j answers and the schema (id constraints) is applied.

Example::

    ok, why = await readiness(runner)   # (True, "ready") or (False, "what is wrong and the fix")
"""

from __future__ import annotations

from typing import LiteralString

from kg.cypher import CypherRunner
from kg.errors import StoreUnavailableError
from kg.schema import schema_statements

CONSTRAINT_NAMES: LiteralString = "SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names"


def expected_constraints() -> set[str]:
    return {s.split()[2] for s in schema_statements() if s.startswith("CREATE CONSTRAINT")}


async def readiness(runner: CypherRunner) -> tuple[bool, str]:
    try:
        rows = await runner.read(CONSTRAINT_NAMES)
    except StoreUnavailableError as e:
        return False, str(e)
    missing = sorted(expected_constraints() - set(rows[0]["names"]))
    if missing:
        return (
            False,
            f"the schema is not applied ({len(missing)} constraints missing); "
            "run `emkg ontology apply`",
        )
    return True, "ready"
