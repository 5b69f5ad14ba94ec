"""Sync the ontology's taxonomies into Neo4j: all-or-nothing, idempotent, never silently deleting.

The graph's taxonomy (HazardType, Capability, TeamType, EquipmentType and their
BROADER / MAY_TRIGGER / REQUIRES / PROVIDES / SERVES / TYPICALLY_HAS relations) is
compared with the ontology; only differences are written, in one transaction.
A concept that left the ontology but is still referenced by data (teams,
plans, experts, ...) is retired (``deprecated: true``, ``retired: true``) and
reported; an unreferenced one is deleted.

Example::

    report = sync_ontology(driver, "neo4j", load_ontology())
    print(report.to_text())      # "no changes" on the second run
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, LiteralString

from neo4j import Driver, ManagedTransaction

from kg.errors import map_neo4j_errors
from kg.gate import label, rel
from kg.hazard_migration import (
    Migration,
    drop_stepped_aside,
    is_stepped_aside,
    migrate_legacy_hazards,
)
from kg.ontology_version import bump_ontology_version, record_applied
from kg.schema import apply_schema
from ontology import Ontology, OntologyError
from ontology.registry import CONCEPT_KINDS as CONCEPT_KINDS  # re-exported: the synced kinds
from ontology.registry import TAXONOMY_RELATIONSHIPS, Relationship


def _ends(r: Relationship) -> tuple[str, str, str]:
    # The sync matches a relationship by its type, so each must join one label to one label.
    if len(r.domain) != 1 or len(r.range) != 1:
        raise OntologyError(f"core.ttl: taxonomy relationship {r.type} must join one class to one")
    return (r.type, r.domain[0], r.range[0])


# (type, source label, target label) of the relationships the ontology owns (core.ttl).
TAXONOMY_RELS: tuple[tuple[str, str, str], ...] = tuple(_ends(r) for r in TAXONOMY_RELATIONSHIPS)

RelKey = tuple[str, str, str]  # (type, source id, target id)


@dataclass
class SyncReport:
    added: dict[str, list[str]] = field(default_factory=dict)
    changed: dict[str, list[str]] = field(default_factory=dict)
    deleted: dict[str, list[str]] = field(default_factory=dict)
    retired: dict[str, list[str]] = field(default_factory=dict)
    rels_added: int = 0
    rels_removed: int = 0
    rels_changed: int = 0
    migration: Migration = field(default_factory=Migration)

    @property
    def is_empty(self) -> bool:
        return not (
            self.migration
            or any(self.added.values())
            or any(self.changed.values())
            or any(self.deleted.values())
            or any(self.retired.values())
            or self.rels_added
            or self.rels_removed
            or self.rels_changed
        )

    def to_text(self) -> str:
        if self.is_empty:
            return "no changes: the graph already matches the ontology"
        lines = [self.migration.to_text()] if self.migration else []
        for title, part in (
            ("added", self.added),
            ("changed", self.changed),
            ("deleted", self.deleted),
            ("retired (still referenced by data)", self.retired),
        ):
            for kind, ids in sorted(part.items()):
                if ids:
                    shown = ", ".join(ids[:12]) + (" ..." if len(ids) > 12 else "")
                    lines.append(f"{title} {kind}: {len(ids)} ({shown})")
        lines.append(f"relationships: +{self.rels_added} -{self.rels_removed} ~{self.rels_changed}")
        return "\n".join(lines)


def concept_properties(onto: Ontology, kind: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for c in onto.of_kind(kind):
        props: dict[str, Any] = {
            "id": c.id,
            "nameZh": c.name_zh,
            "nameEn": c.name_en,
            "altZh": list(c.alt_zh),
            "altEn": list(c.alt_en),
            "definitionZh": c.definition_zh,
            "definitionEn": c.definition_en,
            "deprecated": c.deprecated,
        }
        if c.rank is not None:
            props["rank"] = c.rank
        if c.rtlt:
            props["rtlt"] = list(c.rtlt)
        out[c.id] = props
    return out


def ontology_relationships(onto: Ontology) -> dict[RelKey, dict[str, Any]]:
    rels: dict[RelKey, dict[str, Any]] = {}
    for c in onto.of_kind("HazardType"):
        for parent in c.broader:
            rels[("BROADER", c.id, parent)] = {}
    for cas in onto.cascades:
        rels[("MAY_TRIGGER", cas.source, cas.target)] = {"likelihood": cas.likelihood}
    for req in onto.requirements:
        rels[("REQUIRES", req.hazard, req.capability)] = {
            "weight": req.weight,
            "minLevel": req.min_level,
        }
    for p in onto.provisions:
        rels[("PROVIDES", p.equipment_type, p.capability)] = {}
    for sv in onto.services:
        rels[("SERVES", sv.equipment_type, sv.hazard)] = {}
    for t in onto.typical_capabilities:
        rels[("TYPICALLY_HAS", t.team_type, t.capability)] = {"level": t.level}
    return rels


def _q_nodes(kind: str) -> LiteralString:
    return (
        "MATCH (n:" + label(kind) + ") WHERE n.source = 'ontology' "
        "RETURN n.id AS id, properties(n) AS props"
    )


def _q_upsert(kind: str) -> LiteralString:
    return (
        "UNWIND $rows AS row MERGE (n:" + label(kind) + " {id: row.id}) "
        "SET n += row, n.source = 'ontology', n.loadedAt = datetime(), n.loadRunId = $run, "
        "n.retired = false"
    )


def _q_referenced(kind: str) -> LiteralString:
    # Referenced by anything that is not part of the ontology-owned taxonomy.
    return (
        "UNWIND $ids AS id MATCH (n:" + label(kind) + " {id: id}) "
        "WHERE EXISTS { (n)--(m) WHERE m.source IS NULL OR m.source <> 'ontology' } "
        "RETURN collect(n.id) AS ids"
    )


def _q_retire(kind: str) -> LiteralString:
    return (
        "UNWIND $ids AS id MATCH (n:" + label(kind) + " {id: id}) "
        "SET n.deprecated = true, n.retired = true, n.retiredAt = datetime()"
    )


def _q_delete(kind: str) -> LiteralString:
    return "UNWIND $ids AS id MATCH (n:" + label(kind) + " {id: id}) DETACH DELETE n"


def _q_rels(rtype: str, src: str, dst: str) -> LiteralString:
    return (
        "MATCH (a:" + label(src) + ")-[r:" + rel(rtype) + "]->(b:" + label(dst) + ") "
        "WHERE a.source = 'ontology' AND b.source = 'ontology' "
        "RETURN a.id AS a, b.id AS b, properties(r) AS props"
    )


def _q_merge_rels(rtype: str, src: str, dst: str) -> LiteralString:
    return (
        "UNWIND $rows AS row MATCH (a:" + label(src) + " {id: row.a}) "
        "MATCH (b:" + label(dst) + " {id: row.b}) "
        "MERGE (a)-[r:" + rel(rtype) + "]->(b) SET r = row.props"
    )


def _q_delete_rels(rtype: str, src: str, dst: str) -> LiteralString:
    return (
        "UNWIND $rows AS row MATCH (a:"
        + label(src)
        + " {id: row.a})-[r:"
        + rel(rtype)
        + "]->(b:"
        + label(dst)
        + " {id: row.b}) DELETE r"
    )


def _clean(props: Mapping[str, Any]) -> dict[str, Any]:
    skip = {
        "source",
        "loadedAt",
        "loadRunId",
        "retired",
        "retiredAt",
        "embedding",
        "embeddingHash",
        "embeddingText",
    }
    return {k: v for k, v in props.items() if k not in skip}


def plan_sync(tx: ManagedTransaction, onto: Ontology) -> tuple[SyncReport, dict[str, Any]]:
    """Compare graph and ontology inside `tx`; return the report and the write plan."""
    report = SyncReport()
    plan: dict[str, Any] = {"nodes": {}, "gone": {}, "rels_put": {}, "rels_del": {}}
    for kind in CONCEPT_KINDS:
        want = concept_properties(onto, kind)
        have = {
            r["id"]: r["props"] for r in tx.run(_q_nodes(kind)) if not is_stepped_aside(r["id"])
        }
        put = [
            p
            for i, p in want.items()
            if i not in have or _clean(have[i]) != p or have[i].get("retired")
        ]
        report.added[kind] = sorted(i for i in want if i not in have)
        report.changed[kind] = sorted(p["id"] for p in put if p["id"] in have)
        gone = sorted(i for i in have if i not in want and not have[i].get("retired"))
        plan["nodes"][kind] = put
        plan["gone"][kind] = gone
    want_rels = ontology_relationships(onto)
    for rtype, src, dst in TAXONOMY_RELS:
        have_rels = {
            (rtype, r["a"], r["b"]): dict(r["props"])
            for r in tx.run(_q_rels(rtype, src, dst))
            if not (is_stepped_aside(r["a"]) or is_stepped_aside(r["b"]))
        }
        mine = {k: v for k, v in want_rels.items() if k[0] == rtype}
        put_rels = [
            {"a": k[1], "b": k[2], "props": v}
            for k, v in sorted(mine.items())
            if have_rels.get(k) != v
        ]
        del_rels = [{"a": k[1], "b": k[2]} for k in sorted(have_rels) if k not in mine]
        report.rels_added += sum(1 for k in mine if k not in have_rels)
        report.rels_changed += sum(
            1 for k, v in mine.items() if k in have_rels and have_rels[k] != v
        )
        report.rels_removed += len(del_rels)
        plan["rels_put"][rtype] = put_rels
        plan["rels_del"][rtype] = del_rels
    for kind in CONCEPT_KINDS:
        gone = plan["gone"][kind]
        if gone:
            referenced = set(tx.run(_q_referenced(kind), ids=gone).single(strict=True)["ids"])
            report.retired[kind] = sorted(referenced)
            report.deleted[kind] = sorted(set(gone) - referenced)
    return report, plan


def _execute(tx: ManagedTransaction, report: SyncReport, plan: dict[str, Any], run: str) -> None:
    for kind in CONCEPT_KINDS:
        if plan["nodes"][kind]:
            tx.run(_q_upsert(kind), rows=plan["nodes"][kind], run=run)
    for rtype, src, dst in TAXONOMY_RELS:
        if plan["rels_del"][rtype]:
            tx.run(_q_delete_rels(rtype, src, dst), rows=plan["rels_del"][rtype])
        if plan["rels_put"][rtype]:
            tx.run(_q_merge_rels(rtype, src, dst), rows=plan["rels_put"][rtype])
    for kind in CONCEPT_KINDS:
        if report.retired.get(kind):
            tx.run(_q_retire(kind), ids=report.retired[kind])
        if report.deleted.get(kind):
            tx.run(_q_delete(kind), ids=report.deleted[kind])


def sync_ontology(
    driver: Driver,
    database: str,
    onto: Ontology,
    *,
    run_id: str = "ontology",
    dry_run: bool = False,
    hashes: tuple[str, str] | None = None,
) -> SyncReport:
    """Apply schema then taxonomy; the taxonomy write is one transaction (all-or-nothing).

    A sync that changes something bumps the ontology version in that transaction
    (kg/ontology_version.py); `hashes` (the files' and the sync code's, from
    `emkg ontology apply` after strict validation) are recorded as what was applied."""
    apply_schema(driver, database)

    def work(tx: ManagedTransaction) -> SyncReport:
        migration = migrate_legacy_hazards(tx, onto)
        report, plan = plan_sync(tx, onto)
        report.migration = migration
        if dry_run:
            if migration:  # the plan was made on the migrated graph: undo it all
                raise _DryRun(report)
            return report
        if not report.is_empty:
            _execute(tx, report, plan, run_id)
            bump_ontology_version(tx, by="ontology sync")
        if hashes is not None or not report.is_empty:
            source, code = hashes if hashes is not None else (None, None)
            record_applied(tx, source=source, code=code)
        if migration:  # last: nothing may read after Neo4j deletes them (hazard_migration)
            drop_stepped_aside(tx)
        return report

    try:
        with map_neo4j_errors(), driver.session(database=database) as session:
            return session.execute_write(work)
    except _DryRun as done:
        return done.report


class _DryRun(Exception):
    """Raised out of the write transaction so that it rolls back, carrying the report."""

    def __init__(self, report: SyncReport) -> None:
        super().__init__("dry run")
        self.report = report


def counts_by_kind(
    driver: Driver, database: str, kinds: Iterable[str] = CONCEPT_KINDS
) -> dict[str, int]:
    out = {}
    with map_neo4j_errors():
        for kind in kinds:
            q: LiteralString = (
                "MATCH (n:" + label(kind) + ") WHERE NOT coalesce(n.retired, false) "
                "RETURN count(n) AS n"
            )
            records, _, _ = driver.execute_query(q, database_=database)
            out[kind] = int(records[0]["n"])
    return out
