"""The load pipeline: read -> map -> validate -> batched upserts (nodes, then relationships).

Streaming: the file is read again for each pass instead of being held in memory
(pass 1 validates, abort mode only; pass 2 writes nodes and, in the same transaction,
their relationships; only a kind that links to its own label, regions, writes its
relationships in a pass 3 once every node of the file is in).
Each batch is its own transaction and every write is a MERGE by id, so a load
that is killed half-way and run again ends with the graph of one clean run.

Modes: ``on_error="abort"`` (default) writes nothing if any row is bad;
``"skip"`` loads the good rows and writes the bad ones with their reasons to an
errors file (JSON Lines). ``dry_run`` validates and reports only. ``snapshot``
retires (``retired: true``, ``retiredAt``) the records of this source that the
file no longer contains.

Example::

    summary = load_file(driver, "neo4j", Path("teams.csv"), LoadOptions(kind="teams"))
    print(summary.to_text())
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import queue
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TextIO, TypeVar, cast

from neo4j import Driver, ManagedTransaction, Session

from kg.errors import UserInputError, map_neo4j_errors
from kg.team_status import stored_statuses
from kg.upserts import link, retire_query, touch_nodes, upsert_nodes
from loaders.encodings import encoding_note
from loaders.grouping import Gathered, Staged, gather
from loaders.linking import count_links, link_plan
from loaders.mapping import Mapping, MappingContext
from loaders.progress import Progress
from loaders.readers import read_rows
from loaders.records import KINDS, RecordKind
from loaders.screen import RowScreen, Unscreened, screens
from loaders.summary import LoadSummary
from loaders.validation import RecordChecker, RowError
from ontology.problems import Problem, TermKey
from ontology.record_rules import FieldIssue

ON_ERROR = ("abort", "skip")
T = TypeVar("T")


@dataclass
class LoadOptions:
    kind: str
    mapping: Mapping | None = None
    source: str | None = None  # provenance name; default: the mapping's, else the file name
    dry_run: bool = False
    on_error: str = "abort"
    errors_path: Path | None = None
    snapshot: bool = False
    batch_size: int = 5000
    progress: bool = False
    run_id: str | None = None
    context: MappingContext | None = None
    checker: RecordChecker | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # False for an uploader whose role may not set team status (issue 14, item 4): a row
    # that would change a stored team's status is then a row error; new teams may load.
    may_set_status: bool = True


@dataclass
class _Row:
    no: int
    record: dict[str, Any]
    issues: list[RowError]
    weight: int = 1  # source rows it stands for (a mapping's collect gathers several)


def new_run_id(prefix: str = "load") -> str:
    return f"{prefix}-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


class _Source:
    """One file seen through a mapping and a checker; iterable any number of times."""

    def __init__(self, path: Path, opts: LoadOptions, summary: LoadSummary) -> None:
        self.path = path
        self.mapping = opts.mapping or Mapping.identity(opts.kind)
        self.ctx = opts.context or (
            MappingContext.from_ontology()
            if any("typical_of" in f.spec for f in self.mapping.fields)
            else MappingContext()
        )
        self.checker = opts.checker or RecordChecker.for_kind(opts.kind)
        self.checker.merge_duplicates = opts.on_error == "skip"  # else a repeated id is an error
        self.checker.gathers = bool(self.mapping.collect)  # a repeated id is the same record
        self.filtered = 0
        self.summary = summary
        summary.encoding = encoding_note(path)
        self.bad: set[int] = set()  # row numbers found invalid (only bad rows are kept)
        self.fingerprint: tuple[int, int] | None = None

    def _fingerprint(self) -> tuple[int, int]:
        st = self.path.stat()
        return st.st_size, st.st_mtime_ns

    def rows(self, *, check: bool = True) -> Iterator[_Row]:
        """Mapped, coerced records; `check=False` trusts the verdicts of an earlier checked
        pass (each row is validated once) and fails if the file changed since."""
        name = self.path.name
        m = self.mapping
        if self.fingerprint is None:
            self.fingerprint = self._fingerprint()
        elif self._fingerprint() != self.fingerprint:
            raise UserInputError(f"{self.path} changed while it was being loaded; load it again")
        self.filtered = 0
        self.checker.translated = {}  # counted per pass: a load may read the file twice
        if check:
            self.checker.new_pass()
        staged: Iterator[Gathered] = ((*r, 1) for r in self._staged(check))
        if m.collect:  # the rows of one id are one record (loaders.grouping)
            items = {lf.field: lf.target_key for lf in KINDS[self.mapping.kind].links}
            staged = iter(gather(self._staged(check), {f: items.get(f) for f in m.collect}))
        for no, record, issues, weight in staged:
            rid = record.get("id")
            rid = rid if isinstance(rid, str) else None
            if check and issues:
                self.bad.add(no)
            errors = [
                RowError(name, no, i.field, i.problem, rid, m.column_of(i.field)) for i in issues
            ]
            yield _Row(no, record, errors, weight)
        self.summary.filtered = self.filtered
        self.summary.legacy_codes = dict(self.checker.translated)
        if check:
            self.summary.duplicates = dict(self.checker.duplicates)

    def screened(self) -> Iterator[_Row]:
        """A checked pass through the screen (loaders.screen): every row clean, references
        noted for `unresolved_references`; `Unscreened` at the first row it cannot prove
        clean (then run `rows()`: nothing was counted that a normal pass would not redo)."""
        if self.fingerprint is None:
            self.fingerprint = self._fingerprint()
        elif self._fingerprint() != self.fingerprint:
            raise UserInputError(f"{self.path} changed while it was being loaded; load it again")
        self.checker.new_pass()
        kind = self.mapping.kind
        screen = RowScreen(kind, None, note=self.checker.references, like=self.checker)
        for no, record in screen.rows(self.path):
            yield _Row(no, record, [])
        self.summary.filtered = 0
        self.summary.legacy_codes = {}
        self.summary.duplicates = {}

    def _staged(self, check: bool) -> Iterator[Staged]:
        """Each selected row: its number, mapped and coerced record and (`check`) problems."""
        m = self.mapping
        for no, raw in read_rows(self.path, m.format, m.records):
            if not m.selects(raw):
                self.filtered += 1
                continue
            record, issues = m.apply(raw, self.ctx)
            self.checker.coerce(record)
            if check:
                issues += self.checker.check(record, row=no)
            elif no in self.bad:  # each row is validated once
                issues = [FieldIssue("", Problem.of("LOAD_REPORTED_BEFORE"))]
            yield no, record, list(issues)


class _Prefetch(Generic[T]):
    """Prepare the next batches (parse, map, validate; node rows and link plans) in a thread
    while the database writes this one.

    Closing it (the ``with`` block ending, normally or by an exception in the writer) stops
    the thread and closes the source, so a failed load leaves no thread and no open file.
    """

    POLL_S = 0.1  # how often a blocked reader checks whether the writer has gone

    def __init__(self, source: Iterator[T], depth: int = 2) -> None:
        self._source = source
        self._queue: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._done = object()
        self._thread = threading.Thread(target=self._read, name="emkg-prefetch", daemon=True)
        self._thread.start()

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=self.POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def _read(self) -> None:
        try:
            for item in self._source:
                if not self._put(item):
                    return
            self._put(self._done)
        except BaseException as e:  # handed to the writer
            self._put(e)
        finally:
            close = getattr(self._source, "close", None)
            if close is not None:
                close()  # a generator chain: its `with open(...)` closes the file

    def __iter__(self) -> Iterator[T]:
        while True:
            item = self._queue.get()
            if item is self._done:
                return
            if isinstance(item, BaseException):
                raise item
            yield cast(T, item)

    def close(self) -> None:
        self._stop.set()
        with contextlib.suppress(queue.Empty):
            while True:  # wake a reader blocked on a full queue
                self._queue.get_nowait()
        self._thread.join(timeout=30)

    def __enter__(self) -> _Prefetch[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _batches(rows: Iterator[_Row], size: int) -> Iterator[list[_Row]]:
    batch: list[_Row] = []
    for r in rows:
        batch.append(r)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def load_file(driver: Driver | None, database: str, path: Path, opts: LoadOptions) -> LoadSummary:
    """Load one file; see the module docstring for the modes. `driver` may be None for dry runs."""
    if opts.kind not in KINDS:
        raise UserInputError(f"unknown kind '{opts.kind}'; use one of {', '.join(KINDS)}")
    if opts.on_error not in ON_ERROR:
        raise UserInputError(f"--on-error must be abort or skip, not '{opts.on_error}'")
    if opts.mapping is not None and opts.mapping.kind != opts.kind:
        raise UserInputError(f"the mapping is for kind '{opts.mapping.kind}', not '{opts.kind}'")
    t0 = time.monotonic()
    source = opts.source or (opts.mapping.source if opts.mapping else None) or path.name
    summary = LoadSummary(
        file=path.name,
        kind=opts.kind,
        source=source,
        run_id=opts.run_id or new_run_id(),
        dry_run=opts.dry_run,
    )
    src = _Source(path, opts, summary)
    wants_file = opts.on_error == "skip" or (opts.dry_run and opts.errors_path is not None)
    errors_out = _errors_file(opts, path, summary) if wants_file else None
    try:
        if opts.dry_run or opts.on_error == "abort":
            _validate_pass(driver, database, src, summary, errors_out, opts)
            _check_references(driver, database, src, summary, errors_out)
            if opts.dry_run or summary.error_rows:
                summary.aborted = bool(summary.error_rows) and not opts.dry_run
                summary.skipped = summary.error_rows if summary.aborted else 0
                summary.seconds = time.monotonic() - t0
                return summary
        if driver is None:
            raise UserInputError("a database connection is needed to load (or use --dry-run)")
        _node_pass(driver, database, src, summary, errors_out, opts)
        if opts.on_error == "skip" and not opts.dry_run:  # rows were checked while writing
            _check_references(driver, database, src, summary, errors_out, written=True)
    finally:
        if errors_out is not None:
            errors_out.close()
            if not summary.error_rows and summary.errors_file:
                Path(summary.errors_file).unlink(missing_ok=True)
                summary.errors_file = None
    _link_pass(driver, database, src, summary, opts)
    if opts.snapshot:
        _retire(driver, database, KINDS[opts.kind], summary)
    summary.seconds = time.monotonic() - t0
    return summary


def _errors_file(opts: LoadOptions, path: Path, summary: LoadSummary) -> TextIO:
    out = opts.errors_path or Path.cwd() / f"{path.stem}.errors.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    summary.errors_file = str(out)
    return out.open("w", encoding="utf-8")


def _record_error(row: _Row, summary: LoadSummary, out: TextIO | None) -> None:
    summary.error_rows += 1
    for err in row.issues:
        summary.add_error(err)
    if out is not None:
        out.write(
            json.dumps(
                {
                    "file": summary.file,
                    "row": row.no,
                    "id": row.issues[0].record_id,
                    "errors": [{"field": e.field, "reason": e.reason} for e in row.issues],
                    "record": row.record,
                },
                ensure_ascii=False,
                default=str,
            )
            + "\n"
        )


def _validate_pass(
    driver: Driver | None,
    database: str,
    src: _Source,
    summary: LoadSummary,
    out: TextIO | None,
    opts: LoadOptions,
) -> None:
    if _screens(src, opts):
        try:
            with Progress(f"{summary.file}: validating", enabled=opts.progress) as progress:
                for batch in _batches(src.screened(), opts.batch_size):
                    summary.rows += len(batch)
                    summary.valid += len(batch)
                    progress.advance(len(batch))
            if out is not None:
                summary.errors_file = None
            return
        except Unscreened:
            summary.rows = summary.valid = 0  # the normal pass counts every row again
    with (
        Progress(f"{summary.file}: validating", enabled=opts.progress) as progress,
        contextlib.ExitStack() as stack,
    ):
        session = None
        if driver is not None and _guards_status(opts):
            session = stack.enter_context(driver.session(database=database))
        for batch in _batches(src.rows(), opts.batch_size):
            if session is not None:
                _refuse_status_changes(session, src, batch)
            for row in batch:
                summary.rows += row.weight
                if row.issues:
                    _record_error(row, summary, out)
                else:
                    summary.valid += row.weight
            progress.advance(len(batch))
    if not summary.error_rows and out is not None:
        summary.errors_file = None


def _screens(src: _Source, opts: LoadOptions) -> bool:
    """Whether the validation pass may go through the screen: a canonical JSON Lines file
    (no mapping) whose rows may set team statuses (each row counts alike)."""
    return opts.mapping is None and not _guards_status(opts) and screens(src.path, opts.kind, None)


def _guards_status(opts: LoadOptions) -> bool:
    return not opts.may_set_status and opts.kind == "teams"


def _refuse_status_changes(session: Session, src: _Source, batch: list[_Row]) -> None:
    """Rows that would change a stored team's status become row errors (new teams load)."""
    ids = [r.record["id"] for r in batch if not r.issues and isinstance(r.record.get("id"), str)]
    with map_neo4j_errors():
        stored = stored_statuses(session, ids)
    for row in batch:
        rid = row.record.get("id")
        old = stored.get(rid) if isinstance(rid, str) and not row.issues else None
        new = row.record.get("status")
        if old is not None and new != old:
            old_term, new_term = TermKey(f"teamStatus.{old}"), TermKey(f"teamStatus.{new}")
            problem = Problem.of(
                "LOAD_STATUS_RIGHT", old=old_term, new=new_term, mutation="setTeamStatus"
            )
            row.issues.append(RowError(src.path.name, row.no, "status", problem, rid))
            src.bad.add(row.no)


def _check_references(
    driver: Driver | None,
    database: str,
    src: _Source,
    summary: LoadSummary,
    out: TextIO | None,
    *,
    written: bool = False,
) -> None:
    """Rows naming a region, holder or team that is neither in the file nor in the graph
    become row errors (before any write in abort mode; reported after the nodes in skip)."""
    unresolved = src.checker.unresolved_references(driver, database, written=written)
    for no, (rid, issues) in unresolved.items():
        errors = [RowError(summary.file, no, i.field, i.problem, rid) for i in issues]
        _record_error(_Row(no, {"id": rid}, errors), summary, out)
        summary.valid -= 1


def _node_pass(
    driver: Driver,
    database: str,
    src: _Source,
    summary: LoadSummary,
    out: TextIO | None,
    opts: LoadOptions,
) -> None:
    kind = KINDS[opts.kind]
    validated = summary.rows > 0 or opts.on_error == "abort"
    summary.rows = summary.valid = 0
    now = dt.datetime.now(dt.UTC)
    inline = links_inline(kind)
    # Rows whose problems are known once read (all but a status-guarded unchecked pass,
    # whose rows the database may still fault) are made into node rows and link plans in
    # the prefetch thread, while the database writes the batch before.
    early = validated or not _guards_status(opts)
    batched = _batches(src.rows(check=not validated), opts.batch_size)
    with (
        Progress(f"{summary.file}: nodes", enabled=opts.progress) as progress,
        driver.session(database=database) as session,
        _Prefetch(_prepared(batched, kind, inline, early)) as prepared,
    ):
        for batch, ready in prepared:
            if not early:
                _refuse_status_changes(session, src, batch)
            touched: dict[str, list[str]] = {}
            for row in batch:
                summary.rows += row.weight
                if row.issues:
                    if validated and opts.on_error == "abort":
                        raise UserInputError(
                            f"{row.issues[0]} (the file changed while loading; run the load again)"
                        )
                    summary.skipped += 1
                    _record_error(row, summary, out)
                    rid = row.issues[0].record_id
                    if opts.snapshot and rid and kind.label_field is None:
                        touched.setdefault(kind.label, []).append(rid)
                    continue
                summary.valid += row.weight
            by_label, plan = ready or _prepare(batch, kind, inline)

            def work(
                tx: ManagedTransaction,
                by_label: dict[str, list[dict[str, Any]]] = by_label,
                touched: dict[str, list[str]] = touched,
                plan: list[Any] = plan,
            ) -> tuple[dict[str, int], list[dict[str, int]]]:
                totals = {"created": 0, "updated": 0, "unchanged": 0}
                for lbl, rows in by_label.items():
                    for k, v in upsert_nodes(
                        tx, lbl, rows, summary.source, summary.run_id, now
                    ).items():
                        totals[k] += v
                for lbl, ids in touched.items():
                    touch_nodes(tx, lbl, ids, summary.source, summary.run_id)
                # Every node of this batch was created now: it has no relationships yet.
                fresh = totals["updated"] == 0 and totals["unchanged"] == 0
                linked = [
                    link(tx, spec, rows, replace=replace, fresh=fresh) | {"expected": expected}
                    for spec, rows, replace, expected, _ in plan
                ]
                return totals, linked

            with map_neo4j_errors():
                totals, linked = session.execute_write(work)
            summary.created += totals["created"]
            summary.updated += totals["updated"]
            summary.unchanged += totals["unchanged"]
            if plan:
                count_links(plan, linked, summary)
            progress.advance(len(batch))


_Ready = tuple[dict[str, list[dict[str, Any]]], list[Any]]  # node rows by label, link plan


def _prepare(batch: list[_Row], kind: RecordKind, inline: bool) -> _Ready:
    """The batch's rows without problems as node rows by label, and their link plan."""
    good = [r.record for r in batch if not r.issues]
    by_label: dict[str, list[dict[str, Any]]] = {}
    for record in good:
        by_label.setdefault(kind.label_of(record), []).append(kind.node_row(record))
    return by_label, link_plan(kind, good) if inline else []


def _prepared(
    batches: Iterator[list[_Row]], kind: RecordKind, inline: bool, early: bool
) -> Iterator[tuple[list[_Row], _Ready | None]]:
    """Each batch, prepared now when `early` (else None: the writer prepares it)."""
    for batch in batches:
        yield batch, _prepare(batch, kind, inline) if early else None


def links_inline(kind: RecordKind) -> bool:
    """Whether a batch's relationships are written with its nodes, in one transaction: when
    no link points at the file's own label, every target is already in the graph (checked
    before), so nothing waits for a later row. Saves the third read of the file and a
    transaction per batch. Regions (PART_OF a region of the same file) link in a pass after
    all nodes."""
    return (
        bool(kind.links)
        and kind.label_field is None
        and all(kind.label not in lf.targets for lf in kind.links)
    )


def _link_pass(
    driver: Driver | None, database: str, src: _Source, summary: LoadSummary, opts: LoadOptions
) -> None:
    kind = KINDS[opts.kind]
    if not kind.links or driver is None or links_inline(kind):
        return
    # Every record was created by this run: none has relationships yet, so CREATE suffices
    # (a re-run or a resumed run sees existing nodes and MERGEs).
    fresh = summary.updated == 0 and summary.unchanged == 0
    with (
        Progress(f"{summary.file}: relationships", enabled=opts.progress) as progress,
        driver.session(database=database) as session,
        _Prefetch(_link_plans(_batches(src.rows(check=False), opts.batch_size), kind)) as plans,
    ):
        for batch, plan in plans:

            def work(tx: ManagedTransaction, plan: list[Any] = plan) -> list[dict[str, int]]:
                return [
                    link(tx, spec, rows, replace=replace, fresh=fresh) | {"expected": expected}
                    for spec, rows, replace, expected, _ in plan
                ]

            with map_neo4j_errors():
                results = session.execute_write(work)
            count_links(plan, results, summary)
            progress.advance(len(batch))


def _link_plans(
    batches: Iterator[list[_Row]], kind: RecordKind
) -> Iterator[tuple[list[_Row], list[Any]]]:
    """Each batch with the link plan of its rows without problems (made in the prefetch
    thread while the database writes the batch before)."""
    for batch in batches:
        yield batch, link_plan(kind, [r.record for r in batch if not r.issues])


def _retire(driver: Driver | None, database: str, kind: RecordKind, summary: LoadSummary) -> None:
    if driver is None:
        return
    labels = (
        [kind.label] if kind.label_field is None else ["TeamType", "EquipmentType", "Capability"]
    )
    with map_neo4j_errors(), driver.session(database=database) as session:
        for lbl in labels:
            record = session.run(
                retire_query(lbl), source=summary.source, run=summary.run_id
            ).single(strict=True)
            summary.retired += int(record["retired"])
