"""Dispatch records through a mapping (loaders/mappings/dispatch-log-zh.yaml): times in the
file's own format and zone, one assignment built from several columns, the rows of one
incident gathered into one record (loaders.grouping) with the rows that disagree or send a
team twice named by their own row, the file's column for a field, and the incident shape
accepting the gathered record (a date and time needs its offset)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg.errors import UserInputError
from loaders.grouping import gather
from loaders.mapping import Mapping, parse_time
from loaders.validation import RecordChecker
from ontology.problems import Problem
from ontology.record_rules import FieldIssue

ROOT = Path(__file__).resolve().parents[3]
MAPPING = Mapping.from_file(ROOT / "loaders" / "mappings" / "dispatch-log-zh.yaml")
BEIJING = dt.timezone(dt.timedelta(hours=8))
ROW = {
    "事件编号": "LD-EQ",
    "事件名称": "泸定地震",
    "英文名称": "",
    "发生时间": "2022/09/05 12:52",
    "事件类型": "地震、滑坡",
    "纬度": "29.59",
    "经度": "102.08",
    "响应级别": "一级",
    "事件描述": "房屋倒塌",
    "队伍编号": "T-SC-0069",
    "出动时间": "2022/09/05 13:05",
    "到达时间": "",
    "撤离时间": "2022-09-06T02:00+08:00",
}


def test_times_read_in_the_files_format_and_zone_or_iso() -> None:
    fmt = ["%Y/%m/%d %H:%M"]
    assert parse_time("2022/09/05 12:52", fmt, "+08:00") == dt.datetime(
        2022, 9, 5, 12, 52, tzinfo=BEIJING
    )
    assert parse_time("2022-09-05T04:52Z", fmt, "+08:00") == dt.datetime(
        2022, 9, 5, 4, 52, tzinfo=dt.UTC
    )
    assert parse_time("2022/09/05 12:52", fmt, "-05:30").utcoffset() == dt.timedelta(
        hours=-5, minutes=-30
    )
    with pytest.raises(ValueError):
        parse_time("5.9.2022", fmt, "+08:00")


def test_a_row_becomes_an_incident_with_one_assignment() -> None:
    record, issues = MAPPING.apply(ROW)
    assert issues == []
    assert record["id"] == "LD-EQ" and record["nameEn"] == "LD-EQ"  # no English name: the id
    assert record["occurredAt"] == dt.date(2022, 9, 5)
    assert record["openedAt"] == dt.datetime(2022, 9, 5, 12, 52, tzinfo=BEIJING)
    assert record["hazardType"] == ["11C02", "11D01"] and record["responseLevel"] == "I"
    assert record["status"] == "closed"
    assert record["assignments"] == [
        {
            "team": "T-SC-0069",
            "dispatchedAt": dt.datetime(2022, 9, 5, 13, 5, tzinfo=BEIJING),
            "releasedAt": dt.datetime(2022, 9, 6, 2, 0, tzinfo=BEIJING),
        }
    ]  # a blank arrival is left out
    checker = RecordChecker.for_kind("incidents")
    assert checker.check(checker.coerce(record)) == []


def test_a_bad_time_is_named_at_the_assignments_part_and_its_column() -> None:
    record, issues = MAPPING.apply(ROW | {"出动时间": "2022/13/05 13:05"})
    assert [i.field for i in issues] == ["assignments[0].dispatchedAt"]
    assert "'2022/13/05 13:05'" in issues[0].problem.text("en")
    assert MAPPING.column_of("assignments[0].dispatchedAt") == "出动时间"
    assert MAPPING.column_of("responseLevel") == "响应级别"
    assert MAPPING.column_of("status") is None  # a constant: no column
    assert record["assignments"] is None


def test_a_time_without_offset_breaks_the_incident_shape() -> None:
    checker = RecordChecker.for_kind("incidents")
    record, _ = MAPPING.apply(ROW)
    record["assignments"][0]["dispatchedAt"] = "2022-09-05 13:05"
    issues = checker.check(checker.coerce(record))
    assert [i.field for i in issues] == ["assignments[0].dispatchedAt"]
    assert "with its offset" in issues[0].problem.text("en")
    assert "带时区" in issues[0].problem.text("zh")


def _rec(team: str, **more: object) -> dict[str, object]:
    return {"id": "LD-EQ", "nameZh": "泸定", "responseLevel": "I", **more,
            "assignments": [{"team": team}], "deployedTeams": team}  # fmt: skip


def test_rows_of_one_id_are_gathered_and_disagreeing_rows_named() -> None:
    bad = [FieldIssue("responseLevel", Problem.of("LOAD_REQUIRED"))]
    rows = [
        (1, _rec("T-1"), []),
        (2, {"id": "LD-LS", "nameZh": "滑坡", "assignments": [{"team": "T-9"}]}, []),
        (3, _rec("T-2", description="倒塌"), []),
        (4, _rec("T-3", responseLevel="II"), []),  # disagrees with row 1
        (5, _rec("T-1"), []),  # T-1 already sent on row 1
        (6, _rec("T-4"), bad),  # a bad row stays as it was
    ]
    out = gather(rows, {"assignments": "team", "deployedTeams": None})
    assert [(no, n) for no, _, _, n in out] == [(1, 2), (2, 1), (4, 1), (5, 1), (6, 1)]
    first = out[0][1]
    assert first["assignments"] == [{"team": "T-1"}, {"team": "T-2"}]
    assert first["deployedTeams"] == ["T-1", "T-2"]
    assert first["description"] == "倒塌"  # stated by a later row only
    (differs,) = out[2][2]
    assert differs.field == "responseLevel" and differs.problem.code == "LOAD_GROUP_DIFFERS"
    assert "row 1" in differs.problem.text("en") and "第 1 行" in differs.problem.text("zh")
    twice = [(i.field, i.problem.code) for i in out[3][2]]
    assert twice == [
        ("assignments[0].team", "LOAD_GROUP_TWICE"),
        ("deployedTeams", "LOAD_GROUP_TWICE"),
    ]
    assert out[4][2] == bad


def test_collect_must_name_mapped_fields() -> None:
    with pytest.raises(UserInputError, match="collect"):
        Mapping.from_dict({"kind": "incidents", "collect": ["nope"], "fields": {"id": "a"}})
    with pytest.raises(UserInputError, match="timezone"):
        Mapping.from_dict({"kind": "incidents", "fields": {"t": {"from": "a", "timezone": "CST"}}})
    with pytest.raises(UserInputError, match="object"):
        Mapping.from_dict({"kind": "incidents", "fields": {"a": {"object": {}}}})
