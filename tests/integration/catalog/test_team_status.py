"""A team's status change on real Neo4j (queries/catalog/curation.py): one write
transaction sets the status, records the audit entry and returns the team as changed."""

from __future__ import annotations

import asyncio
import json

import pytest
from neo4j import Driver

from kg.cypher import CypherRunner
from kg.driver import create_async_driver
from kg.errors import NotFoundError
from kg.settings import Settings
from queries.catalog.audit import audit_trail
from queries.catalog.curation import change_team_status
from tests.integration.readiness.small_graph import write_small_graph

pytestmark = pytest.mark.integration


def test_the_change_returns_its_entry_and_the_team_as_changed(
    ontology_graph: Driver, neo4j_settings: Settings
) -> None:
    write_small_graph(ontology_graph, neo4j_settings.neo4j_database)

    async def go() -> None:
        driver = create_async_driver(neo4j_settings)
        try:
            runner = CypherRunner(driver, neo4j_settings.neo4j_database)
            entry, team = await change_team_status(
                runner, "A", "deployed", actor="t (commander, key k)", reason="flood"
            )
            assert (team.kind, team.id, team.get("status")) == ("Team", "A", "deployed")
            assert not {"embedding", "embeddingText", "embeddingHash"} & set(team.props)
            assert (entry.action, entry.target) == ("setTeamStatus", "A")
            assert json.loads(entry.before) == {"status": "available"}
            assert json.loads(entry.after) == {"status": "deployed", "reason": "flood"}
            stored, _ = await audit_trail(runner, target="A", first=1, after=None)
            assert [e.id for e in stored] == [entry.id]
            with pytest.raises(NotFoundError):
                await change_team_status(runner, "NO-SUCH", "deployed", actor="t")
        finally:
            await driver.close()

    asyncio.run(go())
