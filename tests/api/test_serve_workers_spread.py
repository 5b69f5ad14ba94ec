"""`emkg serve --workers 2` for real: both worker processes take connections.

With one listening socket shared by the workers (uvicorn's way), an idle worker that the
kernel wakes first took every connection of a burst (42-44 of a load test's 50 clients);
each worker now listens on a socket of its own in one SO_REUSEPORT group
(api/worker_listeners.py) and the kernel spreads the connections."""

from __future__ import annotations

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
LISTEN, ESTABLISHED = "0A", "01"


def _tcp_sockets(port: int, state: str) -> set[str]:
    """Inodes of this machine's IPv4 TCP sockets on local `port` in `state`."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port = int(fields[1].rsplit(":", 1)[1], 16)
        if local_port == port and fields[3] == state:
            inodes.add(fields[9])
    return inodes


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # closed meanwhile
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in text.split()]


def _both_listen(parent: int, port: int, log: Path) -> bool:
    """Both workers have started their app and each holds a listening socket on `port`."""
    if log.read_text(errors="replace").count("Application startup complete.") < 2:
        return False
    listening = _tcp_sockets(port, LISTEN)
    workers = [pid for pid in _children(parent) if _socket_inodes(pid) & listening]
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
        open_ = _tcp_sockets(port, ESTABLISHED)
        held = {pid: len(_socket_inodes(pid) & open_) for pid in _children(parent)}
        counts = sorted(n for n in held.values() if n)
        # a hash spread of 40 gives each worker at least 6 but about once in 10^6 (binomial)
        assert sum(counts) == CONNECTIONS and len(counts) == 2 and counts[0] >= 6, held
        # and the workers answer through whichever socket took the connection
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=30).status_code == 200
    finally:
        for c in clients:
            c.close()
