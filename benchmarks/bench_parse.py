"""Report reading benchmark: parseScenario and recommendForces from a description, in one run.

On the demo graph (ontology applied with embeddings, demo loaded: `emkg run` does both),
over the committed evaluation reports (queries/eval/reports_*.yaml, zh and en), times:
- `parse_report` (what parseScenario runs) on every report, the first time it reads the
  text and again (a text's vector is kept: the UI reads a report, then recommends from it);
- `recommend_forces` from the description alone, for the reports it recognises (after
  they were read once, as in the UI);
- the baseline in the same run: `recommend_forces` for the same scenarios with the hazard
  codes the parser found given as codes and no description (the code-only recommendation).
Prints p50 and p95 of each and the description's cost over the baseline.

Targets (issue 11, 2 cores): parseScenario p95 <= 30 ms, recommendForces from a
description p95 <= 80 ms.

Example::

    EMKG_NEO4J_PORT=7730 EMKG_NEO4J_DATA_DIR=var/neo4j-dev emkg neo4j start   # after emkg run
    HF_HUB_OFFLINE=1 python benchmarks/bench_parse.py --rounds 2
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import time
from pathlib import Path

import yaml

from kg.cypher import CypherRunner
from kg.driver import create_async_driver
from kg.embeddings import load_embedder
from kg.errors import UserInputError
from kg.settings import Settings
from queries.models import GeoPoint, ResponseLevel, Scenario
from queries.recommend import recommend_forces
from queries.understanding.parse import parse_report

EVAL_DIR = Path(__file__).resolve().parents[1] / "queries" / "eval"
CHENGDU = GeoPoint(30.66, 104.06)


def reports() -> list[str]:
    out: list[str] = []
    for lang in ("zh", "en"):
        doc = yaml.safe_load((EVAL_DIR / f"reports_{lang}.yaml").read_text(encoding="utf-8"))
        out += [str(r["text"]) for r in doc["reports"]]
    return out


def summary(name: str, ms: list[float]) -> str:
    p95 = statistics.quantiles(ms, n=20)[-1] if len(ms) > 1 else ms[0]
    return f"{name:<42} n={len(ms):>4}  p50 {statistics.median(ms):7.1f} ms  p95 {p95:7.1f} ms"


def p95(ms: list[float]) -> float:
    return statistics.quantiles(ms, n=20)[-1]


async def run(settings: Settings, rounds: int) -> None:
    embedder = load_embedder(settings.model_name)
    driver = create_async_driver(settings)
    try:
        runner = CypherRunner(driver, settings.neo4j_database)
        texts = reports()
        for t in texts[:5]:  # warm-up: lexicons, model, query plans
            await parse_report(runner, embedder, t)
        first: list[float] = []
        again: list[float] = []
        scenes: list[tuple[str, tuple[str, ...], GeoPoint]] = []
        for round_ in range(rounds):
            for t in texts:
                t0 = time.perf_counter()
                d = await parse_report(runner, embedder, t)
                (again if round_ else first).append((time.perf_counter() - t0) * 1000)
                if d.recognized and len(scenes) < len(texts):
                    at = d.place.location if d.place and d.place.location else CHENGDU
                    scenes.append((t, tuple(h.hazard.id for h in d.hazards), at))
        described: list[float] = []
        coded: list[float] = []
        for text, codes, at in scenes:
            by_text = Scenario(at, ResponseLevel.III, description=text)
            by_code = Scenario(at, ResponseLevel.III, hazard_codes=codes)
            for s, out in ((by_code, coded), (by_text, described)):  # interleaved
                t0 = time.perf_counter()
                try:
                    await recommend_forces(runner, s, embedder=embedder)
                except UserInputError:
                    continue
                out.append((time.perf_counter() - t0) * 1000)
        print(summary("parseScenario, a text read the first time", first))
        if again:
            print(summary("parseScenario, the same text again", again))
        print(summary("recommendForces from the description", described))
        print(summary("baseline: recommendForces by codes", coded))
        print(
            f"description over codes: p95 x{p95(described) / p95(coded):.2f}, "
            f"+{p95(described) - p95(coded):.1f} ms; targets: parse p95 <= 30 ms, "
            "recommend from a description p95 <= 80 ms"
        )
    finally:
        await driver.close()


def main(argv: list[str] | None = None) -> int:
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=2, help="passes over the reports")
    args = parser.parse_args(argv)
    asyncio.run(run(Settings.from_env(), args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
