"""What `emkg run`, `emkg ontology apply` and `emkg load demo` print when they skip."""

from __future__ import annotations

import datetime as dt

from neo4j.time import DateTime

from api.operations import (
    DataLoaded,
    OntologyApplied,
    demo_unchanged_problem,
    ontology_unchanged_problem,
    vectors_unchanged_problem,
)
from kg.dataset_marks import DatasetMark
from kg.ontology_sync import SyncReport
from kg.ontology_version import OntologyState
from loaders.summary import LoadSummary
from ontology.problems import Problem

AT = DateTime(2026, 12, 2, 0, 5, 0, tzinfo=dt.UTC)
STATE = OntologyState(version=5, source_hash="s", code_hash="c", applied_at=AT, applied_version=5)
MARK = DatasetMark("h", {"demo/teams.yaml": 3, "demo/plans.yaml": 2}, None, "demo-1", AT)


def unchanged_problems() -> list[Problem]:
    """What the skips say, as catalog messages (for the catalog's every-code-emitted test)."""
    return [
        ontology_unchanged_problem(STATE),
        demo_unchanged_problem(MARK),
        vectors_unchanged_problem(MARK),
    ]


def test_an_unchanged_ontology_says_since_when_and_how_to_force() -> None:
    state = STATE
    text = OntologyApplied(sync=SyncReport(), vectors=None, unchanged=state).to_text()
    assert text == (
        "ontology unchanged since 2026-12-02 00:05:00 UTC (same files and sync code, no "
        "taxonomy edit since), not re-validated nor re-synced; `emkg ontology apply --force` "
        "re-validates and re-syncs"
    )
    zh = ontology_unchanged_problem(state).text("zh")
    assert zh.startswith("本体自 2026-12-02 00:05:00 UTC 起未变") and "--force" in zh
    applied = OntologyApplied(sync=SyncReport(), vectors=None).to_text()
    assert applied.startswith("no changes")


def test_an_unchanged_demo_says_how_many_nodes_and_how_to_force() -> None:
    mark = MARK
    summary = LoadSummary(file="demo", kind="all", source="demo", run_id="demo-1", unchanged=5)
    loaded = DataLoaded(summary=summary, vectors=None, unchanged=mark)
    assert loaded.to_text() == (
        "demo unchanged, not reloaded: the 5 nodes loaded 2026-12-02 00:05:00 UTC are still "
        "there (same files, loader code and ontology, no audited change since); "
        "`emkg load demo --force` reloads"
    )
    zh = demo_unchanged_problem(mark).text("zh")
    assert zh.startswith("演示数据未变，未重新加载") and "5 个节点" in zh
    assert DataLoaded(summary=summary, vectors=None).to_text() == summary.to_text()


def test_fresh_vectors_say_since_when() -> None:
    assert vectors_unchanged_problem(MARK).text("en") == (
        "search vectors fresh since 2026-12-02 00:05:00 UTC (same model, ontology version and "
        "demo load, no audited change since), not re-read"
    )
    assert vectors_unchanged_problem(MARK).text("zh").startswith("检索向量自 2026-12-02")
