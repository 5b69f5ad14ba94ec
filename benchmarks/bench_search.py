"""Search speed: embedding throughput (batch and single) and search latency p50/p95.

Runs against the configured Neo4j (the national synthetic graph for the figures
in the README: `python benchmarks/bench_load.py --scale national`), with the evaluation set's
queries (queries/eval/hazard_queries.yaml) as realistic input. Prints, in one
run: sentences/s when encoding in batches and one at a time; the time to
refresh every searchable node's vector; hybrid search latency over all kinds
and over hazard types only, each for a text seen for the first time (the query-vector
cache emptied before every search: the model runs) and for a repeated text (its vector
from the cache, `kg.embedder.QUERY_VECTORS`); and, as the same-run baseline, one
full-text index query alone, with the ratio; with the core count and load average. A
sixth call searches hazard types for a new text with their vector list from Neo4j's index
instead of memory (queries/vector_snapshot.py: the layout before), for the same-run ratio
(the graph needs its vectors stamp: `--refresh` or `emkg ontology apply` sets it). The
six calls of each text run back to back in a rotating order, so the baseline and the
searches meet the same load; each also prints the mean CPU per call of this process and
of the local Neo4j (`--no-throughput` skips the minutes of encoding team names).
Targets (issue 20, 2 cores): all kinds p95 <= 30 ms, hazard types only p95 <= 10 ms.

Example::

    EMKG_NEO4J_PORT=7802 EMKG_NEO4J_DATA_DIR=var/neo4j-bench emkg neo4j start
    python benchmarks/bench_load.py --scale national --yes    # ~7 minutes on 2 cores
    HF_HUB_OFFLINE=1 python benchmarks/bench_search.py --refresh
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import LiteralString

from kg.cypher import CypherRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.eval_search import load_queries
from benchmarks.live_servers import machine, tree_cpu_s
from kg.driver import create_async_driver, open_driver
from kg.embedder import QUERY_VECTORS
from kg.embeddings import load_embedder, refresh_embeddings
from kg.neo4j_local.launcher import LocalNeo4j
from kg.search_schema import fulltext_index_name
from kg.settings import Settings
from queries.collected import collected_rows
from queries.search import search
from queries.search_retrieval import (
    LISTS,
    SEARCH_KINDS,
    escape_lucene,
    retrieval_params,
    retrieval_query,
    statement_groups,
)
from queries.vector_snapshot import SNAPSHOTS, Snapshots

# The baseline: what a bare full-text lookup of the same text costs on the same graph.
FULLTEXT_ONLY: LiteralString = """
CALL db.index.fulltext.queryNodes($index, $q, {limit: 10}) YIELD node, score
RETURN node.id AS id, score
"""
WARMUP = 5
BASELINE = "baseline: one full-text query"
# The hazards' vector list from Neo4j's index instead of memory (queries/vector_snapshot.py).
INDEX_ONLY = "  the same, vectors from the index"
NO_HELD = Snapshots(())
TARGET_ALL_MS, TARGET_HAZARDS_MS = 30.0, 10.0
Call = Callable[[str], Awaitable[object]]


def percentiles(samples_ms: list[float]) -> tuple[float, float]:
    """(p50, p95) of the samples in milliseconds."""
    cuts = statistics.quantiles(samples_ms, n=20, method="inclusive")
    return statistics.median(samples_ms), cuts[18]


async def time_each(
    texts: list[str], call: Callable[[str], Awaitable[object]], rounds: int
) -> list[float]:
    for text in texts[:WARMUP]:
        await call(text)
    samples: list[float] = []
    for _ in range(rounds):
        for text in texts:
            t0 = time.perf_counter()
            await call(text)
            samples.append((time.perf_counter() - t0) * 1000.0)
    return samples


@dataclass
class Timed:
    """One kind of call's samples: wall milliseconds, this process's CPU milliseconds, and
    the local Neo4j's CPU milliseconds (its /proc counter: 10 ms ticks, unbiased summed over
    many calls; empty for an external server)."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    neo4j_cpu: list[float] = field(default_factory=list)


def process_cpu_ms(pid: int | None) -> float | None:
    """CPU milliseconds of process `pid` so far (None without a local Neo4j)."""
    return None if pid is None else tree_cpu_s(pid) * 1000.0


async def interleaved(
    texts: list[str],
    calls: dict[str, tuple[Call, Call]],
    rounds: int,
    neo4j_pid: int | None,
) -> dict[str, Timed]:
    """Every call on every text, the calls of one text back to back in a rotating order, so
    that each kind of call (the baseline included) meets the same load: a busy second hits
    them alike instead of whichever phase ran then. `calls` maps a name to (set-up, call):
    the set-up runs untimed just before (it empties or fills the query-vector cache)."""
    names = list(calls)
    for text in texts[:WARMUP]:
        for name in names:
            await calls[name][0](text)
            await calls[name][1](text)
    out = {name: Timed() for name in names}
    turn = 0
    for _ in range(rounds):
        for text in texts:
            turn += 1
            for name in names[turn % len(names) :] + names[: turn % len(names)]:
                set_up, call = calls[name]
                await set_up(text)
                n0, c0, t0 = process_cpu_ms(neo4j_pid), time.process_time(), time.perf_counter()
                await call(text)
                wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                n1 = process_cpu_ms(neo4j_pid)
                out[name].wall.append(wall * 1000.0)
                out[name].cpu.append(cpu * 1000.0)
                if n0 is not None and n1 is not None:
                    out[name].neo4j_cpu.append(n1 - n0)
    return out


async def latency(
    settings: Settings, texts: list[str], rounds: int, neo4j_pid: int | None
) -> dict[str, Timed]:
    embedder = load_embedder(settings.model_name)
    db = settings.neo4j_database
    driver = create_async_driver(settings)
    runner = CypherRunner(driver, db, timeout_s=settings.query_timeout_s)
    try:

        async def all_kinds(text: str) -> object:
            return await search(runner, embedder, text, None, 10)

        async def hazards(text: str) -> object:
            return await search(runner, embedder, text, ["HazardType"], 10)

        async def hazards_index(text: str) -> object:  # the layout before the in-memory list
            return await search(runner, embedder, text, ["HazardType"], 10, snapshots=NO_HELD)

        async def new_text(text: str) -> object:
            QUERY_VECTORS.clear()  # a text never seen: the model runs
            return None

        async def repeated(text: str) -> object:
            return await embedder.encode([" ".join(text.split())])  # its vector cached

        async def fulltext(text: str) -> object:
            records, _, _ = await driver.execute_query(
                FULLTEXT_ONLY,
                index=fulltext_index_name("HazardType", "en"),
                q=escape_lucene(text),
                database_=db,
                routing_="r",
            )
            return records

        return await interleaved(
            texts,
            {
                BASELINE: (repeated, fulltext),
                "hybrid, all kinds": (repeated, all_kinds),
                "hybrid, hazard types": (repeated, hazards),
                "hybrid, all kinds, new text": (new_text, all_kinds),
                "hybrid, hazard types, new text": (new_text, hazards),
                INDEX_ONLY: (new_text, hazards_index),
            },
            rounds,
            neo4j_pid,
        )
    finally:
        await driver.close()


async def per_retriever(
    settings: Settings, texts: list[str], rounds: int
) -> dict[str, tuple[list[float], float]]:
    """Each retriever alone, each statement group alone and all retrievers in one statement
    (the layout before issue 20): milliseconds per call and mean hits, query vectors
    computed beforehand."""
    embedder = load_embedder(settings.model_name)
    vectors = {t: v for t, v in zip(texts, embedder.encode_sync(texts), strict=True)}
    driver = create_async_driver(settings)
    runner = CypherRunner(driver, settings.neo4j_database, timeout_s=settings.query_timeout_s)
    every = [(kind, name) for kind in SEARCH_KINDS for name in LISTS]
    runs: dict[str, list[tuple[str, str]]] = {f"{k} {n}": [(k, n)] for k, n in every}
    for i, group in enumerate(statement_groups(SEARCH_KINDS, True)):
        runs[f"statement {i + 1} of {len(statement_groups(SEARCH_KINDS, True))}"] = group
    runs["all in one statement"] = every
    try:
        return {
            name: await _time_group(runner, group, texts, vectors, rounds)
            for name, group in runs.items()
        }
    finally:
        await driver.close()


async def _time_group(
    runner: CypherRunner,
    group: list[tuple[str, str]],
    texts: list[str],
    vectors: dict[str, list[float]],
    rounds: int,
) -> tuple[list[float], float]:
    """Milliseconds per statement of `group` and its mean number of hits."""
    query = retrieval_query(group)
    hits: list[int] = []

    async def one(text: str) -> object:
        rows = await collected_rows(runner, query, retrieval_params(group, text, vectors[text]))
        hits.append(len(rows))
        return rows

    samples = await time_each(texts, one, rounds)
    return samples, sum(hits) / len(hits)


def throughput(settings: Settings, texts: list[str]) -> tuple[float, float]:
    """Sentences per second encoding `texts` in batches, and one sentence per call."""
    embedder = load_embedder(settings.model_name)
    embedder.encode_sync(texts[:8])  # warm the model
    t0 = time.perf_counter()
    embedder.encode_sync(texts)
    batch = len(texts) / (time.perf_counter() - t0)
    singles = texts[:200]
    t0 = time.perf_counter()
    for text in singles:
        embedder.encode_sync([text])
    single = len(singles) / (time.perf_counter() - t0)
    return batch, single


def main(argv: list[str] | None = None) -> int:
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--refresh", action="store_true", help="compute missing search vectors first (timed)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="passes over the query set")
    parser.add_argument(
        "--retrievers",
        action="store_true",
        help="time each retriever alone (vectors precomputed) instead of the searches",
    )
    parser.add_argument(
        "--no-throughput",
        action="store_true",
        help="skip the embedding throughput (minutes on a busy machine) and time the searches",
    )
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    texts = [q.text for q in load_queries()]
    if args.retrievers:
        before = machine()
        timed = asyncio.run(per_retriever(settings, texts, args.rounds))
        print(f"\neach retriever alone, {len(texts)} queries x {args.rounds} rounds (ms):")
        print(f"  machine before: {before}\n  machine after : {machine()}")
        print(f"{'retriever':<32} {'hits':>6} {'p50':>8} {'p95':>8}")
        for name, (samples, hits) in timed.items():
            p50, p95 = percentiles(samples)
            print(f"{name:<32} {hits:>6.1f} {p50:>8.2f} {p95:>8.2f}")
        return 0
    with open_driver(settings) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (n) RETURN count(n) AS nodes", database_=settings.neo4j_database
        )
        print(f"graph: {settings.uri}, {records[0]['nodes']:,} nodes")
        if args.refresh:
            report = refresh_embeddings(
                driver, settings.neo4j_database, load_embedder(settings.model_name)
            )
            print(report.to_text())
            done = sum(report.encoded.values())
            if done:
                print(f"refresh throughput: {done / report.seconds:,.0f} nodes/s")
        sample, _, _ = driver.execute_query(
            "MATCH (t:Team) RETURN coalesce(t.nameEn, '') + ' | ' + coalesce(t.nameZh, '') AS s "
            "ORDER BY t.id LIMIT 2000",
            database_=settings.neo4j_database,
        )
    if not args.no_throughput:
        sentences = [r["s"] for r in sample] or texts * 20
        batch, single = throughput(settings, sentences)
        print(
            f"embedding throughput ({len(sentences)} team names): batch {batch:,.0f} "
            f"sentences/s, single {single:,.0f} sentences/s"
        )
    neo4j_pid = LocalNeo4j(settings, log=False).status().pid if settings.uses_local_neo4j else None
    before = machine()
    results = asyncio.run(latency(settings, texts, args.rounds, neo4j_pid))
    print(f"\nsearch latency over {len(texts)} queries x {args.rounds} rounds, the six calls")
    print("of each text back to back in a rotating order (the baseline in the same run):")
    print(f"  machine before: {before}\n  machine after : {machine()}")
    print("  (a repeated text takes its vector from the query-vector cache; CPU: the mean per")
    print("  call of this process and of the local Neo4j, load-independent where wall is not)")
    print(f"{'what':<32} {'n':>5} {'p50':>8} {'p95':>8} {'py CPU':>8} {'neo4j CPU':>10}")
    figures = {name: percentiles(t.wall) for name, t in results.items()}
    for name, t in results.items():
        p50, p95 = figures[name]
        neo = f"{statistics.fmean(t.neo4j_cpu):>10.1f}" if t.neo4j_cpu else f"{'-':>10}"
        print(
            f"{name:<32} {len(t.wall):>5} {p50:>8.1f} {p95:>8.1f} "
            f"{statistics.fmean(t.cpu):>8.1f} {neo}"
        )
    base50, base95 = figures[BASELINE]
    for name in ("hybrid, all kinds", "hybrid, hazard types"):
        p50, p95 = figures[name]
        print(f"ratio {name} / baseline: p50 {p50 / base50:.1f}x, p95 {p95 / base95:.1f}x")
    p50, p95 = figures["hybrid, hazard types, new text"]
    i50, i95 = figures[INDEX_ONLY]
    print(f"ratio hazard types, new text, vectors in memory / from the index: p50 "
          f"{p50 / i50:.2f}x, p95 {p95 / i95:.2f}x")  # fmt: skip
    held = SNAPSHOTS.held("HazardType")
    print(
        f"hazard vectors held in memory: {len(held.ids)}"
        if held
        else "hazard vectors NOT held in memory: the graph has no vectors stamp "
        "(run with --refresh, or `emkg ontology apply`)"
    )
    print(f"targets (issue 20): all kinds p95 <= {TARGET_ALL_MS:.0f} ms, hazard types only "
          f"<= {TARGET_HAZARDS_MS:.0f} ms (repeated text)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
