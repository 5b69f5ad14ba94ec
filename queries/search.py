"""Hybrid search: free text (zh or en) -> hazards, plans, capabilities, teams, experts.

Three retrievers per kind, fused by weighted relative score fusion (each list's scores
min-max scaled to 0..1, then a weighted sum; unlike rank fusion it keeps a decisive
full-text margin, 34 vs 2, instead of reducing it to ranks 1 vs 2):

- exact code/id: a token of the text that is a node id (``11A01``,
  ``cap.water-rescue``) is a hit with score 1.0, ranked first (via ``code``);
- full text: the kind's ``cjk`` index over its zh fields and ``english`` index
  over its en fields (names boosted over synonyms over definitions); the user's
  text is a ``$parameter`` with every Lucene operator escaped;
- vector: the query's embedding against the kind's vector index, weighted by
  the share of the text the model can read (``Embedder.coverage``), so an
  English-only model's guess about Chinese text counts for little while a
  multilingual model counts in full.

``score`` (0..1) is the fused value divided by the best value possible from
the retrievers that could read the text (zh full text when it has Chinese, en
full text when it has Latin letters or digits, vector by coverage): 1.0 means
every applicable retriever put the hit first. ``via`` is ``code``, ``hybrid``
(in the top ``limit`` of both full text and vector), ``fulltext`` or ``vector``.

Example::

    hits = await search(runner, embedder, "化工厂储罐泄漏起火", ["HazardType"], 5)
    hits[0]   # SearchHit(kind='HazardType', id=..., name_zh=..., score=0.93, via='hybrid')
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from kg.cypher import CypherRunner
from kg.embedder import Embedder
from kg.errors import UnknownConceptError, UserInputError
from ontology.text import CJK_CHAR, CJK_RANGES
from queries.search_retrieval import DEPTH, FULLTEXT_LISTS, Row, retrieve
from queries.search_retrieval import SEARCH_KINDS as SEARCH_KINDS  # re-export
from queries.search_retrieval import unusable_vector_index as unusable_vector_index  # re-export
from queries.vector_snapshot import SNAPSHOTS, Snapshots

MAX_TEXT_CHARS = 500
MAX_LIMIT = 50
MIN_VECTOR_WEIGHT = 0.05
CHARS_WEIGHT = 0.5  # single-character Chinese matches: recall, half the say of bigrams
# English full text matches generic words ("fire", "water"); the embedding reads English well.
EN_WEIGHT = 0.5
_CJK = CJK_CHAR
_LATIN = re.compile(r"[A-Za-z0-9]")
_WORDISH = re.compile(rf"[\w{CJK_RANGES}]")


@dataclass(frozen=True)
class SearchHit:
    kind: str
    id: str
    name_zh: str
    name_en: str
    score: float  # 0..1
    via: str  # 'code' | 'fulltext' | 'vector' | 'hybrid'


def validate_search(
    text: str, kinds: Sequence[str] | None, limit: int
) -> tuple[str, tuple[str, ...]]:
    """The cleaned text and kinds, or a UserInputError saying what to change."""
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise UserInputError(
            "search text is empty; describe what was reported, e.g. '化工厂储罐泄漏起火' "
            "or 'river burst its banks, people trapped on roofs'"
        )
    if len(cleaned) > MAX_TEXT_CHARS:
        raise UserInputError(
            f"search text is {len(cleaned)} characters long; the limit is {MAX_TEXT_CHARS}: "
            "keep the key facts (what happened, where, who is at risk)"
        )
    if not _WORDISH.search(cleaned):
        raise UserInputError(f"search text {cleaned!r} has no words or codes to search for")
    if not 1 <= limit <= MAX_LIMIT:
        raise UserInputError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    chosen = tuple(dict.fromkeys(kinds or SEARCH_KINDS))
    for kind in chosen:
        if kind not in SEARCH_KINDS:
            raise UnknownConceptError("search kind", kind, [(k, "") for k in SEARCH_KINDS])
    if not chosen:
        raise UserInputError(f"kinds is empty; give one or more of {', '.join(SEARCH_KINDS)}")
    return cleaned, chosen


def fuse(lists: dict[str, list[Row]], weights: dict[str, float], limit: int) -> list[SearchHit]:
    """Weighted relative score fusion of ranked lists (best first); codes pinned on top.

    `weights` holds each retriever's weight and also says which retrievers
    count toward the best possible value (those that could read the text).
    """
    codes = {(r.kind, r.id): r for r in lists.get("code", [])}
    fused: dict[tuple[str, str], float] = {}
    rows: dict[tuple[str, str], Row] = {}
    top: dict[str, set[tuple[str, str]]] = {}
    for name, ranked in lists.items():
        if name == "code":
            continue
        w = weights.get(name, 1.0)
        top[name] = {(r.kind, r.id) for r in ranked[:limit]}
        hi = ranked[0].score if ranked else 1.0
        lo = ranked[-1].score if ranked else 0.0
        for r in ranked:
            key = (r.kind, r.id)
            c = (r.score - lo) / (hi - lo) if hi > lo else 1.0
            fused[key] = fused.get(key, 0.0) + w * c
            rows.setdefault(key, r)
    best = sum(w for w in weights.values()) or 1.0
    hits = [SearchHit(r.kind, r.id, r.name_zh, r.name_en, 1.0, "code") for r in codes.values()]
    for key, value in fused.items():
        if key in codes:
            continue
        in_text = any(key in top.get(name, set()) for name in FULLTEXT_LISTS)
        in_vector = key in top.get("vector", set())
        via = "hybrid" if in_text and in_vector else "fulltext" if in_text else "vector"
        r = rows[key]
        hits.append(
            SearchHit(r.kind, r.id, r.name_zh, r.name_en, round(min(1.0, value / best), 4), via)
        )
    order = {k: i for i, k in enumerate(SEARCH_KINDS)}
    hits.sort(key=lambda h: (h.via != "code", -h.score, order.get(h.kind, 99), h.id))
    return hits[:limit]


def _by_score(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (-r.score, r.kind, r.id))


async def search(
    runner: CypherRunner,
    embedder: Embedder | None,
    text: str,
    kinds: Sequence[str] | None = None,
    limit: int = 10,
    *,
    methods: Sequence[str] = ("code", "fulltext", "vector"),
    snapshots: Snapshots = SNAPSHOTS,
) -> list[SearchHit]:
    """The best `limit` nodes of `kinds` (default: all) for free text in Chinese or English.

    `methods` restricts the retrievers (the evaluation compares them); without
    an embedder the search runs on codes and full text only. `snapshots`: the vectors
    answered in memory (default: the hazard types'; ``Snapshots(())`` asks Neo4j's
    index for every kind, as the benchmark's baseline does).

    Example::

        await search(runner, embedder, "river burst its banks", ["HazardType"], 3)
    """
    cleaned, chosen = validate_search(text, kinds, limit)
    coverage = 0.0
    encode: Callable[[], Awaitable[list[float]]] | None = None
    vector: list[float] | None = None
    if embedder is not None and "vector" in methods:
        model = embedder
        # A repeated text's vector is known now: one statement; else the model runs while
        # the full-text statement does.
        vector = embedder.cached(cleaned)
        if vector is None:

            async def query_vector() -> list[float]:
                return (await model.encode([cleaned]))[0]

            encode = query_vector
        coverage = embedder.coverage(cleaned)
    lists = await retrieve(runner, chosen, cleaned, encode, vector=vector, snapshots=snapshots)
    if "code" not in methods:
        lists.pop("code", None)
    if "fulltext" not in methods:
        for name in FULLTEXT_LISTS:
            lists.pop(name, None)
    lists = {
        name: _by_score(rows)[:DEPTH] if name != "code" else rows for name, rows in lists.items()
    }
    weights: dict[str, float] = {}
    if "zh" in lists and _CJK.search(cleaned):
        weights["zh"] = 1.0
        weights["zh_chars"] = CHARS_WEIGHT
    if "en" in lists and _LATIN.search(cleaned):
        weights["en"] = EN_WEIGHT
    if "vector" in lists:
        # Squared: a query the model half reads gets a quarter of the say. The floor keeps
        # the vector order as a weak tie-breaker even for an unreadable query.
        weights["vector"] = max(coverage**2, MIN_VECTOR_WEIGHT)
    return fuse(lists, weights, limit)


async def search_hazards(
    runner: CypherRunner,
    embedder: Embedder | None,
    text: str,
    limit: int = 5,
) -> list[SearchHit]:
    """Hazard types for an incident description (what recommend_forces resolves text with).

    Example::

        hits = await search_hazards(runner, embedder, "化工厂储罐泄漏起火", 3)
        [(h.id, h.score, h.via) for h in hits]
    """
    return await search(runner, embedder, text, ("HazardType",), limit)
