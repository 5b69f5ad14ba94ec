"""Neo4j's offline bulk importer (`neo4j-admin database import full`) on the local store.

Runs ``org.neo4j.cli.AdminTool`` (the class behind ``neo4j-admin``, from the same
5.26 jars as the server, see ``pom.xml``) against the launcher's data directory,
which is the embedded server's home (``<data dir>/data/databases/<name>``). The
server must be stopped: the importer writes the store files directly and replaces
the database (``--overwrite-destination``). Its progress lines are passed on.

Its JVM maps the classes of earlier imports from a class-data sharing archive of its
own (``class_share.py``, in ``cds-import`` beside the server's: another class path, so
another key, and each folder keeps only its newest archive): the first import with
new jars or a new JDK writes it as it exits. A national import's JVM otherwise spends
seconds loading and verifying the same classes from 200 jars before it reads a row.

Example::

    local = LocalNeo4j(settings)
    local.stop()
    result = import_full(local, "neo4j", nodes=[("Team", [header, data])], rels=[])
    local.start()
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import LauncherError
from kg.neo4j_local.class_share import ClassArchive, archive_key, mapped
from kg.neo4j_local.launcher import LocalNeo4j

ADMIN_TOOL = "org.neo4j.cli.AdminTool"
IMPORT_HEAP_MB = 1024
IMPORT_OFF_HEAP = "512m"  # the importer's caches; heap + this + the JVM stay under 2 GiB
CDS_FOLDER = "cds-import"  # in the engine's cache, beside the server's "cds"
# The throughput collector: a batch job has no pauses to keep short, and G1's concurrent
# marking and barriers cost ~10 % of the importer's CPU on 2 cores (national import, same
# run: 53-54 s against 57-61 s). The JDK's own archived heap objects need G1 (its CDS log
# says "CDS heap data is being ignored"); our class archive is still mapped.
IMPORT_GC = "-XX:+UseParallelGC"

Group = tuple[str, Sequence[Path]]  # a label (or relationship type) and [header, data, ...]


@dataclass(frozen=True)
class ImportResult:
    seconds: float
    report_file: Path
    log_tail: str
    peak_rss_mib: float = 0.0  # the importer JVM's
    cpu_s: float = 0.0  # the importer JVM's CPU time (user + system), all its threads


def _group(name: str, files: Sequence[Path]) -> str:
    return f"{name}=" + ",".join(str(f) for f in files)


def import_command(
    java: str,
    lib: Path,
    database: str,
    nodes: Sequence[Group],
    rels: Sequence[Group],
    *,
    array_delimiter: str,
    multiline: bool,
    report_file: Path,
    jvm_options: Sequence[str] = (),
) -> list[str]:
    """The command line of one full import (pure: what `import_full` runs); `jvm_options`
    (the class archive's) go before the class path."""
    cmd = [
        java,
        f"-Xmx{IMPORT_HEAP_MB}m",
        IMPORT_GC,
        *jvm_options,
        "-Dfile.encoding=UTF-8",
        "-cp",
        f"{lib}/*",
        ADMIN_TOOL,
        "database",
        "import",
        "full",
        database,  # first: --nodes/--relationships take any number of files after them
        "--overwrite-destination=true",
        f"--array-delimiter={array_delimiter}",
        f"--max-off-heap-memory={IMPORT_OFF_HEAP}",
        f"--report-file={report_file}",
        "--skip-bad-relationships=false",
        "--skip-duplicate-nodes=false",
        "--bad-tolerance=0",
    ]
    if multiline:
        cmd.append("--multiline-fields=true")
    cmd += [f"--nodes={_group(lbl, files)}" for lbl, files in nodes]
    cmd += [f"--relationships={_group(t, files)}" for t, files in rels]
    return cmd


def import_full(
    local: LocalNeo4j,
    database: str,
    nodes: Sequence[Group],
    rels: Sequence[Group],
    *,
    array_delimiter: str,
    multiline: bool = False,
    show: Callable[[str], None] | None = None,
) -> ImportResult:
    """Import the CSV groups into `database` of the (stopped) local server's store."""
    if local.status().running:
        raise LauncherError(
            "the local Neo4j is running; the offline importer needs it stopped "
            "(`emkg neo4j stop`, or let `emkg load --bulk` stop it)"
        )
    java, lib = local.engine()
    home = local.data_dir
    conf = home / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "neo4j.conf").touch()  # defaults: data under <home>/data, as the server uses
    report = home / "bulk-import.report"
    jars = sorted(lib.glob("*.jar"))
    share = ClassArchive(local.home / CDS_FOLDER, archive_key(java, local.java_version, jars))
    cds_log = home / "bulk-import-cds.log"
    share_options, partial = share.options(cds_log)
    cmd = import_command(
        java,
        lib,
        database,
        nodes,
        rels,
        array_delimiter=array_delimiter,
        multiline=multiline,
        report_file=report,
        jvm_options=share_options,
    )
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(conf)}
    t0 = time.monotonic()
    lines: list[str] = []
    with subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        text=True,
        errors="replace",
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            line = line.rstrip()
            lines.append(line)
            if show is not None and line.strip():
                show(line)
        # wait4: the exit status and this child's own peak RSS (not the largest child's)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = code = os.waitstatus_to_exitcode(status)
    if partial is None and not mapped(_read(cds_log)):
        share.drop()  # the JVM could not use it: the next import writes a new one
    share.settle(partial, clean=code == 0)
    tail = "\n".join(lines[-25:])
    if code != 0:
        raise LauncherError(
            f"the Neo4j bulk importer failed (exit code {code}); its last lines:\n{tail}\n"
            f"bad entries, if any, are listed in {report}. The database was empty before and "
            "may now be incomplete: fix the cause and run `emkg load --bulk` again (it builds "
            "the store anew), or `emkg neo4j start` to look at it"
        )
    cpu = usage.ru_utime + usage.ru_stime
    return ImportResult(time.monotonic() - t0, report, tail, usage.ru_maxrss / 1024.0, cpu)


def _read(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""


def default_show(line: str) -> None:
    """The importer's stage lines ("(2/4) Relationship import", "... COMPLETED in 3s") and
    summary; its rows of progress dots are left out."""
    text = line.strip()
    if text.startswith((".", "-")) or text.startswith("Estimated required"):
        return
    print(f"emkg: import: {text}", file=sys.stderr, flush=True)
