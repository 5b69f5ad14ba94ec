"""A bounded, thread-safe least-recently-used store (pure).

The one mechanism behind the caches keyed by a text: query vectors (`kg.embedder`) and
parsed-and-validated GraphQL documents (`api.graphql.document_cache`). Values are kept
as given; `None` is not a value (``get`` answers None for a miss).

Example::

    lru: BoundedLRU[str, int] = BoundedLRU(2)
    lru.put("a", 1); lru.put("b", 2); lru.get("a"); lru.put("c", 3)
    lru.get("b")            # None: the least recently used went first
    (lru.hits, lru.misses)  # (1, 1)
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from threading import Lock
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedLRU(Generic[K, V]):
    """At most `size` entries; the least recently used is dropped first."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"a bounded cache needs room for at least 1 entry, got {size}")
        self.size = size
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: K) -> V | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = 0
