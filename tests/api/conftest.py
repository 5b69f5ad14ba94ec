"""API fixtures: one key per role, a seeded catalog graph, the app served over real HTTP.

``live_api`` runs ``create_app(settings)`` in uvicorn on a free port (a real
socket, so the lifespan, middleware and HTTP handling are the production ones)
and gives a small client that sends the key of the role it is asked for.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from neo4j import Driver
from starlette.testclient import TestClient

from api.app import create_app
from api.auth import KeyAdmin, Role
from kg.driver import open_driver
from kg.settings import Settings

SEED_TEAMS = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def post_graphql(
    c: TestClient, query: str, variables: dict[str, Any], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """POST a GraphQL request through an in-process app; the JSON body (the test fails on a
    non-200 status). Example: ``post_graphql(client, PARSE, {"text": "地震"})["data"]``."""
    r = c.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def mark_graph_dirty() -> None:
    """Tell the shared demo_graph fixture that this module rewrote the graph."""
    for name, mod in list(sys.modules.items()):
        if not name.endswith("conftest") or name.startswith("tests.api"):
            continue
        state = getattr(mod, "_S", None)
        if state is not None and hasattr(state, "graph_state"):
            state.graph_state = "dirty"


@dataclass
class LiveServer:
    url: str
    keys: dict[str, str]
    server: uvicorn.Server
    thread: threading.Thread

    def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        role: str | None = "admin",
        headers: dict[str, str] | None = None,
        timeout: float = 60.0,
    ) -> httpx.Response:
        h = {"Authorization": f"Bearer {self.keys[role]}"} if role else {}
        h.update(headers or {})
        return httpx.post(
            f"{self.url}/graphql",
            json={"query": query, "variables": variables},
            headers=h,
            timeout=timeout,
        )

    def gql(
        self, query: str, variables: dict[str, Any] | None = None, *, role: str = "admin"
    ) -> dict[str, Any]:
        """The JSON body; fails the test on a non-200 status."""
        r = self.post(query, variables, role=role)
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body

    def data(
        self, query: str, variables: dict[str, Any] | None = None, *, role: str = "admin"
    ) -> dict[str, Any]:
        body = self.gql(query, variables, role=role)
        assert not body.get("errors"), body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    def metric(self, name: str, operation: str) -> float:
        text = httpx.get(f"{self.url}/metrics", timeout=10).text
        prefix = f'{name}{{operation="{operation}"}} '
        for line in text.splitlines():
            if line.startswith(prefix):
                return float(line[len(prefix) :])
        return 0.0


def issue_keys(settings: Settings) -> dict[str, str]:
    """One fresh key per role, in the Neo4j `settings` names (where the app checks keys)."""
    with open_driver(settings) as driver:
        admin = KeyAdmin(driver, settings.neo4j_database)
        return {r.value: admin.create(r, name=f"test-{r.value}")[0] for r in Role}


@contextmanager
def served(settings: Settings, keys: dict[str, str], *, ws: str = "none") -> Iterator[LiveServer]:
    """The app over HTTP for the block, stopped after it; `ws="websockets-sansio"` for the
    subscription tests (GraphQL over graphql-transport-ws)."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        ws=ws,
        lifespan="on",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the API server did not start; see the log above")
        time.sleep(0.05)
    try:
        yield LiveServer(url=f"http://127.0.0.1:{port}", keys=keys, server=server, thread=thread)
    finally:
        server.should_exit = True
        thread.join(timeout=30)


SEED: str = """
MATCH (c:Capability) WITH collect(c.id)[0..6] AS caps
MATCH (tt:TeamType) WITH caps, collect(tt.id)[0] AS tt
MATCH (h:HazardType) WHERE h.rank = 'type' WITH caps, tt, collect(h.id)[0] AS hz
CREATE (prov:Region {id: '510000', nameZh: '四川省', nameEn: 'Sichuan', rank: 'province',
        location: point({latitude: 30.65, longitude: 104.07}), source: 'test'})
CREATE (city:Region {id: '510100', nameZh: '成都市', nameEn: 'Chengdu', rank: 'city',
        location: point({latitude: 30.66, longitude: 104.06}), source: 'test'})-[:PART_OF]->(prov)
CREATE (d:Depot {id: 'D-TEST-1', nameZh: '测试储备库', nameEn: 'Test Depot',
        adminLevel: 'provincial',
        location: point({latitude: 30.6, longitude: 104.0}), source: 'test'})-[:BASED_IN]->(city)
CREATE (x:Expert {id: 'X-TEST-1', nameZh: '张专家', nameEn: 'Expert Zhang', available: true,
        affiliation: 'Test Univ', location: point({latitude: 30.6, longitude: 104.0}),
        source: 'test'})-[:BASED_IN]->(city)
CREATE (p:Plan {id: 'P-TEST-1', nameZh: '测试预案', nameEn: 'Test Plan', level: 'provincial',
        issuer: 'Test Office', version: '1', effectiveDate: date('2024-01-01'), source: 'test'})
CREATE (p)-[:APPLIES_TO]->(prov)
CREATE (i:Incident {id: 'I-TEST-1', nameZh: '测试事件', nameEn: 'Test Incident',
        occurredAt: date('2023-07-01'), responseLevel: 'II',
        location: point({latitude: 30.7, longitude: 104.1}), source: 'test'})-[:IN_REGION]->(city)
WITH caps, tt, hz, city, d, x, p, i
MATCH (h:HazardType {id: hz}) CREATE (x)-[:EXPERT_IN]->(h) CREATE (p)-[:COVERS]->(h)
CREATE (i)-[:OF_HAZARD]->(h)
WITH caps, tt, city, d, p, i
MATCH (c0:Capability {id: caps[0]}) CREATE (p)-[:PRESCRIBES {responseLevel: 'II'}]->(c0)
WITH caps, tt, city, d, i
UNWIND range(1, $n) AS k
CREATE (t:Team {id: 'T-TEST-' + right('000' + toString(k), 3),
        nameZh: '测试队' + toString(k), nameEn: 'Test Team ' + toString(k),
        status: CASE WHEN k % 3 = 0 THEN 'standby' ELSE 'available' END,
        headcount: 10 + k, readinessMinutes: 5 + k % 30, mobility: 'ground',
        adminLevel: 'municipal', location: point({latitude: 30.0 + k / 100.0, longitude: 104.0}),
        source: 'test'})
CREATE (t)-[:BASED_IN]->(city)
WITH caps, tt, d, i, t, k
MATCH (ty:TeamType {id: tt}) CREATE (t)-[:OF_TYPE]->(ty)
WITH caps, d, i, t, k
UNWIND caps[0..(1 + k % 3)] AS cid
MATCH (c:Capability {id: cid})
CREATE (t)-[:HAS_CAPABILITY {level: 1 + k % 4}]->(c)
WITH DISTINCT d, i, t, k
CREATE (t)-[:HAS_EQUIPMENT]->(:Equipment {id: 'E-TEST-' + toString(k), nameZh: '装备' + toString(k),
        nameEn: 'Kit ' + toString(k), quantity: k, status: 'ready', source: 'test'})
FOREACH (_ IN CASE WHEN k <= 2 THEN [1] ELSE [] END | CREATE (t)-[:DEPLOYED_TO]->(i))
WITH DISTINCT d
CREATE (d)-[:HAS_EQUIPMENT]->(:Equipment {id: 'E-TEST-DEPOT', nameZh: '库存帐篷',
        nameEn: 'Depot tents', quantity: 500, status: 'ready', source: 'test'})
"""


def seed_catalog(driver: Driver, database: str) -> None:
    """The shipped ontology plus a small synthetic catalog covering every entity kind."""
    from kg.ontology_sync import sync_ontology
    from ontology import load_ontology
    from tests.conftest import wipe

    mark_graph_dirty()
    wipe(driver, database)
    sync_ontology(driver, database, load_ontology())
    driver.execute_query(SEED, n=SEED_TEAMS, database_=database)


@pytest.fixture(scope="module")
def api_settings(neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    keys_file = tmp_path_factory.mktemp("keys") / "api-keys.json"
    return neo4j_settings.with_overrides(keys_file=keys_file)


@pytest.fixture(scope="module")
def live_api(api_settings: Settings, driver: Driver) -> Iterator[LiveServer]:
    """The app over HTTP on a seeded catalog graph (the module may write to it)."""
    seed_catalog(driver, api_settings.neo4j_database)
    try:
        with served(api_settings, issue_keys(api_settings)) as live:
            yield live
    finally:
        mark_graph_dirty()


@pytest.fixture
def keyed_settings(neo4j_settings: Settings, tmp_path: Path) -> tuple[Settings, dict[str, str]]:
    """Settings with a private keys file, and headers carrying an admin key.

    For TestClient-based tests: ``TestClient(create_app(settings), headers=headers)``.
    """
    settings = neo4j_settings.with_overrides(keys_file=tmp_path / "api-keys.json")
    keys = issue_keys(settings)
    return settings, {"Authorization": f"Bearer {keys['admin']}"}
