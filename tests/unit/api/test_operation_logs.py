"""One INFO line per load, with its counts and never a value from the file."""

from __future__ import annotations

import logging

import pytest

from api.operations import log_load
from loaders.summary import LoadSummary


def test_a_load_logs_one_line_with_its_counts(caplog: pytest.LogCaptureFixture) -> None:
    summary = LoadSummary(
        file="teams.csv", kind="teams", source="agency-x", run_id="load-1", rows=3, valid=2
    )
    summary.created, summary.error_rows, summary.retired = 2, 1, 4
    with caplog.at_level(logging.INFO, logger="emkg.operations"):
        log_load(summary, actor="key:planner-1")
    [line] = caplog.messages
    assert line.startswith("load actor=key:planner-1 file=teams.csv kind=teams run=load-1 rows=3")
    assert "error_rows=1 created=2" in line and "retired=4" in line
