"""Each API worker listens on a socket of its own (SO_REUSEPORT), so that the kernel spreads
new connections over the workers.

With one socket shared by every worker (uvicorn's way), all the workers wait on it and the
first one the kernel wakes takes the connection: the same worker, whenever it is idle. When
50 keep-alive clients connected at once, one of two workers took 42-44 of them (the other
6-8) and kept them for the whole load test, so a request waited behind 42 others on one core
while the other worker had spare time. With a socket per worker in one SO_REUSEPORT group
the kernel picks the socket by a hash of the connection's addresses, independent of which
worker happens to be awake.

The parent process checks that the port is free (an ordinary bind, closed at once: another
server on the port fails here with the usual message, even another `emkg serve --workers`,
whose SO_REUSEPORT sockets refuse a bind without the option), then hands each worker a
`WorkerListener`: a small picklable description that becomes a bound socket when the worker
process unpickles it. A worker that cannot bind exits with uvicorn's start-up failure code,
so the supervisor stops instead of restarting it forever.

Example::

    check_port_free("127.0.0.1", 8000)
    Multiprocess(config, sockets=[WorkerListener("127.0.0.1", 8000)]).run()
"""

from __future__ import annotations

import socket
import sys
from dataclasses import dataclass
from typing import Any

from uvicorn.config import STARTUP_FAILURE


class PortInUseError(OSError):
    """The port is taken: the message says by what means and how to choose another."""


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def check_port_free(host: str, port: int) -> None:
    """Raise PortInUseError unless `host:port` can be bound now without SO_REUSEPORT."""
    probe = socket.socket(_family(host), socket.SOCK_STREAM)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
    except OSError as e:
        raise PortInUseError(
            e.errno,
            f"cannot listen on {host}:{port}: {e.strerror} (another server holds the port? "
            "stop it, or set EMKG_PORT to a free port)",
        ) from e
    finally:
        probe.close()


def bind_reuse_port(host: str, port: int) -> socket.socket:
    """A socket bound to `host:port` in the port's SO_REUSEPORT group (not listening yet:
    uvicorn's server calls listen with its backlog)."""
    sock = socket.socket(_family(host), socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def _worker_socket(host: str, port: int) -> socket.socket:
    """Called in the worker process as it unpickles its `WorkerListener`."""
    try:
        return bind_reuse_port(host, port)
    except OSError as e:
        print(f"emkg: a worker cannot listen on {host}:{port}: {e}", file=sys.stderr)
        raise SystemExit(STARTUP_FAILURE) from e


@dataclass(frozen=True)
class WorkerListener:
    """Stands for a worker's own listening socket in the parent; pickled to a worker
    process (multiprocessing's spawn), it is that socket, bound there."""

    host: str
    port: int

    def __reduce__(self) -> tuple[Any, tuple[str, int]]:
        return _worker_socket, (self.host, self.port)
