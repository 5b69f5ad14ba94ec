"""`emkg load demo`: the committed Sichuan demo dataset, through the ordinary pipeline.

The files in ``loaders/demo/`` are canonical records (no mapping needed), one
file per kind, loaded in ``LOAD_ORDER`` with snapshot semantics per file, so a
second load creates nothing and records removed from the files are retired.

Example::

    summary = load_demo(driver, "neo4j")
    print(summary.to_text())     # second run: "0 created, 0 updated, 1650 unchanged"
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from neo4j import Driver

from kg.errors import UserInputError
from loaders.mapping import MappingContext
from loaders.pipeline import LoadOptions, load_file, new_run_id
from loaders.records import LOAD_ORDER
from loaders.summary import LoadSummary
from loaders.validation import RecordChecker

DEMO_FILES: dict[str, str] = {
    "regions": "regions.jsonl",
    "teams": "teams.yaml",
    "depots": "depots.yaml",
    "equipment": "equipment.jsonl",
    "experts": "experts.yaml",
    "plans": "plans.yaml",
    "incidents": "incidents.yaml",
}


def demo_dir() -> Path:
    return Path(str(resources.files("loaders.demo")))


def combine(parts: Iterable[LoadSummary], *, file: str, run_id: str) -> LoadSummary:
    """One summary for several files (counts added up, errors concatenated)."""
    total = LoadSummary(file=file, kind="all", source=file, run_id=run_id)
    for p in parts:
        for name in (
            "rows",
            "valid",
            "skipped",
            "filtered",
            "created",
            "updated",
            "unchanged",
            "retired",
            "rels_created",
            "rels_removed",
            "error_rows",
        ):
            setattr(total, name, getattr(total, name) + getattr(p, name))
        for k, v in p.dangling.items():
            total.dangling[f"{p.kind}.{k}"] = v
        total.errors.extend(p.errors)
        total.aborted = total.aborted or p.aborted
        total.seconds += p.seconds
    return total


def load_demo(driver: Driver, database: str, *, progress: bool = False) -> LoadSummary:
    """Load (or refresh) the demo dataset; raises UserInputError if a demo file is invalid."""
    run = new_run_id("demo")
    ctx = MappingContext()
    parts = []
    for kind in LOAD_ORDER:
        path = demo_dir() / DEMO_FILES[kind]
        opts = LoadOptions(
            kind=kind,
            source=f"demo/{path.name}",
            snapshot=True,
            run_id=run,
            progress=progress,
            context=ctx,
            checker=RecordChecker.for_kind(kind),
        )
        summary = load_file(driver, database, path, opts)
        if summary.aborted:
            raise UserInputError("the demo dataset is invalid:\n" + summary.to_text())
        parts.append(summary)
    return combine(parts, file="demo", run_id=run)
