"""The schema check's own logic: findings map to the module that defines them, and every
declared breaking change names a field of the generated schema."""

from __future__ import annotations

import json

from api.graphql.schema_lint import ROOT, STRICT_MODULES, locate, owners
from api.graphql.sdl import current_sdl


def test_lines_map_to_types_and_fields() -> None:
    sdl = 'type A {\n  """x"""\n  f: Int\n}\n\nenum E {\n  ONE\n}\n'
    where = locate(sdl)
    assert where[1] == ("A", None)
    assert where[3] == ("A", "f")
    assert where[7] == ("E", "ONE")


def test_owners_name_the_defining_modules() -> None:
    types, roots = owners()
    assert types["Team"] == "api.graphql.entities"
    assert types["TeamStatus"] == "api.graphql.enums"
    assert roots["Query.teams"] == "api.graphql.catalog"
    assert roots["Mutation.updateTeamStatus"] == "api.graphql.curation_payloads"
    assert {types["Team"], roots["Query.teams"]} <= STRICT_MODULES


def test_declared_breaking_changes_name_real_fields_with_reasons() -> None:
    declared = json.loads((ROOT / "api" / "schema-changes.json").read_text(encoding="utf-8"))
    sdl = current_sdl()
    for change in declared["breaking"]:
        type_name, field_name = change["path"].split(".")
        assert f"\n  {field_name}(" in sdl or f"\n  {field_name}:" in sdl, change
        assert type_name in ("Query", "Mutation") or f"type {type_name} " in sdl
        assert len(change["reason"]) > 20
