"""A workbench input becomes a loader record checked by the loaders' shapes, and the rows the
loaders write; no database."""

from __future__ import annotations

import pytest

from api.graphql.enums import AdminLevel, ConceptKind, Mobility, ResponseLevel, TeamStatus
from api.graphql.recommend import GeoPointInput
from api.graphql.workbench_inputs import (
    CapabilityLevelInput,
    PlanInput,
    PrescriptionInput,
    TeamInput,
)
from api.graphql.workbench_records import RecordProblems, record_edit


def _team(**over: object) -> TeamInput:
    fields: dict[str, object] = dict(
        id="T-1",
        name_zh="测试队",
        team_type="tt.water-rescue",
        status=TeamStatus.AVAILABLE,
        headcount=12,
        readiness_minutes=10,
        mobility=Mobility.GROUND,
        admin_level=AdminLevel.COUNTY,
        location=GeoPointInput(latitude=30.6, longitude=104.0),
        capabilities=[CapabilityLevelInput(capability="cap.water-rescue", level=2)],
    )
    fields.update(over)
    return TeamInput(**fields)  # type: ignore[arg-type]


def test_a_team_becomes_the_rows_a_load_writes() -> None:
    record, left_out = _team().record()
    assert record["status"] == "available" and record["latitude"] == 30.6
    assert {"dutyPhone", "leader", "radioChannel", "region", "nameEn"} <= left_out
    edit = record_edit("teams", record, create=False, keep=left_out)
    assert edit.label == "Team" and edit.row["id"] == "T-1"
    assert "dutyPhone" not in edit.row["props"], "a contact left out is kept as it is"
    assert edit.row["props"]["location"] is not None
    fields = {lk.field for lk in edit.links}
    assert fields == {"teamType", "capabilities"}, "a region left out keeps its link"
    caps = next(lk for lk in edit.links if lk.field == "capabilities")
    assert caps.rows[0]["targets"] == [{"id": "cap.water-rescue", "props": {"level": 2}}]
    assert caps.paths == {"cap.water-rescue": "capabilities[0].capability"}


def test_a_list_left_out_is_kept_and_a_null_list_clears_it() -> None:
    from strawberry import UNSET

    kept, left_out = _team(capabilities=UNSET).record()
    assert "capabilities" not in kept and "capabilities" in left_out
    cleared, left_out = _team(capabilities=None).record()
    assert cleared["capabilities"] == [] and "capabilities" not in left_out


def test_a_team_breaking_its_shape_names_every_field() -> None:
    record, _ = _team(
        headcount=0, capabilities=[CapabilityLevelInput(capability="cap.nope", level=9)]
    ).record()
    with pytest.raises(RecordProblems) as e:
        record_edit("teams", record, create=True)
    fields = sorted(i.field for i in e.value.issues)
    assert fields == ["capabilities[0].level", "headcount"], "the unknown id waits for the level"


def test_a_plans_prescriptions_link_to_the_kind_the_planner_chose() -> None:
    plan = PlanInput(
        id="P-1",
        name_zh="预案",
        level=AdminLevel.PROVINCIAL,
        covers=["11C02"],
        prescribes=[
            PrescriptionInput(level=ResponseLevel.I, kind=ConceptKind.EXPERT, target="X-1"),
            PrescriptionInput(
                level=ResponseLevel.I,
                kind=ConceptKind.CAPABILITY,
                target="cap.water-rescue",
                quantity=3,
            ),
        ],
    )
    record, _ = plan.record()
    edit = record_edit("plans", record, create=True, target_labels=plan.target_labels())
    by_label = {lk.spec.other: lk for lk in edit.links if lk.field == "prescribes"}
    assert [t["id"] for r in by_label["Expert"].rows for t in r["targets"]] == ["X-1"]
    cap = by_label["Capability"].rows[0]["targets"][0]
    assert cap == {
        "id": "cap.water-rescue",
        "props": {"responseLevel": "I", "quantity": 3, "capabilityLevel": None},
    }
    assert by_label["Capability"].replace and not by_label["Expert"].replace
