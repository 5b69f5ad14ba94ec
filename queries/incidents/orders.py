"""What a printed dispatch order (调度令) shows, read in one query.

The incident (title, level, place, hazards), every team still on it or released from
it (task, assembly point, ETA, contact; undone orders are gone), the gaps of the
recommendation the latest order accepted, and who issued the latest order and when.

Example::

    doc = await order_document(runner, "INC-20261201-0650-3fa2")
    [a.team_name_zh for a in doc.assignments], [g.name_zh for g in doc.gaps]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import LiteralString

from kg.cypher import CypherRunner
from queries.incidents.dispatch import ASSIGNMENT_MAP
from queries.incidents.lifecycle import INCIDENT_MAP
from queries.incidents.models import (
    Assignment,
    Incident,
    parse_assignment,
    parse_incident,
    to_datetime,
)
from queries.models import ConceptRef


@dataclass(frozen=True)
class OrderDocument:
    incident: Incident
    hazards: tuple[ConceptRef, ...]
    assignments: tuple[Assignment, ...]
    gaps: tuple[ConceptRef, ...]
    issued_by: str | None  # who issued the latest order
    issued_at: datetime | None


ORDER_DOCUMENT: LiteralString = (
    """
MATCH (i:Incident {id: $id}) WHERE i.status IS NOT NULL
CALL (i) {
  OPTIONAL MATCH (i)-[:OF_HAZARD]->(h:HazardType)
  WITH h ORDER BY h.id
  RETURN [x IN collect({id: h.id, nameZh: h.nameZh, nameEn: h.nameEn}) WHERE x.id IS NOT NULL]
         AS hazards
}
CALL (i) {
  OPTIONAL MATCH (t:Team)-[a:ASSIGNED_TO]->(i)
  WITH t, a ORDER BY a.orderNo, t.id
  RETURN [x IN collect(CASE WHEN a IS NULL THEN null ELSE """
    + ASSIGNMENT_MAP
    + """ END) WHERE x IS NOT NULL] AS assignments,
         max(a.dispatchedAt) AS issuedAt
}
CALL (i) {
  OPTIONAL MATCH (t:Team)-[a:ASSIGNED_TO]->(i)
  WITH a ORDER BY a.dispatchedAt DESC LIMIT 1
  RETURN a.dispatchedBy AS issuedBy, a.recommendationId AS accepted
}
CALL (i, accepted) {
  OPTIONAL MATCH (r:Recommendation {id: accepted})
  UNWIND coalesce(r.gapCapabilityIds, []) AS cid
  MATCH (c:Capability {id: cid})
  RETURN collect({id: c.id, nameZh: c.nameZh, nameEn: c.nameEn}) AS gaps
}
RETURN """
    + INCIDENT_MAP
    + """ AS incident, hazards, assignments, gaps, issuedBy, issuedAt
"""
)


def _concept(r: dict[str, str]) -> ConceptRef:
    return ConceptRef.of(r, or_id=True)


async def order_document(runner: CypherRunner, incident_id: str) -> OrderDocument | None:
    rows = await runner.read(ORDER_DOCUMENT, id=incident_id)
    if not rows:
        return None
    r = rows[0]
    return OrderDocument(
        incident=parse_incident(r["incident"]),
        hazards=tuple(_concept(h) for h in r["hazards"]),
        assignments=tuple(parse_assignment(a) for a in r["assignments"]),
        gaps=tuple(_concept(g) for g in r["gaps"]),
        issued_by=r["issuedBy"],
        issued_at=to_datetime(r["issuedAt"]),
    )
