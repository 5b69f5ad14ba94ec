"""The synchronous key admin and the load audit map store errors like the request runner:
a lost store is STORE_UNAVAILABLE (retry), never an INTERNAL error, and statements carry a
time limit."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import Query
from neo4j.exceptions import ServiceUnavailable

from kg.errors import StoreUnavailableError
from queries.catalog.api_keys import ADMIN_TIMEOUT_S, list_keys, revoke_key
from queries.catalog.audit import record_load


class _LostStore:
    """A driver whose store went away (pure logic: only the error boundary is tested)."""

    def __init__(self) -> None:
        self.queries: list[Any] = []

    def execute_query(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        self.queries.append(query)
        raise ServiceUnavailable("connection refused")


def test_key_admin_says_the_store_is_unavailable_and_limits_its_statements() -> None:
    driver = _LostStore()
    with pytest.raises(StoreUnavailableError):
        list_keys(driver, "neo4j")  # type: ignore[arg-type]
    with pytest.raises(StoreUnavailableError):
        revoke_key(driver, "neo4j", "duty-desk")  # type: ignore[arg-type]
    assert all(isinstance(q, Query) and q.timeout == ADMIN_TIMEOUT_S for q in driver.queries)


def test_the_load_audit_says_the_store_is_unavailable() -> None:
    with pytest.raises(StoreUnavailableError):
        record_load(_LostStore(), "neo4j", actor="cli", file="teams.csv", after={})  # type: ignore[arg-type]
