"""Class-data sharing for the local Neo4j's JVM: its classes mapped from one archive.

A start of the embedded Neo4j loads, parses and verifies tens of thousands of classes
(the kernel, Bolt, the Cypher planner, much of it Scala), and its first queries load
thousands more. JDK 17's dynamic archive (JEP 350) keeps them: one start runs with
``-XX:ArchiveClassesAtExit=<partial>`` and its JVM writes every class it loaded into that
file as it exits; after a clean stop the launcher keeps it as ``<key>.jsa``; later starts
map it with ``-XX:SharedArchiveFile`` and ``-Xshare:auto``. An archive the JVM cannot use
is ignored without a word (the start is only slower, never refused), so those starts
write the JVM's CDS log to a file, and an archive it did not map (`mapped`) is dropped:
the next start writes a new one.

The key hashes what the archive is valid for: the JVM (its real path and version) and
every jar of the class path, in order, by name, size and modification time. New jars, a
rebuilt launcher or another JDK give a new key: that start writes a new archive and
the old ones are removed once it is kept. The archive lives in the engine's cache
(``~/.cache/emkg/neo4j-<version>/cds``), never in the repository.

Example::

    share = ClassArchive(home / "cds", archive_key(java, version, jars))
    options, partial = share.options(cds_log)   # map the archive, or write one at exit
    ...                                         # the JVM runs (and exits)
    if partial is None and not mapped(cds_log.read_text()):
        share.drop()
    share.settle(partial, clean=True)           # after the exit: kept as share.path
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ARCHIVE_SUFFIX = ".jsa"
PARTIAL_SUFFIX = ".partial"
STALE_PARTIAL_S = 24 * 3600.0  # a partial this old belongs to no running JVM any more
# What the JVM's CDS log (-Xlog:cds=info) says when it maps a dynamic archive, and when it
# gives sharing up (a bad file, another JDK, a changed class path).
MAPPED_LINE = "Mapped dynamic region"
REFUSED_LINE = "UseSharedSpaces:"


def mapped(cds_log: str) -> bool:
    """Whether the JVM whose CDS log this is mapped the dynamic archive it was given."""
    return MAPPED_LINE in cds_log and REFUSED_LINE not in cds_log


def archive_key(java: str, java_version: str, classpath: Sequence[Path]) -> str:
    """What an archive is valid for: the JVM and the class path's jars (order, size, time)."""
    h = hashlib.sha256()
    h.update(f"{os.path.realpath(java)}\0{java_version.strip()}\n".encode())
    for jar in classpath:
        st = jar.stat()
        h.update(f"{jar.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:24]


@dataclass(frozen=True)
class ClassArchive:
    """The archive of one key in `folder`, and how a start uses or writes it."""

    folder: Path
    key: str

    @property
    def path(self) -> Path:
        return self.folder / f"{self.key}{ARCHIVE_SUFFIX}"

    def exists(self) -> bool:
        return self._size() > 0

    def _size(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    def options(self, cds_log: Path) -> tuple[list[str], Path | None]:
        """The JVM options of a start, and the partial archive it writes at exit (None when
        it maps the kept archive instead, logging to `cds_log` whether it could)."""
        if self.exists():
            log = f"-Xlog:cds=info:file={cds_log}:none:filecount=0"
            return [f"-XX:SharedArchiveFile={self.path}", "-Xshare:auto", log], None
        self.folder.mkdir(parents=True, exist_ok=True)
        # One name per JVM: starts sharing the cache (parallel tests) never write one file.
        partial = self.folder / f"{self.key}.{secrets.token_hex(6)}{PARTIAL_SUFFIX}"
        # Writing it, the JVM warns of every class it leaves out ("Skipping ...: Not
        # linked"): into the CDS log, not the server's.
        log = f"-Xlog:cds=warning:file={cds_log}:none:filecount=0"
        return [f"-XX:ArchiveClassesAtExit={partial}", "-Xlog:cds=off", log], partial

    def settle(self, partial: Path | None, *, clean: bool) -> bool:
        """After the JVM writing `partial` exited: keep it as the archive when the JVM
        stopped cleanly (it wrote the whole file) and it holds more than the archive kept
        meanwhile by another start, if any (a start that ran queries loaded the planner's
        classes too; a bare start and stop did not); else drop it. True when kept."""
        if partial is None:
            return False
        kept = False
        try:
            size = partial.stat().st_size
            if clean and size > 0 and size > self._size():
                os.replace(partial, self.path)
                kept = True
        except OSError:
            pass
        with contextlib.suppress(OSError):
            partial.unlink()
        if kept:
            self._drop_others()
        return kept

    def drop(self) -> None:
        """Forget the kept archive (the JVM refused it): the next start writes a new one."""
        with contextlib.suppress(OSError):
            self.path.unlink()

    def _drop_others(self) -> None:
        now = time.time()
        for old in self.folder.glob(f"*{ARCHIVE_SUFFIX}"):
            if old != self.path:
                with contextlib.suppress(OSError):
                    old.unlink()
        for left in self.folder.glob(f"*{PARTIAL_SUFFIX}"):
            with contextlib.suppress(OSError):
                if now - left.stat().st_mtime > STALE_PARTIAL_S:
                    left.unlink()
