"""The key check's per-process cache and its outage rule, and what a migration says."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from api.auth import GraphKeyStore, KeyStoreUnavailableError, Principal, Role
from api.auth.graph_keys import KeyCache
from api.auth.key_admin import Migration
from api.auth.keys import hash_key, new_key
from kg.errors import StoreUnavailableError
from queries.catalog.api_keys import ImportCounts, StoredKey

ALICE = Principal(key_id="abc", name="alice", role=Role.PLANNER)


def test_a_cached_answer_is_fresh_for_the_ttl_only() -> None:
    now = [100.0]
    cache = KeyCache(ttl_s=5.0, stale_ok_s=60.0, clock=lambda: now[0])
    cache.put("h1", ALICE)
    cache.put("h2", None)  # unknown keys are cached too
    assert cache.fresh("h1") == (True, ALICE)
    assert cache.fresh("h2") == (True, None)
    now[0] += 5.0
    assert cache.fresh("h1") == (False, None)  # look again: it may have been revoked
    assert cache.stale_principal("h1") == ALICE  # but usable while Neo4j is away
    assert cache.stale_principal("h2") is None  # an unknown key never becomes valid
    now[0] += 60.0
    assert cache.stale_principal("h1") is None


def test_the_cache_is_bounded_and_evicts_unknown_keys_first() -> None:
    cache = KeyCache(max_entries=3, clock=lambda: 0.0)
    cache.put("good", ALICE)
    cache.put("x1", None)
    cache.put("x2", None)
    cache.put("x3", None)  # full: unknown keys go, the known one stays
    assert len(cache) == 2 and cache.fresh("good") == (True, ALICE)


class FakeStore(GraphKeyStore):
    """GraphKeyStore with the Neo4j read replaced: counts lookups, can fail like an outage."""

    def __init__(self, stored: dict[str, StoredKey], now: list[float]) -> None:
        super().__init__(driver=None, database="neo4j", cache=KeyCache(clock=lambda: now[0]))  # type: ignore[arg-type]
        self.stored, self.lookups, self.down = stored, 0, False


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> tuple[FakeStore, str, list[float]]:
    key = new_key(Role.COMMANDER)
    digest = hash_key(key)
    now = [0.0]
    store = FakeStore(
        {digest: StoredKey(id=digest[:12], name="desk", role="commander", hash=digest, created="")},
        now,
    )

    async def lookup(runner: Any, d: str) -> StoredKey | None:
        store.lookups += 1
        if store.down:
            raise StoreUnavailableError("Neo4j is unreachable")
        return store.stored.get(d)

    monkeypatch.setattr("api.auth.graph_keys.key_by_hash", lookup)
    return store, key, now


def test_verify_reads_neo4j_once_per_ttl_and_sees_a_revocation_after_it(
    fake: tuple[FakeStore, str, list[float]],
) -> None:
    store, key, now = fake
    for _ in range(5):
        p = asyncio.run(store.verify(key))
        assert p is not None and p.role is Role.COMMANDER and p.name == "desk"
    assert store.lookups == 1
    digest = hash_key(key)
    store.stored[digest] = StoredKey(**{**store.stored[digest].__dict__, "revoked": True})
    assert asyncio.run(store.verify(key)) is not None  # still cached: within the TTL
    now[0] += 5.0
    assert asyncio.run(store.verify(key)) is None
    assert asyncio.run(store.verify("no-prefix")) is None and store.lookups == 2


def test_an_outage_keeps_known_keys_and_refuses_unknown_ones_with_503(
    fake: tuple[FakeStore, str, list[float]],
) -> None:
    store, key, now = fake
    assert asyncio.run(store.verify(key)) is not None
    store.down = True
    now[0] += 30.0
    assert asyncio.run(store.verify(key)) is not None  # verified before: still honoured
    with pytest.raises(KeyStoreUnavailableError, match="cannot be checked") as e:
        asyncio.run(store.verify(new_key(Role.ADMIN)))
    assert e.value.code == "UNAVAILABLE"


def test_a_migration_says_what_it_moved_and_where_the_file_went() -> None:
    done = Migration(
        source=Path("var/api-keys.json"),
        counts=ImportCounts(created=2, revoked=1, unchanged=3),
        moved_to=Path("var/api-keys.json.migrated"),
    )
    text = "\n".join(done.lines())
    assert "migrated 6 API key(s) from var/api-keys.json" in text
    assert "2 new, 1 revoked" in text and "3 already there" in text
    assert "renamed to var/api-keys.json.migrated" in text
