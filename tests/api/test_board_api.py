"""The live board (issue 15 item 6): GraphQL subscriptions over graphql-transport-ws, fed by
what is written to the graph, authenticated with the API key in connection_init."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver
from websockets.exceptions import ConnectionClosed

from api.live.relay import ChangeRelay
from kg.driver import open_async_driver
from kg.settings import Settings
from queries.catalog.audit import record
from queries.catalog.curation import set_team_status
from tests.api.board_client import BoardWatcher, live_state, wait_primed
from tests.api.conftest import LiveServer, issue_keys, seed_catalog, served

PRIMED_WITHIN_S = 30.0  # a busy machine: the state is waited for, this is only the give-up


def primed(relay: ChangeRelay, polls_before: int, subscribers: int = 1) -> None:
    """Wait until the relay serves `subscribers` and has read the trail since they came (its
    first read marks what was already written as seen: a write before it is no news)."""
    deadline = time.monotonic() + PRIMED_WITHIN_S
    while not (relay.subscribers == subscribers and relay.polls > polls_before):
        assert time.monotonic() < deadline, (relay.subscribers, relay.polls, polls_before)
        time.sleep(0.02)


@pytest.fixture(scope="module")
def board_api(api_settings: Settings, driver: Driver) -> Iterator[LiveServer]:
    seed_catalog(driver, api_settings.neo4j_database)
    with served(api_settings, issue_keys(api_settings), ws="websockets-sansio") as live:
        yield live


def relay_of(live: LiveServer) -> ChangeRelay:
    """The server's relay (the lifespan state uvicorn holds)."""
    relay: ChangeRelay = live.server.lifespan.state["emkg"].relay
    return relay


def write(settings: Settings, work: Any) -> Any:
    """Run `work(runner)` against the graph as any other process would."""
    from kg.cypher import CypherRunner

    async def go() -> Any:
        async with open_async_driver(settings) as d:
            return await work(CypherRunner(d, settings.neo4j_database))

    return asyncio.run(go())


def test_a_status_change_reaches_a_watching_integrator_with_the_team(
    board_api: LiveServer, api_settings: Settings
) -> None:
    polls = relay_of(board_api).polls
    with BoardWatcher(board_api.url, board_api.keys["integrator"]) as board:
        primed(relay_of(board_api), polls)
        write(
            api_settings,
            lambda r: set_team_status(
                r, "T-TEST-004", "standby", actor="desk (commander, key k1)", reason="drill"
            ),
        )
        event = board.next(timeout=10)
    assert event["__typename"] == "TeamStatusChanged"
    assert (event["teamId"], event["oldStatus"], event["newStatus"]) == (
        "T-TEST-004",
        "AVAILABLE",
        "STANDBY",
    )
    assert event["action"] == "setTeamStatus" and event["actor"].startswith("desk (commander")
    assert event["team"]["nameZh"] == "测试队4" and event["team"]["status"] == "standby"
    assert event["incidentId"] is None and event["at"].startswith("20")


def test_dispatch_and_release_entries_become_team_and_incident_events(
    board_api: LiveServer, api_settings: Settings
) -> None:
    """The shapes queries/incidents writes: one dispatch entry names every team sent."""

    async def dispatch(runner: Any) -> None:
        async def work(tx: Any) -> None:
            await record(
                tx,
                actor="desk (commander, key k1)",
                action="incident.dispatched",
                target="I-TEST-1",
                before={"status": "forces_requested", "teams": {"T-TEST-005": "available"}},
                after={"status": "dispatched", "orderNo": "D-1", "teams": ["T-TEST-005"]},
            )
            await record(
                tx,
                actor="desk (commander, key k1)",
                action="team.released",
                target="I-TEST-1",
                before={"team": "T-TEST-007", "status": "deployed"},
                after={"team": "T-TEST-007", "status": "available", "reason": "done"},
            )

        await runner.write(work)

    polls = relay_of(board_api).polls
    with BoardWatcher(board_api.url, board_api.keys["commander"]) as board:
        primed(relay_of(board_api), polls)
        write(api_settings, dispatch)
        events = [board.next(timeout=10) for _ in range(3)]
    sent, incident, released = events
    assert sent["__typename"] == "TeamStatusChanged" and sent["teamId"] == "T-TEST-005"
    assert (sent["oldStatus"], sent["newStatus"], sent["incidentId"]) == (
        "AVAILABLE",
        "DEPLOYED",
        "I-TEST-1",
    )
    assert sent["incident"] == {"id": "I-TEST-1", "nameZh": "测试事件", "nameEn": "Test Incident"}
    assert incident["__typename"] == "IncidentUpdated"
    assert (incident["id"], incident["status"]) == ("I-TEST-1", "dispatched")
    assert (released["teamId"], released["newStatus"]) == ("T-TEST-007", "AVAILABLE")


@pytest.mark.parametrize("key", [None, "emkg_admin_forged"])
def test_a_socket_without_a_valid_key_is_closed_4403(
    board_api: LiveServer, key: str | None
) -> None:
    with pytest.raises(ConnectionClosed) as closed, BoardWatcher(board_api.url, key) as board:
        board.next_message(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403


def test_the_relay_polls_only_while_someone_watches(board_api: LiveServer) -> None:
    relay = relay_of(board_api)
    polls = relay.polls
    with BoardWatcher(board_api.url, board_api.keys["planner"]):
        primed(relay, polls)
        assert relay.polling and relay.subscribers == 1
        primed(relay, relay.polls + 1)  # it goes on reading: one query for everyone
    deadline = time.monotonic() + PRIMED_WITHIN_S
    while relay.polling and time.monotonic() < deadline:
        time.sleep(0.1)
    # polls are counted only by the relay's own task (api/live/relay.py): no task, no reads
    assert not relay.polling and relay.subscribers == 0


def test_query_limits_apply_to_subscriptions(board_api: LiveServer) -> None:
    aliases = " ".join(f"a{i}: actor" for i in range(40))
    query = f"subscription {{ boardChanges {{ ... on TeamStatusChanged {{ {aliases} }} }} }}"
    with BoardWatcher(board_api.url, board_api.keys["admin"], query=query) as board:
        msg = board.next_message(timeout=10)
    assert msg["type"] in ("error", "next"), msg
    errors = msg["payload"] if msg["type"] == "error" else msg["payload"]["errors"]
    assert "alias" in str(errors).lower(), msg


def test_two_api_processes_both_relay_a_change_written_by_a_third(
    board_api: LiveServer, api_settings: Settings, tmp_path: Path
) -> None:
    """No state that only one process holds: each process reads the graph's audit trail."""
    from tests.api.test_keys_in_neo4j import api_processes

    key = board_api.keys["integrator"]
    with api_processes(api_settings, tmp_path) as urls:
        before = [live_state(url)[1] for url in urls]
        with BoardWatcher(urls[0], key) as first, BoardWatcher(urls[1], key) as second:
            for url, polls in zip(urls, before, strict=True):
                wait_primed(url, polls)
            write(
                api_settings,
                lambda r: set_team_status(r, "T-TEST-010", "unavailable", actor="x (admin, key k)"),
            )
            seen = [w.next(timeout=15) for w in (first, second)]
    assert [(e["teamId"], e["newStatus"]) for e in seen] == [("T-TEST-010", "UNAVAILABLE")] * 2
