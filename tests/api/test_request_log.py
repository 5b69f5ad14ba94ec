"""One INFO line per GraphQL operation (operation, role, time, Cypher count) and per plain
route request (route, role, status, time); never the key."""

from __future__ import annotations

import logging

import pytest
from neo4j import Driver
from starlette.testclient import TestClient

from api.app import create_app
from kg.settings import Settings


@pytest.fixture
def logged(
    ontology_graph: Driver,
    keyed_settings: tuple[Settings, dict[str, str]],
    caplog: pytest.LogCaptureFixture,
) -> tuple[Settings, dict[str, str], str]:
    """The app's settings, the admin's headers and the key itself (to prove it is not logged);
    request log lines are captured from here on."""
    settings, headers = keyed_settings
    caplog.set_level(logging.INFO, logger="emkg.request")
    return settings, headers, headers["Authorization"].removeprefix("Bearer ")


def test_each_operation_logs_one_line_without_secrets(
    logged: tuple[Settings, dict[str, str], str], caplog: pytest.LogCaptureFixture
) -> None:
    settings, headers, key = logged
    with TestClient(create_app(settings), headers=headers) as client:
        caplog.clear()
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
    logged: tuple[Settings, dict[str, str], str], caplog: pytest.LogCaptureFixture
) -> None:
    settings, headers, key = logged
    with TestClient(create_app(settings)) as client:
        caplog.clear()
        missing = client.get("/orders/no-such-order", headers=headers)
        anonymous = client.get("/orders/no-such-order")
    assert anonymous.status_code == 401
    lines = [m for m in caplog.messages if m.startswith("http ")]
    assert len(lines) == 2, caplog.messages
    assert f"role=admin status={missing.status_code} ms=" in lines[0]
    assert "route=dispatch_order" in lines[0]
    assert "role=anonymous status=401" in lines[1]
    assert key not in caplog.text
