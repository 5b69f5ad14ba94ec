"""Plan versions: a new version supersedes the old one, the history is kept and compared.

A new version is a new Plan node (its own id) written like any edited record
(queries/catalog/record_edits.py), linked ``(new)-[:SUPERSEDES {at, actor}]->(old)``;
the old version stays in the graph, retired, so the recommender and readiness read only
the current one while the history and a diff between any two versions stay readable.
A version can be superseded once (the history is a line, not a tree).

Example::

    entry = await supersede_plan(runner, edit, old="P-CN-QUAKE", actor="alice")
    history = await plan_history(runner, "P-CN-QUAKE")   # newest first
    d = plan_diff(*(await read_plans(runner, ["P-CN-QUAKE", "P-CN-QUAKE.v2025"])).values())
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from kg.cypher import CypherRunner
from kg.errors import NotFoundError
from queries.catalog.audit import record
from queries.catalog.models import AuditEntry
from queries.catalog.plan_diff import PlanRecord, Prescribed
from queries.catalog.record_edits import FieldError, RecordEdit, read_state, write_record
from queries.models import Term

MAX_VERSIONS = 50  # a history longer than this is cut (oldest last)
PRESCRIBED_KINDS = ("Capability", "TeamType", "Team", "EquipmentType", "Expert")

READ_PLANS: LiteralString = """
UNWIND $ids AS pid
MATCH (p:Plan {id: pid})
RETURN p {.id, .nameZh, .nameEn, .level, .issuer, .version, .effectiveDate, .summaryZh,
          .summaryEn, .timeStandardMinutes, retired: coalesce(p.retired, false)} AS plan,
       [(p)-[:COVERS]->(h) | h.id] AS covers,
       [(p)-[:APPLIES_TO]->(r) | r.id] AS regions,
       [(p)-[r:PRESCRIBES]->(m) | {target: m.id,
            kind: [l IN labels(m) WHERE l IN $kinds][0], responseLevel: r.responseLevel,
            quantity: r.quantity, capabilityLevel: r.capabilityLevel,
            nameZh: m.nameZh, nameEn: m.nameEn}] AS prescribes
"""

# The whole line of versions through one of them (SUPERSEDES either way).
HISTORY: LiteralString = """
MATCH (p:Plan {id: $id})
MATCH (p)-[:SUPERSEDES*0..50]-(v:Plan)
WITH DISTINCT v
OPTIONAL MATCH (v)-[s:SUPERSEDES]->(old:Plan)
RETURN v {.id, .nameZh, .nameEn, .version, .effectiveDate,
          retired: coalesce(v.retired, false)} AS plan,
       old.id AS supersedes, toString(s.at) AS at, s.actor AS actor
LIMIT $limit
"""

OLD_VERSION: LiteralString = """
MATCH (old:Plan {id: $old})
OPTIONAL MATCH (newer:Plan)-[:SUPERSEDES]->(old)
RETURN coalesce(old.retired, false) AS retired, newer.id AS newer
"""

LINK_VERSIONS: LiteralString = """
MATCH (new:Plan {id: $new}), (old:Plan {id: $old})
CREATE (new)-[:SUPERSEDES {at: datetime(), actor: $actor}]->(old)
SET old.retired = true, old.retiredAt = datetime()
"""


@dataclass(frozen=True)
class PlanVersion:
    """One version in a plan's history; `supersedes` the version it replaced."""

    id: str
    name_zh: str
    name_en: str
    version: str | None
    effective_date: Any
    current: bool
    supersedes: str | None
    superseded_at: str | None
    actor: str | None


def parse_plan(row: Mapping[str, Any]) -> PlanRecord:
    plan = dict(row["plan"])
    return PlanRecord(
        id=str(plan.pop("id")),
        retired=bool(plan.pop("retired")),
        fields=plan,
        covers=tuple(sorted(row["covers"])),
        regions=tuple(sorted(row["regions"])),
        prescribes=tuple(
            Prescribed(
                response_level=str(p["responseLevel"]),
                target=str(p["target"]),
                kind=str(p["kind"]),
                quantity=p["quantity"],
                capability_level=p["capabilityLevel"],
                name_zh=p["nameZh"] or "",
                name_en=p["nameEn"] or "",
            )
            for p in row["prescribes"]
        ),
    )


def parse_version(row: Mapping[str, Any]) -> PlanVersion:
    plan = row["plan"]
    return PlanVersion(
        id=str(plan["id"]),
        name_zh=plan["nameZh"] or "",
        name_en=plan["nameEn"] or "",
        version=plan["version"],
        effective_date=plan["effectiveDate"],
        current=not plan["retired"],
        supersedes=row["supersedes"],
        superseded_at=row["at"],
        actor=row["actor"],
    )


def order_versions(versions: list[PlanVersion]) -> list[PlanVersion]:
    """Newest first along the SUPERSEDES line (versions off the line last, by id)."""
    replaced = {v.supersedes for v in versions if v.supersedes}
    by_id = {v.id: v for v in versions}
    heads = sorted(v.id for v in versions if v.id not in replaced)
    out: list[PlanVersion] = []
    seen: set[str] = set()
    for head in heads:
        cur: str | None = head
        while cur is not None and cur in by_id and cur not in seen:
            seen.add(cur)
            out.append(by_id[cur])
            cur = by_id[cur].supersedes
    return out + sorted((v for v in versions if v.id not in seen), key=lambda v: v.id)


async def read_plans(runner: CypherRunner, ids: list[str]) -> dict[str, PlanRecord]:
    """The plans with these ids (retired versions included), by id."""
    rows = await runner.read(READ_PLANS, {"ids": ids, "kinds": list(PRESCRIBED_KINDS)})
    return {p.id: p for p in map(parse_plan, rows)}


async def plan_history(runner: CypherRunner, plan_id: str) -> list[PlanVersion]:
    """Every version of the plan `plan_id` belongs to, newest first; NotFoundError if none."""
    rows = await runner.read(HISTORY, {"id": plan_id, "limit": MAX_VERSIONS})
    if not rows:
        raise NotFoundError(f"no plan with id '{plan_id}'").as_message(
            "WORKBENCH_NO_RECORD", kind=Term("kind.Plan"), id=plan_id
        )
    return order_versions([parse_version(r) for r in rows])


async def supersede_plan(
    runner: CypherRunner, edit: RecordEdit, *, old: str, actor: str
) -> AuditEntry:
    """Write `edit` (a new plan id) as the version that replaces `old`, in one transaction."""

    async def work(tx: AsyncManagedTransaction) -> AuditEntry:
        if old == edit.id:
            raise FieldError(
                "id", f"the new version needs an id of its own, not '{old}'"
            ).as_message("WORKBENCH_VERSION_SAME_ID", id=old)
        row = await (await tx.run(OLD_VERSION, old=old)).single()
        if row is None:
            raise FieldError("supersedes", f"unknown Plan '{old}'; check the id").as_message(
                "WORKBENCH_UNKNOWN_REF", kind=Term("kind.Plan"), id=old
            )
        if row["newer"] is not None or row["retired"]:
            newer = row["newer"] or "-"
            raise FieldError(
                "supersedes",
                f"plan '{old}' is not the current version (superseded by '{newer}'); "
                "start from the current one",
            ).as_message("WORKBENCH_ALREADY_SUPERSEDED", id=old, newer=newer)
        before = await read_state(tx, "Plan", old)
        await write_record(tx, edit, kind_name="plan")
        await (await tx.run(LINK_VERSIONS, new=edit.id, old=old, actor=actor)).consume()
        after = await read_state(tx, "Plan", edit.id)
        return await record(
            tx,
            actor=actor,
            action="supersedePlan",
            target=edit.id,
            before=before,
            after={**(after or {}), "supersedes": old},
        )

    return await runner.write(work)
