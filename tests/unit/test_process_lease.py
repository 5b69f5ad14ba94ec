"""One process (here: one open file) holds a lease at a time (kg/process_lease.py)."""

from __future__ import annotations

from pathlib import Path

from kg.process_lease import ProcessLease


def test_one_holder_at_a_time_and_the_next_takes_over(tmp_path: Path) -> None:
    first, second = ProcessLease(tmp_path / "w.lock"), ProcessLease(tmp_path / "w.lock")
    assert first.acquire() and first.held
    assert first.acquire()  # asking again while holding it
    assert not second.acquire() and not second.held
    first.release()
    assert second.acquire() and second.held
    assert not first.acquire()
    second.release()


def test_leases_of_different_graphs_do_not_exclude_each_other() -> None:
    a = ProcessLease.for_key("readiness", "neo4j://127.0.0.1:7687", "neo4j")
    b = ProcessLease.for_key("readiness", "neo4j://127.0.0.1:7688", "neo4j")
    assert a.path != b.path
    assert a.path == ProcessLease.for_key("readiness", "neo4j://127.0.0.1:7687", "neo4j").path
