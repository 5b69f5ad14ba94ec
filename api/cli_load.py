"""`emkg load ...`, `emkg generate ...`, `emkg bench load`: ingest data into the graph.

Example::

    emkg load demo
    emkg load teams.csv --kind teams --mapping agency-x.yaml --on-error skip
    emkg load ../shared/data/osm-zurich/firestation_kt_zh.geojson --kind teams \\
        --mapping loaders/mappings/osm-fire-stations.yaml
    emkg generate --scale national --seed 7 --out var/national
    emkg bench load --scale province
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kg.settings import Settings

if TYPE_CHECKING:
    from neo4j import Driver

KINDS = ("teams", "experts", "equipment", "depots", "plans", "regions", "incidents", "vocabulary")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("load", help="load a data file (`emkg load demo` for the demo dataset)")
    p.add_argument(
        "path", help="'demo' or a data file (csv, json, jsonl, yaml, geojson, ttl, jsonld)"
    )
    p.add_argument("--kind", choices=KINDS, help="what the file holds (required unless demo)")
    p.add_argument(
        "--mapping",
        type=Path,
        help="mapping YAML (see loaders/MAPPINGS.md); default: the file is in canonical form",
    )
    p.add_argument("--source", help="provenance name (default: the mapping's, else file name)")
    p.add_argument("--dry-run", action="store_true", help="validate and report only")
    p.add_argument(
        "--on-error",
        choices=("abort", "skip"),
        default="abort",
        help="abort (default): write nothing if any row is bad; skip: load the "
        "good rows, write the bad ones to --errors",
    )
    p.add_argument(
        "--errors", type=Path, help="errors file (JSON Lines); default ./<file>.errors.jsonl"
    )
    p.add_argument(
        "--snapshot",
        action="store_true",
        help="retire records of this source that the file no longer contains",
    )
    p.add_argument("--batch-size", type=int, default=5000)
    p.add_argument("--quiet", action="store_true", help="no progress line")
    p.add_argument(
        "--no-embeddings",
        action="store_true",
        help="skip recomputing search vectors for the loaded nodes (run `emkg ontology "
        "apply` or `emkg load` later to catch up)",
    )
    p.set_defaults(handler=run)

    g = sub.add_parser("generate", help="write a synthetic data set (JSON Lines per kind)")
    g.add_argument("--scale", choices=("tiny", "province", "national"), default="province")
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--out", type=Path, required=True)
    g.set_defaults(handler=generate)

    b = sub.add_parser("bench", help="benchmarks that print their figures")
    bsub = b.add_subparsers(dest="bench", required=True, metavar="BENCH")
    bl = bsub.add_parser(
        "load",
        help="load generated data into an EMPTY database; compare with a raw-driver baseline",
    )
    bl.add_argument("--scale", choices=("tiny", "province", "national"), default="national")
    bl.add_argument("--seed", type=int, default=1)
    bl.add_argument(
        "--data", type=Path, help="generated data dir (default: generate into var/bench-<scale>)"
    )
    bl.add_argument("--batch-size", type=int, default=10000)
    bl.add_argument("--yes", action="store_true", help="allow wiping a non-empty database")
    bl.set_defaults(handler=bench_load)


def run(args: argparse.Namespace) -> int:
    from kg.driver import open_driver

    settings = Settings.from_env()
    show = not args.quiet and sys.stderr.isatty()
    if args.path == "demo":
        from loaders.demo_loader import load_demo

        with open_driver(settings) as driver:
            _require_schema(driver, settings.neo4j_database)
            summary = load_demo(driver, settings.neo4j_database, progress=show)
            print(summary.to_text())
            if not args.no_embeddings:
                _refresh_search_vectors(driver, settings)
        return 0
    from kg.errors import UserInputError
    from loaders.mapping import Mapping
    from loaders.pipeline import LoadOptions, load_file

    if args.kind is None:
        raise UserInputError("--kind is required: say what the file holds, e.g. --kind teams")
    crash = os.environ.get("EMKG_LOAD_CRASH_AFTER_BATCHES")  # for the crash-resume test
    opts = LoadOptions(
        kind=args.kind,
        mapping=Mapping.from_file(args.mapping, args.kind) if args.mapping else None,
        source=args.source,
        dry_run=args.dry_run,
        on_error=args.on_error,
        errors_path=args.errors,
        snapshot=args.snapshot,
        batch_size=args.batch_size,
        progress=show,
        crash_after_batches=int(crash) if crash else None,
    )
    if args.dry_run:
        summary = load_file(None, settings.neo4j_database, Path(args.path), opts)
    else:
        with open_driver(settings) as driver:
            _require_schema(driver, settings.neo4j_database)
            summary = load_file(driver, settings.neo4j_database, Path(args.path), opts)
            print(summary.to_text())
            if not summary.aborted and not args.no_embeddings:
                _refresh_search_vectors(driver, settings)
        return 1 if summary.aborted else 0
    print(summary.to_text())
    return 1 if summary.aborted or (args.dry_run and summary.error_rows) else 0


def _refresh_search_vectors(driver: Driver, settings: Settings) -> None:
    """Search vectors for the nodes just loaded (only text that changed is re-encoded)."""
    from kg.embeddings import load_embedder, refresh_embeddings

    print(
        refresh_embeddings(
            driver, settings.neo4j_database, load_embedder(settings.model_name)
        ).to_text()
    )


def _require_schema(driver: Driver, database: str) -> None:
    """Without the id constraints every MERGE scans its label: refuse, and say what to run."""
    from kg.errors import UserInputError
    from kg.schema import schema_applied

    if not schema_applied(driver, database):
        raise UserInputError(
            "the graph has no schema and taxonomy yet; run `emkg ontology apply` first"
        )


def generate(args: argparse.Namespace) -> int:
    from loaders.generator import generate as gen

    counts = gen(args.scale, args.seed, args.out)
    print(f"wrote {args.out}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    return 0


def bench_load(args: argparse.Namespace) -> int:
    from loaders.bench import main as bench_main

    argv = ["--scale", args.scale, "--seed", str(args.seed), "--batch-size", str(args.batch_size)]
    if args.data:
        argv += ["--data", str(args.data)]
    if args.yes:
        argv.append("--yes")
    return bench_main(argv)
