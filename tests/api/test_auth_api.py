"""Authentication (401) and the role matrix (FORBIDDEN) over real HTTP."""

from __future__ import annotations

import httpx
import pytest
from neo4j import Driver

from api.auth.keys import hash_key
from kg.settings import Settings
from tests.api.conftest import LiveServer

READ = "{ teams(first: 1) { nodes { id } } }"
RECOMMEND = """{ recommendForces(scenario: {hazardCodes: ["11A01"],
  location: {latitude: 30.66, longitude: 104.06}, responseLevel: II}) { gaps { weight } } }"""
SET_STATUS = """mutation { setTeamStatus(team: "T-TEST-003", status: STANDBY, reason: "drill")
  { team { status } } }"""
CURATE = """mutation { curateConcept(kind: CAPABILITY, id: "%s",
  changes: {altEn: ["matrix test synonym"]}) { audit { id } } }"""
AUDIT = "{ auditTrail(first: 1) { edges { node { id } } } }"
LIST_KEYS = "{ apiKeys { id role } }"
CREATE_KEY = 'mutation { createApiKey(role: INTEGRATOR, name: "matrix") { key } }'
ME = "{ me { role permissions } }"

# operation -> roles allowed (the README's matrix)
MATRIX = {
    "read": (READ, {"integrator", "commander", "planner", "admin"}),
    "audit": (AUDIT, {"integrator", "commander", "planner", "admin"}),
    "me": (ME, {"integrator", "commander", "planner", "admin"}),
    "recommend": (RECOMMEND, {"commander", "planner", "admin"}),
    "setTeamStatus": (SET_STATUS, {"commander", "admin"}),
    "curate": (CURATE, {"planner", "admin"}),
    "listKeys": (LIST_KEYS, {"admin"}),
    "createKey": (CREATE_KEY, {"admin"}),
}
ROLES = ("integrator", "commander", "planner", "admin")


def _capability(live: LiveServer) -> str:
    caps = live.data("{ capabilities(first: 1) { nodes { id } } }")
    return str(caps["capabilities"]["nodes"][0]["id"])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", sorted(MATRIX))
def test_role_matrix(live_api: LiveServer, operation: str, role: str) -> None:
    query, allowed = MATRIX[operation]
    if "%s" in query:
        query = query % _capability(live_api)
    body = live_api.gql(query, role=role)
    codes = [e.get("extensions", {}).get("code") for e in body.get("errors") or []]
    if role in allowed:
        assert "FORBIDDEN" not in codes, body
        assert body.get("data"), body
    else:
        assert codes == ["FORBIDDEN"], body
        assert role in body["errors"][0]["message"]


def test_no_key_is_401_with_a_hint(live_api: LiveServer) -> None:
    r = live_api.post(READ, role=None)
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")
    body = r.json()
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "emkg keys create" in body["errors"][0]["message"]


def test_wrong_key_is_401(live_api: LiveServer) -> None:
    r = live_api.post(READ, role=None, headers={"Authorization": "Bearer emkg_admin_forged"})
    assert r.status_code == 401
    assert "unknown or revoked" in r.json()["errors"][0]["message"]


def test_x_api_key_header_and_get_requests_work(live_api: LiveServer) -> None:
    r = httpx.get(
        f"{live_api.url}/graphql",
        params={"query": ME},
        headers={"X-API-Key": live_api.keys["commander"]},
        timeout=30,
    )
    assert r.status_code == 200
    assert r.json()["data"]["me"]["role"] == "commander"


def test_admin_issues_and_revokes_keys_that_work_at_once(live_api: LiveServer) -> None:
    made = live_api.data(
        'mutation { createApiKey(role: PLANNER, name: "temp") { key info { id role } } }'
    )["createApiKey"]
    assert made["key"].startswith("emkg_planner_")
    r = live_api.post(ME, role=None, headers={"Authorization": f"Bearer {made['key']}"})
    assert r.json()["data"]["me"]["role"] == "planner"
    live_api.data(f'mutation {{ revokeApiKey(id: "{made["info"]["id"]}") {{ revoked }} }}')
    r = live_api.post(ME, role=None, headers={"Authorization": f"Bearer {made['key']}"})
    assert r.status_code == 401


ISSUE = """mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) {
  key apiKey { id name apiRole revoked } userErrors { field code message } } }"""
WITHDRAW = """mutation($input: WithdrawApiKeyInput!) { withdrawApiKey(input: $input) {
  apiKey { id revoked } userErrors { field code message } } }"""


def test_keys_are_issued_and_withdrawn_with_user_errors(live_api: LiveServer) -> None:
    made = live_api.data(ISSUE, {"input": {"role": "INTEGRATOR", "name": "gis-bridge"}})[
        "issueApiKey"
    ]
    assert made["userErrors"] == [] and made["key"].startswith("emkg_integrator_")
    assert made["apiKey"]["apiRole"] == "INTEGRATOR" and not made["apiKey"]["revoked"]
    r = live_api.post(ME, role=None, headers={"Authorization": f"Bearer {made['key']}"})
    assert r.json()["data"]["me"]["role"] == "integrator"

    long = live_api.data(ISSUE, {"input": {"role": "INTEGRATOR", "name": "n" * 101}})
    assert long["issueApiKey"]["key"] is None
    assert [(e["field"], e["code"]) for e in long["issueApiKey"]["userErrors"]] == [
        ("name", "INVALID")
    ]

    gone = live_api.data(WITHDRAW, {"input": {"id": made["apiKey"]["id"]}})["withdrawApiKey"]
    assert gone["userErrors"] == [] and gone["apiKey"]["revoked"]
    r = live_api.post(ME, role=None, headers={"Authorization": f"Bearer {made['key']}"})
    assert r.status_code == 401
    unknown = live_api.data(WITHDRAW, {"input": {"id": "no-such-key"}})["withdrawApiKey"]
    assert [(e["field"], e["code"]) for e in unknown["userErrors"]] == [("id", "NOT_FOUND")]
    # Only admins manage keys: a commander is refused at the top level.
    body = live_api.gql(ISSUE, {"input": {"role": "ADMIN", "name": "x"}}, role="commander")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_key_nodes_hold_only_hashes(live_api: LiveServer, driver: Driver) -> None:
    records, _, _ = driver.execute_query("MATCH (k:ApiKey) RETURN k {.*} AS k")
    stored = " ".join(str(v) for r in records for v in dict(r["k"]).values())
    assert records and all(key not in stored for key in live_api.keys.values())
    assert all(hash_key(key) in stored for key in live_api.keys.values())


# Connecting to the dead port fails; the async driver can leave that attempt's socket to the
# garbage collector, reported later as an unraisable ResourceWarning "unclosed socket" (seen
# once in a full run, with only a local address: a connect that never completed). The
# driver's, not this behaviour's finding; ignored as in tests/security/test_graphql_fuzz.py.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_key_store_that_cannot_be_reached_refuses_with_503_not_500(
    neo4j_settings: Settings, keyed_settings: tuple[Settings, dict[str, str]]
) -> None:
    from starlette.testclient import TestClient

    from api.app import create_app
    from tests.api.conftest import free_port

    settings, headers = keyed_settings
    dead = settings.with_overrides(
        neo4j_uri=f"neo4j://127.0.0.1:{free_port()}", neo4j_password="unused"
    )
    with TestClient(create_app(dead), headers=headers) as client:
        r = client.post("/graphql", json={"query": "{ me { role } }"})
        assert r.status_code == 503, r.text
        err = r.json()["errors"][0]
        assert err["extensions"]["code"] == "UNAVAILABLE" and "cannot be checked" in err["message"]


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # as above
def test_a_board_socket_whose_key_cannot_be_checked_is_told_to_retry_not_refused(
    neo4j_settings: Settings, keyed_settings: tuple[Settings, dict[str, str]]
) -> None:
    """The live board gives up on 4403 (a refused key) and reconnects on anything else: a key
    store outage must not look like a refused key, nor count as one in /metrics."""
    from starlette.testclient import TestClient
    from starlette.websockets import WebSocketDisconnect

    from api.app import create_app
    from api.graphql.view import TRY_AGAIN_LATER
    from tests.api.conftest import free_port

    settings, headers = keyed_settings
    dead = settings.with_overrides(
        neo4j_uri=f"neo4j://127.0.0.1:{free_port()}", neo4j_password="unused"
    )
    with TestClient(create_app(dead)) as client:
        with (
            client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws,
            pytest.raises(WebSocketDisconnect) as closed,
        ):
            init = {"authorization": headers["Authorization"]}
            ws.send_json({"type": "connection_init", "payload": init})
            ws.receive_json()
        assert closed.value.code == TRY_AGAIN_LATER, closed.value
        counted = [
            line
            for line in client.get("/metrics").text.splitlines()
            if line.startswith("emkg_http_unauthenticated_total ")
        ]
        assert counted == ["emkg_http_unauthenticated_total 0.0"], counted
