"""Step 5a: experts for the scenario: EXPERT_IN its hazards first, then its needed
capabilities, then the nearest.

Who is looked at: the EXPERTS_NEAREST nearest available experts within EXPERT_RADIUS_KM
with any matching topic, and besides them the PER_HAZARD nearest experts on each of the
scenario's hazards within HAZARD_EXPERT_RADIUS_KM (so the provincial wildfire expert in
Chengdu is found for a fire in Xichang, however many generalists live nearer).

An expert's field matches a scenario hazard when it is the hazard, a broader type up to
the category (12G00 火灾事故 for 12G03) or a narrower one (11G01 for 11G00), read along
BROADER in the graph; the match weighs the hazard's confidence x FIELD_FACTOR[steps].

hazard expertise   = the best hazard match (0 when none);
capability match   = the heaviest matching need's weight + TOPIC_BONUS per further one, <= 1;
order              = hazard expertise, then capability match, then distance, then id;
score (for display)= RELEVANCE_SHARE x relevance + (1 - RELEVANCE_SHARE) x proximity, where
                     relevance = max(hazard expertise, capability match) and
                     proximity = 1 - distance / EXPERT_RADIUS_KM.

The main hazard (the first topic) keeps at least one of its experts among those returned
whenever one is within HAZARD_EXPERT_RADIUS_KM. Contacts: the graph holds none yet (an Expert has an
affiliation), so none is returned.

Example::

    experts = await recommend_experts(runner, GeoPoint(27.85, 102.25),
                                      {"11G01": 1.0, "cap.wildfire-suppression": 1.0})
    experts[0].topics[0].id    # '11G01': a wildfire expert first
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from kg.cypher import CypherRunner
from kg.plan_cache import varying
from queries.collected import collected_rows
from queries.models import ConceptRef, ExpertRecommendation, ExpertSummary, GeoPoint, Reason

EXPERT_RADIUS_KM = 300.0  # experts farther away can advise by phone but are not listed
# ... except experts on the scenario's hazards: a provincial expert group (in Chengdu) covers
# its whole province (Chengdu to Xichang is 355 km, to Shiqu 600 km): it advises by video
# at once and flies in within the day, and is worth more than a generalist next door.
HAZARD_EXPERT_RADIUS_KM = 650.0
HAZARD_EXPERT_NEAR_KM = 50.0  # the hazard's experts are looked for here first (same result)
EXPERTS_RETURNED = 5
EXPERTS_NEAREST = 100  # nearest available experts whose expertise is looked at
PER_HAZARD = 3  # nearest experts on each hazard looked at besides them
TOPIC_BONUS = 0.1
RELEVANCE_SHARE = 0.7
# BROADER steps from the scenario's hazard to the expert's field: 0 the hazard itself,
# 1 its subcategory, 2 its category; -1 a narrower type of the hazard.
FIELD_FACTOR = {0: 1.0, 1: 0.8, 2: 0.5, -1: 0.8}

# Candidates: the nearest available experts (a cheap index range, so the expansion runs
# for at most $nearest however dense the area) and the nearest few on each hazard: first
# among the experts within $hazardNearMeters (the point index, then their fields), and only
# when fewer than $perHazard are there, from the hazard's experts nationwide within
# $hazardMeters (a common hazard has ~5-14k: their distance filter was ~30k db hits and
# 20-80 ms a scenario). The nearest few within the near circle are the nearest few of the
# whole circle, so the result is the same. The
# hazards' fields (each hazard, its broader types up to two steps, its narrower types) are
# read once, and each expert's EXPERT_IN matched against them and against the capabilities
# among the topics (per expert and topic along BROADER, it was 70k db hits and 30 ms nationally).
EXPERTS_NEAR: LiteralString = """
CALL () {
  UNWIND $varying.topics AS t
  MATCH (h:HazardType {id: t})
  CALL (h) {
    MATCH up = (h)-[:BROADER*0..2]->(x:HazardType)
    RETURN x, length(up) AS steps
    UNION
    MATCH (x:HazardType)-[:BROADER]->(h)
    RETURN x, -1 AS steps
  }
  WITH t, x, steps WHERE NOT coalesce(x.retired, false)
  RETURN collect({topic: t, id: x.id, nameZh: x.nameZh, nameEn: x.nameEn, steps: steps})
    AS fields
}
CALL () {
  MATCH (e:Expert)
  WHERE point.distance(e.location, point({latitude: $lat, longitude: $lon})) <= $maxMeters
    AND coalesce(e.available, false) AND NOT coalesce(e.retired, false)
  WITH e ORDER BY point.distance(e.location, point({latitude: $lat, longitude: $lon})), e.id
  LIMIT $nearest
  RETURN e
  UNION
  UNWIND $varying.topics AS t
  MATCH (:HazardType {id: t})-[:BROADER*0..2]->(f:HazardType)
  WITH t, collect(DISTINCT f) AS fieldsOf
  CALL (fieldsOf) {
    MATCH (e:Expert)
    WHERE point.distance(e.location, point({latitude: $lat, longitude: $lon})) <= $hazardNearMeters
      AND coalesce(e.available, false) AND NOT coalesce(e.retired, false)
      AND EXISTS { (e)-[:EXPERT_IN]->(x:HazardType) WHERE x IN fieldsOf }
    WITH e ORDER BY point.distance(e.location, point({latitude: $lat, longitude: $lon})), e.id
    LIMIT $perHazard
    RETURN collect(e) AS near
  }
  CALL (t, near) {
    WITH t, near WHERE size(near) < $perHazard
    MATCH (:HazardType {id: t})-[:BROADER*0..2]->(:HazardType)<-[:EXPERT_IN]-(e:Expert)
    WHERE point.distance(e.location, point({latitude: $lat, longitude: $lon})) <= $hazardMeters
      AND coalesce(e.available, false) AND NOT coalesce(e.retired, false)
    WITH e ORDER BY point.distance(e.location, point({latitude: $lat, longitude: $lon})), e.id
    RETURN collect(DISTINCT e)[0..$perHazard] AS far
  }
  UNWIND CASE WHEN size(near) < $perHazard THEN far ELSE near END AS e
  RETURN e
}
WITH fields, collect(DISTINCT e) AS experts
UNWIND experts AS e
WITH e, fields, [(e)-[:EXPERT_IN]->(x:HazardType) | x.id] AS own,
     [(e)-[:EXPERT_IN]->(c:Capability)
      WHERE c.id IN $varying.topics AND NOT coalesce(c.retired, false)
      | c.id] AS capabilities,
     point.distance(e.location, point({latitude: $lat, longitude: $lon})) / 1000.0 AS km
WITH e, [f IN fields WHERE f.id IN own] AS hazards, capabilities, km
WHERE size(hazards) > 0 OR size(capabilities) > 0
ORDER BY km, e.id
RETURN collect({id: e.id, nameZh: e.nameZh, nameEn: e.nameEn, affiliation: e.affiliation,
                latitude: e.location.latitude, longitude: e.location.longitude, km: km,
                hazards: hazards, capabilities: capabilities}) AS rows
"""


@dataclass(frozen=True)
class _Ranked:
    rec: ExpertRecommendation
    hazard: float  # hazard expertise
    capability: float  # capability match
    main: int  # BROADER steps to the main hazard (0 exact) or 9: no match on it

    def key(self) -> tuple[float, float, float, str]:
        return (-self.hazard, -self.capability, self.rec.distance_km, self.rec.expert.id)


def _rank(
    r: dict[str, Any], topics: Mapping[str, float], names: Mapping[str, ConceptRef], main: str
) -> _Ranked:
    fields = sorted(
        r["hazards"],
        key=lambda m: (-topics.get(m["topic"], 0.0) * FIELD_FACTOR[m["steps"]], m["id"]),
    )
    hazard = max((topics.get(m["topic"], 0.0) * FIELD_FACTOR[m["steps"]] for m in fields),
                 default=0.0)  # fmt: skip
    caps = sorted(
        (names.get(c, ConceptRef(c, c, c)) for c in r["capabilities"]),
        key=lambda c: (-topics.get(c.id, 0.0), c.id),
    )
    weights = [topics.get(c.id, 0.0) for c in caps]
    capability = min(1.0, max(weights, default=0.0) + TOPIC_BONUS * max(0, len(weights) - 1))
    km = float(r["km"])
    proximity = max(0.0, 1.0 - km / EXPERT_RADIUS_KM)
    relevance = max(hazard, capability)
    score = round(RELEVANCE_SHARE * relevance + (1 - RELEVANCE_SHARE) * proximity, 4)
    matched = [ConceptRef.of(m) for m in fields]
    matched = list(dict.fromkeys([*matched, *caps]))
    reasons = [Reason.of("EXPERT_IN", topics=tuple(matched[:4]))]
    best = fields[0] if fields else None
    if best is not None and best["steps"] != 0:
        reasons.append(
            Reason.of(
                "EXPERT_FIELD",
                field=matched[0],
                hazard=names.get(best["topic"], ConceptRef(best["topic"], "", "")),
            )
        )
    reasons.append(Reason.of("EXPERT_NEAR", distanceKm=round(km, 1)))
    loc = GeoPoint(r["latitude"], r["longitude"]) if r["latitude"] is not None else None
    rec = ExpertRecommendation(
        expert=ExpertSummary(r["id"], r["nameZh"] or "", r["nameEn"] or "", r["affiliation"], loc),
        score=score,
        distance_km=round(km, 2),
        reasons=tuple(reasons),
        topics=tuple(matched),
    )
    on_main = [abs(m["steps"]) for m in fields if m["topic"] == main]
    return _Ranked(rec, hazard, capability, min(on_main, default=9))


def parse_expert(
    r: dict[str, Any], topics: Mapping[str, float], names: Mapping[str, ConceptRef]
) -> ExpertRecommendation:
    """One row of EXPERTS_NEAR as a recommendation (its fields on the hazards first)."""
    return _rank(r, topics, names, next(iter(topics), "")).rec


def rank_experts(
    rows: Sequence[dict[str, Any]],
    topics: Mapping[str, float],
    names: Mapping[str, ConceptRef],
    limit: int,
) -> list[ExpertRecommendation]:
    """Hazard expertise, then capability match, then distance; the best expert on the main
    hazard (the first topic) takes the last place if none made it on merit."""
    main = next(iter(topics), "")
    ranked = sorted((_rank(r, topics, names, main) for r in rows), key=_Ranked.key)
    chosen = ranked[:limit]
    on_main = sorted((x for x in ranked if x.main < 9), key=lambda x: (x.main, x.key()))
    if limit > 0 and on_main and not any(x.main < 9 for x in chosen):
        chosen = [*chosen[: limit - 1], on_main[0]]
    return [x.rec for x in chosen]


async def recommend_experts(
    runner: CypherRunner,
    at: GeoPoint,
    topics: Mapping[str, float],
    names: Mapping[str, ConceptRef] | None = None,
    *,
    limit: int = EXPERTS_RETURNED,
) -> list[ExpertRecommendation]:
    """The best `limit` available experts near `at` for `topics` (hazard or capability id ->
    weight; the first hazard is the main one); `names` labels the topics in the reasons."""
    if not topics:
        return []
    rows = await collected_rows(
        runner,
        EXPERTS_NEAR,
        {
            "lat": at.latitude,
            "lon": at.longitude,
            "maxMeters": EXPERT_RADIUS_KM * 1000.0,
            "hazardMeters": HAZARD_EXPERT_RADIUS_KM * 1000.0,
            "hazardNearMeters": HAZARD_EXPERT_NEAR_KM * 1000.0,
            "varying": varying(topics=topics),
            "nearest": EXPERTS_NEAREST,
            "perHazard": PER_HAZARD,
        },
    )
    return rank_experts(rows, topics, names or {}, limit)
