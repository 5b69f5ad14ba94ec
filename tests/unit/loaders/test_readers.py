"""Readers: every format yields numbered dict rows; CSV/JSONL stream."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import UserInputError
from loaders.readers import read_rows


def test_csv_rows_are_numbered_from_one_and_empty_cells_are_absent(tmp_path: Path) -> None:
    p = tmp_path / "t.csv"
    p.write_text("id,name,headcount\nA,Alpha,3\nB,,\n", encoding="utf-8")
    rows = list(read_rows(p))
    assert rows == [
        (1, {"id": "A", "name": "Alpha", "headcount": "3"}),
        (2, {"id": "B", "name": None, "headcount": None}),
    ]


def test_jsonl_skips_blank_lines_and_names_a_bad_line(tmp_path: Path) -> None:
    p = tmp_path / "t.jsonl"
    p.write_text('{"id": "A"}\n\n{"id": "B"}\n', encoding="utf-8")
    assert [r for _, r in read_rows(p)] == [{"id": "A"}, {"id": "B"}]
    p.write_text('{"id": "A"}\n{oops\n', encoding="utf-8")
    with pytest.raises(UserInputError, match=r"t.jsonl:2: not valid JSON"):
        list(read_rows(p))


def test_json_and_yaml_take_the_records_list(tmp_path: Path) -> None:
    j = tmp_path / "t.json"
    j.write_text(json.dumps({"meta": {}, "records": [{"id": "A"}, {"id": "B"}]}), "utf-8")
    assert [r["id"] for _, r in read_rows(j, records_path="records")] == ["A", "B"]
    assert [r["id"] for _, r in read_rows(j)] == ["A", "B"]  # the only list in the document
    y = tmp_path / "t.yaml"
    y.write_text("- {id: A}\n- {id: B}\n", encoding="utf-8")
    assert [n for n, _ in read_rows(y)] == [1, 2]
    with pytest.raises(UserInputError, match="no 'nope' list"):
        list(read_rows(j, records_path="nope"))


def test_geojson_features_keep_properties_and_geometry(tmp_path: Path) -> None:
    p = tmp_path / "t.geojson"
    p.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "id": "node/1",
                        "properties": {"name": "X"},
                        "geometry": {"type": "Point", "coordinates": [8.5, 47.3]},
                    }
                ],
            }
        ),
        "utf-8",
    )
    [(n, row)] = list(read_rows(p))
    assert n == 1 and row["id"] == "node/1" and row["properties"]["name"] == "X"
    assert row["geometry"]["coordinates"] == [8.5, 47.3]


def test_turtle_subjects_become_rows_keyed_by_local_names(tmp_path: Path) -> None:
    p = tmp_path / "t.ttl"
    p.write_text(
        "@prefix ex: <https://example.org/> .\n"
        'ex:T1 ex:nameEn "Team one" ; ex:headcount 12 ; ex:teamType ex:water .\n',
        encoding="utf-8",
    )
    [(_, row)] = list(read_rows(p))
    assert row["id"] == "T1" and row["nameEn"] == "Team one" and row["headcount"] == 12
    assert row["teamType"] == "water"


def test_unknown_extension_says_how_to_fix(tmp_path: Path) -> None:
    p = tmp_path / "t.xlsx"
    p.write_text("x", encoding="utf-8")
    with pytest.raises(UserInputError, match="set `format:` in the mapping"):
        list(read_rows(p))
