"""The ontology's version in the graph: one node that changes whenever the taxonomy does.

``(:OntologyVersion {id: 'current'})`` holds

- ``version``: an integer bumped in the same transaction as every change of the taxonomy:
  an ontology sync that changed something (kg/ontology_sync.py) and every planner edit
  (concept fields, requirements, cascades: queries/catalog/curation.py, cascades.py,
  link_edits.py). What depends only on the taxonomy (the needs of a hazard at a level)
  may be cached under it: the same version is the same taxonomy. A bump sets it to
  ``max(version + 1, timestamp())`` (Neo4j's epoch milliseconds), so a graph that was
  emptied and synced again never repeats a version an API process still holds in a cache;
  `read_ontology_version` gives 0 for a graph without the node.
- ``changedAt`` / ``changedBy``: when, and what bumped it ("ontology sync", "setRequirement").
- ``source``: 'ontology' (part of the ontology's state: `emkg load --bulk` still counts a
  graph holding only the ontology as empty).
- ``vectorsStamp`` / ``vectorsAt``: a random id, and when, set by every embeddings refresh
  that wrote vectors (and by the first refresh of a graph without one: kg/embeddings.py).
  With ``version`` it says when the hazard types' search vectors may have changed: an API
  process keeps those in memory under both (queries/vector_snapshot.py). A random id, not a
  counter, so two graphs never share one.
- ``sourceHash`` / ``codeHash`` / ``appliedAt`` / ``appliedVersion``: what the last
  `emkg ontology apply` (strict validation, then the sync) applied: the hash of the
  ontology files, of the code that turns them into graph content, when, and the version it
  left. When the files and the code hash the same and the version is still the applied one
  (no planner edit since: a sync would revert it), applying again would change nothing,
  so `api.operations.apply_ontology` skips it (`ontology_unchanged`).

Example::

    with driver.session(database="neo4j") as session:
        read_ontology_version(session)                    # 0 on a graph never synced
    def work(tx): return bump_ontology_version(tx, by="ontology sync")
    version = await ontology_version(runner)             # the same number, from async code
    state = read_ontology_state(session)
    ontology_unchanged(state, source_hash(files), code_hash())   # True: apply may skip
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, LiteralString, Protocol

from neo4j import AsyncManagedTransaction

from kg.cypher import CypherRunner

READ_VERSION: LiteralString = """
OPTIONAL MATCH (v:OntologyVersion {id: 'current'})
RETURN coalesce(v.version, 0) AS version
"""

READ_STATE: LiteralString = """
OPTIONAL MATCH (v:OntologyVersion {id: 'current'})
RETURN coalesce(v.version, 0) AS version, v.sourceHash AS sourceHash, v.codeHash AS codeHash,
       v.appliedAt AS appliedAt, v.appliedVersion AS appliedVersion,
       v.changedAt AS changedAt, v.changedBy AS changedBy
"""

BUMP: LiteralString = """
MERGE (v:OntologyVersion {id: 'current'})
WITH v, coalesce(v.version, 0) + 1 AS next
SET v.version = CASE WHEN next > timestamp() THEN next ELSE timestamp() END,
    v.changedAt = datetime(), v.changedBy = $by, v.source = 'ontology'
RETURN v.version AS version
"""

STAMP_VECTORS: LiteralString = """
MERGE (v:OntologyVersion {id: 'current'})
ON CREATE SET v.version = 0, v.source = 'ontology'
SET v.vectorsStamp = randomUUID(), v.vectorsAt = datetime()
"""

READ_VECTORS_STAMP: LiteralString = """
OPTIONAL MATCH (v:OntologyVersion {id: 'current'})
RETURN v.vectorsStamp AS stamp
"""

# A sync from files the caller did not hash (tests, `--dry-run` never writes) leaves the
# graph described by no files: the next apply must not skip.
RECORD_APPLIED: LiteralString = """
MERGE (v:OntologyVersion {id: 'current'})
SET v.version = coalesce(v.version, 0), v.source = 'ontology',
    v.sourceHash = $sourceHash, v.codeHash = $codeHash,
    v.appliedAt = CASE WHEN $sourceHash IS NULL THEN null ELSE datetime() END,
    v.appliedVersion = CASE WHEN $sourceHash IS NULL THEN null ELSE v.version END
"""

# The Python that turns the ontology files into graph content (and validates them): a change
# of any of it re-applies once, as a change of the files does.
KG_DIR = Path(__file__).resolve().parent
ONTOLOGY_DIR = KG_DIR.parent / "ontology"
SYNC_CODE: tuple[Path, ...] = (
    KG_DIR / "ontology_sync.py",
    KG_DIR / "hazard_migration.py",
    KG_DIR / "schema.py",
    KG_DIR / "search_schema.py",
    KG_DIR / "ontology_version.py",
)


class SyncTx(Protocol):
    """What the sync driver's sessions and transactions share: ``run(query, params)``."""

    def run(self, query: LiteralString, parameters: dict[str, Any] | None = None) -> Any: ...


@dataclass(frozen=True)
class OntologyState:
    """The node's properties (`version` 0 and the rest None when it is absent)."""

    version: int
    source_hash: str | None = None
    code_hash: str | None = None
    applied_at: Any = None  # neo4j DateTime
    applied_version: int | None = None
    changed_at: Any = None
    changed_by: str | None = None

    @property
    def applied_when(self) -> str:
        """When the files were last applied, e.g. '2026-12-01 23:10:04 UTC' ('' if never)."""
        if self.applied_at is None:
            return ""
        return str(self.applied_at.to_native().strftime("%Y-%m-%d %H:%M:%S UTC"))


def parse_state(row: dict[str, Any] | None) -> OntologyState:
    if row is None:
        return OntologyState(version=0)
    applied = row.get("appliedVersion")
    return OntologyState(
        version=int(row["version"]),
        source_hash=row.get("sourceHash"),
        code_hash=row.get("codeHash"),
        applied_at=row.get("appliedAt"),
        applied_version=None if applied is None else int(applied),
        changed_at=row.get("changedAt"),
        changed_by=row.get("changedBy"),
    )


def ontology_unchanged(state: OntologyState, source: str, code: str) -> bool:
    """True when applying files hashing to `source` with code hashing to `code` would change
    nothing: the last apply was of the same files and code, and nothing edited the taxonomy
    since (a planner's edit bumps the version past the applied one; a sync reverts it)."""
    return (
        state.source_hash == source
        and state.code_hash == code
        and state.applied_version is not None
        and state.applied_version == state.version
    )


def digest_files(paths: Sequence[Path]) -> str:
    """SHA-256 over the files' names and contents, in name order (not where they are)."""
    h = hashlib.sha256()
    for p in sorted(paths, key=lambda p: (p.name, str(p))):
        data = p.read_bytes()
        h.update(f"{p.name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def source_hash(files: Sequence[Path]) -> str:
    """The hash of ontology files: their names and contents (not where they are)."""
    return digest_files(files)


def code_hash() -> str:
    """The hash of the code that validates the ontology and syncs it into the graph."""
    return digest_files([*sorted(ONTOLOGY_DIR.glob("*.py")), *SYNC_CODE])


# -- the sync driver (kg/ontology_sync.py, api/operations.py) ---------------------------------


def read_ontology_version(session_or_tx: SyncTx) -> int:
    """The graph's ontology version (0 without the node), from a sync session or transaction."""
    return int(session_or_tx.run(READ_VERSION).single(strict=True)["version"])


def read_ontology_state(session_or_tx: SyncTx) -> OntologyState:
    """Everything the node says (`OntologyState(version=0)` without it)."""
    record = session_or_tx.run(READ_STATE).single()
    return parse_state(None if record is None else record.data())


def bump_ontology_version(tx: SyncTx, *, by: str) -> int:
    """Bump the version inside the transaction that changes the taxonomy; the new version."""
    return int(tx.run(BUMP, {"by": by}).single(strict=True)["version"])


def record_applied(tx: SyncTx, *, source: str | None, code: str | None) -> None:
    """Say which files (and code) the graph's taxonomy now comes from; None: unknown files."""
    tx.run(RECORD_APPLIED, {"sourceHash": source, "codeHash": code}).consume()


# -- the async driver (queries/, the API) -----------------------------------------------------


async def ontology_version(runner: CypherRunner) -> int:
    """The graph's ontology version (0 without the node): one auto-commit read."""
    rows = await runner.read(READ_VERSION)
    return int(rows[0]["version"]) if rows else 0


async def bump_ontology_version_async(tx: AsyncManagedTransaction, *, by: str) -> int:
    """`bump_ontology_version` for the API's edits (an async write transaction)."""
    row = await (await tx.run(BUMP, by=by)).single(strict=True)
    return int(row["version"])
