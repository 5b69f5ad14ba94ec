"""One data file of a bulk load: its rows checked (screened or the normal way) and written as
node and relationship rows of the importer's tables (loaders.bulk.tables).

Example::

    done = FileExport(tables, BulkFile(Path("teams.jsonl"), "teams"), known, now).run()
    done.created, done.rels_created, done.aborted
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loaders.bulk.tables import RelTable, Tables
from loaders.mapping import Mapping
from loaders.pipeline import LoadOptions, _Source, new_run_id
from loaders.progress import Progress
from loaders.records import KINDS, LinkField, RecordKind
from loaders.screen import RowScreen, Span
from loaders.summary import LoadSummary
from loaders.validation import RowError
from loaders.verdicts import memoize_checker
from ontology.problems import Problem, TermKey
from ontology.shapes import record_validator

PROVENANCE = ("source", "loadedAt", "loadRunId", "retired")
_NO_PROPS: dict[str, Any] = {}  # a relationship without properties (never changed)


@dataclass(frozen=True)
class BulkFile:
    """One data file of a bulk load: what `emkg load FILE --kind K [--mapping M]` names."""

    path: Path
    kind: str
    mapping: Mapping | None = None
    source: str | None = None


def _rel_props(kind: RecordKind, lf: LinkField) -> tuple[str, ...]:
    """The relationship properties of a list-of-object field: its nested shape's fields."""
    if lf.target_key is None:
        return ()
    v = record_validator(kind.name)
    rule = v.rule(lf.field)
    nested = v.nested.get(rule.node) if rule is not None and rule.node else None
    skip = (lf.target_key, lf.kind_key)  # the target and what it is: not properties
    return tuple(r.field for r in nested.rules if r.field not in skip) if nested else ()


class FileExport:
    """One file: validated rows to node and relationship rows."""

    def __init__(
        self,
        tables: Tables,
        f: BulkFile,
        known: dict[str, set[str]],
        now: dt.datetime,
        progress: bool = False,
        run_id: str | None = None,
    ) -> None:
        self.tables = tables
        self.file = f
        self.kind = KINDS[f.kind]
        self.known = known
        self.now = now
        self.progress = progress
        opts = LoadOptions(kind=f.kind, mapping=f.mapping, source=f.source)
        source = f.source or (f.mapping.source if f.mapping else None) or f.path.name
        self.summary = LoadSummary(
            file=f.path.name, kind=f.kind, source=source, run_id=run_id or new_run_id("bulk")
        )
        self.src = _Source(f.path, opts, self.summary)
        memoize_checker(self.src.checker)  # the same verdicts, remembered per value
        self.ids: set[str] = set()
        self.deferred: list[tuple[str, str, dict[str, Any], LinkField, str]] = []
        self.expected: dict[str, int] = {}
        self.linked: dict[str, int] = {}
        self._rel_tables: dict[tuple[str, str], RelTable] = {}

    def _rows(
        self, screen: RowScreen | None, span: Span | None
    ) -> Iterator[tuple[dict[str, Any], list[RowError], bool]]:
        """(record, problems, whether it repeats an earlier row of its id): screened (every
        row clean and new; `Unscreened` at the first row not proven so), or checked the
        normal way (an identical repeated row is valid, counted by the checker, written once)."""
        if screen is not None:
            for _, record in screen.rows(self.file.path, span):
                yield record, [], False
            return
        checker = self.src.checker
        for row in self.src.rows():  # a new pass: `seen_ids` is a new dict (read it after)
            first = checker.seen_ids.get(str(row.record.get("id")), (row.no,))[0]
            yield row.record, row.issues, first != row.no

    def run(self, *, screen: RowScreen | None = None) -> LoadSummary:
        """The whole file: its rows, then what is decided once every row was read."""
        self.scan(screen)
        return self.finish()

    def scan(self, screen: RowScreen | None = None, span: Span | None = None) -> None:
        """Check and write the rows (of `span`, a part of a screened file, when given)."""
        s = self.summary
        kind = self.kind
        provenance = {
            "source": s.source,
            "loadedAt": self.now,
            "loadRunId": s.run_id,
            "retired": False,
        }
        node_props = (*kind.props, *(("location",) if kind.located else ()), *PROVENANCE)
        table = self.tables.node(kind.label, node_props) if kind.label_field is None else None
        write = table.writer(provenance) if table is not None else None
        writing = True
        with Progress(f"{s.file}: validating and writing CSV", enabled=self.progress) as bar:
            for record, issues, repeated in self._rows(screen, span):
                s.rows += 1
                if s.rows % 5000 == 0:
                    bar.advance(5000)
                if issues:
                    writing = False  # abort mode: keep validating to report every bad row
                    s.error_rows += 1
                    for err in issues:
                        s.add_error(err)
                    continue
                s.valid += 1
                if not writing or repeated:
                    continue  # an identical repeated row (counted by the checker)
                rid = str(record["id"])
                props = kind.node_row(record)["props"]
                if write is not None:
                    write(rid, props)
                else:  # the label comes from the record
                    props.update(provenance)
                    self.tables.node(kind.label_of(record), node_props).write(rid, props)
                s.created += 1
                self.ids.add(rid)
                self._links(rid, record)

    def finish(self) -> LoadSummary:
        """References, links into the file itself and dangling counts, once every row was
        read (of every part)."""
        s = self.summary
        s.duplicates = dict(self.src.checker.duplicates)
        self._references()
        if s.error_rows:
            s.aborted = True
            s.skipped = s.error_rows
            return s
        if self.kind.label in self.known:
            self.known[self.kind.label] |= self.ids
        for start, end, props, lf, target in self.deferred:
            self._write_rel(start, end, props, lf, target)
        for name, expected in self.expected.items():
            missing = expected - self.linked.get(name, 0)
            if missing > 0:
                s.dangling[name] = missing
        return s

    def _links(self, rid: str, record: dict[str, Any]) -> None:
        label = self.kind.label
        for lf in self.kind.links:
            raw = record.get(lf.field)
            if raw is None:
                continue
            if type(raw) is str and lf.target_key is None:  # one id (a holder, a type)
                items = [(raw, _NO_PROPS, lf.labels_of(raw))]
            else:
                items = list({lf.key(t, p): (t, p, ls) for t, p, ls in lf.entries(record)}.values())
            self.expected[lf.field] = self.expected.get(lf.field, 0) + len(items)
            linked = 0
            for target, props, others in items:
                for other in others:
                    start, end = (target, rid) if lf.incoming else (rid, target)
                    if other == label:  # a record of this file: known at its end
                        self.deferred.append((start, end, props, lf, target))
                    elif target in self.known.get(other, ()):
                        self._rel_table(lf, other).write(start, end, props)
                        linked += 1
            if linked:
                self.summary.rels_created += linked
                self.linked[lf.field] = self.linked.get(lf.field, 0) + linked

    def _rel_table(self, lf: LinkField, other: str) -> RelTable:
        table = self._rel_tables.get((lf.field, other))
        if table is None:
            a, b = (other, self.kind.label) if lf.incoming else (self.kind.label, other)
            table = self.tables.rel(lf.rel_type, a, b, _rel_props(self.kind, lf))
            self._rel_tables[(lf.field, other)] = table
        return table

    def _write_rel(
        self, start: str, end: str, props: dict[str, Any], lf: LinkField, target: str
    ) -> None:
        """A relationship to a record of this file, once every row was read."""
        if target in self.ids:
            self._rel_table(lf, self.kind.label).write(start, end, props)
            self.summary.rels_created += 1
            self.linked[lf.field] = self.linked.get(lf.field, 0) + 1

    def _references(self) -> None:
        """Record references that name no record of this file or of an earlier one."""
        refs = self.src.checker.references
        if refs is None:
            return
        s = self.summary
        file_ids = refs.file_ids
        bad_rows: dict[int, list[RowError]] = {}
        for (name, target, labels), rows in refs.wanted.items():
            if self.kind.label in labels and target in file_ids:
                continue
            if any(target in self.known.get(t, ()) for t in labels):
                continue
            # The graph a bulk load builds: the files before this one (LOAD_ORDER).
            kinds = tuple(TermKey(f"kind.{lbl}") for lbl in labels)
            problem = Problem.of("LOAD_UNKNOWN_REFERENCE", kinds=kinds, id=target[:200])
            for row, rid in rows:
                bad_rows.setdefault(row, []).append(RowError(s.file, row, name, problem, rid))
        for _row, errors in sorted(bad_rows.items()):
            s.error_rows += 1
            s.valid -= 1
            for err in errors:
                s.add_error(err)
