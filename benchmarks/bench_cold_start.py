"""Cold start: `emkg run` (what `make run` runs once installed) to a first answer, in phases.

Runs `emkg run` in a subprocess on the configured local Neo4j (EMKG_NEO4J_PORT,
EMKG_NEO4J_DATA_DIR; it must not be running, so that its start is timed) and a free HTTP
port, stamps every line it prints with the time since launch, polls /readyz, then asks
one `recommendForces` with the admin key it printed, and stops it with SIGINT (Ctrl-C:
it stops the Neo4j it started). Prints the phases:

- imports: from launch to "starting Neo4j" (Python imports, the launcher's checks);
- Neo4j start: to "Neo4j ... is up" (since `emkg run` loads the app's modules, the search
  model and the ontology meanwhile, the line "overlapped" says how long that took);
- pre-warm: the warm-up recommendation `emkg run` runs itself (api/warmup.py `prewarm`):
  from "is up" to "pre-warm: ..." when it runs before the checks; when it runs beside them
  (an older `emkg run`), what is left of it after them, until "emkg: ready in";
- ontology: to "ontology: ..." (validate the shipped ontology, sync it; or find it unchanged);
- demo: to "demo data: ..." (load the demo data, or find it unchanged), less the
  embeddings' own seconds when they were refreshed before that line (older `emkg run`);
- embeddings: the seconds "embeddings: ... in N s" reports (model load excluded);
- vectors, key: after the demo until "emkg: ready in" when the pre-warm ran first (the
  vectors' freshness check and the local admin key), less refreshed embeddings' seconds;
- server start: to uvicorn's "Application startup complete" (the app, its model and
  ontology);
- warm-up: to /readyz 200 (the first recommendation and searches the server runs itself);
- first answer: one recommendForces request;

and the total, with the CPU seconds `emkg run` (Python: the app, the model, the checks)
and Neo4j (its JVM) spent to the first answer, Neo4j's by kind of thread (the JIT
compilers, the Bolt workers planning and running statements, the main thread's start), the
core count and load average. "Warm
caches" (the target: a first answer within 20 s on 2 cores) means Neo4j's jars, the model
and the store exist from an earlier run: `--runs 2` runs it twice and the second run is the
figure. `--steady N` then asks N more recommendations (seeded: other hazards, levels,
places and limits) and prints
their p50 / p95 and the median of the last half, so that a start-up setting that makes
later answers slower (a JIT limit, say) shows in the same run.

Example::

    EMKG_NEO4J_PORT=7762 EMKG_NEO4J_DATA_DIR=var/neo4j-cold \\
        python benchmarks/bench_cold_start.py --runs 2
    git archive HEAD~5 | tar -x -C var/before    # the same phases for an older commit
    EMKG_NEO4J_PORT=7762 EMKG_NEO4J_DATA_DIR=var/neo4j-cold \\
        python benchmarks/bench_cold_start.py --runs 2 --root var/before
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from live_servers import free_port, machine, tree_cpu_s

from kg.neo4j_local.launcher import LocalNeo4j
from kg.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
RUN_TIMEOUT_S = 1200.0
TARGET_S = 20.0
THREAD_SHOWN_S = 0.3  # Neo4j's threads of a kind shown when they used this much CPU
QUERY = """
query($s: ScenarioInput!) {
  recommendForces(scenario: $s) { forcePackage { team { id name } etaMinutes reasons } gaps {
    capability { id } limitedBy } }
}
"""
SCENARIO = {"hazardCodes": ["11C02"], "location": {"latitude": 30.66, "longitude": 104.06},
            "responseLevel": "II"}  # fmt: skip
MARKS = {
    "neo4j_starting": re.compile(r"emkg: starting Neo4j|emkg: Neo4j is already running"),
    "neo4j_up": re.compile(r"emkg: Neo4j .* is up at|emkg: Neo4j is already running"),
    "ontology": re.compile(r"^emkg: ontology:"),
    "demo": re.compile(r"^emkg: demo data:"),
    "embeddings": re.compile(r"embeddings: \d+ \(re\)computed in"),
    "prewarm": re.compile(r"^emkg: pre-warm:"),
    "cli_ready": re.compile(r"^emkg: ready in"),
    "app": re.compile(r"Application startup complete"),
}
EMBEDDINGS = re.compile(r"embeddings: \d+ \(re\)computed in ([\d.]+)s")
PREPARED = re.compile(r"emkg: app, search model and ontology loaded in ([\d.]+)s")
KEY = re.compile(r"Bearer (emkg_admin_[A-Za-z0-9_-]+)")
STEADY_HAZARDS = ("11A01", "11A51", "11B01", "11C02", "11D01", "11D02", "12A00", "12D00")
STEADY_PLACES = ((30.66, 104.06), (31.47, 104.68), (29.58, 105.06), (30.05, 103.00),
                 (31.90, 102.22), (27.88, 102.27), (32.43, 105.84), (28.76, 104.64))  # fmt: skip


def steady_scenarios(n: int, seed: int = 20) -> list[dict[str, object]]:
    """`n` ScenarioInputs after the first: other hazards, levels, places and limits."""
    rng = random.Random(seed)
    out: list[dict[str, object]] = []
    for _ in range(n):
        lat, lon = rng.choice(STEADY_PLACES)
        s: dict[str, object] = {
            "hazardCodes": rng.sample(STEADY_HAZARDS, rng.choice((1, 1, 2))),
            "location": {"latitude": lat + rng.uniform(-0.2, 0.2),
                         "longitude": lon + rng.uniform(-0.2, 0.2)},
            "responseLevel": rng.choice(("I", "II", "III", "IV")),
        }  # fmt: skip
        if rng.random() < 0.3:
            s["maxTravelMinutes"] = rng.choice((30, 60, 120))
        out.append(s)
    return out


def pct(xs: Sequence[float], p: float) -> float:
    ys = sorted(xs)
    return ys[min(len(ys) - 1, round(p / 100 * (len(ys) - 1)))]


@dataclass
class Timeline:
    """When each mark was first seen (seconds since launch), and what the output said."""

    t0: float = field(default_factory=time.monotonic)
    marks: dict[str, float] = field(default_factory=dict)
    embeddings_s: float = 0.0
    prepared_s: float | None = None  # app + model + ontology loaded while Neo4j started
    key: str | None = None
    lines: list[str] = field(default_factory=list)
    cpu_s: tuple[float, float] = (0.0, 0.0)  # (emkg run's Python, Neo4j) to the first answer
    neo4j_threads: dict[str, float] = field(default_factory=dict)  # Neo4j's CPU by thread kind

    def read(self, stream: object) -> None:
        for raw in iter(stream.readline, b""):  # type: ignore[attr-defined]
            line = raw.decode(errors="replace").rstrip()
            now = time.monotonic() - self.t0
            self.lines.append(f"{now:7.1f} {line}")
            for name, pattern in MARKS.items():
                if name not in self.marks and pattern.search(line):
                    self.marks[name] = now
            if m := EMBEDDINGS.search(line):
                self.embeddings_s = float(m.group(1))
            if m := PREPARED.search(line):
                self.prepared_s = float(m.group(1))
            if self.key is None and (k := KEY.search(line)):
                self.key = k.group(1)


def phases(t: Timeline, ready: float, answered: float) -> list[tuple[str, float]]:
    m = t.marks
    start, up = m.get("neo4j_starting", 0.0), m.get("neo4j_up", 0.0)
    onto, demo, app = m.get("ontology", up), m.get("demo", up), m.get("app", up)
    cli_ready = m.get("cli_ready", demo)
    # An older `emkg run` refreshed the vectors before its "demo data" line, a newer after.
    before_demo = m.get("embeddings", demo) <= demo
    emb_in_demo = t.embeddings_s if before_demo else 0.0
    emb_after = 0.0 if before_demo else t.embeddings_s
    warmed = m.get("prewarm", cli_ready)
    if warmed <= onto:  # the pre-warm before the checks (newer), not beside them
        prewarm, checked, after = warmed - up, warmed, cli_ready - demo - emb_after
    else:
        prewarm, checked, after = cli_ready - demo - emb_after, up, 0.0
    return [
        ("imports", start),
        ("Neo4j start", up - start),
        ("pre-warm", max(0.0, prewarm)),
        ("ontology", onto - checked),
        ("demo", max(0.0, demo - onto - emb_in_demo)),
        ("embeddings", t.embeddings_s),
        ("vectors, key", max(0.0, after)),
        ("server start", app - cli_ready),
        ("warm-up", ready - app),
        ("first answer", answered - ready),
    ]


EXITED = "(ended threads)"  # CPU of threads no longer alive when counted


def thread_kind(name: str) -> str:
    """A thread's kind: its name without the number of one of several ("GC Thread#1")."""
    return re.sub(r"[#-]?\d+$", "", name).strip() or name


def thread_cpu_s(pid: int) -> dict[str, float]:
    """CPU seconds so far of `pid`'s threads by kind: their names without numbers (the JVM
    names its threads: "C2 CompilerThre", "C1 CompilerThre", "GC Thread#", "neo4j.BoltWor"),
    so the JIT, the collector and the Bolt workers (planning, running) show apart. Threads
    that have ended are gone from /proc but their CPU stays in the process's: it is shown as
    the kind EXITED, so the kinds add up to the process's CPU."""
    tick = os.sysconf("SC_CLK_TCK")
    kinds: dict[str, float] = {}
    try:
        process = _ticks(Path(f"/proc/{pid}/stat"))
    except OSError:
        return kinds
    live = 0
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            name = (task / "comm").read_text().strip()
            ticks = _ticks(task / "stat")
        except OSError:
            continue
        kind = thread_kind(name)
        kinds[kind] = kinds.get(kind, 0.0) + ticks / tick
        live += ticks
    if process > live:  # read first: live threads only add ticks after it
        kinds[EXITED] = (process - live) / tick
    return kinds


def _ticks(stat: Path) -> int:
    """User + system clock ticks from a /proc stat file (of a process or one thread)."""
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def cpu_split(run_pid: int, neo4j_pid: int | None) -> tuple[float, float]:
    """CPU seconds so far of `emkg run` (its Python, without its children) and of Neo4j."""
    total = tree_cpu_s(run_pid)
    neo4j = tree_cpu_s(neo4j_pid) if neo4j_pid is not None else 0.0
    return total - neo4j, neo4j


def ask(client: httpx.Client, key: str | None, scenario: Mapping[str, object]) -> None:
    r = client.post(
        "/graphql",
        json={"query": QUERY, "variables": {"s": scenario}},
        headers={"Authorization": f"Bearer {key}"},
    )
    body = r.json()
    if r.status_code != 200 or body.get("errors"):
        raise SystemExit(f"recommendForces failed: {r.text[:400]}")


def one_run(
    settings: Settings, root: Path, steady: int = 0
) -> tuple[list[tuple[str, float]], float, Timeline, list[float]]:
    if LocalNeo4j(settings).status().running:
        raise SystemExit(
            f"Neo4j is already running for {settings.neo4j_data_dir}: stop it first "
            "(`emkg neo4j stop` with the same EMKG_NEO4J_* variables) so its start is timed"
        )
    port = free_port()
    # The data directory as this process resolves it: `emkg run` starts in `root`, where a
    # relative EMKG_NEO4J_DATA_DIR would name another (empty) store.
    env = dict(
        os.environ, EMKG_PORT=str(port), EMKG_HOST="127.0.0.1", HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1", PYTHONUNBUFFERED="1",
        EMKG_NEO4J_DATA_DIR=str(settings.neo4j_data_dir.resolve()),
    )  # fmt: skip
    timeline = Timeline()
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "run"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    reader = threading.Thread(target=timeline.read, args=(proc.stdout,), daemon=True)
    reader.start()
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            deadline = timeline.t0 + RUN_TIMEOUT_S
            while True:
                if proc.poll() is not None:
                    tail = "\n".join(timeline.lines[-20:])
                    raise SystemExit(f"emkg run exited ({proc.returncode}):\n{tail}")
                if time.monotonic() > deadline:
                    raise SystemExit(f"no ready server within {RUN_TIMEOUT_S:.0f} s")
                try:
                    if client.get("/readyz", timeout=5).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.2)
            ready = time.monotonic() - timeline.t0
            ask(client, timeline.key, SCENARIO)
            answered = time.monotonic() - timeline.t0
            neo4j_pid = LocalNeo4j(settings, log=False).status().pid
            timeline.cpu_s = cpu_split(proc.pid, neo4j_pid)
            timeline.neo4j_threads = thread_cpu_s(neo4j_pid) if neo4j_pid is not None else {}
            later = []
            for scenario in steady_scenarios(steady):
                t = time.monotonic()
                ask(client, timeline.key, scenario)
                later.append(time.monotonic() - t)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        reader.join(timeout=5)
    return phases(timeline, ready, answered), answered, timeline, later


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench_cold_start", description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=2, help="runs in a row (the last: warm caches)")
    p.add_argument("--log", type=Path, help="write each run's stamped output here")
    p.add_argument(
        "--root",
        type=Path,
        default=ROOT,
        help="run the `emkg run` of this checkout (e.g. an older commit's `git archive`, "
        "for a before/after comparison with the same phases; default: this one)",
    )
    p.add_argument(
        "--steady",
        type=int,
        default=0,
        metavar="N",
        help="after the first answer, N more recommendations (p50 / p95 / last-half median)",
    )
    args = p.parse_args(argv)
    settings = Settings.from_env()
    if not settings.uses_local_neo4j:
        print("bench_cold_start times the local Neo4j's start: unset EMKG_NEO4J_URI")
        return 2
    results = []
    for i in range(args.runs):
        before = machine()
        parts, total, timeline, later = one_run(settings, args.root.resolve(), args.steady)
        results.append((parts, total, before, machine(), timeline, later))
        if args.log:
            with args.log.open("a") as f:
                f.write(f"--- run {i + 1}\n" + "\n".join(timeline.lines) + "\n")
    names = [name for name, _ in results[0][0]]
    print(f"\ncold start: `emkg run` ({args.root}) to a first recommendForces ({args.runs} runs)")
    print(f"{'phase':<14}" + "".join(f"{'run ' + str(i + 1):>10}" for i in range(args.runs)))
    for k, name in enumerate(names):
        print(f"{name:<14}" + "".join(f"{r[0][k][1]:>9.1f}s" for r in results))
    print(f"{'total':<14}" + "".join(f"{r[1]:>9.1f}s" for r in results))
    print(f"{'CPU Python':<14}" + "".join(f"{r[4].cpu_s[0]:>9.1f}s" for r in results))
    print(f"{'CPU Neo4j':<14}" + "".join(f"{r[4].cpu_s[1]:>9.1f}s" for r in results))
    kinds = {k for r in results for k, v in r[4].neo4j_threads.items() if v >= THREAD_SHOWN_S}
    for kind in sorted(kinds, key=lambda k: -max(r[4].neo4j_threads.get(k, 0) for r in results)):
        cells = "".join(f"{r[4].neo4j_threads.get(kind, 0.0):>9.1f}s" for r in results)
        print(f"  {kind[:12]:<12}{cells}  (Neo4j CPU in these threads)")
    if any(r[4].prepared_s is not None for r in results):
        overlapped = "".join(
            f"{r[4].prepared_s:>9.1f}s" if r[4].prepared_s is not None else f"{'-':>10}"
            for r in results
        )
        print(f"{'overlapped':<14}{overlapped}  (app, model, ontology loaded during Neo4j start)")
    if args.steady:
        for i, r in enumerate(results):
            ms = [x * 1000 for x in r[5]]
            print(
                f"run {i + 1}: {len(ms)} later answers p50 {pct(ms, 50):.0f} ms, "
                f"p95 {pct(ms, 95):.0f} ms, last-half median {pct(ms[len(ms) // 2 :], 50):.0f} ms"
            )
    for i, (_, _, before, after, _, _) in enumerate(results):
        print(f"run {i + 1}: machine before {before}; after {after}")
    print(f"target: the last run (warm caches) under {TARGET_S:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
