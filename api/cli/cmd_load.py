"""`emkg load ...` and `emkg generate ...`: ingest data into the graph, or make synthetic data.

Example::

    emkg load demo                       # skipped when unchanged since its last load
    emkg load demo --force               # loaded all the same
    emkg load teams.csv --kind teams --mapping agency-x.yaml --on-error skip
    emkg load ../shared/data/osm-zurich/firestation_kt_zh.geojson --kind teams \\
        --mapping loaders/mappings/osm-fire-stations.yaml
    emkg generate --scale national --seed 7 --out var/national
    emkg load var/national --bulk        # an EMPTY local store, through Neo4j's offline importer
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.settings import Settings

KINDS = ("teams", "experts", "equipment", "depots", "plans", "regions", "incidents", "vocabulary")
SCALES = ("tiny", "province", "national")
PATH = click.Path(path_type=Path)


@click.command()
@click.argument("path")
@click.option("--kind", type=click.Choice(KINDS), help="what the file holds (required unless demo)")
@click.option(
    "--mapping",
    type=PATH,
    help="mapping YAML (see loaders/MAPPINGS.md); default: the file is in canonical form",
)
@click.option("--source", help="provenance name (default: the mapping's, else the file name)")
@click.option("--dry-run", is_flag=True, help="validate and report only")
@click.option(
    "--on-error",
    type=click.Choice(["abort", "skip"]),
    default="abort",
    help="abort (default): write nothing if any row is bad; skip: load the good rows, "
    "write the bad ones to --errors",
)
@click.option(
    "--errors",
    "errors_path",
    type=PATH,
    help="errors file (JSON Lines); default ./<file>.errors.jsonl",
)
@click.option(
    "--snapshot",
    is_flag=True,
    help="retire records of this source that the file no longer contains",
)
@click.option(
    "--bulk",
    is_flag=True,
    help="build an EMPTY local database with Neo4j's offline importer (neo4j-admin database "
    "import full): PATH is a folder of <kind>.jsonl|csv|... files (as `emkg generate` writes) "
    "or one file with --kind; stops and restarts the local Neo4j",
)
@click.option("--batch-size", type=int, default=5000, show_default=True)
@click.option("--quiet", is_flag=True, help="no progress line")
@click.option(
    "--force",
    is_flag=True,
    help="demo: load it even when its last complete load is unchanged in the graph",
)
@click.option(
    "--no-embeddings",
    is_flag=True,
    help="skip recomputing search vectors for the loaded nodes (run `emkg ontology apply` "
    "or `emkg load` later to catch up)",
)
def load(
    path: str,
    kind: str | None,
    mapping: Path | None,
    source: str | None,
    dry_run: bool,
    on_error: str,
    errors_path: Path | None,
    snapshot: bool,
    bulk: bool,
    batch_size: int,
    quiet: bool,
    no_embeddings: bool,
    force: bool,
) -> int:
    """Load PATH: 'demo' (the Sichuan demo dataset) or a data file (csv, json, jsonl, yaml,
    geojson, ttl, jsonld). Needs the schema: run `emkg ontology apply` first."""
    from api.operations import load_data, load_demo_data
    from kg.driver import open_driver
    from kg.errors import UserInputError
    from loaders.mapping import Mapping
    from loaders.pipeline import LoadOptions

    settings = Settings.from_env()
    show = not quiet and sys.stderr.isatty()
    refresh = not no_embeddings
    if force and path != "demo":
        raise UserInputError("--force is for `emkg load demo` only: a file load always writes")
    if bulk:
        from api.cli.bulk_load import run_bulk

        if dry_run or snapshot or on_error != "abort":
            raise UserInputError(
                "--bulk takes clean data into an empty database: --dry-run, --snapshot and "
                "--on-error skip do not apply (validate with `emkg load FILE --kind K --dry-run`)"
            )
        return run_bulk(
            settings,
            Path(path),
            kind,
            mapping,
            source,
            refresh=refresh,
            quiet=quiet,
            actor=_actor(),
        )
    if path == "demo":
        with open_driver(settings) as driver:
            demo = load_demo_data(
                driver, settings, refresh_vectors=refresh, progress=show, force=force
            )
        click.echo(demo.to_text())
        return 0
    if kind is None:
        raise UserInputError("--kind is required: say what the file holds, e.g. --kind teams")
    opts = LoadOptions(
        kind=kind,
        mapping=Mapping.from_file(mapping, kind) if mapping else None,
        source=source,
        dry_run=dry_run,
        on_error=on_error,
        errors_path=errors_path,
        snapshot=snapshot,
        batch_size=batch_size,
        progress=show,
    )
    if dry_run:  # validation only: no database needed
        done = load_data(None, settings, Path(path), opts)
    else:
        with open_driver(settings) as driver:
            done = load_data(
                driver, settings, Path(path), opts, refresh_vectors=refresh, actor=_actor()
            )
    click.echo(done.to_text())
    summary = done.summary
    if summary.error_rows and not summary.aborted and not dry_run:  # skip mode: say so, exit 1
        where = summary.errors_file or "the report above"
        click.echo(
            f"{summary.error_rows} row(s) were skipped with errors; see {where}, fix them and "
            "load the file again",
            err=True,
        )
    return 1 if summary.aborted or summary.error_rows else 0


def _actor() -> str:
    """Who ran `emkg load`, for the audit trail: the operating-system user."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except OSError:  # no user name in this environment
        return "cli"


@click.command()
@click.option("--scale", type=click.Choice(SCALES), default="province", show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--out", type=PATH, required=True, help="folder for the JSON Lines files")
def generate(scale: str, seed: int, out: Path) -> int:
    """Write a synthetic data set (JSON Lines per kind)."""
    from loaders.generator import generate as write_dataset

    counts = write_dataset(scale, seed, out)
    click.echo(f"wrote {out}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    return 0
