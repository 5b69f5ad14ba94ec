"""Every recommendation made for an incident, kept as a `Recommendation` node.

The node holds the inputs (hazards, level, limits, exclusions), the package (team ids
with their ETA and score, in package order), the gaps (capability ids and why each is
open) and the graph version it read: `graphVersion` is the newest audit entry id at
that moment (every curation, status change, load and dispatch writes one) and
`ontologyVersion` the run id of the ontology sync. Lists of plain values, no JSON.
Recording moves an `open` incident to `forces_requested`.

Example::

    rec = await recommend_forces(runner, incident_scenario(inc))
    stored = await record_recommendation(runner, inc, scenario, rec, actor="wang")
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import LiteralString

from neo4j import AsyncManagedTransaction

from kg.cypher import CypherRunner
from queries.catalog.audit import record
from queries.incidents.lifecycle import ACTIONS, lock_incident
from queries.incidents.models import RecommendationRecord, parse_recommendation
from queries.incidents.problems import incident_closed
from queries.models import ForceRecommendation, GeoPoint, ResponseLevel, Scenario

MAX_KEPT_PER_LIST = 100  # recommendations listed per incident

RECOMMENDATION_MAP: LiteralString = """
r {.id, .at, .actor, .hazardCodes, .responseLevel, .maxTravelMinutes, .maxTeams,
   .excludeTeams, .requiredCapabilities, .teamIds, .teamEtas, .teamScores,
   .gapCapabilityIds, .gapLimitedBy, .graphVersion, .ontologyVersion, .acceptedAt,
   .acceptedBy, incidentId: i.id}
"""

GRAPH_VERSION: LiteralString = """
OPTIONAL MATCH (e:AuditEntry) WITH e ORDER BY e.id DESC LIMIT 1
OPTIONAL MATCH (h:HazardType {id: '10000'})
RETURN e.id AS graphVersion, h.loadRunId AS ontologyVersion
"""

WRITE_RECOMMENDATION: LiteralString = (
    """
MATCH (i:Incident {id: $incident})
CREATE (r:Recommendation {id: $id, at: datetime(), actor: $actor, hazardCodes: $hazardCodes,
        responseLevel: $responseLevel, maxTravelMinutes: $maxTravelMinutes,
        maxTeams: $maxTeams, excludeTeams: $excludeTeams,
        requiredCapabilities: $requiredCapabilities, teamIds: $teamIds, teamEtas: $teamEtas,
        teamScores: $teamScores, gapCapabilityIds: $gapCapabilityIds,
        gapLimitedBy: $gapLimitedBy, graphVersion: $graphVersion,
        ontologyVersion: $ontologyVersion})-[:RECOMMENDED_FOR]->(i)
SET i.status = CASE WHEN i.status = 'open' THEN 'forces_requested' ELSE i.status END
RETURN """
    + RECOMMENDATION_MAP
    + " AS rec"
)

LIST_RECOMMENDATIONS: LiteralString = (
    """
MATCH (r:Recommendation)-[:RECOMMENDED_FOR]->(i:Incident {id: $incident})
RETURN """
    + RECOMMENDATION_MAP
    + " AS rec ORDER BY r.id DESC LIMIT $limit"
)

GET_RECOMMENDATION: LiteralString = (
    """
MATCH (r:Recommendation {id: $id})-[:RECOMMENDED_FOR]->(i:Incident)
RETURN """
    + RECOMMENDATION_MAP
    + " AS rec"
)


def incident_scenario(
    *,
    location: GeoPoint,
    response_level: str,
    hazard_codes: tuple[str, ...],
    description: str | None,
    max_travel_minutes: int | None = None,
    max_teams: int | None = None,
    required_capabilities: tuple[str, ...] = (),
    exclude_teams: tuple[str, ...] = (),
) -> Scenario:
    """The recommender's scenario for an incident (codes win over the description)."""
    return Scenario(
        location=location,
        response_level=ResponseLevel(response_level),
        hazard_codes=hazard_codes,
        description=None if hazard_codes else description,
        max_travel_minutes=max_travel_minutes,
        max_teams=max_teams,
        required_capabilities=required_capabilities,
        exclude_teams=exclude_teams,
    )


def new_recommendation_id(now: datetime | None = None) -> str:
    t = now or datetime.now(UTC)
    return f"REC-{t:%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"


async def record_recommendation(
    runner: CypherRunner,
    incident_id: str,
    scenario: Scenario,
    rec: ForceRecommendation,
    *,
    actor: str,
) -> RecommendationRecord:
    version = (await runner.read(GRAPH_VERSION))[0]
    params = {
        "incident": incident_id,
        "id": new_recommendation_id(),
        "actor": actor,
        "hazardCodes": [h.hazard.id for h in rec.hazards if not h.via.startswith("cascade")],
        "responseLevel": scenario.response_level.value,
        "maxTravelMinutes": scenario.max_travel_minutes,
        "maxTeams": scenario.max_teams,
        "excludeTeams": list(scenario.exclude_teams),
        "requiredCapabilities": list(scenario.required_capabilities),
        "teamIds": [t.team.id for t in rec.force_package],
        "teamEtas": [round(t.eta_minutes, 1) for t in rec.force_package],
        "teamScores": [round(t.score, 4) for t in rec.force_package],
        "gapCapabilityIds": [g.capability.id for g in rec.gaps],
        "gapLimitedBy": [g.limited_by or "" for g in rec.gaps],
        "graphVersion": version["graphVersion"],
        "ontologyVersion": version["ontologyVersion"],
    }

    async def work(tx: AsyncManagedTransaction) -> RecommendationRecord:
        inc = await lock_incident(tx, incident_id)
        if inc.status == "closed":
            raise incident_closed(incident_id)
        row = await (await tx.run(WRITE_RECOMMENDATION, params)).single(strict=True)
        stored = parse_recommendation(row["rec"])
        await record(
            tx,
            actor=actor,
            action=ACTIONS["recommended"],
            target=incident_id,
            before={"status": inc.status},
            after={
                "status": "forces_requested" if inc.status == "open" else inc.status,
                "recommendation": stored.id,
                "teams": list(stored.team_ids),
                "gaps": list(stored.gap_capability_ids),
            },
        )
        return stored

    return await runner.write(work)


async def recommendations_for(
    runner: CypherRunner, incident_id: str, *, limit: int = MAX_KEPT_PER_LIST
) -> list[RecommendationRecord]:
    """Newest first."""
    rows = await runner.read(LIST_RECOMMENDATIONS, incident=incident_id, limit=limit)
    return [parse_recommendation(r["rec"]) for r in rows]
