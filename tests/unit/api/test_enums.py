"""The API's enums say exactly what the ontology allows, and typed values read back right."""

from __future__ import annotations

import json

import pytest

from api.graphql.audit import Actor, AuditAction, AuditValue, field_changes
from api.graphql.enums import (
    AdminLevel,
    EquipmentStatus,
    GapReason,
    HazardVia,
    Mobility,
    ResponseLevel,
    TeamStatus,
    hazard_via,
    kind_of,
)
from api.graphql.scalars import to_date, to_datetime
from ontology.shapes import record_validator


def _allowed(kind: str, field: str) -> set[str]:
    rule = record_validator(kind).rule(field)
    assert rule is not None and rule.allowed
    return {str(v) for v in rule.allowed}


@pytest.mark.parametrize(
    ("enum", "kind", "field"),
    [
        (TeamStatus, "teams", "status"),
        (Mobility, "teams", "mobility"),
        (AdminLevel, "teams", "adminLevel"),
        (EquipmentStatus, "equipment", "status"),
        (ResponseLevel, "incidents", "responseLevel"),
    ],
)
def test_each_enum_is_the_ontology_list(enum: type, kind: str, field: str) -> None:
    assert {m.value for m in enum} == _allowed(kind, field)


def test_plan_and_depot_levels_are_admin_levels() -> None:
    levels = {m.value for m in AdminLevel}
    assert _allowed("plans", "level") <= levels
    assert _allowed("depots", "adminLevel") <= levels


def test_gap_reasons_are_the_recommenders() -> None:
    from pathlib import Path

    import queries.recommend as r

    source = Path(r.__file__).read_text(encoding="utf-8")
    for reason in GapReason:
        assert f'"{reason.value}"' in source, reason


def test_every_enum_value_has_a_description() -> None:
    for enum in (TeamStatus, Mobility, AdminLevel, ResponseLevel, GapReason, AuditAction):
        for v in enum.__strawberry_definition__.values:  # type: ignore[attr-defined]
            assert v.description, (enum.__name__, v.name)


def test_hazard_via_reads_cascades() -> None:
    assert hazard_via("cascade from 11C02") is HazardVia.CASCADE
    assert hazard_via("code") is HazardVia.CODE


def test_every_via_the_reader_and_the_explainer_know_is_an_enum_value() -> None:
    """A via without a value made recommendForces fail (INTERNAL) for a description read
    by meaning or from people trapped; the explainer's via names are the reader's."""
    import inspect
    import re as regex

    from queries import explain
    from queries.understanding import parse

    reader = set(regex.findall(r'ResolvedHazard\([^"]*"(\w+)"', inspect.getsource(parse)))
    explained = set(regex.findall(r'h\.via == "(\w+)"', inspect.getsource(explain)))
    assert {"mention", "paraphrase", "judge", "fact"} <= reader and explained <= reader
    for via in reader | explained | {"code"}:
        assert hazard_via(via).value == via
    assert kind_of("hazard").value == "HazardType"
    assert kind_of("Team").value == "Team"
    with pytest.raises(ValueError):
        kind_of("spaceship")


def test_actor_text_becomes_structured() -> None:
    a = Actor.parse("alice (planner, key ab12)")
    assert (a.name, a.role and a.role.value, a.key_id) == ("alice", "planner", "ab12")
    assert Actor.parse("loader").role is None


def test_field_changes_are_typed_and_capped() -> None:
    before = json.dumps({"status": "available", "weight": 0.5})
    after = json.dumps({"status": "deployed", "weight": 0.5, "altEn": ["x"] * 80, "n": "y" * 5000})
    changes = {c.field: c for c in field_changes(before, after)}
    assert set(changes) == {"status", "altEn", "n"}  # weight did not change
    assert changes["status"].before and changes["status"].before.text == "available"
    alt = changes["altEn"].after
    assert alt and alt.items is not None and len(alt.items) == 50 and alt.truncated
    long = changes["n"].after
    assert long and long.text is not None and len(long.text) == 1000 and long.truncated
    assert AuditValue.of(3) and AuditValue.of(3).number == 3.0  # type: ignore[union-attr]
    assert field_changes("null", json.dumps("x"))[0].field == "value"


def test_dates_parse_from_stored_text() -> None:
    assert str(to_date("2024-01-01")) == "2024-01-01"
    assert to_date("not a date") is None
    dt = to_datetime("2026-12-01T06:48:46.123456789Z")
    assert dt is not None and dt.microsecond == 123456 and dt.tzinfo is not None


def test_concept_kind_lists_every_kind_the_catalog_knows() -> None:
    # The SDL enum is typed by hand (GraphQL needs it static); the catalog's kinds come from
    # core.ttl and shapes.ttl: a kind added to the ontology must be added here too.
    from api.graphql.enums import ConceptKind
    from queries.catalog.nodes import KINDS

    assert sorted(c.value for c in ConceptKind) == sorted(KINDS)


def test_the_load_commands_kinds_are_the_record_kinds_and_vocabulary() -> None:
    # `emkg load --kind` types its choices so that `--help` does not parse the shapes.
    from api.cli.cmd_load import KINDS as CLI_KINDS
    from loaders.records import KINDS

    assert sorted(CLI_KINDS) == sorted(KINDS)
