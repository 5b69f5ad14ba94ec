"""References to records (regions, teams, depots) that must exist before a file is written.

A taxonomy concept id is checked against the ontology (``loaders.validation``); an id of a
record (a team's region, an equipment's holder, a plan's named team) must name a record of
the same file or a node already in the graph. The checked pass notes every such id with
its rows; before anything is written the unknown ones become row errors, so abort mode
writes nothing instead of loading rows whose links silently go missing.

Example::

    refs = References(KINDS["teams"])
    refs.note(3, {"id": "T-1", "region": "510199"})
    refs.unresolved(driver, "neo4j")   # [(3, 'T-1', FieldIssue('region', Problem(...)))]
    # .reason: "unknown Region '510199': it is neither in this file nor in the graph ..."
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neo4j import Driver

from kg.errors import map_neo4j_errors
from kg.upserts import existing_ids_query
from loaders.records import LinkField, RecordKind
from ontology.problems import Problem, TermKey
from ontology.registry import CONCEPT_KINDS
from ontology.shapes import FieldIssue

_LOOKUP_BATCH = 10_000


class References:
    """Record ids a file refers to, noted row by row, resolved once at the end."""

    def __init__(self, kind: RecordKind) -> None:
        self.kind = kind
        self.fields = [lf for lf in kind.links if any(t not in CONCEPT_KINDS for t in lf.targets)]
        self.file_ids: set[str] = set()
        # (field, target id) -> [(row, record id)]
        self.wanted: dict[tuple[str, str], list[tuple[int, str | None]]] = {}

    def note(self, row: int, record: Mapping[str, Any]) -> None:
        rid = record.get("id")
        rid = rid if isinstance(rid, str) else None
        if rid is not None:
            self.file_ids.add(rid)
        for lf in self.fields:
            for target, _ in lf.items(record):
                if self._labels(lf, target):
                    self.wanted.setdefault((lf.field, target), []).append((row, rid))

    def _labels(self, lf: LinkField, target: str) -> tuple[str, ...]:
        """The record labels `target` may have (none: it is a taxonomy concept)."""
        labels = (lf.choose(target),) if lf.choose is not None else lf.targets
        return tuple(t for t in labels if t not in CONCEPT_KINDS)

    def unresolved(
        self, driver: Driver | None, database: str, *, written: bool = False
    ) -> list[tuple[int, str | None, FieldIssue]]:
        """(row, record id, issue) for every reference to neither a record of the file nor a
        node in the graph; without a driver (a dry run offline) only the file is consulted.
        `written`: the records were loaded without the link (the problem says so)."""
        pending: dict[str, set[str]] = {}  # label -> ids to look up
        for (name, target), _ in self.wanted.items():
            lf = next(f for f in self.fields if f.field == name)
            labels = self._labels(lf, target)
            if self.kind.label in labels and target in self.file_ids:
                continue
            for lbl in labels:
                pending.setdefault(lbl, set()).add(target)
        found = _existing(driver, database, pending) if driver is not None else None
        out: list[tuple[int, str | None, FieldIssue]] = []
        for (name, target), rows in self.wanted.items():
            lf = next(f for f in self.fields if f.field == name)
            labels = self._labels(lf, target)
            if self.kind.label in labels and target in self.file_ids:
                continue
            if found is None or any(target in found.get(lbl, ()) for lbl in labels):
                continue
            code = "LOAD_UNKNOWN_REFERENCE_WRITTEN" if written else "LOAD_UNKNOWN_REFERENCE"
            kinds = tuple(TermKey(f"kind.{lbl}") for lbl in labels)
            problem = Problem.of(code, kinds=kinds, id=target[:200])
            out.extend((row, rid, FieldIssue(name, problem)) for row, rid in rows)
        return sorted(out, key=lambda x: x[0])


def _existing(driver: Driver, database: str, pending: dict[str, set[str]]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    with map_neo4j_errors(), driver.session(database=database) as session:
        for lbl, ids in pending.items():
            todo = sorted(ids)
            for i in range(0, len(todo), _LOOKUP_BATCH):
                record = session.run(
                    existing_ids_query(lbl), ids=todo[i : i + _LOOKUP_BATCH]
                ).single(strict=True)
                found.setdefault(lbl, set()).update(record["found"])
    return found
