"""One audited change of a relationship between two concepts: a hazard's requirement
(REQUIRES, queries/catalog/curation.py) or cascade (MAY_TRIGGER, cascades.py).

The change's query returns one row with ``before`` (and ``after`` when it sets
properties) or none when it found nothing to change; then `when_absent` says why, as
the error to raise (it may raise a more precise one itself, e.g. an unknown end).
The audit entry's target is ``<source>-><target>`` of `between`.

Example::

    entry = await edit_link(runner, REMOVE_CASCADE, {"hazard": "11A01", "triggers": "11D01"},
                            between=("11A01", "11D01"), action="removeCascade",
                            actor="alice (planner, key ab12)", when_absent=no_such_cascade)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from kg.cypher import CypherRunner
from kg.errors import EmkgError
from kg.ontology_version import bump_ontology_version_async
from queries.catalog.audit import record
from queries.catalog.models import AuditEntry

WhenAbsent = Callable[[AsyncManagedTransaction], Awaitable[EmkgError]]


async def edit_link(
    runner: CypherRunner,
    query: LiteralString,
    params: Mapping[str, Any],
    *,
    between: tuple[str, str],
    action: str,
    actor: str,
    when_absent: WhenAbsent,
) -> AuditEntry:
    """Run `query` with `params` and audit what it changed between the ids `between`."""
    source, target = between

    async def work(tx: AsyncManagedTransaction) -> AuditEntry:
        row = await (await tx.run(query, dict(params))).single()
        if row is None:
            raise await when_absent(tx)
        await bump_ontology_version_async(tx, by=action)  # taxonomy caches go stale
        return await record(
            tx,
            actor=actor,
            action=action,
            target=f"{source}->{target}",
            before=row["before"],
            after=row.get("after"),
        )

    return await runner.write(work)
