"""Graph-wide repair: doubled relationships (issue 14, item 9).

Before every link was MERGEd, a file that repeated an id doubled each relationship of
that node (two HAS_CAPABILITY to the same capability with the same level, and so on).
A load now repairs the nodes it touches; `repair_doubled` repairs the whole graph: for
every relationship type of the ontology, of the relationships of that type between the
same two nodes with identical properties it keeps one and deletes the others. Two
relationships of one type between the same nodes with *different* properties are not
doubles (e.g. an expert's two EXPERT_IN with different depths) and are kept.

One read per type counts the doubles; with ``dry_run=False`` one write per type removes
them (a type at a time, so a failure leaves every type either repaired or untouched, and a
second run finishes the job: the repair is idempotent).

Example::

    report = repair_doubled(driver, "neo4j", dry_run=True)
    print(report.to_text())      # "HAS_CAPABILITY: 12 doubled relationships (dry run) ..."
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import LiteralString

from neo4j import Driver

from kg.gate import rel
from kg.upserts import DOUBLES, REMOVE_DOUBLES
from ontology.registry import REL_TYPES


@cache
def count_doubled_query(rtype: str) -> LiteralString:
    return (
        "MATCH (n)-[r:"
        + rel(rtype)
        + "]->(m) "
        + DOUBLES
        + "RETURN coalesce(sum(size(rels) - 1), 0) AS doubled"
    )


@cache
def remove_doubled_query(rtype: str) -> LiteralString:
    return "MATCH (n)-[r:" + rel(rtype) + "]->(m) " + REMOVE_DOUBLES


@dataclass(frozen=True)
class RepairReport:
    """Doubled relationships per type (found, or removed unless a dry run)."""

    doubled: dict[str, int] = field(default_factory=dict)
    dry_run: bool = True

    @property
    def total(self) -> int:
        return sum(self.doubled.values())

    def to_text(self) -> str:
        if not self.total:
            return "no doubled relationships: nothing to repair"
        verb = "found (dry run: nothing removed)" if self.dry_run else "removed"
        lines = [
            f"{rtype}: {n} doubled relationship{'s' if n != 1 else ''}"
            for rtype, n in sorted(self.doubled.items())
            if n
        ]
        lines.append(f"{self.total} doubled relationships {verb}")
        return "\n".join(lines)


def repair_doubled(driver: Driver, database: str, *, dry_run: bool = True) -> RepairReport:
    """Find (and unless `dry_run`, remove) doubled relationships of every ontology type."""
    doubled: dict[str, int] = {}
    for rtype in sorted(REL_TYPES):
        records, _, _ = driver.execute_query(count_doubled_query(rtype), database_=database)
        n = int(records[0]["doubled"])
        if n and not dry_run:
            records, _, _ = driver.execute_query(remove_doubled_query(rtype), database_=database)
            n = int(records[0]["removed"])
        doubled[rtype] = n
    return RepairReport(doubled=doubled, dry_run=dry_run)
