"""A dataset mark's pure parts: when it still holds, and reading its row."""

from __future__ import annotations

import datetime as dt

from neo4j.time import DateTime

from kg.dataset_marks import DatasetMark, parse_mark, still_loaded

AT = DateTime(2026, 12, 2, 0, 5, 0, tzinfo=dt.UTC)
MARK = DatasetMark("h", {"demo/teams.yaml": 3, "demo/experts.yaml": 2}, "e9", "run-1", AT)


def test_still_loaded_needs_the_same_hash_counts_and_audit_head() -> None:
    counts = {"demo/experts.yaml": 2, "demo/teams.yaml": 3}
    assert still_loaded(MARK, "h", counts, "e9")
    assert not still_loaded(None, "h", counts, "e9")
    assert not still_loaded(MARK, "h2", counts, "e9")  # a file or the loader changed
    assert not still_loaded(MARK, "h", {**counts, "demo/teams.yaml": 2}, "e9")  # a node gone
    assert not still_loaded(MARK, "h", counts, "e10")  # an audited change since
    assert not still_loaded(MARK, "h", counts, None)


def test_parse_mark_reads_the_counts_json() -> None:
    assert parse_mark(None) is None
    row = {
        "contentHash": "h",
        "counts": '{"demo/experts.yaml": 2, "demo/teams.yaml": 3}',
        "auditHead": "e9",
        "runId": "run-1",
        "loadedAt": AT,
    }
    assert parse_mark(row) == MARK
    assert MARK.nodes == 5 and MARK.loaded_when == "2026-12-02 00:05:00 UTC"
