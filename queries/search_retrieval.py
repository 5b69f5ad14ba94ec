"""The retrievers of hybrid search as Cypher, and how they run: several statements at once.

A retriever is one ranked list of one kind: ``("Team", "vector")``,
``("HazardType", "zh")``, ... (`LISTS`: exact codes, the three full-text lists,
the vector list). Each is one index call whose hits keep only live nodes (not
retired, not deprecated) and carry id, names and score.

The retrievers of a search are split into `statement_groups`. For a text seen for
the first time they run as two statements at the same time (asyncio over the async
driver): the vector statement waits for the query vector, the other does not, so the
full-text lookups run while the model encodes the text. When the query vector is
already known (a repeated text: `kg.embedder.QUERY_VECTORS`) nothing is waited for
and every retriever runs in one statement: a second statement costs more CPU (about
1 ms in the driver and 0.7 ms in Neo4j) than running the lists side by side saves,
and on 2 shared cores CPU is what a search waits for (bench_search.py). Each
statement returns one collected record (one record per hit cost the driver more
than the search itself).

The hazard types' vector list is no statement at all: the API process holds their
vectors (`queries.vector_snapshot`) under a key the full-text statement reads as it
runs, and ranks them itself once the query vector is known (exactly; Neo4j's index
quantizes its vectors and approximates).

Example::

    lists = await retrieve(runner, ("HazardType", "Plan"), "化工厂储罐泄漏起火", encode)
    lists = await retrieve(runner, ("HazardType",), "洪水", None, vector=known)  # one statement
    lists["zh"][0]   # Row(kind='HazardType', id=..., name_zh=..., name_en=..., score=...)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import exceptions as neo4j_exc

from kg.cypher import CypherRunner
from kg.errors import StoreError
from kg.gate import label
from kg.search_schema import SEARCHABLE_LABELS, fields, fulltext_index_name, vector_index_name
from queries.gathered import all_of
from queries.vector_snapshot import SNAPSHOTS, Key, Snapshots, key_of

log = logging.getLogger(__name__)

SEARCH_KINDS: tuple[str, ...] = SEARCHABLE_LABELS
FULLTEXT_LISTS: tuple[LiteralString, ...] = ("zh", "zh_chars", "en")
LISTS: tuple[LiteralString, ...] = ("code", *FULLTEXT_LISTS, "vector")
DEPTH = 20  # hits taken from each retriever per kind before fusion
_LUCENE_SPECIAL = frozenset('+-&|!(){}[]^"~*?:\\/')
_OPERATORS = re.compile(r"\b(AND|OR|NOT|TO)\b")
_ID_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]")
Retriever = tuple[str, str]  # (kind, list name): ("Team", "vector")
# Parameter-name stems, one per searchable kind (by position in SEARCH_KINDS).
_STEMS: tuple[LiteralString, ...] = ("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9")
if len(SEARCH_KINDS) > len(_STEMS):  # pragma: no cover - a new searchable label needs a stem
    raise RuntimeError("add a parameter stem to queries/search_retrieval.py for every kind")


@dataclass(frozen=True)
class Row:
    """One hit of one retriever."""

    kind: str
    id: str
    name_zh: str
    name_en: str
    score: float


def _stem(kind: str) -> LiteralString:
    return _STEMS[SEARCH_KINDS.index(kind)]


def _list(name: str) -> LiteralString:
    return LISTS[LISTS.index(name)]


def _param(kind: str, name: str) -> LiteralString:
    """The parameter-name stem for one kind's list ('s0_zh_chars'), from the allow-lists."""
    return _stem(kind) + "_" + _list(name)


def _call(kind: str, name: str) -> LiteralString:
    """The index call of one retriever, yielding `list`, `node`, `score`."""
    lst = _list(name)
    if lst == "code":
        return (
            "MATCH (node:" + label(kind) + ") WHERE node.id IN $ids "
            "RETURN 'code' AS list, node, 1.0 AS score"
        )
    p = _param(kind, lst)
    if lst == "vector":
        return (
            "CALL db.index.vector.queryNodes($" + p + "Index, $k, $vector) "
            "YIELD node, score RETURN 'vector' AS list, node, score"
        )
    return (
        "CALL db.index.fulltext.queryNodes($" + p + "Index, $" + p + "Query, {limit: $k}) "
        "YIELD node, score RETURN '" + lst + "' AS list, node, score"
    )


def retrieval_query(group: Sequence[Retriever], *, with_key: bool = False) -> LiteralString:
    """One statement running the retrievers of `group` (labels and list names only from
    allow-lists), their hits collected into one record; `with_key` also returns the key of
    the vectors held in memory (`queries.vector_snapshot`: ``version``, ``stamp``)."""
    parts: list[LiteralString] = [
        "CALL { " + _call(kind, name) + " } WITH list, node, score "
        "WHERE NOT coalesce(node.retired, false) AND NOT coalesce(node.deprecated, false) "
        "RETURN '" + _stem(kind) + "' AS kind, list, node.id AS id, "
        "node.nameZh AS nameZh, node.nameEn AS nameEn, score"
        for kind, name in group
    ]
    rows: LiteralString = (
        "collect({kind: kind, list: list, id: id, nameZh: nameZh, nameEn: nameEn, "
        "score: score}) AS rows"
    )
    union: LiteralString = "CALL () { " + " UNION ALL ".join(parts) + " } "
    if not with_key:
        return union + "RETURN " + rows
    return (
        union + "WITH " + rows + " OPTIONAL MATCH (v:OntologyVersion {id: 'current'}) "
        "RETURN rows, v.version AS version, v.vectorsStamp AS stamp"
    )


def parse_row(r: Any) -> Row:
    """The one parser of `retrieval_query`'s rows."""
    kind = SEARCH_KINDS[_STEMS.index(r["kind"])]
    return Row(kind, r["id"], r["nameZh"] or "", r["nameEn"] or "", float(r["score"]))


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


def retrieval_params(
    group: Sequence[Retriever], text: str, vector: list[float] | None
) -> dict[str, Any]:
    """The parameters `retrieval_query(group)` uses, and no others."""
    params: dict[str, Any] = {"k": DEPTH}
    for kind, name in group:
        p = _param(kind, name)
        if name == "code":
            params["ids"] = id_tokens(text)
        elif name == "vector":
            params["vector"] = vector
            params[p + "Index"] = vector_index_name(kind)
        else:
            params[p + "Index"] = fulltext_index_name(kind, name)
            params[p + "Query"] = lucene_query(text, kind, name)
    return params


def statement_groups(
    kinds: Sequence[str],
    with_vector: bool,
    *,
    vector_known: bool = False,
    vector_kinds: Sequence[str] | None = None,
) -> list[list[Retriever]]:
    """The retrievers of a search over `kinds`, split into the statements that run at once:
    the code and full-text lists in one, the vector lists (which wait for the query vector)
    in another; with `vector_known` (nothing to wait for) all of them in one statement.
    `vector_kinds` (default: `kinds`) are the kinds whose vector lists Neo4j answers (the
    others' are answered in memory: `queries.vector_snapshot`)."""
    groups = [[(kind, name) for kind in kinds for name in ("code", *FULLTEXT_LISTS)]]
    asked = [(kind, "vector") for kind in (kinds if vector_kinds is None else vector_kinds)]
    if with_vector and asked:
        groups.append(asked)
    if with_vector and asked and vector_known:
        return [groups[0] + groups[1]]
    return groups


def unusable_vector_index(error: BaseException) -> bool:
    """A vector index that is missing, or holds another model's vectors (another dimension:
    the model changed and `emkg ontology apply` has not re-encoded the graph yet)."""
    text = str(error).lower()
    return "no such" in text or ("vector" in text and "dimensions" in text)


def _unusable_index(e: StoreError) -> bool:
    cause = e.__cause__
    return isinstance(cause, neo4j_exc.ClientError) and unusable_vector_index(cause)


Found = list[tuple[str, Row]]  # (list name, hit)


async def _rows(
    runner: CypherRunner,
    group: Sequence[Retriever],
    text: str,
    vector: list[float] | None,
    *,
    with_key: bool = False,
) -> tuple[Found, Key | None]:
    """(list name, hit) of every retriever in `group`, from one statement; with `with_key`,
    the key of the vectors held in memory too (else None)."""
    params = retrieval_params(group, text, vector)
    record = await runner.read_single(retrieval_query(group, with_key=with_key), params)
    if record is None:
        return [], None
    found = [(r["list"], parse_row(r)) for r in record["rows"]]
    return found, key_of(record["version"], record["stamp"]) if with_key else None


async def _text_rows(
    runner: CypherRunner, group: Sequence[Retriever], text: str, *, with_key: bool = False
) -> tuple[Found, Key | None]:
    try:
        return await _rows(runner, group, text, None, with_key=with_key)
    except StoreError as e:
        if _unusable_index(e):
            raise StoreError(
                "a search index is missing; run `emkg ontology apply` "
                "(it creates the search indexes and embeddings)"
            ) from e
        raise


async def _vector_rows(
    runner: CypherRunner, group: Sequence[Retriever], text: str, vector: list[float]
) -> Found:
    try:
        return (await _rows(runner, group, text, vector))[0]
    except StoreError as e:
        if not _unusable_index(e):
            raise
        _warn_vector_index(e)
        return []


def _warn_vector_index(e: StoreError) -> None:
    log.warning(
        "search: a vector index is missing or was built by another model (%s); run "
        "`emkg ontology apply` to compute embeddings (searching full text only)",
        str(e.__cause__)[:120],
    )


async def _all_rows(
    runner: CypherRunner,
    group: Sequence[Retriever],
    text: str,
    vector: list[float],
    *,
    with_key: bool = False,
) -> tuple[Found, Key | None]:
    """Every retriever of `group` (vector lists too) in one statement; when a vector index
    cannot be used, the other lists alone, as `_vector_rows` does."""
    try:
        return await _rows(runner, group, text, vector, with_key=with_key)
    except StoreError as e:
        if not _unusable_index(e):
            raise
        _warn_vector_index(e)
    return await _text_rows(runner, [r for r in group if r[1] != "vector"], text, with_key=with_key)


async def _held_rows(
    runner: CypherRunner,
    snapshots: Snapshots,
    kinds: Sequence[str],
    text: str,
    vector: list[float],
    key: Key | None,
) -> Found:
    """The vector lists of `kinds` from the snapshots held under `key`; a kind without a
    usable one (no stamp in the graph, another model's vectors) asks Neo4j's index."""
    found: Found = []
    for kind in kinds:
        snap = await snapshots.current(runner, kind, key)
        if snap is None or snap.dimensions != len(vector):
            found += await _vector_rows(runner, [(kind, "vector")], text, vector)
            continue
        found += [
            ("vector", Row(kind, id_, zh, en, score))
            for id_, zh, en, score in snap.nearest(vector, DEPTH)
        ]
    return found


async def retrieve(
    runner: CypherRunner,
    kinds: Sequence[str],
    text: str,
    encode: Callable[[], Awaitable[list[float]]] | None,
    *,
    vector: list[float] | None = None,
    snapshots: Snapshots = SNAPSHOTS,
) -> dict[str, list[Row]]:
    """Every retriever's hits for `kinds`: {list name: rows}, every list present even when
    empty (fusion weighs the retrievers that ran); "vector" only with `encode`, which gives
    the query vector (the model runs while the full-text statements do), or with `vector`,
    the query vector already known (then one statement runs every retriever). The vector
    lists of the kinds `snapshots` holds (hazard types) are answered in this process once
    the vector is known, under the key the full-text statement read."""
    with_vector = encode is not None or vector is not None
    held = [k for k in kinds if with_vector and k in snapshots.kinds]
    asked = [k for k in kinds if k not in held]
    groups = statement_groups(
        kinds, with_vector, vector_known=vector is not None, vector_kinds=asked
    )

    async def text_side() -> tuple[Found, Key | None]:
        if vector is not None and len(groups) == 1 and asked:
            return await _all_rows(runner, groups[0], text, vector, with_key=bool(held))
        return await _text_rows(runner, groups[0], text, with_key=bool(held))

    async def vector_side() -> tuple[list[float] | None, Found]:
        if vector is not None or encode is None:
            return vector, []
        known = await encode()
        if len(groups) > 1:
            return known, await _vector_rows(runner, groups[1], text, known)
        return known, []

    (found, key), (query_vector, more) = await all_of(text_side(), vector_side())
    found = found + more
    if held and query_vector is not None:
        found += await _held_rows(runner, snapshots, held, text, query_vector, key)
    lists: dict[str, list[Row]] = {name: [] for name in ("code", *FULLTEXT_LISTS)}
    if with_vector:
        lists["vector"] = []
    for name, row in found:
        lists[name].append(row)
    return lists
