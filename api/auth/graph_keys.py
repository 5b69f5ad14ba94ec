"""The API's key check against the keys in Neo4j, cached briefly per process.

Every API process and replica reads the same ``ApiKey`` nodes
(queries/catalog/api_keys.py), so a key created or revoked with `emkg keys` is
honoured or refused by all of them. A lookup's answer (found, unknown or
revoked) is kept for `CACHE_TTL_S` seconds in the process, so a revocation takes
effect everywhere within that time (plus one lookup) and a busy client costs one
Neo4j read per key per `CACHE_TTL_S`, not one per request.

When Neo4j cannot be reached, a key this process verified within `STALE_OK_S`
is still honoured (nothing can be read or changed then anyway, and the caller
gets the operation's own UNAVAILABLE answer); any other key is refused with
`KeyStoreUnavailableError` (HTTP 503): fail closed, never a guess.

Example::

    keys = GraphKeyStore(driver, "neo4j")
    await keys.verify("emkg_commander_...")   # Principal(role=Role.COMMANDER, ...) or None
"""

from __future__ import annotations

import asyncio
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass

from neo4j import AsyncDriver

from api.auth.key_admin import KeyAdmin
from api.auth.keys import KEY_PREFIX, KeyStoreError, Principal, hash_key
from api.auth.roles import Role
from kg.cypher import CypherRunner
from kg.errors import EmkgError
from queries.catalog.api_keys import StoredKey, key_by_hash

CACHE_TTL_S = 5.0  # revocation is effective in every process within this (documented)
STALE_OK_S = 600.0  # a verified key outlives a Neo4j outage this long in this process
MAX_CACHED = 10_000  # unknown keys are cached too; bounded so random keys cannot grow it
LOOKUP_TIMEOUT_S = 5.0


class KeyStoreUnavailableError(KeyStoreError):
    """Neo4j, where the keys live, did not answer: the key cannot be checked (HTTP 503)."""

    code = "UNAVAILABLE"


@dataclass(frozen=True)
class _Entry:
    principal: Principal | None  # None: unknown or revoked
    at: float  # when Neo4j answered (monotonic seconds)


class KeyCache:
    """Answers by key hash, fresh for `ttl_s`; found keys kept longer for outages.

    Example::

        cache = KeyCache(ttl_s=5.0, clock=lambda: now[0])
        cache.put("ab..", principal); cache.fresh("ab..")   # (True, principal)
    """

    def __init__(
        self,
        *,
        ttl_s: float = CACHE_TTL_S,
        stale_ok_s: float = STALE_OK_S,
        max_entries: int = MAX_CACHED,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl_s, self.stale_ok_s, self.max_entries, self.clock = (
            ttl_s,
            stale_ok_s,
            max_entries,
            clock,
        )
        self._entries: dict[str, _Entry] = {}

    def fresh(self, digest: str) -> tuple[bool, Principal | None]:
        """(True, answer) when a lookup younger than the TTL exists, else (False, None)."""
        e = self._entries.get(digest)
        if e is not None and self.clock() - e.at < self.ttl_s:
            return True, e.principal
        return False, None

    def stale_principal(self, digest: str) -> Principal | None:
        """A key once found (not revoked) within `stale_ok_s`: honoured while Neo4j is away."""
        e = self._entries.get(digest)
        if e is not None and e.principal is not None and self.clock() - e.at < self.stale_ok_s:
            return e.principal
        return None

    def put(self, digest: str, principal: Principal | None) -> None:
        if len(self._entries) >= self.max_entries and digest not in self._entries:
            self._evict()
        self._entries[digest] = _Entry(principal, self.clock())

    def _evict(self) -> None:
        now = self.clock()
        # First what cannot be used any more, then unknown keys, then everything.
        self._entries = {
            d: e
            for d, e in self._entries.items()
            if e.principal is not None and now - e.at < self.stale_ok_s
        }
        if len(self._entries) >= self.max_entries:
            self._entries.clear()

    def forget(self, digest: str) -> None:
        self._entries.pop(digest, None)

    def __len__(self) -> int:
        return len(self._entries)


class GraphKeyStore:
    """`verify(key)`: the caller a key names, read from Neo4j through a `KeyCache`; and the
    admin operations of the GraphQL API (`admin`: the lifespan's synchronous driver, run off
    the event loop)."""

    def __init__(
        self,
        driver: AsyncDriver,
        database: str,
        *,
        admin: KeyAdmin | None = None,
        cache: KeyCache | None = None,
    ) -> None:
        self.runner = CypherRunner(driver, database, timeout_s=LOOKUP_TIMEOUT_S)
        self.cache = cache if cache is not None else KeyCache()
        self._admin = admin

    def _admin_or_fail(self) -> KeyAdmin:
        if self._admin is None:
            raise KeyStoreError("key management is not configured in this process")
        return self._admin

    async def list_keys(self) -> list[StoredKey]:
        return await asyncio.to_thread(self._admin_or_fail().list_keys)

    async def create(self, role: Role, name: str = "") -> tuple[str, StoredKey]:
        return await asyncio.to_thread(self._admin_or_fail().create, role, name)

    async def revoke(self, ref: str) -> StoredKey:
        gone = await asyncio.to_thread(self._admin_or_fail().revoke, ref)
        self.cache.forget(gone.hash)  # at once here; other processes within CACHE_TTL_S
        return gone

    async def verify(self, key: str) -> Principal | None:
        if not key.startswith(KEY_PREFIX):
            return None
        digest = hash_key(key)
        known, principal = self.cache.fresh(digest)
        if known:
            return principal
        try:
            stored = await key_by_hash(self.runner, digest)
        except EmkgError as e:
            stale = self.cache.stale_principal(digest)
            if stale is not None:
                return stale
            raise KeyStoreUnavailableError(
                f"the API key cannot be checked: the graph database that holds the keys did "
                f"not answer ({e}); retry in a moment, and check `emkg neo4j status` or "
                "NEO4J_URI"
            ) from e
        found = None
        if stored is not None and not stored.revoked and hmac.compare_digest(stored.hash, digest):
            found = Principal(key_id=stored.id, name=stored.name, role=Role(stored.role))
        self.cache.put(digest, found)
        return found
