"""What an audit entry says the units were before a change, and which prescriptions it broke
(queries/readiness/alerts.py, pure)."""

from __future__ import annotations

import json

from queries.catalog.models import AuditEntry
from queries.models import ConceptRef, GeoPoint, ResponseLevel
from queries.readiness.alerts import alert_id, as_before, breaks, change_of, patched
from queries.readiness.assess import Supply, assess_plan
from queries.readiness.model import Prescribed, Unit
from tests.unit.readiness.samples import REGION, UNITS, X, plan


def entry(action: str, target: str, before: object, after: object) -> AuditEntry:
    return AuditEntry(
        "20261201T100000000000Z-abcd",
        "2026-12-01T10:00:00Z",
        "desk (commander, key k)",
        action,
        target,
        json.dumps(before),
        json.dumps(after),
    )


def test_a_status_change_says_the_team_was_available() -> None:
    c = change_of(entry("setTeamStatus", "A", {"status": "available"}, {"status": "deployed"}))
    assert c.units == ("A",) and c.before == {"A": {"status": "available"}}


def test_a_dispatch_names_every_team_and_its_old_status() -> None:
    c = change_of(
        entry(
            "incident.dispatched",
            "INC-1",
            {"status": "open", "teams": {"A": "standby", "C": "available"}},
            {"status": "dispatched", "teams": ["A", "C"]},
        )
    )
    assert c.before["A"] == {"status": "standby"} and c.before["C"] == {"status": "available"}
    assert "INC-1" in c.mentioned


def test_a_capability_level_edit_on_a_link_restores_the_old_level() -> None:
    c = change_of(entry("setTeamCapability", "C->cap.x", {"level": 1}, {"level": 3}))
    lowered = next(u for u in UNITS if u.id == "C")
    lowered = Unit(**{**lowered.__dict__, "capabilities": (("cap.x", 3),)})
    assert dict(patched(lowered, c.before["C"]).capabilities) == {"cap.x": 1}


def test_equipment_follows_its_holders_old_status() -> None:
    stock = Unit(
        "E3",
        ConceptRef("E3", "泵", "pump"),
        "equipment",
        GeoPoint(30.5, 104.0),
        "ready",
        False,
        equipment_type="eq.pump",
        quantity=4,
        holder=ConceptRef("A", "甲队", "Team A"),
        holder_usable=False,
    )
    c = change_of(entry("setTeamStatus", "A", {"status": "available"}, {"status": "unavailable"}))
    (was,) = as_before([stock], c)
    assert was.usable and was.holder_usable


def test_breaks_only_what_was_met_and_is_not_now() -> None:
    need_one = plan(Prescribed("capability", X, 1), Prescribed("capability", X, 3))
    now_units = [u for u in UNITS if u.id != "C"]  # C (the only air team) went away
    before = assess_plan(need_one, REGION, ResponseLevel.I, Supply.of(UNITS)).prescriptions
    after = assess_plan(need_one, REGION, ResponseLevel.I, Supply.of(now_units)).prescriptions
    # one unit: A still comes in time (MET both times); three: PARTLY before and after
    assert [breaks(b, a) for b, a in zip(before, after, strict=True)] == [False, False]
    only = [u for u in now_units if u.id != "A"]
    after = assess_plan(need_one, REGION, ResponseLevel.I, Supply.of(only)).prescriptions
    assert [breaks(b, a) for b, a in zip(before, after, strict=True)] == [True, False]
    assert alert_id("P1", "I", "R1", before[0].prescribed.key) == "P1|I|R1|capability:cap.x"


def test_changes_merge_into_the_state_before_the_first_named_after_the_last() -> None:
    from queries.readiness.alerts import Change, merged

    first = Change("e1", "setTeamStatus", ("A",), {"A": {"status": "available"}}, ("A",))
    second = Change(
        "e2",
        "setTeamCapability",
        ("A", "B"),
        {"A": {"status": "unavailable", "capability": ("cap.x", 2)}, "B": {}},
        ("A", "B", "cap.x"),
    )
    third = Change("e3", "setTeamStatus", ("B",), {"B": {"status": "standby"}}, ("B",))
    m = merged([first, second, third])
    assert (m.entry_id, m.action) == ("e3", "setTeamStatus")
    assert m.units == ("A", "B") and m.mentioned == ("A", "B", "cap.x")
    # each field as the first change that touched it says: the state before them all
    assert m.before == {
        "A": {"status": "available", "capability": ("cap.x", 2)},
        "B": {"status": "standby"},
    }
    assert merged([first]) == first
