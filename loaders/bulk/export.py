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
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.ontology_sync import TAXONOMY_RELS, concept_properties, ontology_relationships
from loaders.bulk.file_export import PROVENANCE, BulkFile, FileExport
from loaders.bulk.parts import PARTS_MIN_BYTES, export_in_parts, parallel_parts
from loaders.bulk.tables import Tables
from loaders.records import KINDS, LOAD_ORDER
from loaders.screen import RowScreen, Unscreened, screens
from loaders.summary import LoadSummary
from ontology import Ontology
from ontology.model import LABEL_PROPERTIES
from ontology.registry import CONCEPT_KINDS

__all__ = ["BulkFile", "Export", "export_files", "export_ontology", "ordered"]

ONTOLOGY_PROPS = (*LABEL_PROPERTIES, "deprecated", "rank", "rtlt")


@dataclass
class Export:
    tables: Tables
    summaries: list[LoadSummary] = field(default_factory=list)
    nodes: int = 0
    rels: int = 0
    parts: int = 1  # processes that export a large screened file
    parts_min_bytes: int = PARTS_MIN_BYTES
    part_rss_mib: float = 0.0  # the peak RSS of a second process (a large file in parts)
    part_cpu_s: float = 0.0  # and the CPU seconds of those processes

    @property
    def ok(self) -> bool:
        return not any(s.aborted for s in self.summaries)


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


def export_files(
    files: Sequence[BulkFile],
    folder: Path,
    onto: Ontology,
    *,
    progress: bool = False,
    say: Callable[[str], None] = lambda _: None,
    screen: bool = True,
    parts: int | None = None,
    parts_min_bytes: int = PARTS_MIN_BYTES,
) -> Export:
    """Validate `files` (in `LOAD_ORDER`) and write the importer's CSV files into `folder`.

    Stops at the first file with a bad row (its summary says `aborted`); nothing is
    imported then. Canonical JSON Lines files are screened (loaders.screen);
    `screen=False` checks every row the normal way (the same files, slower). A large
    screened file (`parts_min_bytes` or more) is split between `parts` processes
    (default: 2 on 2 cores or more).
    """
    parts = parallel_parts() if parts is None else parts
    now = dt.datetime.now(dt.UTC)
    tables = Tables(folder)
    export = Export(tables, parts=parts, parts_min_bytes=parts_min_bytes)
    known = export_ontology(tables, onto, now)
    for lbl in _reference_labels() - set(known):
        known[lbl] = set()
    for f in ordered(files):
        done = _export_file(tables, f, known, now, progress, say, screen=screen, export=export)
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
    export: Export,
) -> LoadSummary:
    """A screened file when the screen proves every row clean (loaders.screen; a large
    file in `parts` processes, loaders.bulk.parts), else the file checked the normal way
    from its start (what it wrote so far is forgotten)."""
    if screen and screens(f.path, f.kind, f.mapping):
        mark = tables.mark()
        part_folder = tables.folder / f"part-{f.path.stem}"
        try:
            done = FileExport(tables, f, known, now, progress)
            if export.parts > 1 and f.path.stat().st_size >= export.parts_min_bytes:
                (rss, cpu), done = export_in_parts(done, part_folder)
                export.part_rss_mib = max(export.part_rss_mib, rss)
                export.part_cpu_s += cpu
            else:
                done.scan(RowScreen(f.kind, known))
            return done.finish()
        except Unscreened as e:
            tables.rollback(mark)
            shutil.rmtree(part_folder, ignore_errors=True)
            say(f"emkg: {f.path.name}: {e}; checking the file row by row")
    return FileExport(tables, f, known, now, progress).run()


def ordered(files: Iterable[BulkFile]) -> list[BulkFile]:
    """Targets before referrers (`LOAD_ORDER`), as `emkg load demo` loads them."""
    rank = {k: i for i, k in enumerate(LOAD_ORDER)}
    return sorted(files, key=lambda f: (rank.get(f.kind, len(rank)), f.path.name))
