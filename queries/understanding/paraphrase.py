"""Hazards a report describes without naming them: the embedding's nearest hazard types.

For "楼房剧烈摇晃，震感强烈" no label occurs, but the sentence embedding lies near
地震. The raw similarity (Neo4j's cosine score, (1 + cos) / 2) is an absolute figure,
unlike the fused search score (scaled per query, so its best hit is always near 1),
so a threshold on it can say "nothing here": the parser takes a paraphrase hit only
at or above a similarity calibrated on the evaluation set (parse.py), and lists the
nearest types as choices when it takes none.

Example::

    hits = await nearest_hazards(runner, embedder, "楼房剧烈摇晃，震感强烈", 5)
    [(h.hazard.id, round(h.similarity, 3)) for h in hits]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import LiteralString

from kg.cypher import CypherRunner
from kg.embedder import Embedder
from kg.errors import StoreError
from kg.search_schema import vector_index_name
from queries.models import ConceptRef
from queries.search import unusable_vector_index
from queries.understanding.lexicon import hazard_depth

NEAREST_HAZARDS: LiteralString = """
CALL db.index.vector.queryNodes($index, $k, $vector) YIELD node, score
WHERE NOT coalesce(node.retired, false) AND NOT coalesce(node.deprecated, false)
RETURN node.id AS id, node.nameZh AS nameZh, node.nameEn AS nameEn, score
ORDER BY score DESC, id
"""


@dataclass(frozen=True)
class NearHazard:
    hazard: ConceptRef
    similarity: float  # (1 + cosine) / 2


async def nearest_hazards(
    runner: CypherRunner, embedder: Embedder | None, text: str, limit: int = 5
) -> list[NearHazard]:
    """The hazard types (subcategories and types) nearest to `text`; [] without a model."""
    if embedder is None or not text.strip():
        return []
    # The embedder keeps recent query vectors (kg.embedder.QUERY_VECTORS): parseScenario
    # then recommendForces on the same text runs the model once.
    vector = (await embedder.encode([text]))[0]
    try:
        rows = await runner.read(
            NEAREST_HAZARDS,
            {"index": vector_index_name("HazardType"), "k": limit * 3, "vector": vector},
        )
    except StoreError as e:
        if not unusable_vector_index(e.__cause__ or e):
            raise
        # No vector index yet, or one of another model (`emkg ontology apply` makes it
        # anew): names and frames still work, paraphrases wait.
        return []
    hits = [
        NearHazard(ConceptRef(r["id"], r["nameZh"] or "", r["nameEn"] or ""), float(r["score"]))
        for r in rows
        if hazard_depth(r["id"]) >= 2
    ]
    return hits[:limit]
