"""A load that fails half-way leaves no reader thread and no open file behind.

The pipeline reads the next batches in a thread while the database writes the
current one; when the writer fails (Neo4j down, an aborted upload), that thread
must stop and close the file, or every failed upload leaks both.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from kg.errors import StoreUnavailableError
from loaders.pipeline import LoadOptions, _Prefetch, load_file

WAIT_S = 10.0  # generous: the thread should end at once


class _DownSession:
    def execute_write(self, work: Any) -> Any:
        raise StoreUnavailableError("the graph database is unreachable (test)")


class _DownDriver:
    """Stands in for a Neo4j that fails every write."""

    @contextmanager
    def session(self, **_: Any) -> Iterator[_DownSession]:
        yield _DownSession()


def _open_files(path: Path) -> list[str]:
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target == str(path):
            found.append(target)
    return found


def _new_threads_end(before: set[threading.Thread]) -> list[threading.Thread]:
    """The threads started since `before` that are still alive after waiting for them."""
    new = [t for t in threading.enumerate() if t not in before]
    for t in new:
        t.join(timeout=WAIT_S)
    return [t for t in new if t.is_alive()]


def test_failed_write_stops_the_reader_thread_and_closes_the_file(tmp_path: Path) -> None:
    data = tmp_path / "teams.csv"
    rows = "\n".join(f"T-{i:04d},队{i},Team {i}" for i in range(200))
    data.write_text("id,nameZh,nameEn\n" + rows + "\n", encoding="utf-8")
    opts = LoadOptions(
        kind="teams", on_error="skip", batch_size=1, errors_path=tmp_path / "errors.jsonl"
    )
    before = set(threading.enumerate())

    with pytest.raises(StoreUnavailableError):
        load_file(_DownDriver(), "neo4j", data, opts)

    assert _new_threads_end(before) == [], "the reader thread is still blocked"
    assert _open_files(data) == [], "the data file is still open"


def test_consumer_that_raises_ends_the_thread_and_closes_the_source() -> None:
    closed = threading.Event()

    def endless() -> Iterator[list[Any]]:
        try:
            while True:
                yield [object()]
        finally:
            closed.set()

    before = set(threading.enumerate())
    with pytest.raises(RuntimeError, match="writer failed"), _Prefetch(endless()) as batches:
        for _ in batches:
            raise RuntimeError("writer failed")

    assert _new_threads_end(before) == []
    assert closed.is_set(), "the source iterator was not closed"


def test_consumer_that_stops_early_ends_the_thread() -> None:
    before = set(threading.enumerate())
    with _Prefetch(iter([[1], [2], [3], [4], [5]])) as batches:
        assert next(iter(batches)) == [1]  # the consumer stops iterating after one batch
    assert _new_threads_end(before) == []
