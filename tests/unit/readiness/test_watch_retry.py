"""The watch's poll (queries/readiness/watch.py `poll`): a change whose checks time out (or
lose the store) is examined again at the next poll, not lost; one that keeps timing out is
passed over after MAX_TIMEOUTS polls, and one that fails for its own sake at once, so that
no change can stop the watch for good."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from kg.errors import QueryTimeoutError, StoreError, StoreUnavailableError
from queries.catalog.models import AuditEntry
from queries.readiness import watch as watch_module
from queries.readiness.watch import MAX_TIMEOUTS, ReadinessWatch


def entry(n: int) -> AuditEntry:
    return AuditEntry(f"20261201T10000{n}000000Z-abcd", "", "desk", "setTeamStatus", "T1", "", "")


class FlakyWatch(ReadinessWatch):
    """Examines by the script: entry id -> how many of its first examinations time out."""

    def __init__(self, timeouts: dict[str, int], error: Exception | None = None) -> None:
        super().__init__(runner=None)  # type: ignore[arg-type]  # poll reads through the stub
        self.timeouts, self.error = timeouts, error or QueryTimeoutError("took too long")
        self.examined: list[str] = []

    async def examine(self, entry: AuditEntry) -> tuple[int, int]:
        self.examined.append(entry.id)
        if self.timeouts.get(entry.id, 0) > 0:
            self.timeouts[entry.id] -= 1
            raise self.error
        return 0, 0


@pytest.fixture
def feed(monkeypatch: pytest.MonkeyPatch) -> list[AuditEntry]:
    entries = [entry(1), entry(2)]

    async def entries_since(_runner: Any, since: str, _batch: int) -> list[AuditEntry]:
        return [e for e in entries if e.id > since]

    monkeypatch.setattr(watch_module, "entries_since", entries_since)
    return entries


def poll(w: ReadinessWatch) -> str:
    try:
        asyncio.run(w.poll())
    except StoreUnavailableError:  # QueryTimeoutError is one
        return "timed out"
    return "ok"


def test_a_timed_out_change_is_examined_again_with_the_ones_after_it(
    feed: list[AuditEntry],
) -> None:
    first, second = (e.id for e in feed)
    w = FlakyWatch({first: 1})
    assert poll(w) == "timed out"
    assert w.examined == [first]  # the second waits behind it
    assert poll(w) == "ok"
    assert w.examined == [first, first, second]
    assert poll(w) == "ok"
    assert w.examined == [first, first, second]  # both seen: nothing again


def test_a_change_that_keeps_timing_out_is_passed_over(feed: list[AuditEntry]) -> None:
    first, second = (e.id for e in feed)
    w = FlakyWatch({first: 100})
    outcomes = [poll(w) for _ in range(MAX_TIMEOUTS)]
    assert outcomes == ["timed out"] * (MAX_TIMEOUTS - 1) + ["ok"]
    assert w.examined == [first] * MAX_TIMEOUTS + [second]


def test_a_store_that_went_away_is_waited_for_like_a_time_out(feed: list[AuditEntry]) -> None:
    first, second = (e.id for e in feed)
    w = FlakyWatch({first: 1}, StoreUnavailableError("Neo4j away"))
    assert [poll(w), poll(w)] == ["timed out", "ok"]
    assert w.examined == [first, first, second]


def test_a_change_that_fails_for_its_own_sake_is_passed_over_at_once(
    feed: list[AuditEntry],
) -> None:
    first, second = (e.id for e in feed)
    w = FlakyWatch({first: 100}, StoreError("the graph database rejected a query"))
    assert poll(w) == "ok"  # logged, not raised: the next change is examined
    assert w.examined == [first, second]
    assert poll(w) == "ok"
    assert w.examined == [first, second]
