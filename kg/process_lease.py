"""A lease one process of this machine holds at a time (an advisory lock on a file).

Work that every API worker could do but only one should, because its result is the same
whoever does it (the readiness watch re-checking plans after a registry change), asks for
the lease before each round: the holder works, the others wait. When the holder ends
(stopped, killed), the operating system releases the lock and the next worker to ask
takes it over. Keyed by what the work is about (e.g. the graph's URI and database), so
servers of different graphs on one machine do not exclude each other.

Example::

    lease = ProcessLease.for_key("readiness", settings.uri, settings.neo4j_database)
    if lease.acquire():    # non-blocking; True while this process holds it
        ...
    lease.release()
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from pathlib import Path


class ProcessLease:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @classmethod
    def for_key(cls, name: str, *parts: str) -> ProcessLease:
        digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]
        return cls(Path(tempfile.gettempdir()) / f"emkg-{name}-{digest}.lock")

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lease if no other process holds it (never blocks); True while held."""
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
