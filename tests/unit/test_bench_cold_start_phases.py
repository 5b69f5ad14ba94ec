"""benchmarks/bench_cold_start.py's phases from `emkg run`'s stamped lines: the pre-warm
beside the checks (older `emkg run`) or before them (newer), the intervals adding up to
the time of the first answer either way; and Neo4j's CPU by kind of thread."""

from __future__ import annotations

import importlib.util
import io
import os
import sys
import threading
import time
from pathlib import Path

import pytest

# benchmarks/ is scripts, not a package of the project: load the module from its file (it
# imports its sibling live_servers the way a script run from benchmarks/ does)
_DIR = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(_DIR))
try:
    _SPEC = importlib.util.spec_from_file_location("bench_cold_start", _DIR / "bench_cold_start.py")
    assert _SPEC is not None and _SPEC.loader is not None
    _MODULE = importlib.util.module_from_spec(_SPEC)
    sys.modules["bench_cold_start"] = _MODULE  # its dataclasses look their module up
    _SPEC.loader.exec_module(_MODULE)
finally:
    sys.path.remove(str(_DIR))
Timeline = _MODULE.Timeline
phases = _MODULE.phases
thread_kind = _MODULE.thread_kind
thread_cpu_s = _MODULE.thread_cpu_s
EXITED = _MODULE.EXITED

START = "emkg: starting Neo4j 5.26.30 on 127.0.0.1:7745 (data /tmp/x)"
UP = "emkg: Neo4j 5.26.30 is up at neo4j://127.0.0.1:7745"
ONTOLOGY = "emkg: ontology: ontology unchanged since 2026-12-03 06:42:53 UTC"
DEMO = "emkg: demo data: demo unchanged, not reloaded"
PREWARM = "emkg: pre-warm: warm-up recommendation for 11A01 in 17.4s"
READY = "emkg: ready in 28.1s"
APP = "INFO:     Application startup complete."


def timeline(stamped: list[tuple[float, str]]) -> object:
    """A Timeline that read `stamped` lines at those seconds since launch."""
    t = Timeline(t0=0.0)
    clock = iter([s for s, _ in stamped])
    lines = io.BytesIO("".join(f"{line}\n" for _, line in stamped).encode())
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_MODULE.time, "monotonic", lambda: next(clock))
        t.read(lines)
    return t


def test_a_pre_warm_beside_the_checks_is_what_is_left_after_them() -> None:
    t = timeline(
        [(2.0, START), (10.0, UP), (13.0, ONTOLOGY), (16.0, DEMO), (25.0, PREWARM),
         (25.1, READY), (25.2, APP)]
    )  # fmt: skip
    got = dict(phases(t, ready=26.0, answered=26.5))
    assert got["imports"] == 2.0 and got["Neo4j start"] == 8.0
    assert got["ontology"] == 3.0 and got["demo"] == 3.0
    assert got["pre-warm"] == pytest.approx(9.1)  # 16.0 -> 25.1, beyond the checks
    assert got["vectors, key"] == 0.0
    assert sum(got.values()) == pytest.approx(26.5)


def test_a_pre_warm_before_the_checks_is_timed_from_neo4j_up() -> None:
    t = timeline(
        [(2.0, START), (10.0, UP), (22.0, PREWARM), (22.5, ONTOLOGY), (23.5, DEMO),
         (24.5, READY), (24.6, APP)]
    )  # fmt: skip
    got = dict(phases(t, ready=25.0, answered=25.3))
    assert got["pre-warm"] == 12.0
    assert got["ontology"] == pytest.approx(0.5) and got["demo"] == pytest.approx(1.0)
    assert got["vectors, key"] == pytest.approx(1.0)
    assert got["first answer"] == pytest.approx(0.3)
    assert sum(got.values()) == pytest.approx(25.3)


def test_threads_of_a_kind_are_counted_together() -> None:
    """The JVM's thread names (as /proc shows them, 15 characters at most): the numbered
    threads of one pool are one kind, the compilers stay apart."""
    assert thread_kind("GC Thread#0") == thread_kind("GC Thread#1") == "GC Thread"
    assert thread_kind("neo4j.BoltWor-12") == "neo4j.BoltWor"
    assert thread_kind("C2 CompilerThre") != thread_kind("C1 CompilerThre")
    assert thread_kind("java") == "java"


def _spin(cpu_s: float) -> None:
    """Use `cpu_s` of this thread's CPU (not of the clock: a busy machine only slows it)."""
    while time.thread_time() < cpu_s:
        pass


def test_the_kinds_add_up_to_the_process_cpu_ended_threads_included() -> None:
    """A thread that has ended is gone from /proc/<pid>/task, its CPU stays in the process's
    (CI's test process had run torch's and the servers' threads: 849 s in all, 619 s in its
    live threads): the kind EXITED holds it, so the kinds still add up."""
    worker = threading.Thread(target=_spin, args=(0.3,), name="spinner")
    worker.start()
    tid = worker.native_id
    worker.join()
    # join() returns when the thread has finished, a moment before the kernel drops its task
    # from /proc (until then it is still listed as a live thread): wait for that state.
    deadline = time.monotonic() + 10
    while os.path.exists(f"/proc/self/task/{tid}") and time.monotonic() < deadline:
        time.sleep(0.001)
    assert not os.path.exists(f"/proc/self/task/{tid}"), "the ended thread's task stayed"
    before = os.times()
    spent = thread_cpu_s(os.getpid())
    after = os.times()
    tick = 1 / os.sysconf("SC_CLK_TCK")
    assert spent.get(EXITED, 0.0) >= 0.3 - 2 * tick  # the spinner's CPU, not lost
    low = before.user + before.system - 2 * tick * len(spent)
    assert low <= sum(spent.values()) <= after.user + after.system + 2 * tick * len(spent)
