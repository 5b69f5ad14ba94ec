"""Step 5a: experts for the scenario: EXPERT_IN its hazards or needed capabilities, near, available.

relevance = the heaviest matching topic (a hazard's confidence, a need's weight)
plus TOPIC_BONUS per further matching topic, at most 1;
proximity = 1 - distance / EXPERT_RADIUS_KM;
score = RELEVANCE_SHARE x relevance + (1 - RELEVANCE_SHARE) x proximity.

Example::

    experts = await recommend_experts(runner, GeoPoint(30.66, 104.06),
                                      {"11C02": 1.0, "cap.collapsed-structure-sar": 1.0})
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, LiteralString

from kg.cypher import CypherRunner
from queries.models import ConceptRef, ExpertRecommendation, ExpertSummary, GeoPoint, Reason

EXPERT_RADIUS_KM = 300.0  # experts farther away can advise by phone but are not listed
EXPERTS_RETURNED = 5
EXPERTS_NEAREST = 100  # nearest available experts whose expertise is looked at
TOPIC_BONUS = 0.1
RELEVANCE_SHARE = 0.7

# The nearest available experts first (a cheap index range), then their expertise: the
# expansion runs for at most $nearest experts however dense the area.
EXPERTS_NEAR: LiteralString = """
MATCH (e:Expert)
WHERE point.distance(e.location, point({latitude: $lat, longitude: $lon})) <= $maxMeters
  AND coalesce(e.available, false) AND NOT coalesce(e.retired, false)
WITH e, point.distance(e.location, point({latitude: $lat, longitude: $lon})) / 1000.0 AS km
ORDER BY km, e.id
LIMIT $nearest
MATCH (e)-[:EXPERT_IN]->(x) WHERE x.id IN $topics AND NOT coalesce(x.retired, false)
WITH e, km, collect(DISTINCT x.id) AS topics
ORDER BY km, e.id
RETURN collect({id: e.id, nameZh: e.nameZh, nameEn: e.nameEn, affiliation: e.affiliation,
                latitude: e.location.latitude, longitude: e.location.longitude, km: km,
                topics: topics}) AS rows
"""


def parse_expert(
    r: dict[str, Any], topics: Mapping[str, float], names: Mapping[str, ConceptRef]
) -> ExpertRecommendation:
    matched = sorted(
        (names.get(t, ConceptRef(t, t, t)) for t in r["topics"]),
        key=lambda t: (-topics.get(t.id, 0.0), t.id),
    )
    weights = [topics.get(t.id, 0.0) for t in matched]
    relevance = min(1.0, max(weights, default=0.0) + TOPIC_BONUS * max(0, len(weights) - 1))
    km = float(r["km"])
    proximity = max(0.0, 1.0 - km / EXPERT_RADIUS_KM)
    score = round(RELEVANCE_SHARE * relevance + (1 - RELEVANCE_SHARE) * proximity, 4)
    loc = GeoPoint(r["latitude"], r["longitude"]) if r["latitude"] is not None else None
    reasons = (
        Reason.of("EXPERT_IN", topics=tuple(matched[:4])),
        Reason.of("EXPERT_NEAR", distanceKm=round(km, 1)),
    )
    return ExpertRecommendation(
        expert=ExpertSummary(r["id"], r["nameZh"] or "", r["nameEn"] or "", r["affiliation"], loc),
        score=score,
        distance_km=round(km, 2),
        reasons=reasons,
        topics=tuple(matched),
    )


async def recommend_experts(
    runner: CypherRunner,
    at: GeoPoint,
    topics: Mapping[str, float],
    names: Mapping[str, ConceptRef] | None = None,
    *,
    limit: int = EXPERTS_RETURNED,
) -> list[ExpertRecommendation]:
    """The best `limit` available experts near `at` for `topics` (concept id -> weight);
    `names` labels the topics in the reasons."""
    if not topics:
        return []
    rows = await runner.read_rows(
        EXPERTS_NEAR,
        {
            "lat": at.latitude,
            "lon": at.longitude,
            "maxMeters": EXPERT_RADIUS_KM * 1000.0,
            "topics": sorted(topics),
            "nearest": EXPERTS_NEAREST,
        },
    )
    experts = [parse_expert(r, topics, names or {}) for r in rows]
    experts.sort(key=lambda e: (-e.score, e.distance_km, e.expert.id))
    return experts[:limit]
