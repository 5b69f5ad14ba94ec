"""Step 1: resolve the scenario's hazards: codes, a description's hazards, cascades.

A code is certain (confidence 1, via "code"); a description is read by
`queries.understanding.parse` (named hazards via "mention", paraphrases via
"paraphrase", with their confidence and text spans); each of those may trigger
others along `MAY_TRIGGER {likelihood}`: a cascade whose likelihood is at least
CASCADE_MIN_LIKELIHOOD is added with confidence = likelihood x its trigger's
confidence and via "cascade from <code>". Confidence is the hazard's weight when
its needs are merged (needs.py).

Example::

    hazards = await resolve_hazards(runner, ["11C02"], described=[])
    [(h.hazard.id, h.via) for h in hazards]
    # [('11C02', 'code'), ('12P13', 'cascade from 11C02'), ...]
"""

from __future__ import annotations

from typing import LiteralString

from kg.cypher import CypherRunner
from kg.errors import UnknownConceptError, UserInputError
from kg.plan_cache import varying
from queries.models import ConceptRef, ResolvedHazard

CASCADE_MIN_LIKELIHOOD = 0.3  # rarer cascades are a planner's concern, not the first package's

HAZARDS_WITH_CASCADES: LiteralString = """
UNWIND $varying.ids AS id
MATCH (h:HazardType {id: id}) WHERE NOT coalesce(h.retired, false)
RETURN h.id AS id, h.nameZh AS nameZh, h.nameEn AS nameEn,
       [(h)-[m:MAY_TRIGGER]->(c:HazardType)
        WHERE NOT coalesce(c.retired, false) AND m.likelihood >= $minLikelihood
        | {id: c.id, nameZh: c.nameZh, nameEn: c.nameEn, likelihood: m.likelihood}] AS cascades
"""

ALL_HAZARD_NAMES: LiteralString = """
MATCH (h:HazardType) WHERE NOT coalesce(h.retired, false)
RETURN h.id AS id, h.nameZh + ' ' + h.nameEn AS name
"""

CASCADES: LiteralString = """
MATCH (h:HazardType {id: $id})-[m:MAY_TRIGGER]->(c:HazardType)
WHERE NOT coalesce(c.retired, false) AND m.likelihood >= $minLikelihood
RETURN c.id AS id, c.nameZh AS nameZh, c.nameEn AS nameEn, m.likelihood AS likelihood
ORDER BY likelihood DESC, id
"""


async def resolve_hazards(
    runner: CypherRunner,
    codes: list[str],
    described: list[ResolvedHazard],
) -> list[ResolvedHazard]:
    """Codes first (input order), then the description's hazards, then cascades (most
    likely first)."""
    primary: dict[str, ResolvedHazard] = {}
    for h in described:
        primary.setdefault(h.hazard.id, h)
    ids = list(dict.fromkeys([*codes, *primary]))
    if not ids:
        raise UserInputError(
            "no hazard type matches the description; give hazardCodes (e.g. ['11A01'] 洪水) "
            "or describe the incident with the hazard's name (e.g. '洪水' / 'flood')"
        )
    rows = await runner.read(
        HAZARDS_WITH_CASCADES,
        {"varying": varying(ids=ids), "minLikelihood": CASCADE_MIN_LIKELIHOOD},
    )
    found = {r["id"]: r for r in rows}
    missing = [c for c in codes if c not in found]
    if missing:
        known = await runner.read(ALL_HAZARD_NAMES, {})
        raise UnknownConceptError("hazard code", missing[0], [(r["id"], r["name"]) for r in known])
    coded = {c: ResolvedHazard(ConceptRef.of(found[c]), 1.0, "code") for c in dict.fromkeys(codes)}
    primary = {**coded, **{k: v for k, v in primary.items() if k not in coded and k in found}}
    cascades: dict[str, ResolvedHazard] = {}
    for h in primary.values():
        for c in found[h.hazard.id]["cascades"]:
            if c["id"] in primary:
                continue
            conf = round(float(c["likelihood"]) * h.confidence, 4)
            old = cascades.get(c["id"])
            if old is None or conf > old.confidence:
                cascades[c["id"]] = ResolvedHazard(
                    ConceptRef.of(c), conf, f"cascade from {h.hazard.id}", trigger=h.hazard
                )
    ordered = sorted(cascades.values(), key=lambda h: (-h.confidence, h.hazard.id))
    return [*primary.values(), *ordered]


async def cascade_hazards(
    runner: CypherRunner, code: str, min_likelihood: float = CASCADE_MIN_LIKELIHOOD
) -> list[tuple[ConceptRef, float]]:
    """Hazards `code` may trigger, most likely first (a supporting query)."""
    rows = await runner.read(CASCADES, {"id": code, "minLikelihood": min_likelihood})
    return [(ConceptRef.of(r), float(r["likelihood"])) for r in rows]
