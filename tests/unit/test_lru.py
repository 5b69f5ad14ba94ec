"""kg.lru.BoundedLRU: the least recently used entry goes first; hits and misses counted."""

from __future__ import annotations

import pytest

from kg.lru import BoundedLRU


def test_the_least_recently_used_goes_first_and_reads_are_counted() -> None:
    lru: BoundedLRU[str, int] = BoundedLRU(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1  # "a" is now the most recent
    lru.put("c", 3)
    assert (lru.get("b"), lru.get("a"), lru.get("c"), len(lru)) == (None, 1, 3, 2)
    assert (lru.hits, lru.misses) == (3, 1)
    lru.clear()
    assert (len(lru), lru.hits, lru.misses) == (0, 0, 0)


def test_a_cache_without_room_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        BoundedLRU(0)
