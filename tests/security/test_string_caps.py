"""Stored strings are capped (issue 14, item 5): a setTeamStatus reason (kept in the audit
trail, readable by every key) and an API key name. Over the cap: BAD_USER_INPUT naming the
limit, and nothing stored. The checks run before any write (the graph key store's test
uses Neo4j only to show that nothing was stored)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from api.auth.keys import MAX_NAME_CHARS, KeyStore
from api.auth.roles import Role
from kg.errors import UserInputError
from kg.settings import Settings
from queries.catalog.curation import MAX_STATUS_REASON_CHARS, set_team_status


class _NoWrites:
    """A runner that fails the test if the capped call reaches the database."""

    async def write(self, work: Any) -> Any:
        raise AssertionError("an over-long reason reached the database")


def test_a_status_reason_over_the_cap_is_refused_before_any_write() -> None:
    reason = "火" * (MAX_STATUS_REASON_CHARS + 1)
    with pytest.raises(UserInputError) as e:
        asyncio.run(
            set_team_status(_NoWrites(), "T-1", "unavailable", actor="a", reason=reason)  # type: ignore[arg-type]
        )
    assert e.value.code == "BAD_USER_INPUT"
    assert f"the limit is {MAX_STATUS_REASON_CHARS} characters" in str(e.value)
    assert MAX_STATUS_REASON_CHARS <= 1000  # the 10 MB reason of the review is far beyond it


def test_a_key_name_over_the_cap_is_refused_and_not_stored(tmp_path: Path) -> None:
    store = KeyStore(tmp_path / "keys.json")
    store.create(Role.PLANNER, name="n" * MAX_NAME_CHARS)  # at the cap: fine
    with pytest.raises(UserInputError) as e:
        store.create(Role.PLANNER, name="n" * (MAX_NAME_CHARS + 1))
    assert e.value.code == "BAD_USER_INPUT"
    assert f"at most {MAX_NAME_CHARS} characters" in str(e.value)
    assert len(store.list_keys()) == 1


def test_a_key_name_over_the_cap_is_refused_by_the_graph_key_store(
    driver: Driver, neo4j_settings: Settings
) -> None:
    """Keys live in Neo4j now (api.auth.key_admin): the same cap, and nothing stored."""
    from api.auth.key_admin import KeyAdmin

    db = neo4j_settings.neo4j_database
    admin = KeyAdmin(driver, db)
    long_name = "n" * (MAX_NAME_CHARS + 1)
    with pytest.raises(UserInputError) as e:
        admin.create(Role.PLANNER, name=long_name)
    assert e.value.code == "BAD_USER_INPUT"
    assert f"at most {MAX_NAME_CHARS} characters" in str(e.value)
    stored, _, _ = driver.execute_query(
        "MATCH (k:ApiKey {name: $name}) RETURN count(k) AS n", name=long_name, database_=db
    )
    assert stored[0]["n"] == 0
