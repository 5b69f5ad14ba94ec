"""Drill scripts: the shipped ones are valid; a bad one is refused with its line and field."""

from __future__ import annotations

import pytest

from queries.drills.script import (
    ScriptError,
    load_script,
    parse_offset,
    parse_script,
    shipped_script,
    shipped_scripts,
)

GOOD = """\
version: 1
id: small
name: {zh: 小演练, en: Small drill}
durationHours: 4
incidents:
  - id: A
    at: 0
    name: {zh: 洪水, en: Flood}
    hazards: ["11A01"]
    location: {latitude: 30.6, longitude: 104.0}
    level: IV
events:
  - {kind: escalate, at: 1h, incident: A, level: III}
"""


def test_every_shipped_script_is_valid_and_covers_the_six_situations() -> None:
    scripts = [load_script(p) for p in shipped_scripts()]
    assert len(scripts) >= 6
    assert all(s.id == p.stem for s, p in zip(scripts, shipped_scripts(), strict=True))
    hazards = {h[:3] for s in scripts for i in s.incidents for h in i.hazards}
    # earthquake, geological cascade, flood/dam, forest fire, hazmat, rain, mine, building fire
    assert {"11C", "11D", "11A", "11G", "12D", "11B", "12B", "12G"} <= hazards
    assert any(i.cascade_of for s in scripts for i in s.incidents)
    assert any(e.kind == "roadsCut" for s in scripts for e in s.events)


def test_offsets_accept_minutes_and_hours() -> None:
    assert parse_offset(90) == 90.0
    assert parse_offset("1h30m") == 90.0
    assert parse_offset("2h") == 120.0
    assert parse_offset("45m") == 45.0
    for bad in ("soon", "-5m", -1, True, ""):
        with pytest.raises(ValueError):
            parse_offset(bad)


def test_a_good_script_parses() -> None:
    s = parse_script(GOOD)
    assert s.duration_minutes == 240.0
    assert s.events[0].at == 60.0
    assert s.policy.replan_minutes == 60  # the documented default


def _problems(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(ScriptError) as e:
        parse_script(text, "bad.yaml")
    assert str(e.value).startswith("drill script bad.yaml: ")
    return [(p.line, p.field, p.message) for p in e.value.problems]


def test_a_wrong_value_names_its_line_and_field() -> None:
    [(line, field, message)] = _problems(GOOD.replace("level: IV", "level: V"))
    assert (line, field) == (11, "incidents[0].level")
    assert "'IV'" in message


def test_an_unknown_field_and_a_bad_event_are_reported_together() -> None:
    text = GOOD.replace("    level: IV\n", "    level: IV\n    levle: III\n").replace(
        "at: 1h, incident: A", "at: soon, incident: A"
    )
    problems = _problems(text)
    assert (12, "incidents[0].levle") in [(p[0], p[1]) for p in problems]
    assert (14, "events[0].at") in [(p[0], p[1]) for p in problems]


def test_a_missing_field_points_at_its_parent() -> None:
    [(line, field, message)] = _problems(GOOD.replace('    hazards: ["11A01"]\n', ""))
    assert (line, field) == (6, "incidents[0].hazards")
    assert "required" in message.lower()


def test_references_are_checked_with_their_line() -> None:
    text = GOOD.replace("incident: A, level: III", "incident: B, level: III")
    [(line, field, message)] = _problems(text)
    assert (line, field) == (13, "events[0].incident")
    assert "no incident 'B'" in message and "have: A" in message


def test_an_event_after_the_end_and_an_empty_escalation() -> None:
    text = GOOD.replace("at: 1h, incident: A, level: III", "at: 5h, incident: A")
    problems = _problems(text)
    assert (13, "events[0].at") in [(p[0], p[1]) for p in problems]
    assert any("new level or addHazards" in p[2] for p in problems)


def test_not_yaml_names_the_line() -> None:
    [(line, _, message)] = _problems("version: 1\nid: [unclosed\n")
    assert line is not None and "not valid YAML" in message


def test_a_shipped_script_is_found_by_name_or_the_choices_are_listed() -> None:
    assert shipped_script("forest_fire_xichang").name == "forest_fire_xichang.yaml"
    with pytest.raises(Exception, match=r"choose one of: .*earthquake_luding"):
        shipped_script("tsunami")
