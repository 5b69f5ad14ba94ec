"""Query encoder benchmark: the default models on onnxruntime (what the server runs) against
torch (kg.bert_encoder, the runtime before; one thread a query), in the same run.

Texts: the committed reports (queries/eval/reports_*.yaml: what parseScenario and the report
gate encode) and the search evaluation's queries (queries/eval/hazard_queries.yaml: what a
search encodes), each by the model of its language, one text at a time as a query is, the
two runtimes alternated text by text. Prints p50 / p95 per runtime and kind of text, the
ratio, the largest difference between their unit vectors, the core count and the load
average before and after. Needs `make install` (the ONNX exports); no Neo4j.

Example::

    HF_HUB_OFFLINE=1 python benchmarks/bench_encoder.py --rounds 2
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import yaml

from kg.bert_encoder import open_bert
from kg.embedding_pair import query_weights
from kg.embeddings import resolve_model_dir
from kg.models.export_onnx import default_models
from kg.onnx_encoder import open_onnx

EVAL_DIR = Path(__file__).resolve().parents[1] / "queries" / "eval"


def texts() -> dict[str, list[str]]:
    """Texts by kind: reports and search queries."""
    reports: list[str] = []
    for lang in ("zh", "en"):
        doc = yaml.safe_load((EVAL_DIR / f"reports_{lang}.yaml").read_text(encoding="utf-8"))
        reports += [str(r["text"]) for r in doc["reports"]]
    doc = yaml.safe_load((EVAL_DIR / "hazard_queries.yaml").read_text(encoding="utf-8"))
    queries = [str(q["text"]) for q in doc["queries"]]
    return {"reports": reports, "search queries": queries}


def figures(ms: list[float]) -> tuple[float, float]:
    return statistics.median(ms), statistics.quantiles(ms, n=20)[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=2, help="passes over the texts")
    args = parser.parse_args(argv)
    zh_name, en_name = default_models()
    runtimes: dict[str, dict[str, Callable[[str], np.ndarray]]] = {}
    for name in ("torch", "onnxruntime"):
        opener = open_bert if name == "torch" else open_onnx
        by_lang = {}
        for lang, model in (("zh", zh_name), ("en", en_name)):
            encoder = opener(resolve_model_dir(model))
            if encoder is None:
                print(f"{model}: no {name} encoder (run `make install`)")
                return 1
            by_lang[lang] = encoder
        runtimes[name] = {
            lang: (lambda t, e=e: e.encode([t], normalize_embeddings=True)[0])
            for lang, e in by_lang.items()
        }
    load_before = os.getloadavg()
    print(f"{os.cpu_count()} cores, load average before {load_before[0]:.2f}")
    for kind, items in texts().items():
        times: dict[str, list[float]] = {name: [] for name in runtimes}
        worst = 0.0
        for text in items[:5]:  # warm-up
            for encode in runtimes.values():
                encode["zh" if query_weights(text)[0] else "en"](text)
        for _ in range(args.rounds):
            for text in items:
                lang = "zh" if query_weights(text)[0] else "en"
                vectors = []
                for name, encode in runtimes.items():
                    t0 = time.perf_counter()
                    vectors.append(encode[lang](text))
                    times[name].append((time.perf_counter() - t0) * 1000)
                worst = max(worst, float(np.abs(vectors[0] - vectors[1]).max()))
        base = figures(times["torch"])
        for name, ms in times.items():
            p50, p95 = figures(ms)
            print(
                f"{kind:<15} {name:<12} n={len(ms):>4}  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
                f"(x{p50 / base[0]:.2f} / x{p95 / base[1]:.2f} of torch)"
            )
        print(f"{kind:<15} largest vector difference onnxruntime - torch: {worst:.1e}")
    print(f"load average after {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
