"""Planner edits of cascades: a hazard MAY_TRIGGER another with a likelihood, audited.

The likelihood's range is shape:Cascade's in shapes.ttl (``ontology.relation_rules``),
the rule `emkg ontology validate` applies to the taxonomy files; both hazards must exist
and be live, and a hazard does not trigger itself. The recommender adds a cascade's
hazard with the likelihood as its weight, so an edit changes the next recommendation.
Like every taxonomy edit (queries/catalog/curation.py) the TTL files stay the source of
truth: fold lasting edits into hazards.ttl using the audit trail.

Example::

    entry = await set_cascade(runner, "11C02", "11C04", 0.6, actor="alice")
"""

from __future__ import annotations

from typing import LiteralString

from neo4j import AsyncManagedTransaction

from kg.cypher import CypherRunner
from kg.errors import EmkgError, NotFoundError, UserInputError
from ontology.relation_rules import cascade_likelihood
from queries.catalog.link_edits import edit_link
from queries.catalog.models import AuditEntry
from queries.catalog.record_edits import FieldError
from queries.models import Term

SET_CASCADE: LiteralString = """
MATCH (h:HazardType {id: $hazard}) WHERE NOT coalesce(h.retired, false)
MATCH (t:HazardType {id: $triggers}) WHERE NOT coalesce(t.retired, false)
OPTIONAL MATCH (h)-[old:MAY_TRIGGER]->(t)
WITH h, t, properties(old) AS before
MERGE (h)-[r:MAY_TRIGGER]->(t)
SET r.likelihood = $likelihood
RETURN before, properties(r) AS after
"""

REMOVE_CASCADE: LiteralString = """
MATCH (:HazardType {id: $hazard})-[r:MAY_TRIGGER]->(:HazardType {id: $triggers})
WITH r, properties(r) AS before
DELETE r
RETURN before
"""

LIVE_HAZARD: LiteralString = """
OPTIONAL MATCH (h:HazardType {id: $id}) WHERE NOT coalesce(h.retired, false)
RETURN h IS NOT NULL AS found
"""


def validate_cascade(hazard: str, triggers: str, likelihood: float) -> None:
    """The rule of shape:Cascade; raise FieldError naming the input field."""
    rule = cascade_likelihood()
    if likelihood not in rule:
        raise FieldError(
            "likelihood", f"likelihood {likelihood} is out of range; use a value in {rule}"
        ).as_message("CASCADE_LIKELIHOOD_RANGE", likelihood=likelihood, range=str(rule))
    if hazard == triggers:
        raise FieldError("triggers", f"hazard '{hazard}' cannot trigger itself").as_message(
            "CASCADE_SELF", hazard=hazard
        )


async def _must_exist(tx: AsyncManagedTransaction, hazard: str, triggers: str) -> None:
    for path, hid in (("hazard", hazard), ("triggers", triggers)):
        row = await (await tx.run(LIVE_HAZARD, id=hid)).single(strict=True)
        if not row["found"]:
            raise FieldError(path, f"unknown HazardType '{hid}'; check the code").as_message(
                "WORKBENCH_UNKNOWN_REF", kind=Term("kind.HazardType"), id=hid
            )


async def set_cascade(
    runner: CypherRunner, hazard: str, triggers: str, likelihood: float, *, actor: str
) -> AuditEntry:
    validate_cascade(hazard, triggers, likelihood)

    async def when_absent(tx: AsyncManagedTransaction) -> EmkgError:
        await _must_exist(tx, hazard, triggers)
        return UserInputError(f"hazard '{hazard}' or '{triggers}' is retired")

    return await edit_link(
        runner,
        SET_CASCADE,
        {"hazard": hazard, "triggers": triggers, "likelihood": likelihood},
        between=(hazard, triggers),
        action="setCascade",
        actor=actor,
        when_absent=when_absent,
    )


async def remove_cascade(
    runner: CypherRunner, hazard: str, triggers: str, *, actor: str
) -> AuditEntry:
    async def when_absent(tx: AsyncManagedTransaction) -> EmkgError:
        return NotFoundError(f"hazard '{hazard}' has no cascade to '{triggers}'").as_message(
            "CASCADE_NONE", hazard=hazard, triggers=triggers
        )

    return await edit_link(
        runner,
        REMOVE_CASCADE,
        {"hazard": hazard, "triggers": triggers},
        between=(hazard, triggers),
        action="removeCascade",
        actor=actor,
        when_absent=when_absent,
    )
