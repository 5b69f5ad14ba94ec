"""Audit entries -> board events, and the relay's polling, look-back and fan-out (no Neo4j)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from api.live import relay as relay_mod
from api.live.relay import ChangeRelay, SubscriberTooSlowError
from queries.catalog.models import AuditEntry
from queries.live.events import IncidentEvent, TeamStatusEvent, events_from
from queries.live.feed import id_floor

T0 = datetime(2026, 12, 1, 7, 0, 0, tzinfo=UTC)


def entry(action: str, target: str, before: Any, after: Any, at: datetime = T0) -> AuditEntry:
    return AuditEntry(
        id=id_floor(at) + "-abcd1234",
        at=at.isoformat(),
        actor="desk (commander, key k1)",
        action=action,
        target=target,
        before=json.dumps(before),
        after=json.dumps(after),
    )


def test_set_team_status_is_one_team_event_without_incident() -> None:
    [e] = events_from(entry("setTeamStatus", "T-1", {"status": "available"}, {"status": "standby"}))
    assert isinstance(e, TeamStatusEvent)
    assert (e.team, e.old_status, e.new_status, e.incident) == ("T-1", "available", "standby", None)
    assert e.actor.startswith("desk") and e.action == "setTeamStatus"


def test_a_dispatch_deploys_each_team_to_the_incident_and_updates_the_incident() -> None:
    events = events_from(
        entry(
            "incident.dispatched",
            "INC-1",
            {"status": "forces_requested", "teams": {"T-1": "available", "T-2": "standby"}},
            {"status": "dispatched", "teams": ["T-1", "T-2"], "orderNo": "D-1"},
        )
    )
    teams = [e for e in events if isinstance(e, TeamStatusEvent)]
    assert [(t.team, t.old_status, t.new_status, t.incident) for t in teams] == [
        ("T-1", "available", "deployed", "INC-1"),
        ("T-2", "standby", "deployed", "INC-1"),
    ]
    assert isinstance(events[-1], IncidentEvent) and events[-1].status == "dispatched"


def test_undo_release_and_transition_with_released_teams() -> None:
    undo = events_from(
        entry(
            "incident.dispatch_undone",
            "INC-1",
            {"teams": {"T-1": "deployed"}},
            {"status": "forces_requested", "teams": {"T-1": "available"}},
        )
    )
    assert isinstance(undo[0], TeamStatusEvent) and undo[0].new_status == "available"
    [released] = events_from(
        entry(
            "team.released",
            "INC-1",
            {"team": "T-3", "status": "deployed"},
            {"team": "T-3", "status": "available"},
        )
    )
    assert isinstance(released, TeamStatusEvent)
    assert (released.team, released.incident) == ("T-3", "INC-1")
    closed = events_from(
        entry(
            "incident.transition",
            "INC-1",
            {"status": "on_scene"},
            {"status": "released", "releasedTeams": ["T-4"]},
        )
    )
    assert [type(e).__name__ for e in closed] == ["TeamStatusEvent", "IncidentEvent"]


def test_other_or_malformed_entries_give_no_event() -> None:
    assert events_from(entry("curateConcept", "11A01", {}, {})) == []
    assert events_from(entry("load", "teams.csv", None, {"created": 3})) == []
    bad = AuditEntry("x", "", "a", "setTeamStatus", "T-1", "not json", "[1]")
    assert events_from(bad) == []


class FakeFeed:
    """The graph's audit entries as the feed query would return them (id > since, ordered)."""

    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []
        self.reads = 0

    async def __call__(self, runner: Any, since: str, limit: int = 500) -> list[AuditEntry]:
        self.reads += 1
        return sorted((e for e in self.entries if e.id > since), key=lambda e: e.id)[:limit]


@pytest.fixture
def feed(monkeypatch: pytest.MonkeyPatch) -> FakeFeed:
    fake = FakeFeed()
    monkeypatch.setattr(relay_mod, "changes_since", fake)
    return fake


def status(team: str, at: datetime) -> AuditEntry:
    return entry("setTeamStatus", team, {"status": "available"}, {"status": "deployed"}, at)


def test_the_relay_delivers_new_entries_once_even_when_one_commits_late(feed: FakeFeed) -> None:
    now = [T0]

    async def scenario() -> list[str]:
        relay = ChangeRelay(None, interval_s=0.01, lookback_s=2.0, clock=lambda: now[0])  # type: ignore[arg-type]
        feed.entries.append(status("T-OLD", T0 - timedelta(seconds=1)))  # before subscribing
        got: list[str] = []
        async with relay.subscribe() as events:
            await asyncio.sleep(0.05)
            feed.entries.append(status("T-1", T0 + timedelta(seconds=1)))
            got.append(str(getattr(await events.get(), "team", "")))
            # stamped before T-1 but committed after it was read: still within the look-back
            feed.entries.append(status("T-LATE", T0 + timedelta(milliseconds=500)))
            got.append(str(getattr(await events.get(), "team", "")))
            await asyncio.sleep(0.05)  # more polls: nothing is delivered twice
            assert relay.polling
        assert not relay.polling and relay.subscribers == 0
        return got

    assert asyncio.run(asyncio.wait_for(scenario(), 5)) == ["T-1", "T-LATE"]


def test_no_polling_without_subscribers_and_a_slow_subscriber_is_ended(
    feed: FakeFeed, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(relay_mod, "QUEUE_SIZE", 2)

    async def scenario() -> None:
        relay = ChangeRelay(None, interval_s=0.01, clock=lambda: T0)  # type: ignore[arg-type]
        await asyncio.sleep(0.05)
        assert feed.reads == 0
        async with relay.subscribe() as events:
            await asyncio.sleep(0.05)  # the relay starts from now
            for i in range(3):
                feed.entries.append(status(f"T-{i}", T0 + timedelta(seconds=1 + i)))
            await asyncio.sleep(0.1)
            await events.get()
            await events.get()
            with pytest.raises(SubscriberTooSlowError, match="subscribe again"):
                await events.get()
        reads = feed.reads
        await asyncio.sleep(0.05)
        assert feed.reads == reads

    asyncio.run(asyncio.wait_for(scenario(), 5))
