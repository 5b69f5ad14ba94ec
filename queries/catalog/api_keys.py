"""API keys as graph nodes: ``(:ApiKey {id, name, role, hash, created, revoked, revokedAt})``.

A key node holds the SHA-256 of the key, never the key itself (least privilege:
a reader of the graph or a backup cannot call the API with what it finds). Every
API process and replica reads the same nodes, so a key created or revoked once
is honoured or refused everywhere. Reads by hash use the unique ``api_key_hash``
constraint (kg/schema.py).

Example::

    await key_by_hash(runner, sha256_hex)          # StoredKey(...) or None
    create_key(driver, "neo4j", StoredKey(id=..., name="duty-desk", role="commander", ...))
    revoke_key(driver, "neo4j", "duty-desk")       # StoredKey(revoked=True) or KeyError
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any, LiteralString

from neo4j import Driver, Query

from kg.cypher import CypherRunner
from kg.errors import map_neo4j_errors
from queries.catalog.models import plain

ADMIN_TIMEOUT_S = 10.0  # each statement of list/create/revoke/import: small, indexed reads

KEY_BY_HASH: LiteralString = """
MATCH (k:ApiKey {hash: $hash})
RETURN k {.id, .name, .role, .hash, .created, .revoked} AS key
"""

LIST_KEYS: LiteralString = """
MATCH (k:ApiKey)
RETURN k {.id, .name, .role, .hash, .created, .revoked} AS key ORDER BY k.created, k.id
"""

CREATE_KEY: LiteralString = """
CREATE (k:ApiKey {id: $id, name: $name, role: $role, hash: $hash,
                  created: datetime($created), revoked: false})
RETURN k {.id, .name, .role, .hash, .created, .revoked} AS key
"""

# By id or name; the caller refuses anything but exactly one match.
FIND_KEYS: LiteralString = """
MATCH (k:ApiKey) WHERE k.id = $ref OR k.name = $ref
RETURN k {.id, .name, .role, .hash, .created, .revoked} AS key ORDER BY k.id
"""

REVOKE_KEY: LiteralString = """
MATCH (k:ApiKey {id: $id})
SET k.revoked = true, k.revokedAt = coalesce(k.revokedAt, datetime())
RETURN k {.id, .name, .role, .hash, .created, .revoked} AS key
"""

# A migration: a key already in the graph keeps its node (a revocation made in the graph
# is never undone by an old file); a key revoked in the file is revoked in the graph too.
IMPORT_KEYS: LiteralString = """
UNWIND $rows AS row
OPTIONAL MATCH (old:ApiKey {hash: row.hash})
WITH row, old, old IS NULL AS fresh, coalesce(old.revoked, false) AS wasRevoked
CALL (row, old) {
  WITH row, old WHERE old IS NULL
  CREATE (k:ApiKey {id: row.id, name: row.name, role: row.role, hash: row.hash,
                    created: datetime(row.created), revoked: row.revoked,
                    migratedFrom: $source})
  RETURN k
  UNION
  WITH row, old WHERE old IS NOT NULL
  SET old.revoked = old.revoked OR row.revoked
  RETURN old AS k
}
RETURN k.id AS id, fresh, (NOT wasRevoked AND k.revoked AND NOT fresh) AS newlyRevoked
"""


@dataclass(frozen=True)
class StoredKey:
    """One key node: its id (the hash's first 12 hex digits), name, role and state."""

    id: str
    name: str
    role: str
    hash: str
    created: str
    revoked: bool = False


def parse_key(row: Mapping[str, Any]) -> StoredKey:
    k = row["key"]
    return StoredKey(
        id=str(k["id"]),
        name=str(k["name"]),
        role=str(k["role"]),
        hash=str(k["hash"]),
        created=str(plain(k["created"])),
        revoked=bool(k["revoked"]),
    )


async def key_by_hash(runner: CypherRunner, digest: str) -> StoredKey | None:
    rows = await runner.read(KEY_BY_HASH, hash=digest)
    return parse_key(rows[0]) if rows else None


def _run(driver: Driver, database: str, cypher: LiteralString, **params: Any) -> list[Any]:
    """One auto-commit statement of the synchronous key admin, with the same limit and the
    same error mapping as the request runner's (a lost store says so, never INTERNAL)."""
    with map_neo4j_errors():
        records, _, _ = driver.execute_query(
            Query(cypher, timeout=ADMIN_TIMEOUT_S), params, database_=database
        )
    return records


def list_keys(driver: Driver, database: str) -> list[StoredKey]:
    return [parse_key(r.data()) for r in _run(driver, database, LIST_KEYS)]


def create_key(driver: Driver, database: str, key: StoredKey) -> StoredKey:
    params = asdict(key)
    params.pop("revoked")
    return parse_key(_run(driver, database, CREATE_KEY, **params)[0].data())


def revoke_key(driver: Driver, database: str, ref: str) -> StoredKey:
    """Revoke the one key whose id or name is `ref`; `KeyError` naming the active keys if
    none or several match."""
    found = [parse_key(r.data()) for r in _run(driver, database, FIND_KEYS, ref=ref)]
    if len(found) != 1:
        active = [k for k in list_keys(driver, database) if not k.revoked]
        known = ", ".join(f"{k.id} ({k.name})" for k in active) or "none"
        how = "several keys have" if found else "no key has"
        raise KeyError(f"{how} the id or name '{ref}'; active keys: {known}")
    return parse_key(_run(driver, database, REVOKE_KEY, id=found[0].id)[0].data())


@dataclass(frozen=True)
class ImportCounts:
    created: int
    revoked: int  # already in the graph, revoked now because the file says so
    unchanged: int


def import_keys(
    driver: Driver, database: str, keys: Iterable[StoredKey], *, source: str
) -> ImportCounts:
    """Idempotent: the second import of the same keys creates and changes nothing."""
    rows = [asdict(k) for k in keys]
    if not rows:
        return ImportCounts(0, 0, 0)
    records = _run(driver, database, IMPORT_KEYS, rows=rows, source=source)
    created = sum(1 for r in records if r["fresh"])
    revoked = sum(1 for r in records if r["newlyRevoked"])
    return ImportCounts(
        created=created, revoked=revoked, unchanged=len(records) - created - revoked
    )
