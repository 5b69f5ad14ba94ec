"""Planner curation of ontology concepts and commander team status, each audited.

Validation applies the ontology's rules: ``nameZh``/``altZh`` must be Chinese
text and ``nameEn``/``altEn`` must not be (`ontology.text`); ``REQUIRES.weight``
and ``minLevel`` obey shape:Requirement in shapes.ttl (weight in (0, 1],
minLevel I..IV, through `ontology.relation_rules`); both ends exist; a team
status is one the Team record shape allows.
Edits change the graph (what the recommender reads) and are recorded in the
audit trail; the Turtle files stay the source of truth, so `emkg ontology
apply` puts a concept back to its TTL values - fold lasting edits into the TTL
files, using the trail as the list of what to carry over.

Example::

    concept, entry = await update_concept(runner, "HazardType", "11A01",
                                          {"altEn": ["flood", "inundation"]}, actor="alice")
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from kg.cypher import CypherRunner
from kg.errors import EmkgError, NotFoundError, UserInputError
from kg.gate import label
from kg.ontology_version import bump_ontology_version_async
from ontology.errors import OntologyError
from ontology.model import LABEL_PROPERTIES
from ontology.registry import CONCEPT_KINDS as CONCEPT_KINDS  # re-exported: curated kinds
from ontology.relation_rules import requirement_rule
from ontology.shapes import record_validator
from ontology.text import has_cjk
from queries.catalog.audit import record
from queries.catalog.link_edits import edit_link
from queries.catalog.models import AuditEntry, Node, parse_node
from queries.catalog.nodes import NODE_PROJECTION
from queries.models import Term
from queries.understanding.lexicon import forget_lexicons

CURATED_FIELDS: tuple[str, ...] = LABEL_PROPERTIES


def _team_statuses() -> tuple[str, ...]:
    rule = record_validator("teams").rule("status")
    if rule is None or not rule.allowed:
        raise OntologyError("shapes.ttl: shape:Team has no sh:in list of emkg:status values")
    return tuple(str(s) for s in rule.allowed)


TEAM_STATUSES: tuple[str, ...] = _team_statuses()
MAX_LABEL_CHARS = 200
MAX_DEFINITION_CHARS = 2000
MAX_SYNONYMS = 50
MAX_STATUS_REASON_CHARS = 500  # stored in the audit trail, readable by every key

SET_REQUIREMENT: LiteralString = """
MATCH (h:HazardType {id: $hazard}) WHERE NOT coalesce(h.retired, false)
MATCH (c:Capability {id: $capability}) WHERE NOT coalesce(c.retired, false)
OPTIONAL MATCH (h)-[old:REQUIRES]->(c)
WITH h, c, properties(old) AS before
MERGE (h)-[r:REQUIRES]->(c)
SET r.weight = $weight, r.minLevel = $minLevel
RETURN before, properties(r) AS after
"""

REMOVE_REQUIREMENT: LiteralString = """
MATCH (:HazardType {id: $hazard})-[r:REQUIRES]->(:Capability {id: $capability})
WITH r, properties(r) AS before
DELETE r
RETURN before
"""

# Returns the team as changed too (parsed by `parse_node`): the mutation's payload needs
# no second transaction to read it back (under load each round trip waits its turn).
SET_TEAM_STATUS: LiteralString = (
    """
MATCH (n:Team {id: $team}) WHERE NOT coalesce(n.retired, false)
WITH n, n.status AS before
SET n.status = $status
RETURN before, """
    + NODE_PROJECTION
    + """ AS node
"""
)

EXISTING_IDS: LiteralString = """
UNWIND $ids AS id
OPTIONAL MATCH (n {id: id}) WHERE any(l IN labels(n) WHERE l IN $kinds)
RETURN id, n IS NOT NULL AS found
"""


@cache
def read_concept_query(kind: str) -> LiteralString:
    return (
        "MATCH (n:" + label(kind) + " {id: $id}) WHERE NOT coalesce(n.retired, false) "
        "RETURN n {.nameZh, .nameEn, .altZh, .altEn, .definitionZh, .definitionEn} AS before"
    )


@cache
def update_concept_query(kind: str) -> LiteralString:
    return "MATCH (n:" + label(kind) + " {id: $id}) SET n += $changes"


def _field(field: str) -> Term:
    """A curated field's name as a catalog term (中文名称 / Chinese name)."""
    return Term(f"field.{field}")


def _text(field: str, value: Any, *, chinese: bool, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise (
            UserInputError(f"{field} must be non-empty text")
            .as_message("CURATE_EMPTY_TEXT", field=_field(field))
            .on(field)
        )
    text = value.strip()
    if len(text) > limit:
        raise (
            UserInputError(f"{field} is {len(text)} characters long; keep it under {limit}")
            .as_message("CURATE_TOO_LONG", field=_field(field), length=len(text), limit=limit)
            .on(field)
        )
    if chinese and not has_cjk(text):
        raise (
            UserInputError(f"{field} '{text}' has no Chinese characters; put it in the *En field")
            .as_message("CURATE_NEEDS_CHINESE", field=_field(field), text=text)
            .on(field)
        )
    if chinese is False and field.startswith(("name", "alt")) and has_cjk(text):
        raise (
            UserInputError(f"{field} '{text}' contains Chinese; put it in the *Zh field")
            .as_message("CURATE_NO_CHINESE", field=_field(field), text=text)
            .on(field)
        )
    return text


def validate_concept_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Check and normalise curated fields; raise UserInputError saying what to fix."""
    if not changes:
        raise (
            UserInputError(f"nothing to change; give at least one of {', '.join(CURATED_FIELDS)}")
            .as_message("CURATE_NOTHING", fields=", ".join(CURATED_FIELDS))
            .on("changes")
        )
    out: dict[str, Any] = {}
    for field, value in changes.items():
        if field not in CURATED_FIELDS:
            raise (
                UserInputError(f"'{field}' cannot be curated; use {', '.join(CURATED_FIELDS)}")
                .as_message("CURATE_NOT_CURATED", field=field, fields=", ".join(CURATED_FIELDS))
                .on("changes")
            )
        chinese = field.endswith("Zh")
        if field.startswith("alt"):
            if not isinstance(value, list) or len(value) > MAX_SYNONYMS:
                raise (
                    UserInputError(f"{field} must be a list of at most {MAX_SYNONYMS} synonyms")
                    .as_message("CURATE_TOO_MANY_SYNONYMS", field=_field(field), limit=MAX_SYNONYMS)
                    .on(field)
                )
            items = [_text(field, v, chinese=chinese, limit=MAX_LABEL_CHARS) for v in value]
            out[field] = list(dict.fromkeys(items))
        elif field.startswith("definition"):
            out[field] = _text(field, value, chinese=chinese, limit=MAX_DEFINITION_CHARS)
        else:
            out[field] = _text(field, value, chinese=chinese, limit=MAX_LABEL_CHARS)
    return out


def validate_requirement(weight: float, min_level: str) -> None:
    rule = requirement_rule()
    if weight not in rule.weight:
        raise (
            UserInputError(f"weight {weight} is out of range; use a value in {rule.weight}")
            .as_message("CURATE_WEIGHT_RANGE", weight=weight, range=str(rule.weight))
            .on("weight")
        )
    if min_level not in rule.min_levels:
        raise (
            UserInputError(
                f"minLevel '{min_level}' is not a response level; use {rule.levels_text()}"
            )
            .as_message("CURATE_MIN_LEVEL", minLevel=str(min_level), levels=rule.levels_text())
            .on("minLevel")
        )


async def update_concept(
    runner: CypherRunner,
    kind: str,
    concept_id: str,
    changes: Mapping[str, Any],
    *,
    actor: str,
) -> AuditEntry:
    if kind not in CONCEPT_KINDS:
        raise (
            UserInputError(f"'{kind}' is not a curated concept kind; use {CONCEPT_KINDS}")
            .as_message("CURATE_KIND", kind=kind, kinds=", ".join(CONCEPT_KINDS))
            .on("kind")
        )
    clean = validate_concept_changes(changes)

    async def work(tx: AsyncManagedTransaction) -> AuditEntry:
        row = await (await tx.run(read_concept_query(kind), id=concept_id)).single()
        if row is None:
            raise (
                NotFoundError(f"no {kind} with id '{concept_id}'; list them with the API")
                .as_message("CURATE_NO_CONCEPT", kind=kind, id=concept_id)
                .on("id")
            )
        before = {k: v for k, v in dict(row["before"]).items() if k in clean}
        await tx.run(update_concept_query(kind), id=concept_id, changes=clean)
        await bump_ontology_version_async(tx, by=f"update{kind}")  # taxonomy caches go stale
        return await record(
            tx, actor=actor, action=f"update{kind}", target=concept_id, before=before, after=clean
        )

    entry = await runner.write(work)
    if kind == "HazardType":
        forget_lexicons()  # a curated synonym is read in this worker's next report at once
    return entry


async def _missing(tx: AsyncManagedTransaction, ends: list[tuple[str, str, str]]) -> None:
    """Raise for the first of `ends` (kind, id, input field) that is not in the graph."""
    for kind, cid, field in ends:
        res = await tx.run(EXISTING_IDS, ids=[cid], kinds=[kind])
        row = await res.single(strict=True)
        if not row["found"]:
            raise (
                UserInputError(f"unknown {kind} '{cid}'; check the id (list them with the API)")
                .as_message("CURATE_UNKNOWN_ID", kind=kind, id=cid)
                .on(field)
            )


async def set_requirement(
    runner: CypherRunner,
    hazard: str,
    capability: str,
    weight: float,
    min_level: str,
    *,
    actor: str,
) -> AuditEntry:
    validate_requirement(weight, min_level)

    async def when_absent(tx: AsyncManagedTransaction) -> EmkgError:
        await _missing(
            tx, [("HazardType", hazard, "hazard"), ("Capability", capability, "capability")]
        )
        return (
            UserInputError(f"hazard '{hazard}' or capability '{capability}' is retired")
            .as_message("CURATE_RETIRED", hazard=hazard, capability=capability)
            .on("hazard")
        )

    params = {"hazard": hazard, "capability": capability, "weight": weight, "minLevel": min_level}
    return await edit_link(
        runner,
        SET_REQUIREMENT,
        params,
        between=(hazard, capability),
        action="setRequirement",
        actor=actor,
        when_absent=when_absent,
    )


async def remove_requirement(
    runner: CypherRunner,
    hazard: str,
    capability: str,
    *,
    actor: str,
) -> AuditEntry:
    async def when_absent(tx: AsyncManagedTransaction) -> EmkgError:
        return (
            NotFoundError(f"hazard '{hazard}' has no requirement for '{capability}'")
            .as_message("CURATE_NO_REQUIREMENT", hazard=hazard, capability=capability)
            .on("hazard")
        )

    return await edit_link(
        runner,
        REMOVE_REQUIREMENT,
        {"hazard": hazard, "capability": capability},
        between=(hazard, capability),
        action="removeRequirement",
        actor=actor,
        when_absent=when_absent,
    )


async def set_team_status(
    runner: CypherRunner,
    team: str,
    status: str,
    *,
    actor: str,
    reason: str | None = None,
) -> AuditEntry:
    """Change a team's status (audited); its audit entry."""
    return (await change_team_status(runner, team, status, actor=actor, reason=reason))[0]


async def change_team_status(
    runner: CypherRunner,
    team: str,
    status: str,
    *,
    actor: str,
    reason: str | None = None,
) -> tuple[AuditEntry, Node]:
    """Change a team's status (audited) in one transaction; its audit entry and the team
    as changed.

    Example::

        entry, team = await change_team_status(runner, "T-SC-0001", "deployed", actor=who)
        team.get("status")   # "deployed"
    """
    if status not in TEAM_STATUSES:
        raise (
            UserInputError(f"status '{status}' is unknown; use one of {', '.join(TEAM_STATUSES)}")
            .as_message("STATUS_UNKNOWN", status=status, statuses=", ".join(TEAM_STATUSES))
            .on("status")
        )
    if reason is not None and len(reason) > MAX_STATUS_REASON_CHARS:
        raise (
            UserInputError(
                f"reason is {len(reason)} characters long; the limit is {MAX_STATUS_REASON_CHARS} "
                "characters: shorten it"
            )
            .as_message("STATUS_REASON_TOO_LONG", length=len(reason), limit=MAX_STATUS_REASON_CHARS)
            .on("reason")
        )

    async def work(tx: AsyncManagedTransaction) -> tuple[AuditEntry, Node]:
        row = await (await tx.run(SET_TEAM_STATUS, team=team, status=status)).single()
        if row is None:
            raise (
                NotFoundError(f"no team with id '{team}'; find it with teams(filter: ...)")
                .as_message("STATUS_NO_TEAM", team=team)
                .on("team")
            )
        after: dict[str, Any] = {"status": status}
        if reason:
            after["reason"] = reason
        entry = await record(
            tx,
            actor=actor,
            action="setTeamStatus",
            target=team,
            before={"status": row["before"]},
            after=after,
        )
        return entry, parse_node(row, "Team")

    return await runner.write(work)
