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
    summary.created, summary.error_rows = 2, 1
    with caplog.at_level(logging.INFO, logger="emkg.operations"):
        log_load(summary)
    [line] = caplog.messages
    assert line.startswith("load file=teams.csv kind=teams run=load-1 rows=3 valid=2")
    assert "error_rows=1 created=2" in line
