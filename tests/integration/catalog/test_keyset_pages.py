"""Keyset pages by id on real Neo4j (queries/catalog/picked.py): every direction walks the
teams in id order, and Neo4j reads them from the id index up to the page's limit instead
of reading and sorting every team (what made lists under load cost the store's CPU)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from neo4j import Driver

from kg.cypher import CypherRunner
from kg.driver import create_async_driver
from kg.settings import Settings
from queries.catalog.nodes import NodeFilter
from queries.catalog.picked import Given, list_picked, picked_page_query
from queries.catalog.projection import Pick, keys

pytestmark = pytest.mark.integration

TEAMS = 300
PAGE = 40


def _teams(driver: Driver, database: str) -> list[str]:
    ids = [f"T-K-{i:04d}" for i in range(TEAMS)]
    driver.execute_query(
        """MERGE (c:Capability {id: 'cap.k'})
           WITH c UNWIND $rows AS row
           CREATE (t:Team {id: row.id, nameZh: row.id, status: row.status})
           FOREACH (_ IN CASE WHEN row.holds THEN [1] ELSE [] END |
             CREATE (t)-[:HAS_CAPABILITY {level: 2}]->(c))""",
        rows=[
            {"id": t, "status": "available" if i % 3 else "standby", "holds": i % 2 == 0}
            for i, t in enumerate(ids)
        ],
        database_=database,
    )
    return sorted(ids)


def _walk(settings: Settings, filters: NodeFilter) -> tuple[list[str], list[str]]:
    """Every team through pages of PAGE, forwards (first/after), then backwards (last/before)."""

    async def go() -> tuple[list[str], list[str]]:
        driver = create_async_driver(settings)
        try:
            runner = CypherRunner(driver, settings.neo4j_database)
            forward: list[str] = []
            after = None
            while True:
                page = await list_picked(
                    runner, "Team", Pick(), first=PAGE, after=after, filters=filters
                )
                forward += [p.node.id for p in page.items]
                if not page.has_next:
                    break
                after = forward[-1]
            backward: list[str] = []
            before = None
            while True:
                page = await list_picked(
                    runner, "Team", Pick(), first=None, after=None, filters=filters,
                    last=PAGE, before=before,
                )  # fmt: skip
                backward = [p.node.id for p in page.items] + backward
                if not page.has_next:
                    break
                before = backward[0]
            return forward, backward
        finally:
            await driver.close()

    return asyncio.run(go())


def test_pages_walk_every_team_in_id_order_both_ways(
    ontology_graph: Driver, neo4j_settings: Settings
) -> None:
    ids = _teams(ontology_graph, neo4j_settings.neo4j_database)
    assert _walk(neo4j_settings, NodeFilter()) == (ids, ids)
    held = [t for i, t in enumerate(f"T-K-{i:04d}" for i in range(TEAMS)) if i % 6 in (2, 4)]
    filtered = NodeFilter(props={"status": "available"}, links={"capability": "cap.k"})
    assert _walk(neo4j_settings, filtered) == (held, held)


def _rows_read(plan: Any) -> int:
    """Rows produced by the operators that read Team nodes (label scan or id index)."""
    here = plan["rows"] if plan["operatorType"].split("@")[0].startswith("Node") else 0
    return int(here) + sum(_rows_read(c) for c in plan.get("children", []))


@pytest.mark.parametrize(
    ("given", "bounds"),
    [
        (Given(), {}),
        (Given(bound=True), {"after": "T-K-0100"}),
        (Given(backwards=True), {}),
        (Given(bound=True, backwards=True), {"before": "T-K-0200"}),
        (Given(props=True, links=True), {}),
    ],
)
def test_a_page_reads_the_id_index_up_to_its_limit(
    ontology_graph: Driver, neo4j_settings: Settings, given: Given, bounds: dict[str, str]
) -> None:
    _teams(ontology_graph, neo4j_settings.neo4j_database)
    filters = NodeFilter(props={"status": "available"}, links={"capability": "cap.k"})
    params = filters.params("Team") if given.props else NodeFilter().params("Team")
    pick = Pick(links=(("team.capabilities", Pick()),))
    summary = ontology_graph.execute_query(
        "PROFILE " + picked_page_query("Team", pick, True, given),
        {"after": None, "before": None, **bounds, "limit": PAGE + 1, "check": [],
         "keys": keys(pick), **params},
        database_=neo4j_settings.neo4j_database,
    ).summary  # fmt: skip
    assert summary.profile is not None
    # the filtered page keeps 1 team in 3 of those it reads; reading all of them: 300
    assert _rows_read(summary.profile) <= 4 * (PAGE + 1)
