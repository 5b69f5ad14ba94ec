"""Plan versions without a database: the diff between two versions, worked out by hand,
and the order of a plan's history along SUPERSEDES."""

from __future__ import annotations

import datetime as dt

from queries.catalog.plan_diff import FieldChange, PlanRecord, Prescribed, plan_diff
from queries.catalog.plan_versions import PlanVersion, order_versions


def _plan(
    pid: str, version: str, prescribes: tuple[Prescribed, ...], **fields: object
) -> PlanRecord:
    return PlanRecord(
        id=pid,
        fields={"nameZh": "地震应急预案", "version": version, **fields},
        covers=("11C02",),
        regions=("510000",),
        prescribes=prescribes,
    )


def test_diff_names_each_field_and_prescription_change() -> None:
    boats = Prescribed("I", "cap.water-rescue", "Capability", quantity=4)
    team = Prescribed("I", "T-1", "Team")
    expert = Prescribed("II", "X-1", "Expert")
    older = _plan("P-1", "2012", (boats, team, expert), effectiveDate=dt.date(2012, 8, 28))
    newer = PlanRecord(
        id="P-1.v2025",
        fields={
            "nameZh": "地震应急预案",
            "version": "2025",
            "effectiveDate": "2025-03-01",
            "issuer": "",
        },
        covers=("11C02", "11C04"),
        regions=(),
        prescribes=(
            Prescribed("I", "cap.water-rescue", "Capability", quantity=6),
            Prescribed("I", "T-1", "Team", quantity=1),  # one is what absent meant
            Prescribed("III", "eq.fire-engine", "EquipmentType", quantity=20),
        ),
    )
    d = plan_diff(older, newer)
    assert d.fields == (
        FieldChange("version", "2012", "2025"),
        FieldChange("effectiveDate", "2012-08-28", "2025-03-01"),
    ), "empty text is no value, and dates compare as ISO text"
    assert (d.covers_added, d.covers_removed) == (("11C04",), ())
    assert (d.regions_added, d.regions_removed) == ((), ("510000",))
    assert [(p.response_level, p.target, p.change) for p in d.prescriptions] == [
        ("I", "cap.water-rescue", "changed"),
        ("II", "X-1", "removed"),
        ("III", "eq.fire-engine", "added"),
    ]
    changed = d.prescriptions[0]
    assert (
        changed.before and changed.before.quantity,
        changed.after and changed.after.quantity,
    ) == (4, 6)
    assert not d.empty


def test_a_version_compared_with_itself_has_no_difference() -> None:
    p = _plan("P-1", "1", (Prescribed("IV", "tt.fire-rescue", "TeamType", quantity=2),))
    assert plan_diff(p, p).empty
    level_only = _plan(
        "P-2",
        "1",
        (Prescribed("IV", "tt.fire-rescue", "TeamType", quantity=2, capability_level=2),),
    )
    assert [c.change for c in plan_diff(p, level_only).prescriptions] == ["changed"]


def _v(pid: str, supersedes: str | None, current: bool = False) -> PlanVersion:
    return PlanVersion(pid, "预案", "Plan", None, None, current, supersedes, None, None)


def test_history_runs_newest_first_along_supersedes() -> None:
    versions = [_v("P-1", None), _v("P-1.v3", "P-1.v2", True), _v("P-1.v2", "P-1")]
    assert [v.id for v in order_versions(versions)] == ["P-1.v3", "P-1.v2", "P-1"]
    assert [v.id for v in order_versions([_v("P-9", None, True)])] == ["P-9"]
