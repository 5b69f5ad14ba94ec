"""References to records (regions, teams, depots) that must exist before a file is written.

A taxonomy concept id is checked against the ontology (``loaders.validation``); an id of a
record (a team's region, an equipment's holder, a plan's named team) must name a record of
the same file or a node already in the graph. The checked pass notes every such id with
its rows; before anything is written the unknown ones become row errors, so abort mode
writes nothing instead of loading rows whose links silently go missing. A plan's
prescription names a team or an expert (``kind: expert``; without a kind an id that is not
a taxonomy id is read as a team): one found under the other kind says which kind to write.

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
from loaders.records import KIND_KEY, RecordKind
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
        # (field, target id, the record labels it may have) -> [(row, record id)]
        self.wanted: dict[tuple[str, str, tuple[str, ...]], list[tuple[int, str | None]]] = {}

    def note(self, row: int, record: Mapping[str, Any]) -> None:
        rid = record.get("id")
        rid = rid if isinstance(rid, str) else None
        if rid is not None:
            self.file_ids.add(rid)
        for lf in self.fields:
            for target, _, labels in lf.entries(record):
                if mine := record_labels(labels):
                    self.wanted.setdefault((lf.field, target, mine), []).append((row, rid))

    def unresolved(
        self, driver: Driver | None, database: str, *, written: bool = False
    ) -> list[tuple[int, str | None, FieldIssue]]:
        """(row, record id, issue) for every reference to neither a record of the file nor a
        node in the graph; without a driver (a dry run offline) only the file is consulted.
        `written`: the records were loaded without the link (the problem says so)."""
        pending: dict[str, set[str]] = {}  # label -> ids to look up
        for name, target, labels in self.wanted:
            if self.kind.label in labels and target in self.file_ids:
                continue
            # a prescription's id not found as a team may be an expert's (and back)
            for lbl in (*labels, *self._other_kinds(name, labels)):
                pending.setdefault(lbl, set()).add(target)
        found = _existing(driver, database, pending) if driver is not None else None
        out: list[tuple[int, str | None, FieldIssue]] = []
        for (name, target, labels), rows in self.wanted.items():
            if self.kind.label in labels and target in self.file_ids:
                continue
            if found is None or any(target in found.get(lbl, ()) for lbl in labels):
                continue
            other = [o for o in self._other_kinds(name, labels) if target in found.get(o, ())]
            if other:
                problem = kind_missing(target, found=other[0], read_as=labels[0])
            else:
                code = "LOAD_UNKNOWN_REFERENCE_WRITTEN" if written else "LOAD_UNKNOWN_REFERENCE"
                kinds = tuple(TermKey(f"kind.{lbl}") for lbl in labels)
                problem = Problem.of(code, kinds=kinds, id=target[:200])
            out.extend((row, rid, FieldIssue(name, problem)) for row, rid in rows)
        return sorted(out, key=lambda x: x[0])

    def _other_kinds(self, name: str, labels: tuple[str, ...]) -> tuple[str, ...]:
        """For a field whose values state (or may leave out) their kind: the other record
        labels a target could have (a team's and an expert's ids look alike)."""
        lf = next(f for f in self.fields if f.field == name)
        if lf.kind_key is None:
            return ()
        return tuple(t for t in record_labels(lf.targets) if t not in labels)


def record_labels(labels: tuple[str, ...]) -> tuple[str, ...]:
    """The labels among `labels` that are records, not taxonomy concepts."""
    return tuple(t for t in labels if t not in CONCEPT_KINDS)


def kind_missing(target: str, *, found: str, read_as: str) -> Problem:
    """A prescription without a kind names a record of another label: say which kind to add."""
    return Problem.of(
        "LOAD_PRESCRIPTION_KIND_MISSING",
        id=target[:200],
        found=TermKey(f"kind.{found}"),
        readAs=TermKey(f"kind.{read_as}"),
        field=KIND_KEY,
        fix=found[:1].lower() + found[1:],
    )


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
