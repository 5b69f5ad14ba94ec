"""What EDXL-RM messages need from the graph and leave in it.

- TEAM_PROFILES: each dispatched team's type and capability ids (a RequestResource says
  what kind of resource it asks for);
- RECORD_RESPONSE: another agency's answer to a request, ``(:ResourceResponse {messageId,
  precedingMessageId, responder, sent, receivedAt, elementIds, responses, reasons,
  resourceIds})-[:ANSWERS]->(:Incident)``, once per messageId; the incident's request
  is then answered;
- RESPONSES: an incident's answers, newest first.

Example::

    await team_profiles(runner, ["T-SC-0001"])   # {'T-SC-0001': ('tt.usar', ('cap.usar', ...))}
    await record_response(runner, StoredResponse(...))   # False when the incident is unknown
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from kg.cypher import CypherRunner

TEAM_PROFILES: LiteralString = """
UNWIND $ids AS id
MATCH (t:Team {id: id})
RETURN collect({id: t.id,
                type: head([(t)-[:OF_TYPE]->(tt:TeamType) | tt.id]),
                capabilities: [(t)-[:HAS_CAPABILITY]->(c:Capability) | c.id]}) AS rows
"""

RECORD_RESPONSE: LiteralString = """
MATCH (i:Incident {id: $incidentId}) WHERE i.status IS NOT NULL
MERGE (r:ResourceResponse {messageId: $messageId})
ON CREATE SET r.precedingMessageId = $precedingMessageId, r.responder = $responder,
              r.sent = $sent, r.receivedAt = datetime(), r.elementIds = $elementIds,
              r.responses = $responses, r.reasons = $reasons, r.resourceIds = $resourceIds
MERGE (r)-[:ANSWERS]->(i)
RETURN r.messageId AS messageId, toString(r.receivedAt) AS receivedAt
"""

RESPONSES: LiteralString = """
MATCH (r:ResourceResponse)-[:ANSWERS]->(:Incident {id: $incidentId})
WITH r ORDER BY r.receivedAt DESC LIMIT $limit
RETURN collect({messageId: r.messageId, precedingMessageId: r.precedingMessageId,
                responder: r.responder, sent: r.sent, receivedAt: toString(r.receivedAt),
                elementIds: r.elementIds, responses: r.responses, reasons: r.reasons,
                resourceIds: r.resourceIds}) AS rows
"""
MAX_RESPONSES = 50


@dataclass(frozen=True)
class StoredResponse:
    message_id: str
    preceding_message_id: str
    incident_id: str
    responder: str
    sent: str  # ISO date-time as the message gave it
    element_ids: tuple[str, ...]
    responses: tuple[str, ...]  # Accept | Decline | Provisional, per element
    reasons: tuple[str, ...]
    resource_ids: tuple[str, ...]
    received_at: str = ""


def stored_response(row: dict[str, Any], incident_id: str) -> StoredResponse:
    """One RESPONSES row."""
    return StoredResponse(
        row["messageId"], row["precedingMessageId"] or "", incident_id, row["responder"] or "",
        row["sent"] or "", tuple(row["elementIds"] or ()), tuple(row["responses"] or ()),
        tuple(row["reasons"] or ()), tuple(row["resourceIds"] or ()), row["receivedAt"] or "",
    )  # fmt: skip


async def team_profiles(
    runner: CypherRunner, ids: Sequence[str]
) -> dict[str, tuple[str, tuple[str, ...]]]:
    rows = await runner.read_rows(TEAM_PROFILES, ids=list(ids))
    return {r["id"]: (r["type"] or "", tuple(sorted(r["capabilities"]))) for r in rows}


async def record_response(runner: CypherRunner, r: StoredResponse) -> str | None:
    """Store the answer on its incident; its receivedAt, or None when the incident is unknown."""
    params = {
        "messageId": r.message_id, "precedingMessageId": r.preceding_message_id,
        "incidentId": r.incident_id, "responder": r.responder, "sent": r.sent,
        "elementIds": list(r.element_ids), "responses": list(r.responses),
        "reasons": list(r.reasons), "resourceIds": list(r.resource_ids),
    }  # fmt: skip

    async def work(tx: AsyncManagedTransaction) -> str | None:
        result = await tx.run(RECORD_RESPONSE, params)
        record = await result.single()
        return str(record["receivedAt"]) if record else None

    return await runner.write(work)


async def responses_for(runner: CypherRunner, incident_id: str) -> list[StoredResponse]:
    rows = await runner.read_rows(RESPONSES, incidentId=incident_id, limit=MAX_RESPONSES)
    return [stored_response(r, incident_id) for r in rows]
