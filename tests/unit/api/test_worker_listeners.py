"""Each API worker's own listening socket (api/worker_listeners.py), on the real kernel:
the sockets of one port share its connections, and a taken port is refused with what to do."""

from __future__ import annotations

import pickle
import socket
from collections.abc import Iterator

import pytest
from uvicorn.config import STARTUP_FAILURE

from api.worker_listeners import (
    PortInUseError,
    WorkerListener,
    bind_reuse_port,
    check_port_free,
)


@pytest.fixture
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@pytest.fixture
def group(free_port: int) -> Iterator[list[socket.socket]]:
    """Two listening sockets of one SO_REUSEPORT group, as two workers hold them."""
    socks = [bind_reuse_port("127.0.0.1", free_port) for _ in range(2)]
    for s in socks:
        s.listen(128)
        s.setblocking(False)
    yield socks
    for s in socks:
        s.close()


def test_a_listener_unpickles_in_the_worker_as_its_own_bound_socket(free_port: int) -> None:
    sock = pickle.loads(pickle.dumps(WorkerListener("127.0.0.1", free_port)))
    other = pickle.loads(pickle.dumps(WorkerListener("127.0.0.1", free_port)))
    try:
        assert isinstance(sock, socket.socket) and sock.fileno() != other.fileno()
        assert sock.getsockname() == ("127.0.0.1", free_port) == other.getsockname()
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 1
    finally:
        sock.close()
        other.close()


def test_the_kernel_spreads_connections_over_the_workers_sockets(
    group: list[socket.socket], free_port: int
) -> None:
    clients = [socket.create_connection(("127.0.0.1", free_port)) for _ in range(64)]
    try:
        accepted = [0, 0]
        for i, listener in enumerate(group):
            while True:
                try:
                    conn, _ = listener.accept()
                except BlockingIOError:
                    break
                conn.close()
                accepted[i] += 1
        # one shared socket gave 42-44 of 50 to one worker; a hash spread gives each of the
        # two at least 12 of 64 but about 3 times in 10^7 (binomial)
        assert sum(accepted) == 64 and min(accepted) >= 12, accepted
    finally:
        for c in clients:
            c.close()


def test_a_taken_port_is_refused_saying_what_to_do(free_port: int) -> None:
    with socket.socket() as plain:
        plain.bind(("127.0.0.1", free_port))
        plain.listen()
        with pytest.raises(PortInUseError) as e:
            check_port_free("127.0.0.1", free_port)
    assert f"127.0.0.1:{free_port}" in str(e.value) and "EMKG_PORT" in str(e.value)
    check_port_free("127.0.0.1", free_port)  # free again: no error


def test_another_servers_workers_on_the_port_are_refused_too(
    group: list[socket.socket], free_port: int
) -> None:
    # a second `emkg serve --workers N` would otherwise join the group and share the traffic
    with pytest.raises(PortInUseError):
        check_port_free("127.0.0.1", free_port)


def test_a_worker_that_cannot_bind_ends_as_a_start_up_failure(free_port: int) -> None:
    with socket.socket() as plain:
        plain.bind(("127.0.0.1", free_port))
        plain.listen()
        with pytest.raises(SystemExit) as e:
            pickle.loads(pickle.dumps(WorkerListener("127.0.0.1", free_port)))
    # uvicorn's supervisor stops on this code instead of restarting the worker forever
    assert e.value.code == STARTUP_FAILURE
