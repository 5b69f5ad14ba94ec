"""The hazard judge (queries/understanding/judge.py) measured leave-one-batch-out.

For each probe batch (probes_*, probes2_* .. probes7_*), a judge is trained on every other
allowed set (the main sets, held-out 1, the other batches, both languages; the batch's zh and
en files are both left out) plus the ontology's labels, synonyms and definitions, and the
left-out batch is read by the real `parse_report` twice against the configured Neo4j (the
shipped ontology applied with embeddings): without a judge, and with the fold's. Printed per
batch and language, and as per-language means: hazard F1, top-3 offered (the hazards read,
or the first three choices when none is) and non-incidents rejected. heldout2_* and later
held-out sets are never read here: they are the lead's measure.

The rules were tuned on these batches, so the figures without the judge are optimistic and
few reports fall to the choices; README "Reading a report" also gives the first-sight figures
(each batch read by the code of the commit that added it, the judge trained on the sets that
existed then).

Example::

    EMKG_NEO4J_PORT=7710 EMKG_NEO4J_DATA_DIR=var/neo4j-judge HF_HUB_OFFLINE=1 \\
        python -m benchmarks.eval_judge        # ~15 minutes at load 14 on 2 cores
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import time
from typing import Any

import yaml

from benchmarks.eval_reports import Tally, score_hazards
from kg.cypher import CypherRunner
from kg.driver import create_async_driver
from kg.embeddings import load_embedder
from kg.settings import Settings
from ontology.load import shipped_ontology
from queries.understanding.judge import (
    EVAL_DIR,
    TRAINING_SETS,
    Example,
    labelled_examples,
    ontology_examples,
    train_judge,
)
from queries.understanding.lexicon import hazard_depth
from queries.understanding.parse import parse_report

BATCHES = tuple(s for s in TRAINING_SETS if s.startswith("probes"))


def f1(t: Tally) -> float:
    p = t.tp / (t.tp + t.fp) if t.tp + t.fp else 0.0
    r = t.tp / (t.tp + t.fn) if t.tp + t.fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


async def read_set(runner: CypherRunner, embedder: Any, doc: dict[str, Any], judge: Any) -> Tally:
    t = Tally()
    for row in doc["reports"]:
        score_hazards(t, row, await parse_report(runner, embedder, str(row["text"]), judge))
    for row in doc.get("non_incidents") or []:
        draft = await parse_report(runner, embedder, str(row["text"]), judge)
        t.non_incidents += 1
        t.rejected += not draft.hazards
    return t


async def run(settings: Settings, batches: tuple[str, ...]) -> list[tuple[str, str, Tally, Tally]]:
    embedder = load_embedder(settings.model_name)
    concepts = [
        c
        for c in shipped_ontology().of_kind("HazardType")
        if not c.deprecated and hazard_depth(c.id) >= 2
    ]
    known = {c.id for c in concepts}
    onto = ontology_examples(concepts)
    per_set = {
        name: labelled_examples([EVAL_DIR / f"{name}_{lang}.yaml" for lang in ("zh", "en")], known)
        for name in TRAINING_SETS
    }
    texts = sorted({e.text for e in onto} | {e.text for ex in per_set.values() for e in ex})
    driver = create_async_driver(settings)
    out = []
    try:
        runner = CypherRunner(driver, settings.neo4j_database)
        await parse_report(runner, embedder, "预热 warm-up", False)  # the lexicons, read once
        t0 = time.perf_counter()
        vectors = dict(zip(texts, embedder.encode_sync(texts), strict=True))
        print(f"encoded {len(texts)} training texts in {time.perf_counter() - t0:.0f} s")
        for batch in batches:
            train: list[Example] = onto + [
                e for name, ex in per_set.items() if name != batch for e in ex
            ]
            t0 = time.perf_counter()
            judge = train_judge(embedder.model_id, train, [vectors[e.text] for e in train])
            fit_s = time.perf_counter() - t0
            for lang in ("zh", "en"):
                doc = yaml.safe_load((EVAL_DIR / f"{batch}_{lang}.yaml").read_text("utf-8"))
                rules = await read_set(runner, embedder, doc, False)
                judged = await read_set(runner, embedder, doc, judge)
                out.append((batch, lang, rules, judged))
                print(f"{batch} {lang}: {line(rules)} -> {line(judged)} (fit {fit_s:.0f} s)")
    finally:
        await driver.close()
    return out


def offered(t: Tally) -> float:
    return t.top3_offered / t.expected if t.expected else 0.0


def line(t: Tally) -> str:
    return f"F1 {f1(t):.3f} offered {offered(t):.3f} rejected {t.rejected}/{t.non_incidents}"


def means(results: list[tuple[str, str, Tally, Tally]]) -> list[str]:
    lines = []
    for lang in ("zh", "en"):
        rows = [(r, j) for _b, lg, r, j in results if lg == lang]
        for label, pick in (("rules", 0), ("rules + judge", 1)):
            ts = [pair[pick] for pair in rows]
            lines.append(
                f"[{lang}] {label}: mean F1 {statistics.mean(f1(t) for t in ts):.3f}, top-3 "
                f"offered {statistics.mean(offered(t) for t in ts):.3f}, non-incidents "
                f"rejected {sum(t.rejected for t in ts)}/{sum(t.non_incidents for t in ts)}"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch", action="append", choices=BATCHES, help="only these batches")
    args = parser.parse_args(argv)
    print(f"cores {os.cpu_count()}, load {os.getloadavg()[0]:.1f} at start")
    results = asyncio.run(run(Settings.from_env(), tuple(args.batch or BATCHES)))
    print("\n".join(means(results)))
    print(f"load {os.getloadavg()[0]:.1f} at end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
