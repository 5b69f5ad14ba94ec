# ruff: noqa
"""A record of the twelfth session's first-sight measurement, as run: see README.md here."""

import sys, yaml, json, numpy as np, time
from pathlib import Path
from kg.embeddings import load_embedder
from kg.settings import Settings

EVAL = Path("queries/eval")
FILES = [
    "reports",
    "heldout",
    "probes",
    "probes2",
    "probes3",
    "probes4",
    "probes5",
    "probes6",
    "probes7",
]
s = Settings.from_env()
t0 = time.time()
emb = load_embedder(s.model_name)
print("load", time.time() - t0, s.model_name)
rows = []
for f in FILES:
    for lang in ("zh", "en"):
        d = yaml.safe_load((EVAL / f"{f}_{lang}.yaml").read_text(encoding="utf-8"))
        for r in d["reports"]:
            rows.append(
                dict(
                    file=f,
                    lang=lang,
                    id=r["id"],
                    text=str(r["text"]),
                    hazards=r.get("hazards") or [],
                    incident=True,
                    known_miss="known_miss" in r,
                )
            )
        for r in d.get("non_incidents") or []:
            rows.append(
                dict(
                    file=f,
                    lang=lang,
                    id=r["id"],
                    text=str(r["text"]),
                    hazards=[],
                    incident=False,
                    known_miss="known_miss" in r,
                )
            )
t0 = time.time()
V = np.array(emb.encode_sync([r["text"] for r in rows]), dtype=np.float32)
print("encode", len(rows), time.time() - t0)
np.save("var/judge/vecs.npy", V)
json.dump(rows, open("var/judge/rows.json", "w"), ensure_ascii=False)
