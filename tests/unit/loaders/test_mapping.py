"""Mappings: rename, constants, templates, value maps, casts, geometry, lists, defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import UserInputError
from loaders.mapping import Mapping, MappingContext, get_path, render
from tests.unit.loaders.samples import CAPABILITIES_FROM_CAPS

FEATURE = {
    "id": "node/42",
    "properties": {"name": "Feuerwehr X", "kind": "heli"},
    "geometry": {"coordinates": [8.54, 47.29]},
}


def test_paths_reach_nested_values_and_list_items() -> None:
    assert get_path(FEATURE, "geometry.coordinates[1]") == 47.29
    assert get_path(FEATURE, "geometry.coordinates[5]") is None
    assert get_path({"addr:city": "Uster"}, "addr:city") == "Uster"
    assert get_path({"a.b": 1}, "a.b") == 1


def test_template_with_slug_and_missing_value() -> None:
    assert render("osm-{id|slug}", FEATURE) == "osm-node-42"
    assert render("{properties.nope}-x", FEATURE) is None


def test_full_mapping_of_a_row() -> None:
    m = Mapping.from_dict(
        {
            "kind": "teams",
            "fields": {
                "id": {"template": "osm-{id|slug}"},
                "nameZh": {"from": ["properties.missing", "properties.name"]},
                "latitude": {"from": "geometry.coordinates[1]", "cast": "float"},
                "mobility": {
                    "from": "properties.kind",
                    "map": {"heli": "air"},
                    "otherwise": "ground",
                },
                "status": {"from": "properties.state", "default": "available"},
                "headcount": {"const": "12", "cast": "int"},
                "teamType": {"const": "tt.fire-rescue"},
                "capabilities": {"typical_of": "teamType"},
            },
        }
    )
    ctx = MappingContext({"tt.fire-rescue": ({"capability": "cap.water-rescue", "level": 3},)})
    record, issues = m.apply(FEATURE, ctx)
    assert issues == []
    assert record == {
        "id": "osm-node-42",
        "nameZh": "Feuerwehr X",
        "latitude": 47.29,
        "mobility": "air",
        "status": "available",
        "headcount": 12,
        "teamType": "tt.fire-rescue",
        "capabilities": [{"capability": "cap.water-rescue", "level": 3}],
    }


def test_split_into_objects_with_casts() -> None:
    m = Mapping.from_dict(
        {
            "kind": "teams",
            "fields": {"capabilities": CAPABILITIES_FROM_CAPS},
        }
    )
    record, _ = m.apply({"caps": "cap.water-rescue:1; cap.dive-rescue:2"})
    assert record["capabilities"] == [
        {"capability": "cap.water-rescue", "level": 1},
        {"capability": "cap.dive-rescue", "level": 2},
    ]


def test_helper_fields_feed_templates_and_are_dropped() -> None:
    m = Mapping.from_dict(
        {
            "kind": "vocabulary",
            "fields": {
                "_prefix": {"from": "k", "map": {"Equipment": "eq"}, "otherwise": "tt"},
                "id": {"template": "{$._prefix}.rtlt-{fid}"},
            },
        }
    )
    assert m.apply({"k": "Equipment", "fid": "4-1"})[0] == {"id": "eq.rtlt-4-1"}
    assert m.apply({"k": "Team", "fid": "2-1"})[0] == {"id": "tt.rtlt-2-1"}


def test_a_failed_cast_is_a_field_issue_not_a_crash() -> None:
    m = Mapping.from_dict({"kind": "teams", "fields": {"headcount": {"from": "n", "cast": "int"}}})
    record, issues = m.apply({"n": "many"})
    assert record["headcount"] is None
    assert issues[0].field == "headcount" and "cannot convert" in issues[0].reason


def test_where_selects_rows() -> None:
    m = Mapping.from_dict(
        {"kind": "teams", "where": {"t": ["a", "b"], "x.y": 1}, "fields": {"id": "id"}}
    )
    assert m.selects({"t": "a", "x": {"y": 1}})
    assert not m.selects({"t": "c", "x": {"y": 1}})
    assert not m.selects({"t": "a", "x": {"y": 2}})


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"kind": "teams"}, "needs a `fields:` table"),
        ({"kind": "teams", "fields": {"id": {"konst": 1}}}, "needs one of from"),
        ({"kind": "teams", "fields": {"id": {"from": "a", "cats": "int"}}}, "unknown option"),
        ({"kind": "teams", "fields": {"id": {"from": "a", "cast": "integer"}}}, "cast must be"),
        ({"kind": "teams", "fields": {"id": {"template": "{a|shout}"}}}, "unknown template filter"),
    ],
)
def test_bad_mappings_say_what_to_fix(doc: dict[str, object], message: str) -> None:
    with pytest.raises(UserInputError, match=message):
        Mapping.from_dict(doc)


def test_shipped_mappings_parse() -> None:
    folder = Path(__file__).resolve().parents[3] / "loaders" / "mappings"
    files = sorted(folder.glob("*.yaml"))
    assert len(files) >= 4
    for f in files:
        assert Mapping.from_file(f).fields
