"""Start, stop and inspect the project's own local Neo4j 5.26 (embedded engine + Bolt).

The engine's jars come from Maven Central (``pom.xml`` beside this file) into a
cache outside the repository; ``EmbeddedNeo4j.java`` is compiled there once.
The server listens on 127.0.0.1 only, with authentication on and a random
password kept in ``<data dir>/emkg-password`` (mode 0600). Its JVM maps the classes of
earlier starts from a class-data sharing archive (``class_share.py``): the first start
with new jars or a new JDK writes it as it stops.

Example::

    local = LocalNeo4j(Settings.from_env())
    uri = local.start()      # waits until Bolt answers
    local.stop()
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kg.errors import LauncherError
from kg.neo4j_local.class_share import ClassArchive, archive_key, mapped
from kg.settings import Settings

HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
JAVA_SOURCE = HERE / "EmbeddedNeo4j.java"
LAUNCHER_JAR = "emkg-launcher.jar"  # a jar, not a folder: CDS archives classes from jars only
READY_MARK = "EMKG-NEO4J-READY"
READY_POLL_S = 0.1  # reading this start's log lines: cheap, and "up" is seen at once
START_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 60.0
# Servers started by this process, kept so they are reaped (not warned about) on stop.
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


def neo4j_version() -> str:
    match = re.search(r"<neo4j.version>([^<]+)</neo4j.version>", POM.read_text(encoding="utf-8"))
    if match is None:  # pragma: no cover - the pom ships with the package
        raise LauncherError(f"{POM} has no <neo4j.version>; reinstall EMKG")
    return match.group(1)


@dataclass(frozen=True)
class Status:
    running: bool
    pid: int | None
    uri: str
    detail: str


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still answers kill(0); treat it as gone.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.split(") ", 1)[1][:1] != "Z"
    except (OSError, IndexError):
        return True


class LocalNeo4j:
    def __init__(self, settings: Settings, *, log: bool = True) -> None:
        self.settings = settings
        self.version = neo4j_version()
        self.home = settings.neo4j_cache_dir / f"neo4j-{self.version}"
        self.data_dir = settings.neo4j_data_dir.resolve()
        self.pid_file = self.data_dir / "emkg-neo4j.pid"
        self.log_file = self.data_dir / "emkg-neo4j.log"
        # The class archive this data directory's running JVM writes at exit (class_share.py).
        self.archive_note = self.data_dir / "emkg-neo4j.cds"
        self.cds_log = self.data_dir / "emkg-neo4j-cds.log"  # did the JVM map the archive?
        self._log = log
        self._java_version = ""

    def _say(self, msg: str) -> None:
        if self._log:
            print(msg, file=sys.stderr, flush=True)

    # -- preparing the engine ---------------------------------------------------------
    def _java(self) -> str:
        java_home = os.environ.get("JAVA_HOME")
        java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
        if not java or not Path(java).exists():
            raise LauncherError(
                "Java 17+ is needed to run the local Neo4j but `java` was not found; "
                "install it (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME, "
                "or point EMKG at an existing server with NEO4J_URI"
            )
        out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
        m = re.search(r'version "(\d+)', out)
        if m is None or int(m.group(1)) < 17:
            raise LauncherError(
                f"Neo4j 5.26 needs Java 17 or newer; {java} reports: {out.splitlines()[:1]}; "
                "install a JDK 17+ and set JAVA_HOME"
            )
        # The JVM's own words (not JAVA_TOOL_OPTIONS' "Picked up ..."): the archive's key.
        self._java_version = "\n".join(
            ln for ln in out.splitlines() if "version" in ln or "VM" in ln
        )
        return java

    def _resolve_jars(self) -> Path:
        lib = self.home / "lib"
        marker = self.home / "jars.ok"
        # Resolved again when the pom changes (a new artifact), not only the version.
        wanted = hashlib.sha256(POM.read_bytes()).hexdigest()
        done = marker.exists() and marker.read_text(encoding="utf-8").strip() in (
            wanted,
            self.version,
        )
        if done and (lib / f"neo4j-import-tool-{self.version}.jar").exists():
            return lib
        mvn = shutil.which("mvn")
        if mvn is None:
            raise LauncherError(
                "Maven (`mvn`) is needed once to fetch the Neo4j jars from Maven Central; "
                "install it (Debian: apt-get install maven) or set NEO4J_URI to an existing server"
            )
        self._say(f"emkg: resolving Neo4j {self.version} jars from Maven Central into {lib} ...")
        tmp = self.home / "lib.partial"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        proc = subprocess.run(
            [
                mvn,
                "-q",
                "-B",
                "-f",
                str(POM),
                "dependency:copy-dependencies",
                f"-DoutputDirectory={tmp}",
            ],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-15:])
            raise LauncherError(
                f"could not resolve the Neo4j {self.version} jars with Maven:\n{tail}\n"
                "check that Maven Central is reachable (proxy settings in ~/.m2/settings.xml) "
                "and retry `emkg neo4j start`"
            )
        shutil.rmtree(lib, ignore_errors=True)
        tmp.rename(lib)
        marker.write_text(wanted, encoding="utf-8")
        return lib

    def _compile(self, java: str, lib: Path) -> Path:
        """The launcher's jar, compiled once per version of its source."""
        classes = self.home / "classes"
        jar = classes / LAUNCHER_JAR
        digest = hashlib.sha256(JAVA_SOURCE.read_bytes()).hexdigest()
        stamp = classes / "source.sha256"
        if stamp.exists() and stamp.read_text() == digest and jar.exists():
            return jar
        javac = str(Path(java).with_name("javac"))
        if not Path(javac).exists():
            javac = shutil.which("javac") or ""
        if not javac:
            raise LauncherError("`javac` (a JDK, not only a JRE) is needed once; install a JDK 17+")
        # Compiled aside and its jar moved in whole, the stamp last: another process starting
        # a server from the same cache meanwhile reads a whole jar, old or new, never none.
        classes.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix="classes.", dir=self.home))
        try:
            proc = subprocess.run(
                [javac, "-d", str(fresh), "-cp", f"{lib}/*", str(JAVA_SOURCE)],
                capture_output=True,
                text=True,
            )
            if proc.returncode != 0:
                raise LauncherError(f"compiling the Neo4j launcher failed:\n{proc.stderr[-2000:]}")
            packed = fresh / LAUNCHER_JAR
            with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as z:
                for compiled in sorted(fresh.glob("*.class")):
                    z.write(compiled, compiled.name)
            os.replace(packed, jar)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
        tmp_stamp = classes / f".source.sha256.{os.getpid()}"
        tmp_stamp.write_text(digest)
        os.replace(tmp_stamp, stamp)
        return jar

    def engine(self) -> tuple[str, Path]:
        """The `java` executable and the folder of Neo4j's jars (resolved once)."""
        return self._java(), self._resolve_jars()

    @property
    def java_version(self) -> str:
        """What `java -version` said (after `engine` or `start`): a class archive's key."""
        return self._java_version

    def prepare(self) -> Path:
        """Resolve the jars and compile the launcher now (`make test` does it once)."""
        java, lib = self.engine()
        self._compile(java, lib)
        return lib

    def store_exists(self, database: str) -> bool:
        """Whether the store of `database` was ever created in this data directory."""
        return (self.data_dir / "data" / "databases" / database).is_dir()

    def _password_file(self) -> Path:
        pw = self.settings.local_password_file.resolve()
        if not pw.exists():
            pw.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(pw, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(24))
        return pw

    # -- lifecycle -------------------------------------------------------------------
    def _pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if _alive(pid) else None

    def status(self) -> Status:
        port = self.settings.neo4j_port
        pid = self._pid()
        uri = self.settings.local_uri
        if pid is not None:
            up = _port_open(port)
            detail = "running" if up else "starting (Bolt not answering yet)"
            return Status(True, pid, uri, f"Neo4j {self.version} {detail}, pid {pid}, {uri}")
        if _port_open(port):
            return Status(False, None, uri, f"stopped; port {port} is used by another process")
        return Status(False, None, uri, f"stopped (data in {self.data_dir})")

    def start(self) -> str:
        """Start the server unless it is running; return its Bolt URI once it answers."""
        port = self.settings.neo4j_port
        pid = self._pid()
        if pid is not None:
            self._say(f"emkg: Neo4j is already running (pid {pid}) at {self.settings.local_uri}")
            return self.settings.local_uri
        if _port_open(port):
            raise LauncherError(
                f"port {port} on 127.0.0.1 is already taken by another process; stop it "
                f"(`ss -ltnp 'sport = :{port}'` shows which) or choose another port with "
                f"EMKG_NEO4J_PORT=7690"
            )
        java = self._java()
        lib = self._resolve_jars()
        launcher = self._compile(java, lib)
        pw = self._password_file()
        # The store and its logs hold the whole graph: readable by this user only.
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.data_dir, 0o700)
        self._settle_archive(clean=False)  # left by a JVM that ended without `stop`
        share = ClassArchive(
            self.home / "cds",
            archive_key(java, self._java_version, [launcher, *sorted(lib.glob("*.jar"))]),
        )
        share_options, partial = share.options(self.cds_log)
        if partial is not None:
            self.archive_note.write_text(f"{share.key}\n{partial}\n")
        s = self.settings
        cmd = [
            java,
            f"-Xmx{s.neo4j_heap_mb}m",
            "-XX:+UseG1GC",
            *share_options,
            "-Dfile.encoding=UTF-8",
            "-cp",
            f"{launcher}:{lib}/*",
            "EmbeddedNeo4j",
            str(self.data_dir),
            str(port),
            str(pw),
            str(s.neo4j_pagecache_mb),
            str(int(max(s.query_timeout_s * 30, 300))),
        ]
        self._say(f"emkg: starting Neo4j {self.version} on 127.0.0.1:{port} (data {self.data_dir})")
        # The log is appended to: only this start's lines may say it is ready.
        offset = self.log_file.stat().st_size if self.log_file.exists() else 0
        with open(self.log_file, "ab") as log:
            proc = subprocess.Popen(
                cmd,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.pid_file.write_text(str(proc.pid))
        _CHILDREN[proc.pid] = proc
        self._wait_ready(proc, port, offset)
        if partial is None and not mapped(self._read(self.cds_log)):
            share.drop()  # the JVM could not use it: the next start writes a new one
        self._say(f"emkg: Neo4j {self.version} is up at {s.local_uri}")
        return s.local_uri

    def _wait_ready(self, proc: subprocess.Popen[bytes], port: int, start_offset: int) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                _CHILDREN.pop(proc.pid, None)
                self.pid_file.unlink(missing_ok=True)
                self._settle_archive(clean=False)
                raise LauncherError(
                    f"Neo4j exited during start-up (code {proc.returncode}); last log lines:\n"
                    f"{self._log_tail()}\nfull log: {self.log_file}"
                )
            with open(self.log_file, "rb") as f:
                f.seek(start_offset)
                text = f.read().decode(errors="replace")
            if READY_MARK in text and _port_open(port):
                return
            time.sleep(READY_POLL_S)
        self.stop()
        raise LauncherError(
            f"Neo4j did not answer on port {port} within {START_TIMEOUT_S:.0f}s; "
            f"see {self.log_file}"
        )

    def _settle_archive(self, *, clean: bool) -> None:
        """The class archive the last JVM wrote as it exited: kept after a clean stop."""
        try:
            key, partial = self.archive_note.read_text().split()
        except (OSError, ValueError):
            return
        ClassArchive(self.home / "cds", key).settle(Path(partial), clean=clean)
        self.archive_note.unlink(missing_ok=True)

    @staticmethod
    def _read(path: Path) -> str:
        try:
            return path.read_text(errors="replace")
        except OSError:
            return ""

    def _log_tail(self, n: int = 20) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"

    def stop(self) -> bool:
        """Stop the server this data directory belongs to; True if one was running."""
        pid = self._pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while time.monotonic() < deadline and _alive(pid):
            with contextlib.suppress(ChildProcessError):  # reap it if it is our child
                os.waitpid(pid, os.WNOHANG)
            time.sleep(0.2)
        child = _CHILDREN.pop(pid, None)
        if child is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=max(1.0, deadline - time.monotonic()))
        clean = not _alive(pid)
        if not clean:
            self._say(f"emkg: Neo4j (pid {pid}) did not stop in {STOP_TIMEOUT_S:.0f}s; killing it")
            os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        self._settle_archive(clean=clean)
        while _port_open(self.settings.neo4j_port) and time.monotonic() < deadline + 10:
            time.sleep(0.2)
        return True


if __name__ == "__main__":  # `python -m kg.neo4j_local.launcher`: fetch and build, start nothing
    lib = LocalNeo4j(Settings.from_env()).prepare()
    print(f"emkg: Neo4j {neo4j_version()} jars ready in {lib}")
