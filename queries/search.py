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

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import exceptions as neo4j_exc

from kg.cypher import CypherRunner
from kg.embedder import Embedder
from kg.errors import StoreError, UnknownConceptError, UserInputError
from kg.gate import label
from kg.search_schema import (
    SEARCHABLE_LABELS,
    fields,
    fulltext_index_name,
    vector_index_name,
)
from ontology.text import CJK_CHAR, CJK_RANGES
from queries.collected import collected_rows

log = logging.getLogger(__name__)

SEARCH_KINDS: tuple[str, ...] = SEARCHABLE_LABELS
MAX_TEXT_CHARS = 500
MAX_LIMIT = 50
MIN_VECTOR_WEIGHT = 0.05
CHARS_WEIGHT = 0.5  # single-character Chinese matches: recall, half the say of bigrams
# English full text matches generic words ("fire", "water"); the embedding reads English well.
EN_WEIGHT = 0.5
FULLTEXT_LISTS: tuple[LiteralString, ...] = ("zh", "zh_chars", "en")
DEPTH = 20  # hits taken from each retriever per kind before fusion
_LUCENE_SPECIAL = frozenset('+-&|!(){}[]^"~*?:\\/')
_OPERATORS = re.compile(r"\b(AND|OR|NOT|TO)\b")
_CJK = CJK_CHAR
_LATIN = re.compile(r"[A-Za-z0-9]")
_WORDISH = re.compile(rf"[\w{CJK_RANGES}]")
_ID_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]")


@dataclass(frozen=True)
class SearchHit:
    kind: str
    id: str
    name_zh: str
    name_en: str
    score: float  # 0..1
    via: str  # 'code' | 'fulltext' | 'vector' | 'hybrid'


# One round trip per search: for each kind, exact ids, the three full-text lists and the
# vector list, each tagged with its list name; the WHERE drops retired and deprecated nodes.
def _q_code(kind: str) -> LiteralString:
    return (
        "MATCH (node:" + label(kind) + ") WHERE node.id IN $ids "
        "RETURN 'code' AS list, node, 1.0 AS score"
    )


def _q_fulltext(kind: str, lang: str) -> LiteralString:
    p = _param(kind, lang)
    return (
        "CALL db.index.fulltext.queryNodes($" + p + "Index, $" + p + "Query, {limit: $k}) "
        "YIELD node, score RETURN '" + lang + "' AS list, node, score"
    )


def _q_vector(kind: str) -> LiteralString:
    p = _param(kind, "vector")
    return (
        "CALL db.index.vector.queryNodes($" + p + "Index, $k, $vector) "
        "YIELD node, score RETURN 'vector' AS list, node, score"
    )


# Parameter-name stems, one per searchable kind (by position in SEARCH_KINDS).
_STEMS: tuple[LiteralString, ...] = ("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9")
_LISTS: tuple[LiteralString, ...] = (*FULLTEXT_LISTS, "vector")
if len(SEARCH_KINDS) > len(_STEMS):  # pragma: no cover - a new searchable label needs a stem
    raise RuntimeError("add a parameter stem to queries/search.py for every searchable kind")


def _param(kind: str, lang: str) -> LiteralString:
    """The parameter-name stem for one kind's list ('s0_zh_chars'), from the allow-lists."""
    stem = _STEMS[SEARCH_KINDS.index(kind)]
    return stem + "_" + _LISTS[_LISTS.index(lang)]


def retrieval_query(kinds: Sequence[str], with_vector: bool) -> LiteralString:
    """The UNION of every retriever for `kinds` (labels and list names only from allow-lists),
    collected into one record: all kinds return ~500 rows, and one record per row cost the
    driver more than the search itself (bench_search.py)."""
    parts: list[LiteralString] = []
    for kind in kinds:
        stem = _STEMS[SEARCH_KINDS.index(kind)]
        subs: list[LiteralString] = [_q_code(kind)]
        subs += [_q_fulltext(kind, lang) for lang in FULLTEXT_LISTS]
        if with_vector:
            subs.append(_q_vector(kind))
        for sub in subs:
            parts.append(
                "CALL { " + sub + " } WITH list, node, score "
                "WHERE NOT coalesce(node.retired, false) AND NOT coalesce(node.deprecated, false) "
                "RETURN '" + stem + "' AS kind, list, node.id AS id, "
                "node.nameZh AS nameZh, node.nameEn AS nameEn, score"
            )
    return (
        "CALL () { "
        + " UNION ALL ".join(parts)
        + " } RETURN collect({kind: kind, list: list, id: id, nameZh: nameZh, nameEn: nameEn, "
        "score: score}) AS rows"
    )


@dataclass(frozen=True)
class _Row:
    kind: str
    id: str
    name_zh: str
    name_en: str
    score: float


def parse_row(kind: str, r: Any) -> _Row:
    """The one parser of the RETURN projection shared by every query above."""
    return _Row(kind, r["id"], r["nameZh"] or "", r["nameEn"] or "", float(r["score"]))


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


def escape_lucene(text: str) -> str:
    """Text safe inside a Lucene query: operator characters escaped, AND/OR/NOT lowercased."""
    escaped = "".join("\\" + c if c in _LUCENE_SPECIAL else c for c in text)
    return _OPERATORS.sub(lambda m: m.group(0).lower(), escaped)


def lucene_query(text: str, kind: str, lang: str) -> str:
    """``nameZh:(...)^4 altZh:(...)^3 definitionZh:(...)^1`` for the kind's `lang` fields."""
    escaped = escape_lucene(text)
    return " ".join(f"{prop}:({escaped})^{boost:g}" for prop, boost in fields(kind, lang))


def id_tokens(text: str) -> list[str]:
    """Tokens that could be ids or codes: '11A01', 'cap.water-rescue', 'TEAM-0001'.

    At least 3 characters with a digit or a dot, so plain words and counts
    ("3 people trapped") never match a category code like '3'.
    """
    return sorted({t for t in _ID_TOKEN.findall(text) if len(t) >= 3 and re.search(r"[0-9.]", t)})


def retrieval_params(kinds: Sequence[str], text: str, vector: list[float] | None) -> dict[str, Any]:
    params: dict[str, Any] = {"ids": id_tokens(text), "k": DEPTH, "vector": vector}
    for kind in kinds:
        for lang in FULLTEXT_LISTS:
            p = _param(kind, lang)
            params[p + "Index"] = fulltext_index_name(kind, lang)
            params[p + "Query"] = lucene_query(text, kind, lang)
        params[_param(kind, "vector") + "Index"] = vector_index_name(kind)
    return params


async def _retrieve(
    runner: CypherRunner, kinds: Sequence[str], text: str, vector: list[float] | None
) -> dict[str, list[_Row]]:
    """Every retriever's ranked list for `kinds`, in one query: {list name: rows}."""
    params = retrieval_params(kinds, text, vector)
    try:
        records = await collected_rows(runner, retrieval_query(kinds, vector is not None), params)
    except StoreError as e:
        cause = e.__cause__
        missing = isinstance(cause, neo4j_exc.ClientError) and unusable_vector_index(cause)
        if not missing:
            raise
        if vector is None:
            raise StoreError(
                "a search index is missing; run `emkg ontology apply` "
                "(it creates the search indexes and embeddings)"
            ) from e
        log.warning(
            "search: a vector index is missing or was built by another model (%s); run "
            "`emkg ontology apply` to compute embeddings (searching full text only)",
            str(cause)[:120],
        )
        records = await collected_rows(runner, retrieval_query(kinds, False), params)
    # Every list is present, even when empty: fusion weighs the retrievers that ran.
    lists: dict[str, list[_Row]] = {name: [] for name in ("code", *FULLTEXT_LISTS)}
    if vector is not None:
        lists["vector"] = []
    for r in records:
        kind = SEARCH_KINDS[_STEMS.index(r["kind"])]
        lists.setdefault(r["list"], []).append(parse_row(kind, r))
    return lists


def fuse(lists: dict[str, list[_Row]], weights: dict[str, float], limit: int) -> list[SearchHit]:
    """Weighted relative score fusion of ranked lists (best first); codes pinned on top.

    `weights` holds each retriever's weight and also says which retrievers
    count toward the best possible value (those that could read the text).
    """
    codes = {(r.kind, r.id): r for r in lists.get("code", [])}
    fused: dict[tuple[str, str], float] = {}
    rows: dict[tuple[str, str], _Row] = {}
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


def unusable_vector_index(error: BaseException) -> bool:
    """A vector index that is missing, or holds another model's vectors (another dimension:
    the model changed and `emkg ontology apply` has not re-encoded the graph yet)."""
    text = str(error).lower()
    return "no such" in text or ("vector" in text and "dimensions" in text)


def _by_score(rows: list[_Row]) -> list[_Row]:
    return sorted(rows, key=lambda r: (-r.score, r.kind, r.id))


async def search(
    runner: CypherRunner,
    embedder: Embedder | None,
    text: str,
    kinds: Sequence[str] | None = None,
    limit: int = 10,
    *,
    methods: Sequence[str] = ("code", "fulltext", "vector"),
) -> list[SearchHit]:
    """The best `limit` nodes of `kinds` (default: all) for free text in Chinese or English.

    `methods` restricts the retrievers (the evaluation compares them); without
    an embedder the search runs on codes and full text only.

    Example::

        await search(runner, embedder, "river burst its banks", ["HazardType"], 3)
    """
    cleaned, chosen = validate_search(text, kinds, limit)
    vector = None
    coverage = 0.0
    if embedder is not None and "vector" in methods:
        vector = (await embedder.encode([cleaned]))[0]
        coverage = embedder.coverage(cleaned)
    lists = await _retrieve(runner, chosen, cleaned, vector)
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
