"""Search indexes: per searchable label a Chinese and an English full-text index and a vector index.

- ``<label>_text_zh``: Lucene ``cjk`` analyzer (overlapping character bigrams, so
  "储罐泄漏" finds "危险化学品泄漏" without a word segmenter) over the zh fields;
- ``<label>_text_zh_chars``: single characters over the zh name and synonyms,
  for recall where no bigram matches;
- ``<label>_text_en``: ``english`` analyzer (stemming, stop words: "floods" finds
  "Flood") over the en fields;
- ``<label>_embedding``: cosine vector index over ``embedding``, with the
  dimensions of the configured model.

Idempotent: an index that exists with other fields, analyzer or dimensions
(a new model) is dropped and recreated; the call waits until all are ONLINE.

Example::

    apply_fulltext_schema(driver, "neo4j")                  # from kg.schema.apply_schema
    apply_vector_schema(driver, "neo4j", dimensions=384)    # from refresh_embeddings
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any, LiteralString

from neo4j import Driver

from kg.errors import map_neo4j_errors
from kg.gate import label


@dataclass(frozen=True)
class SearchFields:
    """The text properties of one label, per language, with their Lucene boosts."""

    zh: tuple[tuple[LiteralString, float], ...]
    en: tuple[tuple[LiteralString, float], ...]


_CONCEPT = SearchFields(
    zh=(("nameZh", 4.0), ("altZh", 3.0), ("definitionZh", 1.0)),
    en=(("nameEn", 4.0), ("altEn", 3.0), ("definitionEn", 1.0)),
)
# Searchable labels (the `kinds` of search) and the fields their text indexes cover.
SEARCH_FIELDS: dict[str, SearchFields] = {
    "HazardType": _CONCEPT,
    "Capability": _CONCEPT,
    "TeamType": _CONCEPT,
    "EquipmentType": _CONCEPT,
    "Plan": SearchFields(
        zh=(("nameZh", 4.0), ("summaryZh", 1.0)), en=(("nameEn", 4.0), ("summaryEn", 1.0))
    ),
    "Expert": SearchFields(
        zh=(("nameZh", 4.0), ("profileZh", 1.0), ("affiliation", 1.0)),
        en=(("nameEn", 4.0), ("profileEn", 1.0)),
    ),
    "Team": SearchFields(zh=(("nameZh", 4.0),), en=(("nameEn", 4.0),)),
}
SEARCHABLE_LABELS: tuple[str, ...] = tuple(SEARCH_FIELDS)
# Chinese is indexed twice, as in classic Chinese IR: overlapping bigrams (precise) and
# single characters over names and synonyms (recall: "追尾...车" reaches "撞车", "车祸").
# The character index covers other fields than the bigram one: Neo4j allows one full-text
# index per label and property list.
ANALYZERS: dict[str, LiteralString] = {
    "zh": "cjk",
    "zh_chars": "standard-no-stop-words",
    "en": "english",
}
CHAR_FIELDS: tuple[tuple[LiteralString, float], ...] = (("nameZh", 4.0), ("altZh", 3.0))
EMBEDDING_PROPERTY: LiteralString = "embedding"


def _base(lbl: str) -> LiteralString:
    return label(lbl).strip("`").lower()


def fulltext_index_name(lbl: str, lang: str) -> LiteralString:
    """``hazardtype_text_zh`` for ("HazardType", "zh")."""
    suffix: dict[str, LiteralString] = {
        "zh": "_text_zh",
        "zh_chars": "_text_zh_chars",
        "en": "_text_en",
    }
    if lang not in suffix:
        raise ValueError(f"unknown index language {lang!r}; use one of {', '.join(suffix)}")
    return _base(lbl) + suffix[lang]


def vector_index_name(lbl: str) -> LiteralString:
    """``hazardtype_embedding`` for "HazardType"."""
    return _base(lbl) + "_embedding"


def fields(lbl: str, lang: str) -> tuple[tuple[LiteralString, float], ...]:
    f = SEARCH_FIELDS[lbl]
    return {"zh": f.zh, "zh_chars": CHAR_FIELDS, "en": f.en}[lang]


def fulltext_statement(lbl: str, lang: str) -> LiteralString:
    props: LiteralString = ", ".join(["n." + p for p, _ in fields(lbl, lang)])
    return (
        "CREATE FULLTEXT INDEX " + fulltext_index_name(lbl, lang) + " IF NOT EXISTS "
        "FOR (n:" + label(lbl) + ") ON EACH [" + props + "] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: '" + ANALYZERS[lang] + "'}}"
    )


def vector_statement(lbl: str, dimensions: int) -> LiteralString:
    dims: LiteralString = str(int(dimensions))
    return (
        "CREATE VECTOR INDEX " + vector_index_name(lbl) + " IF NOT EXISTS "
        "FOR (n:" + label(lbl) + ") ON (n." + EMBEDDING_PROPERTY + ") "
        "OPTIONS {indexConfig: {`vector.dimensions`: " + dims + ", "
        "`vector.similarity_function`: 'cosine'}}"
    )


SHOW_SEARCH_INDEXES: LiteralString = """
SHOW INDEXES YIELD name, type, labelsOrTypes, properties, options
WHERE type IN ['FULLTEXT', 'VECTOR']
RETURN name, type, labelsOrTypes, properties, options
"""
DROP_INDEX: LiteralString = "DROP INDEX $name IF EXISTS"
AWAIT_INDEXES: LiteralString = "CALL db.awaitIndexes($seconds)"


def _existing(driver: Driver, database: str) -> dict[str, dict[str, Any]]:
    records, _, _ = driver.execute_query(SHOW_SEARCH_INDEXES, database_=database)
    return {r["name"]: dict(r) for r in records}


def _fulltext_matches(have: dict[str, Any], lbl: str, lang: str) -> bool:
    config = (have.get("options") or {}).get("indexConfig") or {}
    return (
        have["labelsOrTypes"] == [lbl]
        and list(have["properties"]) == [p for p, _ in fields(lbl, lang)]
        and config.get("fulltext.analyzer") == ANALYZERS[lang]
    )


def _vector_matches(have: dict[str, Any], lbl: str, dimensions: int) -> bool:
    config = (have.get("options") or {}).get("indexConfig") or {}
    return (
        have["labelsOrTypes"] == [lbl]
        and list(have["properties"]) == [EMBEDDING_PROPERTY]
        and int(config.get("vector.dimensions") or 0) == dimensions
    )


def _ensure_indexes(
    driver: Driver,
    database: str,
    wanted: Iterable[tuple[str, Callable[[dict[str, Any]], bool], LiteralString]],
    wait_s: int | None,
) -> int:
    """For each (name, is it right?, statement): keep an index that is right, else drop it
    and run the statement; then wait until every index is online (`wait_s` None: the caller
    waits). Returns how many ran."""
    ran = 0
    with map_neo4j_errors():
        have = _existing(driver, database)
        for name, matches, statement in wanted:
            if name in have and matches(have[name]):
                continue
            driver.execute_query(DROP_INDEX, name=name, database_=database)
            driver.execute_query(statement, database_=database)
            ran += 1
        if wait_s is not None:
            driver.execute_query(AWAIT_INDEXES, seconds=wait_s, database_=database)
    return ran


def apply_fulltext_schema(driver: Driver, database: str, *, wait_s: int | None = 300) -> int:
    """Create (or fix) the zh and en full-text index of every searchable label; then wait
    until they are online (`wait_s` None: they populate while the caller goes on)."""
    wanted = (
        (
            fulltext_index_name(lbl, lang),
            partial(_fulltext_matches, lbl=lbl, lang=lang),
            fulltext_statement(lbl, lang),
        )
        for lbl in SEARCHABLE_LABELS
        for lang in ANALYZERS
    )
    return _ensure_indexes(driver, database, wanted, wait_s)


def apply_vector_schema(
    driver: Driver, database: str, *, dimensions: int, wait_s: int = 300
) -> int:
    """Create (or recreate for another model's dimensions) each label's vector index."""
    wanted = (
        (
            vector_index_name(lbl),
            partial(_vector_matches, lbl=lbl, dimensions=dimensions),
            vector_statement(lbl, dimensions),
        )
        for lbl in SEARCHABLE_LABELS
    )
    return _ensure_indexes(driver, database, wanted, wait_s)
