"""`emkg serve --workers 2` for real: both worker processes take connections.

With one listening socket shared by the workers (uvicorn's way), an idle worker that the
kernel wakes first took every connection of a burst (42-44 of a load test's 50 clients);
each worker now listens on a socket of its own in one SO_REUSEPORT group
(api/worker_listeners.py) and the kernel spreads the connections."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.settings import Settings
from tests.api.conftest import free_port
from tests.integration.emkg_cli import ROOT, cli_env

CONNECTIONS = 40
# benchmarks/ is scripts, not a package of the project: load the module from its file
_FILE = ROOT / "benchmarks" / "proc_sockets.py"
_SPEC = importlib.util.spec_from_file_location("proc_sockets", _FILE)
assert _SPEC is not None and _SPEC.loader is not None
proc_sockets = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(proc_sockets)


def _both_listen(parent: int, port: int, log: Path) -> bool:
    """Both workers have started their app and each holds a listening socket on `port`."""
    if log.read_text(errors="replace").count("Application startup complete.") < 2:
        return False
    listening = proc_sockets.tcp_sockets(port, proc_sockets.LISTEN).keys()
    children = proc_sockets.child_pids(parent)
    workers = [pid for pid in children if proc_sockets.socket_inodes(pid) & listening]
    return len(workers) == 2


@pytest.fixture
def two_workers(neo4j_settings: Settings, tmp_path: Path) -> Iterator[tuple[int, int]]:
    """(parent pid, port) of `emkg serve --workers 2`, once both workers listen."""
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--workers", "2"],
            cwd=ROOT,
            env=dict(os.environ, **cli_env(neo4j_settings), EMKG_PORT=str(port)),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 240
        while not _both_listen(proc.pid, port, log):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"two workers did not listen: {log.read_text(errors='replace')}")
            time.sleep(0.3)
        yield proc.pid, port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_both_workers_take_connections_of_a_burst(two_workers: tuple[int, int]) -> None:
    parent, port = two_workers
    clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(CONNECTIONS)]
    try:
        for c in clients:  # each connection answered, so its worker has accepted it
            c.sendall(b"GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
        for c in clients:
            assert c.recv(4096).startswith(b"HTTP/1.1 200")
        open_ = proc_sockets.tcp_sockets(port, proc_sockets.ESTABLISHED).keys()
        children = proc_sockets.child_pids(parent)
        held = {pid: len(proc_sockets.socket_inodes(pid) & open_) for pid in children}
        counts = sorted(n for n in held.values() if n)
        # a hash spread of 40 gives each worker at least 6 but about once in 10^6 (binomial)
        assert sum(counts) == CONNECTIONS and len(counts) == 2 and counts[0] >= 6, held
        # and the workers answer through whichever socket took the connection
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=30).status_code == 200
    finally:
        for c in clients:
            c.close()
