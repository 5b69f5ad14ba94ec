"""Schema DDL derived from the ontology's closed vocabulary: uniqueness of ids, point indexes.

Idempotent (``IF NOT EXISTS``); waits until every index is ONLINE so callers
(loaders, tests) never race a populating index.

Example::

    apply_schema(driver, "neo4j")
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import LiteralString

from neo4j import Driver

from kg.errors import map_neo4j_errors
from kg.gate import label
from kg.search_schema import apply_fulltext_schema
from ontology.shapes import RECORD_KINDS, record_validator
from ontology.vocabulary import NODE_LABELS

# The labels loaders write (provenance `source` indexed for snapshot retirement): the record
# kinds' target classes in shapes.ttl; those whose shape has a latitude carry a WGS-84
# `location` point (point index).
INSTANCE_LABELS: tuple[str, ...] = tuple(record_validator(k).target_class for k in RECORD_KINDS)
LOCATED_LABELS: tuple[str, ...] = tuple(
    v.target_class
    for v in (record_validator(k) for k in RECORD_KINDS)
    if v.rule("latitude") is not None
)


def _name(lbl: str, what: str) -> LiteralString:
    # Constraint/index names are identifiers built from the gated label only.
    return label(lbl).strip("`").lower() + "_" + what


def schema_statements() -> list[LiteralString]:
    stmts: list[LiteralString] = []
    for lbl in sorted(NODE_LABELS):
        stmts.append(
            "CREATE CONSTRAINT " + _name(lbl, "id") + " IF NOT EXISTS "
            "FOR (n:" + label(lbl) + ") REQUIRE n.id IS UNIQUE"
        )
    for lbl in LOCATED_LABELS:
        if lbl in NODE_LABELS:
            stmts.append(
                "CREATE POINT INDEX " + _name(lbl, "location") + " IF NOT EXISTS "
                "FOR (n:" + label(lbl) + ") ON (n.location)"
            )
    for lbl in INSTANCE_LABELS:
        if lbl in NODE_LABELS:
            stmts.append(
                "CREATE INDEX " + _name(lbl, "source") + " IF NOT EXISTS "
                "FOR (n:" + label(lbl) + ") ON (n.source)"
            )
    stmts.append("CREATE INDEX team_status IF NOT EXISTS FOR (n:`Team`) ON (n.status)")
    # A Region's bounding box: the pre-filter of queries.geography.regions_at.
    stmts += [
        "CREATE INDEX region_min_lat IF NOT EXISTS FOR (n:`Region`) ON (n.minLatitude)",
        "CREATE INDEX region_max_lat IF NOT EXISTS FOR (n:`Region`) ON (n.maxLatitude)",
        "CREATE INDEX region_min_lon IF NOT EXISTS FOR (n:`Region`) ON (n.minLongitude)",
        "CREATE INDEX region_max_lon IF NOT EXISTS FOR (n:`Region`) ON (n.maxLongitude)",
    ]
    # API keys (api/auth/graph_keys.py): every authenticated request looks one up by hash.
    stmts += [
        "CREATE CONSTRAINT apikey_id IF NOT EXISTS FOR (n:`ApiKey`) REQUIRE n.id IS UNIQUE",
        "CREATE CONSTRAINT apikey_hash IF NOT EXISTS FOR (n:`ApiKey`) REQUIRE n.hash IS UNIQUE",
    ]
    # The one ontology-version node (kg/ontology_version.py): concurrent edits MERGE it safely.
    stmts.append(
        "CREATE CONSTRAINT ontologyversion_id IF NOT EXISTS "
        "FOR (n:`OntologyVersion`) REQUIRE n.id IS UNIQUE"
    )
    return stmts


AWAIT_INDEXES: LiteralString = "CALL db.awaitIndexes($seconds)"
SHOW_CONSTRAINT_NAMES: LiteralString = "SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names"


def apply_schema(driver: Driver, database: str, *, wait_s: int = 300) -> int:
    """Create missing constraints and indexes; return how many statements ran.

    Indexes first (range, point, then the zh and en full-text indexes of search; vector
    indexes come with the embeddings): Neo4j populates them in the background while each
    constraint, created last, builds and checks its own index; then one wait for them all.
    On a store fresh from the bulk importer (1.1M nodes) that order took 5.0 s against 5.9
    s for constraints first (alternated, quiet machine)."""
    stmts = schema_statements()
    constraints = [s for s in stmts if s.startswith("CREATE CONSTRAINT")]
    with map_neo4j_errors():
        for stmt in stmts:
            if stmt not in constraints:
                driver.execute_query(stmt, database_=database)
        fulltext = apply_fulltext_schema(driver, database, wait_s=None)
        for stmt in constraints:
            driver.execute_query(stmt, database_=database)
        driver.execute_query(AWAIT_INDEXES, seconds=wait_s, database_=database)
    return len(stmts) + fulltext


def missing_constraints(existing: Iterable[str]) -> list[str]:
    """The schema's constraints not among `existing` names: the one "is the schema applied"
    rule, for `emkg load`, uploads (`schema_applied`) and `/readyz` (queries.catalog.health)."""
    expected = {s.split()[2] for s in schema_statements() if s.startswith("CREATE CONSTRAINT")}
    return sorted(expected - set(existing))


def schema_applied(driver: Driver, database: str) -> bool:
    """True when every constraint of the schema exists."""
    with map_neo4j_errors():
        records, _, _ = driver.execute_query(SHOW_CONSTRAINT_NAMES, database_=database)
    return not missing_constraints(records[0]["names"])
