"""Validation: shape rules, coercion of text values, ontology ids with suggestions."""

from __future__ import annotations

from loaders.validation import RecordChecker, RowError
from ontology.problems import Problem

TEAM = {
    "id": "T-1",
    "nameZh": "队",
    "latitude": "30.6",
    "longitude": "104.0",
    "status": "available",
    "headcount": "12",
    "readinessMinutes": "5",
    "mobility": "ground",
    "adminLevel": "county",
    "teamType": "tt.water-rescue",
    "capabilities": [{"capability": "cap.water-rescue", "level": "2"}],
}


def test_text_from_csv_is_coerced_to_the_shape_types() -> None:
    c = RecordChecker.for_kind("teams")
    record = c.coerce(dict(TEAM, capabilities=[dict(TEAM["capabilities"][0])]))  # type: ignore[call-overload]
    assert record["headcount"] == 12 and record["latitude"] == 30.6
    assert record["capabilities"][0]["level"] == 2
    assert c.check(record) == []


def test_bad_values_are_reported_per_field() -> None:
    c = RecordChecker.for_kind("teams")
    record = c.coerce(
        dict(TEAM, headcount="many", status="sleeping", latitude="95", capabilities=[])
    )
    fields = {i.field: i.reason for i in c.check(record)}
    assert "expected an integer" in fields["headcount"]
    assert "must be one of" in fields["status"]
    assert "<= 90" in fields["latitude"]


def test_unknown_concept_ids_are_errors_with_a_suggestion() -> None:
    c = RecordChecker.for_kind("teams")
    record = c.coerce(
        dict(
            TEAM,
            teamType="tt.water-rescu",
            capabilities=[{"capability": "cap.water-rescu", "level": 1}],
        )
    )
    issues = {i.field: i.reason for i in c.check(record)}
    assert "did you mean 'tt.water-rescue'" in issues["teamType"]
    assert "did you mean 'cap.water-rescue'" in issues["capabilities[0].capability"]


def test_plans_may_prescribe_named_teams_but_not_unknown_concepts() -> None:
    c = RecordChecker.for_kind("plans")
    plan = {
        "id": "P-1",
        "nameZh": "预案",
        "level": "provincial",
        "covers": ["11A01"],
        "prescribes": [
            {"target": "T-SC-0001", "responseLevel": "I"},
            {"target": "cap.nope", "responseLevel": "II"},
        ],
    }
    issues = c.check(c.coerce(plan))
    assert [i.field for i in issues] == ["prescribes[1].target"]


def test_vocabulary_records_must_not_reuse_ontology_ids() -> None:
    c = RecordChecker.for_kind("vocabulary")
    ok = {"id": "tt.rtlt-4-508-1248", "conceptKind": "TeamType", "nameZh": "x", "nameEn": "x"}
    assert c.check(ok) == []
    issues = c.check(dict(ok, id="tt.water-rescue"))
    assert "is an ontology concept" in issues[0].reason


def test_row_error_names_file_row_field_and_reason() -> None:
    problem = Problem.of("LOAD_NOT_ONE_OF", options="available, standby", value="'ready'")
    e = RowError("teams.csv", 17, "status", problem, "T-9")
    assert (
        str(e) == "teams.csv: row 17 (T-9): status: must be one of available, standby; got 'ready'"
    )
    assert e.text("zh") == "应为以下之一：available, standby；实际为 'ready'"
    assert e.as_dict("zh")["code"] == "LOAD_NOT_ONE_OF"


def test_an_old_hazard_id_is_translated_and_counted() -> None:
    checker = RecordChecker.for_kind("plans")
    record = {"id": "P-1", "nameZh": "预案", "nameEn": "Plan", "covers": ["12F01", "11A01"]}
    checker.coerce(record)
    assert record["covers"] == ["12G03", "11A01"]
    assert checker.translated == {("12F01", "12G03"): 1}
    current = {"id": "P-2", "nameZh": "预案", "nameEn": "Plan", "covers": ["11B02"]}
    checker.coerce(current)
    assert current["covers"] == ["11B02"]  # a current code keeps its current meaning
