"""Replay pieces without a graph: statuses at a past time from audit entries, past
incidents as a drill script with the actual sorties, and what EMKG adds and drops."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from queries.drills.history import DispatchHistory, PastDispatch, PastIncident
from queries.drills.past import parse_past_incident, statuses_at, team_changes
from queries.drills.records import NeedRecord, Sortie
from queries.drills.replay import compare, replay_of
from queries.drills.strategies import Strategy, parse_strategies

T0 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def entry(minutes: float, action: str, target: str, before: object, after: object) -> dict:
    return {
        "at": at(minutes),
        "action": action,
        "target": target,
        "before": json.dumps(before),
        "after": json.dumps(after),
    }


ENTRIES = [
    entry(-60, "setTeamStatus", "T-1", {"status": "available"}, {"status": "unavailable"}),
    entry(30, "setTeamStatus", "T-1", {"status": "unavailable"}, {"status": "available"}),
    entry(
        40,
        "incident.dispatched",
        "INC-1",
        {"status": "open", "teams": {"T-2": "standby", "T-3": "available"}},
        {"status": "dispatched", "teams": ["T-2", "T-3"]},
    ),
    entry(
        45,
        "incident.dispatch_undone",
        "INC-1",
        {"status": "dispatched", "teams": {"T-3": "deployed"}},
        {"status": "open", "teams": {"T-3": "available"}},
    ),
    entry(
        90,
        "team.released",
        "INC-1",
        {"team": "T-2", "status": "deployed"},
        {"team": "T-2", "status": "available"},
    ),
    entry(95, "catalog.edit", "11A01", {}, {}),
]


def test_status_changes_are_read_from_every_kind_of_audit_entry() -> None:
    changes = team_changes(ENTRIES)
    assert [(c.team, c.before, c.after, c.action) for c in changes] == [
        ("T-1", "available", "unavailable", "setTeamStatus"),
        ("T-1", "unavailable", "available", "setTeamStatus"),
        ("T-2", "standby", "deployed", "incident.dispatched"),
        ("T-3", "available", "deployed", "incident.dispatched"),
        ("T-3", "deployed", "available", "incident.dispatch_undone"),
        ("T-2", "deployed", "available", "team.released"),
    ]


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (0, {"T-1": "unavailable", "T-2": "standby", "T-3": "available"}),
        (42, {"T-2": "deployed", "T-3": "deployed"}),
        (60, {"T-2": "deployed"}),
        (100, {}),  # nothing changed since: today's statuses hold
        (-120, {"T-1": "available", "T-2": "standby", "T-3": "available"}),
    ],
)
def test_a_team_s_status_then_is_the_before_of_its_first_change_after(
    minutes: float, expected: dict[str, str]
) -> None:
    assert statuses_at(team_changes(ENTRIES), at(minutes)) == expected


Sent = list[tuple[str, float, float | None]]


def _incident(iid: str, minutes: float, sent: Sent) -> PastIncident:
    return PastIncident(
        id=iid, name_zh=f"{iid}事件", name_en=f"Incident {iid}", occurred_at=at(minutes),
        hazards=("11A01",), latitude=30.0, longitude=104.0, level="III", description=None,
        dispatches=tuple(
            PastDispatch(t, at(d), at(a) if a is not None else None) for t, d, a in sent
        ),
    )  # fmt: skip


def test_past_incidents_become_a_script_and_the_actual_sorties() -> None:
    history = DispatchHistory(
        (
            _incident("A", 0, [("T-1", 10, 40), ("T-2", 20, None)]),
            _incident("B", 90, [("T-1", 100, None)]),
        ),
        "county log 2026.csv",
    )
    r = replay_of(history)
    s = r.script
    assert s.id == "replay-county-log-2026.csv" and s.duration_hours == 12  # at least 12 h
    assert s.name.zh == "复盘：A事件 等 2 起事件" and s.name.en == "Replay: Incident A and 1 more"
    assert [(i.id, i.at, i.level) for i in s.incidents] == [("A", 0.0, "III"), ("B", 90.0, "III")]
    assert [(a.incident, a.team, a.dispatched, a.arrives) for a in r.actual] == [
        ("A", "T-1", 10.0, 40.0),
        ("A", "T-2", 20.0, None),
        ("B", "T-1", 100.0, None),
    ]
    long = DispatchHistory((_incident("A", 0, [("T-1", 20 * 60, None)]),), "x")
    assert replay_of(long).script.duration_hours == 22  # the last time + 2 h


def test_an_emkg_incident_with_its_assignments_is_a_past_incident() -> None:
    inc = parse_past_incident(
        {
            "id": "INC-1", "nameZh": "洪水", "nameEn": None, "openedAt": T0,
            "hazardCodes": ["11A01"], "latitude": 30.0, "longitude": 104.0,
            "responseLevel": "II", "description": "10 人被困",
            "assignments": [
                {"team": "T-2", "dispatchedAt": at(30), "etaMinutes": 25.5, "releasedAt": None},
                {"team": "T-1", "dispatchedAt": at(10), "etaMinutes": None,
                 "releasedAt": at(200)},
            ],
        }
    )  # fmt: skip
    assert inc.name_en == "INC-1" and inc.occurred_at == T0
    assert [(d.team, d.dispatched_at, d.arrived_at, d.released_at) for d in inc.dispatches] == [
        ("T-1", at(10), None, at(200)),
        ("T-2", at(30), at(55.5), None),
    ]


def _sortie(team: str, arrives: float, covers: list[str]) -> Sortie:
    return Sortie(team, f"{team}队", f"Team {team}", "ground", "A", covers, 30.0, 104.0,
                  30.0, 104.0, 10.0, 0.0, arrives, 60.0)  # fmt: skip


def _need(cap: str, first: float | None) -> NeedRecord:
    n = NeedRecord("A", cap, f"{cap}能力", f"{cap} capability", 1.0, 1, 0.0)
    n.first_arrival = first
    return n


def test_compare_names_the_teams_added_and_dropped_and_why() -> None:
    actual = [_sortie("T-1", 50, ["w"]), _sortie("T-2", 30, []), _sortie("T-3", 20, ["e"])]
    emkg = [_sortie("T-3", 20, ["e"]), _sortie("T-4", 25, ["w", "m"])]
    c = compare(
        "A",
        actual,
        emkg,
        [_need("w", 50), _need("e", 20), _need("m", None)],
        [_need("w", 25), _need("e", 20), _need("m", 25)],
    )
    assert c.kept == ("T-3",)
    [added] = c.added
    assert added.team == "T-4"
    assert [r.code for r in added.reasons] == ["REPLAY_WHY_ADDED", "REPLAY_WHY_ADDED_UNMET"]
    assert [x.id for x in added.reasons[1].param("needs")] == ["m"]  # type: ignore[union-attr]
    why = {v.team: [r.code for r in v.reasons] for v in c.dropped}
    assert why == {"T-1": ["REPLAY_WHY_SOONER"], "T-2": ["REPLAY_WHY_NO_NEED"]}
    assert (c.first_unit_actual, c.first_unit_emkg) == (35.0, 23.3)


def test_actual_is_only_for_replays() -> None:
    with pytest.raises(ValueError, match="only a replay"):
        parse_strategies("emkg,actual")
    assert parse_strategies("closest") == [Strategy.CLOSEST]
