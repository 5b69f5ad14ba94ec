"""Every readiness reason code, produced by the code that emits it (for the catalog tests in
tests/unit/recommend/test_messages.py), from a small hand-made supply."""

from __future__ import annotations

from datetime import UTC, datetime

from queries.models import ConceptRef, GeoPoint, Reason, ResponseLevel
from queries.readiness.alert_store import ReadinessAlert, alert_reason
from queries.readiness.assess import Supply, assess_plan
from queries.readiness.model import PlanPrescriptions, Prescribed, RegionPoint, Unit

X = ConceptRef("cap.x", "X能力", "capability X")
REGION = RegionPoint(ConceptRef("R1", "甲县", "County A"), "county", GeoPoint(30.0, 104.0), ("R1",))
Caps = tuple[tuple[str, int], ...]


def team(
    tid: str,
    lat: float,
    mobility: str,
    ready: float,
    status: str = "available",
    caps: Caps = (("cap.x", 2),),
    team_type: str = "tt.a",
) -> Unit:
    name = ConceptRef(tid, f"队{tid}", f"Team {tid}")
    usable = status in ("available", "standby")
    return Unit(
        tid, name, "team", GeoPoint(lat, 104.0), status, usable, mobility, ready, team_type, caps
    )


UNITS = [
    team("A", 30.5, "ground", 10),
    team("B", 31.0, "ground", 20, caps=(("cap.x", 3),), team_type="tt.b"),
    team("C", 31.0, "air", 15, caps=(("cap.x", 1),)),
    team("D", 30.2, "ground", 10, status="deployed"),
    Unit(
        "X9",
        ConceptRef("X9", "李专家", "Expert Li"),
        "expert",
        GeoPoint(30.1, 104.0),
        "unavailable",
        False,
        ready_minutes=30,
    ),
]


def plan(*items: Prescribed, standard: float = 120.0) -> PlanPrescriptions:
    return PlanPrescriptions(
        ConceptRef("P1", "甲预案", "Plan 1"), "county", standard, False, items, ()
    )


def readiness_reasons() -> list[Reason]:
    named = [Prescribed("team", ConceptRef(t, "", t)) for t in ("A", "B", "D", "Z")]
    items = (
        Prescribed("capability", X, 1),  # READY_MET
        Prescribed("capability", X, 3),  # READY_PARTLY, READY_BLOCKED
        Prescribed("capability", X, 2, capability_level=1),  # READY_PARTLY_NONE_NEAR
        Prescribed("teamType", ConceptRef("tt.b", "乙类", "type B"), 1),  # READY_NOT_MET
        Prescribed("teamType", ConceptRef("tt.z", "无", "none"), 1),  # READY_NOT_MET_NONE_NEAR
        Prescribed("expert", ConceptRef("X9", "李专家", "Expert Li")),  # READY_NAMED_STATUS
        *named,  # READY_NAMED_TOO_FAR, READY_NAMED_STATUS, READY_NAMED_MISSING
    )
    result = assess_plan(plan(*items), REGION, ResponseLevel.I, Supply.of(UNITS), reach_km=500)
    out = [r for p in result.prescriptions for r in p.reasons]
    alert = ReadinessAlert(
        "P1|I|R1|capability:cap.x",
        ConceptRef("P1", "甲预案", "Plan 1"),
        "I",
        REGION.region,
        "capability",
        X,
        "PARTLY",
        2,
        3,
        True,
        datetime(2026, 12, 1, tzinfo=UTC),
        "E-1",
        "setTeamStatus",
        None,
    )
    out.append(alert_reason(alert))
    return out
