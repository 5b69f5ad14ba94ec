# ruff: noqa
"""A record of the twelfth session's first-sight measurement, as run: see README.md here."""

import json, numpy as np
from ontology.load import shipped_ontology
from kg.embeddings import load_embedder, node_text
from kg.settings import Settings
from queries.understanding.lexicon import hazard_depth

emb = load_embedder(Settings.from_env().model_name)
cs = [
    c
    for c in shipped_ontology().of_kind("HazardType")
    if not c.deprecated and hazard_depth(c.id) >= 2
]
texts = [
    node_text(
        "HazardType",
        dict(
            nameZh=c.name_zh,
            nameEn=c.name_en,
            altZh=list(c.alt_zh),
            altEn=list(c.alt_en),
            definitionZh=c.definition_zh,
            definitionEn=c.definition_en,
        ),
        emb.readable,
    )
    for c in cs
]
H = np.array(emb.encode_documents_sync(texts), dtype=np.float32)
import sys

sfx = sys.argv[1]
np.save(f"/work/main/var/judge/hz{sfx}.npy", H)
json.dump([c.id for c in cs], open(f"/work/main/var/judge/hz{sfx}.json", "w"))
# ontology examples: labels/synonyms as query-embedded examples
ex = []
for c in cs:
    for t in (c.name_zh, *c.alt_zh, c.definition_zh, c.name_en, *c.alt_en, c.definition_en):
        if t:
            ex.append((c.id, t))
V = np.array(emb.encode_sync([t for _, t in ex]), dtype=np.float32)
np.save(f"/work/main/var/judge/onto_vecs{sfx}.npy", V)
json.dump(ex, open(f"/work/main/var/judge/onto_rows{sfx}.json", "w"), ensure_ascii=False)
print(len(cs), len(ex))
