"""`emkg load --bulk PATH`: the files of PATH into an empty local store (see loaders.bulk).

After the import, as after every load: one audit entry per file and the search
vectors of the loaded nodes (``--no-embeddings`` skips them).

Example::

    emkg generate --scale national --out var/national
    emkg load var/national --bulk
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from kg.errors import UserInputError
from kg.settings import Settings
from loaders.bulk.export import BulkFile
from loaders.bulk.run import BULK_KINDS
from loaders.mapping import Mapping

EXTENSIONS = (".jsonl", ".json", ".csv", ".yaml", ".yml", ".geojson", ".ttl", ".jsonld")


def find_files(folder: Path) -> list[BulkFile]:
    """`<kind>.<ext>` files of a folder (the names `emkg generate` writes), one per kind."""
    found: list[BulkFile] = []
    for kind in BULK_KINDS:
        matches = [
            folder / f"{kind}{ext}" for ext in EXTENSIONS if (folder / f"{kind}{ext}").is_file()
        ]
        if len(matches) > 1:
            names = ", ".join(m.name for m in matches)
            raise UserInputError(f"{folder} holds several {kind} files ({names}); keep one")
        found += [BulkFile(m, kind) for m in matches]
    if not found:
        names = ", ".join(f"{k}.jsonl" for k in BULK_KINDS)
        raise UserInputError(
            f"{folder} holds no data file named after a record kind ({names}; also .csv, "
            ".yaml, .json ...); name the files so, or bulk-load one file with --kind"
        )
    return found


def bulk_files(
    path: Path, kind: str | None, mapping: Path | None, source: str | None
) -> list[BulkFile]:
    if path.is_dir():
        if kind or mapping or source:
            raise UserInputError(
                "--kind, --mapping and --source name one file; with a folder, every "
                "<kind>.<ext> file in it is loaded in canonical form"
            )
        return find_files(path)
    if not path.is_file():
        raise UserInputError(f"{path} is neither a data file nor a folder of data files")
    if kind is None:
        raise UserInputError("--kind is required with a file: say what it holds, e.g. --kind teams")
    return [BulkFile(path, kind, Mapping.from_file(mapping, kind) if mapping else None, source)]


def run_bulk(
    settings: Settings,
    path: Path,
    kind: str | None,
    mapping: Path | None,
    source: str | None,
    *,
    refresh: bool,
    quiet: bool,
    actor: str,
) -> int:
    from api.operations import bulk_data
    from loaders.bulk.run import require_local

    require_local(settings)  # before reading any file: the answer does not depend on them
    files = bulk_files(path, kind, mapping, source)
    t0 = time.monotonic()
    done = bulk_data(
        settings,
        files,
        actor=actor,
        refresh_vectors=refresh,
        progress=not quiet and sys.stderr.isatty(),
        say=lambda msg: click.echo(msg, err=True),
    )
    result = done.result
    for summary in result.export.summaries:
        click.echo(summary.to_text())
    if not result.ok:
        click.echo("nothing was imported: fix the rows above and run the bulk load again", err=True)
        return 1
    if done.vectors is not None:
        click.echo(done.vectors.to_text())
    result.timings["total"] = time.monotonic() - t0
    steps = ", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items())
    click.echo(
        f"bulk load: {result.export.nodes:,} nodes, {result.export.rels:,} relationships; {steps}"
    )
    return 0
