"""Validate data files exactly as ``emkg load`` does and write them as the importer's CSV files.

One pass per file: every row is mapped, coerced and checked by the same
``RecordChecker`` as a transactional load (abort mode: a file with any bad row
stops the bulk load before anything is imported); valid rows become node rows
with the same provenance (``source``, ``loadedAt``, ``loadRunId``, ``retired``)
and relationship rows. References to records (a team's region, an equipment's
holder) must name a record of the same file or of a file before it in
``LOAD_ORDER``, as they would have to be in the graph for a load of that file.
The ontology's concepts and taxonomy relationships are written too (the importer
builds the whole store); ``sync_ontology`` then sets what a graph applied with
``emkg ontology apply`` has.

Example::

    export = export_files([BulkFile(Path("var/national/teams.jsonl"), "teams")], Path("tmp"))
    export.ok, [s.to_text() for s in export.summaries]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.ontology_sync import TAXONOMY_RELS, concept_properties, ontology_relationships
from loaders.bulk.screen import RowScreen, Unscreened, screens
from loaders.bulk.tables import RelTable, Tables
from loaders.mapping import Mapping
from loaders.pipeline import LoadOptions, _Source, new_run_id
from loaders.progress import Progress
from loaders.records import KINDS, LOAD_ORDER, LinkField, RecordKind
from loaders.summary import LoadSummary
from loaders.validation import RowError
from loaders.verdicts import memoize_checker
from ontology import Ontology
from ontology.model import LABEL_PROPERTIES
from ontology.problems import Problem, TermKey
from ontology.registry import CONCEPT_KINDS
from ontology.shapes import record_validator

PROVENANCE = ("source", "loadedAt", "loadRunId", "retired")
_NO_PROPS: dict[str, Any] = {}  # a relationship without properties (never changed)

ONTOLOGY_PROPS = (*LABEL_PROPERTIES, "deprecated", "rank", "rtlt")


@dataclass(frozen=True)
class BulkFile:
    """One data file of a bulk load: what `emkg load FILE --kind K [--mapping M]` names."""

    path: Path
    kind: str
    mapping: Mapping | None = None
    source: str | None = None


@dataclass
class Export:
    tables: Tables
    summaries: list[LoadSummary] = field(default_factory=list)
    nodes: int = 0
    rels: int = 0

    @property
    def ok(self) -> bool:
        return not any(s.aborted for s in self.summaries)


def _rel_props(kind: RecordKind, lf: LinkField) -> tuple[str, ...]:
    """The relationship properties of a list-of-object field: its nested shape's fields."""
    if lf.target_key is None:
        return ()
    v = record_validator(kind.name)
    rule = v.rule(lf.field)
    nested = v.nested.get(rule.node) if rule is not None and rule.node else None
    skip = (lf.target_key, lf.kind_key)  # the target and what it is: not properties
    return tuple(r.field for r in nested.rules if r.field not in skip) if nested else ()


def _reference_labels() -> set[str]:
    """Labels that some record field links to (their ids are kept to resolve links)."""
    return {t for kind in KINDS.values() for lf in kind.links for t in lf.targets}


def export_ontology(tables: Tables, onto: Ontology, now: dt.datetime) -> dict[str, set[str]]:
    """The taxonomy's nodes and relationships as `sync_ontology` writes them; concept ids."""
    ids: dict[str, set[str]] = {}
    provenance = {"source": "ontology", "loadedAt": now, "loadRunId": "ontology", "retired": False}
    for kind in CONCEPT_KINDS:
        table = tables.node(kind, (*ONTOLOGY_PROPS, *PROVENANCE))
        for cid, props in concept_properties(onto, kind).items():
            table.write(cid, {**props, **provenance})
        ids[kind] = set(concept_properties(onto, kind))
    ends = {rtype: (src, dst) for rtype, src, dst in TAXONOMY_RELS}
    by_type: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for (rtype, a, b), props in ontology_relationships(onto).items():
        by_type.setdefault(rtype, []).append((a, b, props))
    for rtype, rows in by_type.items():
        src, dst = ends[rtype]
        names = sorted({k for _, _, p in rows for k in p})
        rel_table = tables.rel(rtype, src, dst, names)
        for a, b, props in rows:
            rel_table.write(a, b, props)
    return ids


class _FileExport:
    """One file: validated rows to node and relationship rows."""

    def __init__(
        self,
        tables: Tables,
        f: BulkFile,
        known: dict[str, set[str]],
        now: dt.datetime,
        progress: bool,
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
            file=f.path.name, kind=f.kind, source=source, run_id=new_run_id("bulk")
        )
        self.src = _Source(f.path, opts, self.summary)
        memoize_checker(self.src.checker)  # the same verdicts, remembered per value
        self.ids: set[str] = set()
        self.deferred: list[tuple[str, str, str, dict[str, Any], LinkField, str]] = []
        self.expected: dict[str, int] = {}
        self.linked: dict[str, int] = {}
        self._rel_tables: dict[tuple[str, str], RelTable] = {}

    def _rows(
        self, screen: RowScreen | None
    ) -> Iterator[tuple[dict[str, Any], list[RowError], bool]]:
        """(record, problems, whether it repeats an earlier row of its id): screened (every
        row clean and new; `Unscreened` at the first row not proven so), or checked the
        normal way (an identical repeated row is valid, counted by the checker, written once)."""
        if screen is not None:
            for _, record in screen.rows(self.file.path):
                yield record, [], False
            return
        checker = self.src.checker
        for row in self.src.rows():  # a new pass: `seen_ids` is a new dict (read it after)
            first = checker.seen_ids.get(str(row.record.get("id")), (row.no,))[0]
            yield row.record, row.issues, first != row.no

    def run(self, *, screen: RowScreen | None = None) -> LoadSummary:
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
        writing = True
        with Progress(f"{s.file}: validating and writing CSV", enabled=self.progress) as bar:
            for record, issues, repeated in self._rows(screen):
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
                props.update(provenance)
                (table or self.tables.node(kind.label_of(record), node_props)).write(rid, props)
                s.created += 1
                self.ids.add(rid)
                self._links(rid, record)
        s.duplicates = dict(self.src.checker.duplicates)
        self._references()
        if s.error_rows:
            s.aborted = True
            s.skipped = s.error_rows
            return s
        if kind.label in self.known:
            self.known[kind.label] |= self.ids
        for rtype, start, end, props, lf, target in self.deferred:
            self._write_rel(rtype, start, end, props, lf, target)
        for name, expected in self.expected.items():
            missing = expected - self.linked.get(name, 0)
            if missing > 0:
                s.dangling[name] = missing
        return s

    def _links(self, rid: str, record: dict[str, Any]) -> None:
        for lf in self.kind.links:
            raw = record.get(lf.field)
            if raw is None:
                continue
            if type(raw) is str and lf.target_key is None:  # one id (a holder, a type)
                items = [(raw, _NO_PROPS, lf.labels_of(raw))]
            else:
                items = list({lf.key(t, p): (t, p, ls) for t, p, ls in lf.entries(record)}.values())
            self.expected[lf.field] = self.expected.get(lf.field, 0) + len(items)
            for target, props, others in items:
                for other in others:
                    start, end = (target, rid) if lf.incoming else (rid, target)
                    if other == self.kind.label:  # a record of this file: known at its end
                        self.deferred.append((lf.rel_type, start, end, props, lf, target))
                        continue
                    if target in self.known.get(other, ()):
                        self._write_rel(lf.rel_type, start, end, props, lf, target, other)

    def _write_rel(
        self,
        rtype: str,
        start: str,
        end: str,
        props: dict[str, Any],
        lf: LinkField,
        target: str,
        other: str | None = None,
    ) -> None:
        other = other or self.kind.label
        if other == self.kind.label and target not in self.ids:
            return
        table = self._rel_tables.get((lf.field, other))
        if table is None:
            a, b = (other, self.kind.label) if lf.incoming else (self.kind.label, other)
            table = self.tables.rel(rtype, a, b, _rel_props(self.kind, lf))
            self._rel_tables[(lf.field, other)] = table
        table.write(start, end, props)
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


def export_files(
    files: Sequence[BulkFile],
    folder: Path,
    onto: Ontology,
    *,
    progress: bool = False,
    say: Callable[[str], None] = lambda _: None,
    screen: bool = True,
) -> Export:
    """Validate `files` (in `LOAD_ORDER`) and write the importer's CSV files into `folder`.

    Stops at the first file with a bad row (its summary says `aborted`); nothing is
    imported then. Canonical JSON Lines files are screened (loaders.bulk.screen);
    `screen=False` checks every row the normal way (the same files, slower).
    """
    now = dt.datetime.now(dt.UTC)
    tables = Tables(folder)
    export = Export(tables)
    known = export_ontology(tables, onto, now)
    for lbl in _reference_labels() - set(known):
        known[lbl] = set()
    for f in ordered(files):
        done = _export_file(tables, f, known, now, progress, say, screen=screen)
        export.summaries.append(done)
        say(
            f"emkg: {done.file}: {done.rows:,} rows checked, {done.created:,} nodes and "
            f"{done.rels_created:,} relationships written for the import"
            + (f"; {done.error_rows:,} bad rows: nothing is imported" if done.aborted else "")
        )
        if done.aborted:
            break
    tables.close()
    export.nodes = sum(t.rows for t in tables.nodes.values())
    export.rels = sum(t.rows for t in tables.rels.values())
    return export


def _export_file(
    tables: Tables,
    f: BulkFile,
    known: dict[str, set[str]],
    now: dt.datetime,
    progress: bool,
    say: Callable[[str], None],
    *,
    screen: bool,
) -> LoadSummary:
    """A screened file when the screen proves every row clean (loaders.bulk.screen), else
    the file checked the normal way from its start (what it wrote so far is forgotten)."""
    if screen and screens(f.path, f.kind, f.mapping):
        mark = tables.mark()
        try:
            return _FileExport(tables, f, known, now, progress).run(screen=RowScreen(f.kind, known))
        except Unscreened as e:
            tables.rollback(mark)
            say(f"emkg: {f.path.name}: {e}; checking the file row by row")
    return _FileExport(tables, f, known, now, progress).run()


def ordered(files: Iterable[BulkFile]) -> list[BulkFile]:
    """Targets before referrers (`LOAD_ORDER`), as `emkg load demo` loads them."""
    rank = {k: i for i, k in enumerate(LOAD_ORDER)}
    return sorted(files, key=lambda f: (rank.get(f.kind, len(rank)), f.path.name))
