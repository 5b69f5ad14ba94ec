"""What the command line, `emkg run` and uploads do to the graph, written once.

- `apply_ontology`: validate strictly (an invalid ontology is refused with its
  errors listed, nothing written) -> sync schema and taxonomy -> refresh the
  search vectors of concepts whose text changed. Skipped ("ontology unchanged
  since ...", `force` runs it) when the graph says the same files were applied by
  the same code and nothing edited the taxonomy since (kg/ontology_version.py):
  validating and syncing them again would change nothing.
- `bulk_data`: the strictly validated ontology -> the offline importer into an empty
  local store -> schema and ontology -> audit and log per file -> the search vectors.
- `load_data` / `load_demo_data`: check the schema is applied (with a message
  that says to run `emkg ontology apply`) -> the loader pipeline -> refresh the
  search vectors of what was loaded (unless a dry run, an aborted load or
  ``refresh_vectors=False``). The demo is skipped ("demo unchanged, not
  reloaded", `force` loads it) when its last complete load still holds
  (loaders/demo_loader.py `unchanged_demo`); the vectors are refreshed all the same
  (only changed text is encoded).

The search model takes seconds to load: pass the one you hold (the app's
lifespan, `emkg run`); otherwise it is loaded once per call, only when vectors
are refreshed. Everything here is synchronous (the loader and the embedding
model are): call it from a thread in async code.

Example::

    with open_driver(settings) as driver:
        print(apply_ontology(driver, settings).to_text())       # OntologyError if invalid
        done = load_data(driver, settings, Path("teams.csv"), LoadOptions(kind="teams"))
        print(done.to_text())
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from neo4j import Driver, ManagedTransaction

from kg.dataset_marks import DatasetMark, current_mark, read_mark, write_mark
from kg.driver import open_driver
from kg.embedder import Embedder
from kg.embeddings import RefreshReport, load_embedder, refresh_embeddings
from kg.errors import UserInputError, map_neo4j_errors
from kg.ontology_sync import SyncReport, sync_ontology
from kg.ontology_version import (
    OntologyState,
    bump_ontology_version,
    code_hash,
    ontology_unchanged,
    read_ontology_state,
    read_ontology_version,
    source_hash,
)
from kg.repair import RepairReport, repair_doubled
from kg.schema import schema_applied
from kg.settings import Settings
from loaders.demo_loader import DATASET as DEMO_DATASET
from loaders.demo_loader import load_demo, unchanged_demo
from loaders.pipeline import LoadOptions, load_file
from loaders.summary import LoadSummary
from ontology import load as ontology_load
from ontology import load_ontology
from ontology.files import expand_paths
from ontology.problems import Problem
from queries.catalog.audit import record_load

if TYPE_CHECKING:  # the bulk importer's modules load only when a bulk load runs
    from loaders.bulk.export import BulkFile
    from loaders.bulk.run import BulkResult

log = logging.getLogger("emkg.operations")

NO_SCHEMA = "the graph has no schema and taxonomy yet; run `emkg ontology apply` first"


@dataclass(frozen=True)
class OntologyApplied:
    """What `apply_ontology` changed, and the search vectors it refreshed (None: not asked)."""

    sync: SyncReport
    vectors: RefreshReport | None
    dry_run: bool = False
    # Not validated nor synced: the graph holds what these files gave (kg/ontology_version.py).
    unchanged: OntologyState | None = None

    def to_text(self) -> str:
        lines = [self.sync.to_text()]
        if self.unchanged is not None:
            lines = [ontology_unchanged_problem(self.unchanged).text("en")]
        if self.vectors is not None:
            lines.append(self.vectors.to_text())
        if self.dry_run and not self.sync.is_empty:
            lines.append("(dry run: nothing written)")
        return "\n".join(lines)


@dataclass(frozen=True)
class DataLoaded:
    """What a load did, and the search vectors it refreshed (None: dry run, aborted, not asked)."""

    summary: LoadSummary
    vectors: RefreshReport | None
    # The demo was not loaded: its last complete load still holds (kg/dataset_marks.py).
    unchanged: DatasetMark | None = None

    def to_text(self) -> str:
        lines = [self.summary_text()]
        if self.vectors is not None:
            lines.append(self.vectors.to_text())
        return "\n".join(lines)

    def summary_text(self) -> str:
        """The load's report, or the one line saying it was skipped."""
        if self.unchanged is None:
            return self.summary.to_text()
        return demo_unchanged_problem(self.unchanged).text("en")


def ontology_unchanged_problem(state: OntologyState) -> Problem:
    """ "ontology unchanged since <when>, not re-validated ..." (zh/en in the catalog)."""
    return Problem.of(
        "ONTOLOGY_UNCHANGED", since=state.applied_when, command="`emkg ontology apply --force`"
    )


def demo_unchanged_problem(mark: DatasetMark) -> Problem:
    """ "demo unchanged, not reloaded: ..." (zh/en in the catalog)."""
    return Problem.of(
        "DEMO_UNCHANGED",
        since=mark.loaded_when,
        nodes=mark.nodes,
        command="`emkg load demo --force`",
    )


def apply_ontology(
    driver: Driver,
    settings: Settings,
    files: Sequence[Path] | None = None,
    *,
    dry_run: bool = False,
    embedder: Embedder | None = None,
    refresh_vectors: bool = True,
    force: bool = False,
) -> OntologyApplied:
    """Validate `files` (default: the shipped ontology) strictly, sync them, refresh vectors.

    Raises `OntologyError` listing every validation error before anything is written.
    Unless `force` (or a dry run), files that the graph says were applied by the same code,
    with no taxonomy edit since and the schema in place, are neither validated nor synced
    (`unchanged` says since when); the vectors are still refreshed when asked.

    Example::

        applied = apply_ontology(driver, settings, [Path("my-copy/")], dry_run=True)
        print(applied.to_text())      # the diff against the graph; nothing written
        apply_ontology(driver, settings).unchanged     # the second time: OntologyState
    """
    db = settings.neo4j_database
    # SHIPPED_DIR is looked up at call time (tests point it at a copy), as load_ontology does.
    paths = expand_paths(list(files) if files else [ontology_load.SHIPPED_DIR])
    hashes = (source_hash(paths), code_hash())
    if not force and not dry_run:
        state = _ontology_state(driver, db)
        if ontology_unchanged(state, *hashes) and schema_applied(driver, db):
            log.info("ontology apply skipped: unchanged since %s", state.applied_when)
            vectors = _refresh(driver, settings, embedder) if refresh_vectors else None
            return OntologyApplied(sync=SyncReport(), vectors=vectors, unchanged=state)
    onto = load_ontology(paths, strict=True)
    report = sync_ontology(driver, db, onto, dry_run=dry_run, hashes=None if dry_run else hashes)
    vectors = None
    if refresh_vectors and not dry_run:
        vectors = _refresh(driver, settings, embedder)
    log.info(
        "ontology apply dry_run=%s changed=%s migrated=%d",
        dry_run,
        not report.is_empty,
        len(report.migration.codes),
    )
    return OntologyApplied(sync=report, vectors=vectors, dry_run=dry_run)


def _ontology_state(driver: Driver, database: str) -> OntologyState:
    with map_neo4j_errors(), driver.session(database=database) as session:
        return read_ontology_state(session)


def repair_graph(
    driver: Driver, settings: Settings, *, apply: bool, actor: str = "cli"
) -> RepairReport:
    """Doubled relationships in the whole graph (kg.repair); with `apply` removed and
    audited (one ``repair`` entry with the counts per type), otherwise only counted."""
    db = settings.neo4j_database
    require_schema(driver, db)
    report = repair_doubled(driver, db, dry_run=not apply)
    if apply and report.total:
        counts = {k: v for k, v in report.doubled.items() if v}
        record_load(driver, db, actor=actor, file="graph", after=counts, action="repair")
    log.info("repair apply=%s doubled=%d", apply, report.total)
    return report


def require_schema(driver: Driver, database: str) -> None:
    """Refuse to load into a graph without the id constraints (every MERGE would scan)."""
    if not schema_applied(driver, database):
        raise UserInputError(NO_SCHEMA)


def load_data(
    driver: Driver | None,
    settings: Settings,
    path: Path,
    opts: LoadOptions,
    embedder: Embedder | None = None,
    *,
    refresh_vectors: bool = True,
    actor: str = "cli",
) -> DataLoaded:
    """Load one file through the pipeline (see `loaders.pipeline`), then refresh vectors.

    `driver` may be None for a dry run (validation only, no database); with a
    driver, even a dry run checks that the schema is applied, so a planner
    learns it before committing.

    Example::

        done = load_data(driver, settings, Path("teams.csv"), LoadOptions(kind="teams"))
        done.summary.created, done.vectors     # counts; RefreshReport of the loaded nodes
    """
    db = settings.neo4j_database
    if driver is not None:
        require_schema(driver, db)
    if opts.dry_run:
        return DataLoaded(summary=load_file(None, db, path, opts), vectors=None)
    if driver is None:
        raise UserInputError("a database connection is needed to load (or use a dry run)")
    summary = load_file(driver, db, path, opts)
    record_load(driver, db, actor=actor, file=summary.file, after=audit_counts(summary))
    if opts.kind == "vocabulary" and (summary.created or summary.updated or summary.retired):
        _bump(driver, db, by="load vocabulary")  # taxonomy concepts of another scheme
    vectors = None
    if refresh_vectors and not summary.aborted:
        # The loaded nodes become findable by search at once (only changed text is encoded).
        vectors = _refresh(driver, settings, embedder)
    log_load(summary, actor=actor)
    return DataLoaded(summary=summary, vectors=vectors)


@dataclass
class BulkLoaded:
    """What `bulk_data` did: the importer's result (files, timings, CPU) and the vectors."""

    result: BulkResult
    vectors: RefreshReport | None = None


def bulk_data(
    settings: Settings,
    files: Sequence[BulkFile],
    *,
    actor: str = "cli",
    refresh_vectors: bool = False,
    embedder: Embedder | None = None,
    progress: bool = False,
    say: Callable[[str], None] = lambda _: None,
) -> BulkLoaded:
    """`emkg load --bulk`: the ontology strictly validated (an invalid one is refused before
    any file is read) -> validation and the offline importer into the empty local store ->
    schema and ontology (loaders.bulk.run) -> one audit entry and one log line per file ->
    the search vectors when asked. Nothing is imported when a file has a bad row."""
    from loaders.bulk.run import bulk_load  # the importer's modules: only for a bulk load

    onto = load_ontology(strict=True)
    result = bulk_load(settings, files, onto=onto, progress=progress)
    if not result.ok:
        return BulkLoaded(result)
    db = settings.neo4j_database
    vectors = None
    with open_driver(settings) as driver:
        for summary in result.export.summaries:
            summary.seconds = result.timings.get("validate+csv", 0.0)
            record_load(driver, db, actor=actor, file=summary.file, after=audit_counts(summary))
            log_load(summary, actor=actor)
        if refresh_vectors:
            say("emkg: bulk: computing search vectors")
            t = time.monotonic()
            vectors = _refresh(driver, settings, embedder)
            result.timings["embeddings"] = time.monotonic() - t
    return BulkLoaded(result, vectors)


def audit_counts(summary: LoadSummary) -> dict[str, object]:
    """What a load's audit entry records: the kind, source, run id and counts (never values)."""
    return {
        "kind": summary.kind,
        "source": summary.source,
        "runId": summary.run_id,
        "rows": summary.rows,
        "valid": summary.valid,
        "errorRows": summary.error_rows,
        "created": summary.created,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "retired": summary.retired,
        "aborted": summary.aborted,
    }


def log_load(summary: LoadSummary, *, actor: str) -> None:
    """One INFO line per load: who, what, from where, the counts and the time (never values)."""
    log.info(
        "load actor=%s file=%s kind=%s run=%s rows=%d valid=%d error_rows=%d created=%d "
        "updated=%d unchanged=%d retired=%d aborted=%s s=%.1f",
        actor,
        summary.file,
        summary.kind,
        summary.run_id,
        summary.rows,
        summary.valid,
        summary.error_rows,
        summary.created,
        summary.updated,
        summary.unchanged,
        summary.retired,
        summary.aborted,
        summary.seconds,
    )


def load_demo_data(
    driver: Driver,
    settings: Settings,
    embedder: Embedder | None = None,
    *,
    refresh_vectors: bool = True,
    progress: bool = False,
    force: bool = False,
) -> DataLoaded:
    """The Sichuan demo dataset (`loaders.demo_loader`), then refresh vectors.

    Unless `force`, an unchanged demo (`unchanged_demo`) is not loaded again.

    Example::

        print(load_demo_data(driver, settings).to_text())
        load_demo_data(driver, settings).unchanged     # the second time: its DatasetMark
    """
    db = settings.neo4j_database
    require_schema(driver, db)
    mark = None if force else unchanged_demo(driver, db)
    if mark is None:
        summary = load_demo(driver, db, progress=progress)
        log_load(summary, actor="demo")
    else:
        log.info("demo load skipped: unchanged since %s", mark.loaded_when)
        summary = LoadSummary(
            file="demo", kind="all", source="demo", run_id=mark.run_id, unchanged=mark.nodes
        )
    vectors = _refresh(driver, settings, embedder) if refresh_vectors else None
    return DataLoaded(summary=summary, vectors=vectors, unchanged=mark)


def _bump(driver: Driver, database: str, *, by: str) -> None:
    def work(tx: ManagedTransaction) -> None:
        bump_ontology_version(tx, by=by)

    with map_neo4j_errors(), driver.session(database=database) as session:
        session.execute_write(work)


VECTORS = "vectors"  # the mark of the last complete refresh of every search vector


def refresh_vectors(
    driver: Driver, settings: Settings, embedder: Embedder, *, unless_fresh: bool = False
) -> RefreshReport | DatasetMark:
    """The search vectors of every searchable node whose text changed (`emkg run` after the
    demo). With `unless_fresh`, nothing is read when the last complete refresh was made with
    this model, at this ontology version, after this demo load, with no audited change since
    (every other way text changes: loads, uploads, edits): its mark is returned instead.

    Example::

        refresh_vectors(driver, settings, embedder, unless_fresh=True)   # DatasetMark: fresh
    """
    db = settings.neo4j_database
    key = _vectors_key(driver, db, embedder)
    if unless_fresh:
        fresh = current_mark(driver, db, VECTORS, content_hash=key, sources=[])
        if fresh is not None:
            log.info("vector refresh skipped: fresh since %s", fresh.loaded_when)
            return fresh
    report = _refresh(driver, settings, embedder)
    write_mark(driver, db, VECTORS, content_hash=key, sources=[], run_id="refresh")
    return report


def _vectors_key(driver: Driver, database: str, embedder: Embedder) -> str:
    with map_neo4j_errors(), driver.session(database=database) as session:
        version = read_ontology_version(session)
    demo = read_mark(driver, database, DEMO_DATASET)
    text = f"{embedder.model_id}\0{version}\0{demo.run_id if demo else ''}"
    return hashlib.sha256(text.encode()).hexdigest()


def vectors_unchanged_problem(mark: DatasetMark) -> Problem:
    """ "embeddings: fresh since <when>, not re-read" (zh/en in the catalog)."""
    return Problem.of("VECTORS_UNCHANGED", since=mark.loaded_when)


def _refresh(driver: Driver, settings: Settings, embedder: Embedder | None) -> RefreshReport:
    model = embedder if embedder is not None else load_embedder(settings.model_name)
    return refresh_embeddings(driver, settings.neo4j_database, model)
