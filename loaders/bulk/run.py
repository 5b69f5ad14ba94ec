"""A bulk load: validated files into an EMPTY local store through Neo4j's offline importer.

Steps, each announced on stderr: refuse an external server or a database that
holds data (the importer replaces the whole store); validate every file as
``emkg load`` does and write the importer's CSV files, while the local Neo4j stops
(started again if a file is refused: nothing is imported then);
``neo4j-admin database import full``; start it again; apply the schema and the
ontology (``sync_ontology``: constraints, point, full-text indexes). The caller
(``emkg load --bulk``) then writes the audit entries and the search vectors, as
after every load.

Example::

    result = bulk_load(settings, [BulkFile(Path("var/national/teams.jsonl"), "teams")])
    result.export.ok, result.timings      # {'validate+csv': 31.2, 'import': 14.0, ...}
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.driver import open_driver
from kg.errors import UserInputError, map_neo4j_errors
from kg.neo4j_local.admin_import import default_show, import_full
from kg.neo4j_local.launcher import LocalNeo4j
from kg.ontology_sync import SyncReport, sync_ontology
from kg.settings import Settings
from kg.upserts import LOADED_NODES_BY_LABEL
from loaders.bulk.columns import ARRAY_DELIMITER_OPTION
from loaders.bulk.export import BulkFile, Export, export_files
from loaders.records import LOAD_ORDER
from ontology import Ontology, load_ontology

NEEDS_LOCAL = (
    "bulk import needs the local store: NEO4J_URI is set ({uri}), and Neo4j's offline "
    "importer writes the store files of a server on this machine. Load into that server "
    "without --bulk (`emkg load FILE --kind K`), or unset NEO4J_URI to bulk-load into the "
    "project's own local Neo4j (EMKG_NEO4J_DATA_DIR)"
)
NOT_EMPTY = (
    "the database '{db}' is not empty: it holds {total:,} node(s) besides the ontology "
    "({labels}). A bulk import builds a new store and would replace them. Load this data "
    "without --bulk (an incremental `emkg load`), or start from an empty store: "
    "`emkg neo4j stop`, move {store} away, then run `emkg load --bulk` again"
)
NO_KINDS = "only these record kinds can be bulk-loaded: {kinds}; load '{kind}' without --bulk"
BULK_KINDS = LOAD_ORDER  # every record kind of shapes.ttl (not vocabularies: they are concepts)


@dataclass
class BulkResult:
    export: Export
    timings: dict[str, float] = field(default_factory=dict)
    sync: SyncReport | None = None
    importer_rss_mib: float = 0.0
    # CPU seconds per step: this process's in validate+csv (and its second process's),
    # the importer's, the server's while it starts and while the schema is applied. On a
    # shared machine they say what a step costs better than its wall time.
    cpu: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.export.ok


def _server_cpu_s(local: LocalNeo4j) -> float:
    """The local server's CPU time so far (user + system, from /proc), 0 if unknown."""
    pid = local.status().pid
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def require_local(settings: Settings) -> None:
    """The offline importer writes store files: only the project's own local Neo4j."""
    if not settings.uses_local_neo4j:
        raise UserInputError(NEEDS_LOCAL.format(uri=settings.neo4j_uri))


def loaded_nodes(settings: Settings) -> dict[str, int]:
    """Nodes by label that are not the ontology's (the running local server is asked)."""
    with open_driver(settings) as driver, map_neo4j_errors():
        records, _, _ = driver.execute_query(
            LOADED_NODES_BY_LABEL, database_=settings.neo4j_database
        )
    return {str(r["label"]): int(r["nodes"]) for r in records}


def require_empty(settings: Settings, local: LocalNeo4j, say: Callable[[str], None]) -> None:
    """Refuse a database holding anything but the ontology (starts the server to look)."""
    db = settings.neo4j_database
    if not local.status().running:
        if not local.store_exists(db):
            return  # never started: nothing to replace
        say("emkg: bulk: starting the local Neo4j to check that the database is empty")
        local.start()
    found = loaded_nodes(settings)
    if found:
        labels = ", ".join(f"{lbl} {n:,}" for lbl, n in list(found.items())[:6])
        store = local.data_dir / "data"
        raise UserInputError(
            NOT_EMPTY.format(db=db, total=sum(found.values()), labels=labels, store=store)
        )


class _Stopping:
    """The local server stopping in a thread; `wait` re-raises what stopping raised."""

    def __init__(self, local: LocalNeo4j) -> None:
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(local,), daemon=True)
        self._thread.start()

    def _run(self, local: LocalNeo4j) -> None:
        try:
            local.stop()
        except BaseException as e:  # handed to the caller by wait()
            self.error = e

    def wait(self) -> None:
        self._thread.join()
        if self.error is not None:
            raise self.error


def _stop_beside(local: LocalNeo4j, say: Callable[[str], None]) -> _Stopping | None:
    """Stop the running local server in a thread (None when none runs)."""
    if not local.status().running:
        return None
    say("emkg: bulk: stopping the local Neo4j for the offline import (while the files are written)")
    return _Stopping(local)


def _start_again(local: LocalNeo4j, stopping: _Stopping | None, say: Callable[[str], None]) -> None:
    """After a refused export: the server that was stopped for the import runs again."""
    if stopping is None:
        return
    stopping.wait()
    say("emkg: bulk: nothing was imported; starting the local Neo4j again")
    local.start()


def bulk_load(
    settings: Settings,
    files: Sequence[BulkFile],
    *,
    onto: Ontology | None = None,
    progress: bool = False,
    say: Callable[[str], None] = _say,
    show_import: Callable[[str], None] | None = default_show,
) -> BulkResult:
    """Validate, import and index `files`; see the module docstring. Nothing is imported
    when a file has a bad row (its summary is `aborted`, the store is untouched)."""
    require_local(settings)
    for f in files:
        if f.kind not in BULK_KINDS:
            raise UserInputError(NO_KINDS.format(kinds=", ".join(BULK_KINDS), kind=f.kind))
    onto = onto or load_ontology()
    local = LocalNeo4j(settings, log=False)
    db = settings.neo4j_database
    timings: dict[str, float] = {}
    t = time.monotonic()
    require_empty(settings, local, say)
    timings["check empty"] = time.monotonic() - t
    folder = local.data_dir / "bulk-import"
    shutil.rmtree(folder, ignore_errors=True)
    # The server stops while the files are written (the import needs it stopped; a failed
    # export starts it again, so a refused load leaves it as it was).
    stopping = _stop_beside(local, say)
    try:
        say(f"emkg: bulk: validating {len(files)} file(s) and writing the importer's CSV files")
        t, cpu = time.monotonic(), time.process_time()
        try:
            export = export_files(files, folder, onto, progress=progress, say=say)
        except BaseException:
            _start_again(local, stopping, say)
            raise
        timings["validate+csv"] = time.monotonic() - t
        result = BulkResult(export, timings)
        result.cpu["validate+csv"] = time.process_time() - cpu
        if export.part_cpu_s:
            result.cpu["validate+csv, second process"] = export.part_cpu_s
        if not export.ok:
            _start_again(local, stopping, say)
            return result
        t = time.monotonic()
        if stopping is not None:
            stopping.wait()
        timings["stop"] = time.monotonic() - t  # what the import still waited for
        say(
            f"emkg: bulk: importing {export.nodes:,} nodes and {export.rels:,} relationships "
            f"with neo4j-admin database import full (database '{db}')"
        )
        nodes, rels = export.tables.import_groups()
        done = import_full(
            local,
            db,
            nodes,
            rels,
            array_delimiter=ARRAY_DELIMITER_OPTION,
            multiline=export.tables.multiline,
            show=show_import,
        )
        timings["import"] = done.seconds
        result.importer_rss_mib = done.peak_rss_mib
        result.cpu["import"] = done.cpu_s
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    say("emkg: bulk: starting the local Neo4j")
    t = time.monotonic()
    local.start()
    timings["start"] = time.monotonic() - t
    result.cpu["start"] = cpu = _server_cpu_s(local)
    say("emkg: bulk: applying the schema and the ontology (constraints, point and text indexes)")
    t = time.monotonic()
    with open_driver(settings) as driver:
        result.sync = sync_ontology(driver, db, onto)
    timings["schema"] = time.monotonic() - t
    result.cpu["schema"] = _server_cpu_s(local) - cpu
    return result
