"""Which process holds which TCP connection, from /proc (Linux): what the load test prints
per API worker and what the two-worker test (tests/api/test_serve_workers_spread.py) checks.

Example::

    mine = socket_inodes(pid) & set(tcp_sockets(8771, ESTABLISHED))
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

LISTEN, ESTABLISHED = "0A", "01"  # /proc/net/tcp's states


def tcp_sockets(port: int, state: str) -> dict[str, int]:
    """Inode -> peer port of this machine's IPv4 TCP sockets on local `port` in `state`."""
    found = {}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        f = line.split()
        if f[3] == state and int(f[1].rsplit(":", 1)[1], 16) == port:
            found[f[9]] = int(f[2].rsplit(":", 1)[1], 16)
    return found


def socket_inodes(pid: int) -> set[str]:
    """Inodes of the sockets `pid` has open (none when it has ended)."""
    inodes = set()
    with contextlib.suppress(OSError):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):  # closed meanwhile
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
    return inodes


def child_pids(pid: int) -> list[int]:
    """The processes `pid` started (e.g. uvicorn's workers); none when it has ended."""
    with contextlib.suppress(OSError):
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return []
