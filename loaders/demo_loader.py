"""`emkg load demo`: the committed Sichuan demo dataset, through the ordinary pipeline.

The files in ``loaders/demo/`` are canonical records (no mapping needed), one
file per kind, loaded in ``LOAD_ORDER`` with snapshot semantics per file, so a
second load creates nothing and records removed from the files are retired.

A completed load leaves a mark (kg/dataset_marks.py): the hash of what its result
depends on (the demo files, the loader code, the ontology files) and the nodes each
file left. `unchanged_demo` finds it still true (same hash, the same live nodes, no
audited change since), and `emkg run` / `emkg load demo` then skip the load (a
re-merge of every row that would change nothing); a load that fails or stops half-way
leaves no mark.

Example::

    summary = load_demo(driver, "neo4j")
    print(summary.to_text())     # second run: "0 created, 0 updated, 1650 unchanged"
    unchanged_demo(driver, "neo4j")   # its DatasetMark: loading again would change nothing
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from neo4j import Driver

from kg.dataset_marks import DatasetMark, Source, clear_mark, current_mark, write_mark
from kg.errors import UserInputError
from kg.ontology_version import digest_files
from loaders.mapping import MappingContext
from loaders.pipeline import LoadOptions, load_file, new_run_id
from loaders.records import KINDS, LOAD_ORDER
from loaders.summary import LoadSummary
from loaders.validation import RecordChecker
from ontology.files import shipped_files

DEMO_FILES: dict[str, str] = {
    "regions": "regions.jsonl",
    "teams": "teams.yaml",
    "depots": "depots.yaml",
    "equipment": "equipment.jsonl",
    "experts": "experts.yaml",
    "plans": "plans.yaml",
    "incidents": "incidents.yaml",
}


DATASET = "demo"  # the id of its mark


def demo_dir() -> Path:
    return Path(str(resources.files("loaders.demo")))


def demo_sources() -> list[Source]:
    """(label, source) of each demo file's nodes, e.g. ("Team", "demo/teams.yaml")."""
    return [(KINDS[kind].label, f"demo/{DEMO_FILES[kind]}") for kind in LOAD_ORDER]


def demo_hash() -> str:
    """What the demo load's result depends on: its files, the loader code (loaders/*.py and
    the upserts) and the ontology files its records are validated against."""
    loader = Path(__file__).resolve().parent
    files = [demo_dir() / DEMO_FILES[kind] for kind in LOAD_ORDER]
    code = [*sorted(loader.glob("*.py")), loader.parent / "kg" / "upserts.py"]
    return digest_files([*files, *code, *shipped_files()])


def unchanged_demo(driver: Driver, database: str) -> DatasetMark | None:
    """The mark of the last complete demo load when loading again would change nothing."""
    return current_mark(driver, database, DATASET, content_hash=demo_hash(), sources=demo_sources())


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
    """Load (or refresh) the demo dataset; raises UserInputError if a demo file is invalid.

    Always loads (see `unchanged_demo` for skipping); marks the load complete at its end."""
    run = new_run_id("demo")
    content = demo_hash()  # before loading: a file changed meanwhile is not marked as loaded
    clear_mark(driver, database, DATASET)
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
    write_mark(driver, database, DATASET, content_hash=content, sources=demo_sources(), run_id=run)
    return combine(parts, file="demo", run_id=run)
