"""Neo4j going away and coming back, with a dedicated local Neo4j (its own port and data dir).

While Neo4j is down every operation fails with a clear UNAVAILABLE error and
/readyz says 503; when it returns, the same server process answers again
without a restart (the driver reconnects by itself).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.driver import open_driver
from kg.neo4j_local.launcher import LocalNeo4j
from kg.schema import apply_schema
from kg.settings import Settings
from tests.api.conftest import LiveServer, issue_keys, served

PORT = int(os.environ.get("EMKG_TEST_OUTAGE_NEO4J_PORT", "7713"))
DATA = Path(os.environ.get("EMKG_TEST_OUTAGE_NEO4J_DIR", "/tmp/emkg-test-api-down"))


@pytest.fixture(scope="module")
def outage(
    neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LocalNeo4j, LiveServer]]:
    if not neo4j_settings.uses_local_neo4j:
        pytest.skip("needs the project's local Neo4j launcher (NEO4J_URI is set)")
    settings = neo4j_settings.with_overrides(
        neo4j_port=PORT,
        neo4j_data_dir=DATA,
        neo4j_heap_mb=512,
        neo4j_pagecache_mb=128,
        keys_file=tmp_path_factory.mktemp("outage") / "keys.json",
        query_timeout_s=5.0,
    )
    local = LocalNeo4j(settings, log=False)
    if local.status().running:
        local.stop()
    shutil.rmtree(DATA, ignore_errors=True)
    local.start()
    with open_driver(settings) as d:
        apply_schema(d, settings.neo4j_database)
    try:
        with served(settings, issue_keys(settings)) as live:
            yield local, live
    finally:
        local.stop()


QUERY = "{ teams(first: 1) { totalCount } }"


def test_neo4j_down_is_unavailable_and_the_server_recovers(
    outage: tuple[LocalNeo4j, LiveServer],
) -> None:
    local, live = outage
    assert live.data(QUERY) == {"teams": {"totalCount": 0}}
    local.stop()
    t0 = time.monotonic()
    body = live.gql(QUERY)
    took = time.monotonic() - t0
    err = body["errors"][0]
    assert err["extensions"]["code"] == "UNAVAILABLE", body
    assert "Neo4j" in err["message"] or "graph database" in err["message"]
    ready = httpx.get(f"{live.url}/readyz", timeout=20)
    assert ready.status_code == 503 and ready.json()["status"] == "unavailable"
    assert httpx.get(f"{live.url}/healthz").status_code == 200
    print(f"UNAVAILABLE answered in {took:.2f}s while Neo4j was down")
    local.start()
    deadline = time.monotonic() + 60
    while True:
        body = live.gql(QUERY)
        if not body.get("errors"):
            break
        assert time.monotonic() < deadline, f"no recovery within 60 s: {body}"
        time.sleep(0.5)
    assert body["data"] == {"teams": {"totalCount": 0}}
    assert httpx.get(f"{live.url}/readyz", timeout=20).status_code == 200
