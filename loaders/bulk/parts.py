"""A large screened file exported by two processes: each half of its lines is screened and
written on a core of its own, and the halves' tables are joined (the importer reads a
header and any number of data files per label and relationship type).

The second half runs in a forked process (it inherits what earlier files exported)
and writes its tables into a folder of its own; this process screens the first half
meanwhile. The halves are joined only when both were proven clean, their ids do not
meet and each column holds one type in both; otherwise ``Unscreened`` sends the file
to the normal path, as a row the screen cannot prove clean does.

Example::

    export = FileExport(tables, BulkFile(Path("equipment.jsonl"), "equipment"), known, now)
    summary = export_in_parts(export, known)     # or Unscreened
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import shutil
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from loaders.bulk.file_export import FileExport
from loaders.bulk.tables import ColumnClash, TablePart, Tables
from loaders.screen import RowScreen, Span, Unscreened

# Below this size a file is screened in one process (forking costs more than it saves).
PARTS_MIN_BYTES = 16 << 20


def parallel_parts() -> int:
    """How many processes export a large file: two where there are two cores and fork."""
    try:
        multiprocessing.get_context("fork")
    except ValueError:
        return 1
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def halves(path: Path) -> tuple[Span, Span]:
    """The file's bytes in two spans that meet at a line start."""
    size = path.stat().st_size
    with path.open("rb") as f:
        f.seek(size // 2)
        f.readline()  # to the start of the next line
        mid = f.tell()
    return (0, mid), (mid, None)


@dataclass
class _PartDone:
    """What the second half's process hands back."""

    rows: int = 0
    created: int = 0
    rels_created: int = 0
    expected: dict[str, int] = field(default_factory=dict)
    linked: dict[str, int] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)
    tables: list[TablePart] = field(default_factory=list)
    peak_rss_mib: float = 0.0
    cpu_s: float = 0.0
    unscreened: tuple[int, str] | None = None
    failed: str | None = None


def _second_half(conn: Connection, part: FileExport, span: Span) -> None:
    """In the forked process: screen and write the span, send back what was done."""
    done = _PartDone()
    try:
        part.scan(RowScreen(part.kind.name, part.known), span)
        part.tables.flush()
        s = part.summary
        done.rows, done.created, done.rels_created = s.rows, s.created, s.rels_created
        done.expected, done.linked, done.ids = part.expected, part.linked, part.ids
        done.tables = part.tables.parts()
    except Unscreened as e:
        done.unscreened = (e.row, e.why)
    except Exception as e:  # handed to the parent, which raises it
        done.failed = f"{type(e).__name__}: {e}"
    usage = resource.getrusage(resource.RUSAGE_SELF)
    done.peak_rss_mib = usage.ru_maxrss / 1024.0
    done.cpu_s = usage.ru_utime + usage.ru_stime
    conn.send(done)
    conn.close()


def export_in_parts(export: FileExport, folder: Path) -> tuple[tuple[float, float], FileExport]:
    """Screen and write `export`'s file in two processes; returns the second process's peak
    RSS (MiB) and CPU seconds, and `export` with both halves in its tables and counts (not
    finished: the caller calls `finish`). `folder` holds the second half's files."""
    first, second = halves(export.file.path)
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    shutil.rmtree(folder, ignore_errors=True)
    run_id = export.summary.run_id  # one run: the same provenance in both halves
    part = FileExport(Tables(folder), export.file, export.known, export.now, run_id=run_id)
    proc = ctx.Process(target=_second_half, args=(send, part, second), daemon=True)
    proc.start()
    send.close()
    try:
        export.scan(RowScreen(export.kind.name, export.known), first)
        done: _PartDone = receive.recv()
    finally:
        if proc.is_alive():
            with contextlib.suppress(Exception):
                proc.kill()
        proc.join()
        receive.close()
    if done.failed is not None:
        raise RuntimeError(f"{export.file.path.name}, second half: {done.failed}")
    s = export.summary
    if done.unscreened is not None:
        row, why = done.unscreened
        raise Unscreened(s.rows + row, why)
    if not export.ids.isdisjoint(done.ids):
        raise Unscreened(s.rows, "an id in both halves of the file")
    try:
        export.tables.join(done.tables)
    except ColumnClash as e:
        raise Unscreened(s.rows, f"the file's halves hold different types: {e}") from e
    s.rows += done.rows
    s.valid += done.rows
    s.created += done.created
    s.rels_created += done.rels_created
    for name, n in done.expected.items():
        export.expected[name] = export.expected.get(name, 0) + n
    for name, n in done.linked.items():
        export.linked[name] = export.linked.get(name, 0) + n
    export.ids |= done.ids
    return (done.peak_rss_mib, done.cpu_s), export
