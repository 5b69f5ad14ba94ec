"""Load benchmark: generated data into an EMPTY database, against a raw-driver baseline.

Prints nodes/s, relationships/s, wall time and the loader's peak RSS against a
baseline in the same process on the same data: plain ``UNWIND $rows CREATE`` of
the same node rows and relationships in the same batch sizes, with no mapping,
validation, MERGE or provenance. ratio = baseline wall time / our wall time (1.0 =
as fast as raw CREATE). Fair by construction: both are warmed up first (a tiny
data set loaded and wiped by each, so neither pays the cold JVM, the query plans
or the process's first ontology read alone), then ``--rounds`` rounds alternate
the order (ours first in odd rounds, raw first in even ones); every run is
printed, and the medians and the ratio of the medians. Targets (2 cores; issue
20): ratio >= 0.8, peak RSS < 2 GiB. Wipes instance data first and between runs;
the ontology is (re)applied.

``--bulk`` times ``emkg load --bulk`` instead (validation, CSV files, the offline
importer, restart, schema and ontology; search vectors only with ``--embeddings``)
into a new store of the local Neo4j, then the raw baseline on the same server in
the same run (instance data wiped, the ontology kept); it prints wall time, nodes/s,
rels/s, the peak RSS of the loader and of the importer's JVM, the core count and the
load average. Target (issue 20):
the national graph in under 60 s, peak RSS under 2 GiB. It deletes the local
store (``EMKG_NEO4J_DATA_DIR``): never point it at data you keep.

Example::

    EMKG_NEO4J_PORT=7801 EMKG_NEO4J_DATA_DIR=/tmp/emkg-dev emkg neo4j start
    EMKG_NEO4J_PORT=7801 EMKG_NEO4J_DATA_DIR=/tmp/emkg-dev \
        python benchmarks/bench_load.py --scale national --yes
    EMKG_NEO4J_PORT=7801 EMKG_NEO4J_DATA_DIR=/tmp/emkg-dev \
        python benchmarks/bench_load.py --scale national --bulk --yes
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from statistics import median
from typing import Any

from neo4j import Driver, ManagedTransaction

from kg.driver import open_driver
from kg.schema import INSTANCE_LABELS
from kg.settings import Settings
from kg.upserts import (
    COUNT_NODES_RELS,
    baseline_create_query,
    create_links_query,
    delete_label_query,
)
from loaders.generator import generate
from loaders.linking import link_plan
from loaders.pipeline import LoadOptions, load_file
from loaders.records import KINDS, LOAD_ORDER


def _peak_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0  # Linux: KiB


def _machine() -> str:
    """Cores and load average, printed beside every figure (a busy machine says so)."""
    one, five, _ = os.getloadavg()
    cores = os.cpu_count() or 1
    busy = "  BUSY: other work shares the cores" if one > cores else ""
    return f"{cores} cores, load average {one:.1f} / {five:.1f} (1 / 5 min){busy}"


def _counts(driver: Driver, db: str) -> tuple[int, int]:
    records, _, _ = driver.execute_query(COUNT_NODES_RELS, database_=db)
    return int(records[0]["nodes"]), int(records[0]["rels"])


def _wipe(driver: Driver, db: str) -> None:
    with driver.session(database=db) as s:
        for lbl in INSTANCE_LABELS:
            s.run(delete_label_query(lbl)).consume()


def _ours(driver: Driver, db: str, data: Path, batch: int, quiet: bool = False) -> dict[str, Any]:
    t0 = time.monotonic()
    nodes = rels = 0
    for kind in LOAD_ORDER:
        t = time.monotonic()
        s = load_file(
            driver,
            db,
            data / f"{kind}.jsonl",
            LoadOptions(kind=kind, batch_size=batch, source=f"bench/{kind}"),
        )
        if s.aborted:
            raise SystemExit(s.to_text())
        nodes += s.created
        rels += s.rels_created
        if quiet:
            continue
        print(
            f"  ours {kind:<10} {s.rows:>9,} rows  +{s.rels_created:>9,} rels  "
            f"{time.monotonic() - t:7.1f}s",
            flush=True,
        )
    return {"wall": time.monotonic() - t0, "nodes": nodes, "rels": rels}


def _baseline(
    driver: Driver, db: str, data: Path, batch: int, quiet: bool = False
) -> dict[str, Any]:
    t0 = time.monotonic()
    for kind_name in LOAD_ORDER:
        kind = KINDS[kind_name]
        path = data / f"{kind_name}.jsonl"
        t = time.monotonic()
        with driver.session(database=db) as session:
            for records in _chunks(path, batch):
                rows = [kind.node_row(r) for r in records]
                session.execute_write(_create, kind.label, rows)
            for records in _chunks(path, batch):
                plan = link_plan(kind, records)
                session.execute_write(_create_links, plan)
        if not quiet:
            print(f"  raw  {kind_name:<10} {time.monotonic() - t:7.1f}s", flush=True)
    return {"wall": time.monotonic() - t0}


def _chunks(path: Path, size: int) -> Any:
    chunk: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            chunk.append(json.loads(line))
            if len(chunk) >= size:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def _create(tx: ManagedTransaction, lbl: str, rows: list[dict[str, Any]]) -> None:
    tx.run(baseline_create_query(lbl), rows=rows).consume()


def _create_links(tx: ManagedTransaction, plan: list[Any]) -> None:
    for spec, rows, *_ in plan:
        tx.run(create_links_query(spec), rows=rows).consume()


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench_load", description=__doc__.split("\n")[0])
    p.add_argument("--scale", default="national", choices=("tiny", "province", "national"))
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--data", type=Path)
    p.add_argument("--batch-size", type=int, default=10000)
    p.add_argument("--rounds", type=int, default=3, help="alternated rounds (not with --bulk)")
    p.add_argument("--yes", action="store_true", help="allow wiping existing instance data")
    p.add_argument("--bulk", action="store_true", help="time `emkg load --bulk` (a new store)")
    p.add_argument("--embeddings", action="store_true", help="--bulk: also the search vectors")
    args = p.parse_args(argv)
    if args.bulk:
        return _bulk_main(args)

    from kg.ontology_sync import sync_ontology
    from ontology import load_ontology

    data = _dataset(args)
    warm = Path("var") / f"bench-tiny-{args.seed}"
    if not (warm / "equipment.jsonl").exists():
        generate("tiny", args.seed, warm)
    settings = Settings.from_env()
    db = settings.neo4j_database
    before = _machine()
    with open_driver(settings) as driver:
        sync_ontology(driver, db, load_ontology())
        base_nodes, _ = _counts(driver, db)
        if base_nodes > 1000 and not args.yes:
            print(
                f"the database holds {base_nodes:,} nodes; the benchmark wipes instance data "
                "first: rerun with --yes"
            )
            return 2
        _wipe(driver, db)
        base_nodes, base_rels = _counts(driver, db)
        print("warm-up (tiny data set, both ways, wiped after each):", flush=True)
        for run in (_ours, _baseline):
            run(driver, db, warm, args.batch_size, quiet=True)
            _wipe(driver, db)
        runs: dict[str, list[float]] = {"ours": [], "raw": []}
        nodes = rels = 0
        for r in range(args.rounds):
            order = ("ours", "raw") if r % 2 == 0 else ("raw", "ours")
            for who in order:
                print(f"round {r + 1}, {who} ({_machine()}):", flush=True)
                run = _ours if who == "ours" else _baseline
                done = run(driver, db, data, args.batch_size)
                runs[who].append(done["wall"])
                if who == "ours":
                    n, m = _counts(driver, db)
                    nodes, rels = n - base_nodes, m - base_rels
                _wipe(driver, db)
    rss = _peak_rss_mib()
    ours, raw = median(runs["ours"]), median(runs["raw"])
    print(f"\nload benchmark ({args.scale}, seed {args.seed}, batch {args.batch_size}):")
    print(f"  machine: before {before}; now {_machine()}")
    print(f"  nodes {nodes:,}  relationships {rels:,}")
    for r, (o, w) in enumerate(zip(runs["ours"], runs["raw"], strict=True)):
        first = "ours" if r % 2 == 0 else "raw"
        print(f"  round {r + 1} ({first} first): emkg {o:7.1f}s  raw {w:7.1f}s  ratio {w / o:.2f}")
    print(
        f"  emkg load (median): {ours:8.1f}s wall  {nodes / ours:10,.0f} nodes/s  "
        f"{rels / ours:10,.0f} rels/s  peak RSS {rss:,.0f} MiB (this process, both ways)"
    )
    print(
        f"  raw CREATE (median): {raw:7.1f}s wall  {nodes / raw:10,.0f} nodes/s  "
        f"{rels / raw:10,.0f} rels/s"
    )
    print(f"  ratio (raw median / emkg median): {raw / ours:.2f}  (target >= 0.8)")
    return 0


def _dataset(args: argparse.Namespace) -> Path:
    data: Path = args.data or Path("var") / f"bench-{args.scale}-{args.seed}"
    if not (data / "equipment.jsonl").exists():
        t = time.monotonic()
        counts = generate(args.scale, args.seed, data)
        print(f"generated {data} in {time.monotonic() - t:.1f}s: {counts}", flush=True)
    return data


def _new_store(settings: Settings) -> None:
    """Stop the local Neo4j and delete its data directory (a new password comes with the
    next start, as on a new machine)."""
    from kg.neo4j_local.launcher import LocalNeo4j

    LocalNeo4j(settings, log=False).stop()
    shutil.rmtree(settings.neo4j_data_dir, ignore_errors=True)


def _bulk_main(args: argparse.Namespace) -> int:
    from kg.embeddings import load_embedder, refresh_embeddings
    from kg.ontology_sync import sync_ontology
    from loaders.bulk.export import BulkFile
    from loaders.bulk.run import BULK_KINDS, bulk_load, require_local
    from ontology import load_ontology

    settings = Settings.from_env()
    require_local(settings)
    if not args.yes:
        print(f"--bulk deletes the local store in {settings.neo4j_data_dir}: rerun with --yes")
        return 2
    data = _dataset(args)
    db = settings.neo4j_database
    files = [BulkFile(data / f"{k}.jsonl", k) for k in BULK_KINDS if (data / f"{k}.jsonl").exists()]
    before = _machine()
    _new_store(settings)
    t0 = time.monotonic()
    result = bulk_load(settings, files, show_import=None)
    wall = time.monotonic() - t0
    if not result.ok:
        raise SystemExit("\n".join(s.to_text() for s in result.export.summaries))
    vectors = None
    if args.embeddings:
        with open_driver(settings) as driver:
            t = time.monotonic()
            report = refresh_embeddings(driver, db, load_embedder(settings.model_name))
            vectors = (time.monotonic() - t, report.to_text())
    rss = _peak_rss_mib()
    during = _machine()
    # The baseline on the same server: instance data wiped, the ontology kept (as the
    # transactional benchmark does), then plain UNWIND ... CREATE of the same files.
    with open_driver(settings) as driver:
        nodes, rels = _counts(driver, db)
        _wipe(driver, db)
        sync_ontology(driver, db, load_ontology())
        base_nodes, base_rels = _counts(driver, db)
        raw = _baseline(driver, db, data, args.batch_size)
        raw_nodes, raw_rels = _counts(driver, db)
        _wipe(driver, db)
    steps = ", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items())
    print(f"\nbulk load benchmark ({args.scale}, seed {args.seed}):")
    print(f"  machine: before {before}; after the bulk load {during}; now {_machine()}")
    print(f"  nodes {nodes:,}  relationships {rels:,} (ontology included)")
    print(
        f"  emkg load --bulk: {wall:8.1f}s wall  {nodes / wall:10,.0f} nodes/s  "
        f"{rels / wall:10,.0f} rels/s  ({steps})"
    )
    second = result.export.part_rss_mib
    print(
        f"  peak RSS: loader {rss:,.0f} MiB"
        + (f" (+ {second:,.0f} MiB: its second export process)" if second else "")
        + f", importer JVM {result.importer_rss_mib:,.0f} MiB"
    )
    print("  CPU seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in result.cpu.items()))
    if vectors is not None:
        print(f"  search vectors: {vectors[0]:.1f}s more ({vectors[1]})")
    print(
        f"  raw CREATE      : {raw['wall']:8.1f}s wall  "
        f"{(raw_nodes - base_nodes) / raw['wall']:10,.0f} nodes/s  "
        f"{(raw_rels - base_rels) / raw['wall']:10,.0f} rels/s  (same data, same run)"
    )
    print(f"  ratio (raw wall / bulk wall): {raw['wall'] / wall:.2f}  (target: national < 60 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
