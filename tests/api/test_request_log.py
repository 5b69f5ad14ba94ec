"""One INFO line per GraphQL operation: operation, role, time, Cypher count; never the key."""

from __future__ import annotations

import logging

import pytest
from neo4j import Driver
from starlette.testclient import TestClient

from api.app import create_app
from kg.settings import Settings


def test_each_operation_logs_one_line_without_secrets(
    ontology_graph: Driver,
    keyed_settings: tuple[Settings, dict[str, str]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings, headers = keyed_settings
    key = headers["Authorization"].removeprefix("Bearer ")
    with TestClient(create_app(settings), headers=headers) as client:
        caplog.set_level(logging.INFO, logger="emkg.request")
        r = client.post(
            "/graphql",
            json={
                "query": "query Probe($t: String!) { search(text: $t, limit: 1) { id } }",
                "variables": {"t": "secret-place-name"},
            },
        )
        assert r.status_code == 200, r.text
    lines = [m for m in caplog.messages if m.startswith("graphql ")]
    assert len(lines) == 1, caplog.messages
    assert "operation=Probe role=admin" in lines[0]
    assert "cypher=" in lines[0] and "cypher=0" not in lines[0]
    assert key not in caplog.text and "secret-place-name" not in caplog.text


def test_each_plain_route_request_logs_one_line_without_the_key(
    ontology_graph: Driver,
    keyed_settings: tuple[Settings, dict[str, str]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings, headers = keyed_settings
    key = headers["Authorization"].removeprefix("Bearer ")
    with TestClient(create_app(settings)) as client:
        caplog.set_level(logging.INFO, logger="emkg.request")
        missing = client.get("/orders/no-such-order", headers=headers)
        anonymous = client.get("/orders/no-such-order")
    assert anonymous.status_code == 401
    lines = [m for m in caplog.messages if m.startswith("http ")]
    assert len(lines) == 2, caplog.messages
    assert f"role=admin status={missing.status_code} ms=" in lines[0]
    assert "route=dispatch_order" in lines[0]
    assert "role=anonymous status=401" in lines[1]
    assert key not in caplog.text
