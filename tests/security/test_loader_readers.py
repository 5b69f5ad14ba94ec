"""Hostile and careless data files (issue 14, items 7, 8, 10, 11): refused or read, with an
error that says what is wrong, never a traceback, a fetch or a blow-up. No Neo4j needed."""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

import pytest

from kg.errors import UserInputError
from loaders.mapping import Mapping
from loaders.readers import read_rows
from loaders.validation import RecordChecker, RowError
from ontology.problems import Problem, TermKey

BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{b}: &{b} [{','.join(['*' + a] * 9)}]\n"
        for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "records:\n  - {id: x, nameZh: *i}\n"
)


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name
    if isinstance(data, str):
        p.write_text(data, encoding="utf-8")
    else:
        p.write_bytes(data)
    return p


# --- 7. YAML aliases ------------------------------------------------------------------


def test_yaml_aliases_in_a_data_file_are_refused_before_they_expand(tmp_path: Path) -> None:
    p = _write(tmp_path, "laughs.yaml", BILLION_LAUGHS)
    assert p.stat().st_size < 1000
    with pytest.raises(UserInputError, match=r"laughs.yaml:1: YAML anchors and aliases") as e:
        list(read_rows(p))
    assert len(str(e.value)) < 300


def test_yaml_aliases_in_a_mapping_are_refused(tmp_path: Path) -> None:
    p = _write(tmp_path, "m.yaml", "kind: teams\nfields: &f {id: id}\nother: *f\n")
    with pytest.raises(UserInputError, match="anchors and aliases"):
        Mapping.from_file(p, "teams")


def test_error_reasons_quote_at_most_200_characters_of_a_value() -> None:
    checker = RecordChecker.for_kind("teams")
    record = {"id": "T-1", "nameZh": "队", "status": "x" * 100_000}
    issues = checker.check(checker.coerce(record))
    problem = next(i.problem for i in issues if i.field == "status")
    err = RowError("t.csv", 1, "status", problem, "T-1")
    for lang in ("zh", "en"):
        assert "…" in err.text(lang) and len(err.text(lang)) < 500, err.text(lang)
    huge = Problem.of("LOAD_CONVERT", value="y" * 10_000, datatype=TermKey("datatype.integer"))
    assert len(str(RowError("t.csv", 1, "x", huge))) < 500


# --- 8. JSON-LD remote contexts ---------------------------------------------------------


def test_a_remote_json_ld_context_is_an_error_naming_it_and_nothing_is_fetched(
    tmp_path: Path,
) -> None:
    hits: list[bytes] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(3)
    port = server.getsockname()[1]

    def accept() -> None:
        try:
            conn, _ = server.accept()
            hits.append(conn.recv(1024))
            conn.close()
        except OSError:
            pass

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    url = f"http://127.0.0.1:{port}/ctx.jsonld"
    doc = {"@context": url, "@id": "http://example.org/T-1", "name": "x"}
    p = _write(tmp_path, "t.jsonld", json.dumps(doc))
    try:
        with pytest.raises(UserInputError, match="remote context") as e:
            list(read_rows(p))
        assert url in str(e.value)
    finally:
        server.close()
        t.join(timeout=5)
    assert hits == []


def test_nested_and_file_contexts_are_refused_too(tmp_path: Path) -> None:
    doc = {
        "@context": [{"ex": "http://example.org/"}],
        "@graph": [{"@context": "ctx.jsonld", "@id": "ex:a"}],
    }
    with pytest.raises(UserInputError, match=r"'ctx\.jsonld' is a remote context"):
        list(read_rows(_write(tmp_path, "t.jsonld", json.dumps(doc))))


def test_an_inline_json_ld_context_still_works(tmp_path: Path) -> None:
    doc = {
        "@context": {"name": "http://example.org/name"},
        "@id": "http://example.org/T-1",
        "name": "x",
    }
    rows = [r for _, r in read_rows(_write(tmp_path, "t.jsonld", json.dumps(doc)))]
    assert rows == [{"@id": "http://example.org/T-1", "id": "T-1", "name": "x"}]


# --- 10. every value's type checked before a write -------------------------------------


def _vocab(**extra: object) -> dict[str, object]:
    return {
        "conceptKind": "TeamType",
        "id": "tt.rtlt-9-999-1",
        "nameZh": "队",
        "nameEn": "Team",
        **extra,
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("altEn", 5),
        ("altEn", [{"a": 1}]),
        ("nameEn", {"en": "x"}),
        ("definitionZh", ["a", "b"]),
        ("rtlt", [1, 2]),
        ("deprecated", "perhaps"),
    ],
)
def test_vocabulary_values_of_the_wrong_type_are_row_errors(field: str, value: object) -> None:
    checker = RecordChecker("vocabulary", None, {}, {})
    issues = checker.check(checker.coerce(_vocab(**{field: value})))
    assert [i.field for i in issues] == [field]


def test_vocabulary_text_from_csv_becomes_the_stored_types() -> None:
    checker = RecordChecker("vocabulary", None, {}, {})
    record = checker.coerce(_vocab(altEn="Flood", deprecated="false"))
    assert record["altEn"] == ["Flood"] and record["deprecated"] is False
    assert checker.check(record) == []


def test_an_integer_neo4j_cannot_store_is_a_row_error() -> None:
    checker = RecordChecker.for_kind("teams")
    record = checker.coerce({"id": "T-1", "headcount": "9" * 30})
    assert any(i.field == "headcount" and "out of range" in i.reason for i in checker.check(record))


# --- 9. duplicate ids --------------------------------------------------------------------


def test_a_repeated_id_with_other_values_is_a_row_error_naming_the_first_row() -> None:
    checker = RecordChecker.for_kind("teams")
    checker.new_pass()
    checker.check({"id": "T-1", "nameZh": "甲"}, row=1)
    issues = checker.check({"id": "T-1", "nameZh": "乙"}, row=2)
    assert any(i.field == "id" and "row 1" in i.reason for i in issues)


def test_skip_mode_merges_a_repeated_id_and_counts_it() -> None:
    checker = RecordChecker.for_kind("teams")
    checker.merge_duplicates = True
    checker.new_pass()
    checker.check({"id": "T-1", "nameZh": "甲"}, row=1)
    issues = checker.check({"id": "T-1", "nameZh": "乙"}, row=2)
    assert not any(i.field == "id" for i in issues)
    assert checker.duplicates == {"T-1": 2}


# --- 11. encodings, BOMs, broken GeoJSON, CSV limits, overflow ---------------------------

CSV_TEXT = "id,nameZh\nT-1,成都市消防救援支队\n"


@pytest.mark.parametrize("codec", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
def test_csv_in_gbk_utf16_or_with_a_bom_is_read(tmp_path: Path, codec: str) -> None:
    p = _write(tmp_path, "t.csv", CSV_TEXT.encode(codec))
    assert [r for _, r in read_rows(p)] == [{"id": "T-1", "nameZh": "成都市消防救援支队"}]


def test_a_file_in_no_known_encoding_says_which_to_use(tmp_path: Path) -> None:
    p = _write(tmp_path, "t.csv", b"id,name\nT-1,\x80\xff\n")
    with pytest.raises(UserInputError, match="save it as UTF-8"):
        list(read_rows(p))


@pytest.mark.parametrize("name", ["t.json", "t.jsonl"])
def test_json_with_a_utf8_bom_is_read(tmp_path: Path, name: str) -> None:
    body = '{"id": "T-1"}' if name.endswith("l") else '[{"id": "T-1"}]'
    p = _write(tmp_path, name, b"\xef\xbb\xbf" + body.encode())
    assert [r for _, r in read_rows(p)] == [{"id": "T-1"}]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"type": "FeatureCollection", "features": [', "not valid JSON"),
        ("[1, 2]", "not a GeoJSON FeatureCollection"),
        ('"just text"', "not a GeoJSON FeatureCollection"),
        ('{"type": "FeatureCollection", "features": {"a": 1}}', "must be a list"),
        ('{"type": "FeatureCollection", "features": [3]}', "feature 1 is not an object"),
        (
            '{"type": "FeatureCollection", "features": [{"properties": [1]}]}',
            '"properties" must be an object',
        ),
    ],
)
def test_broken_geojson_is_a_clear_error(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(UserInputError, match=message):
        list(read_rows(_write(tmp_path, "t.geojson", body)))


def test_a_csv_field_over_the_csv_limit_is_a_clear_error(tmp_path: Path) -> None:
    p = _write(tmp_path, "t.csv", 'id,nameZh\nT-1,"' + "x" * 200_000 + '"\n')
    with pytest.raises(UserInputError, match=r"t.csv:\d+: a field is longer than"):
        list(read_rows(p))


@pytest.mark.parametrize("value", ["1.5e400", "-9.9e999"])
def test_numeric_overflow_in_a_cast_is_a_row_error(value: str) -> None:
    m = Mapping.from_dict(
        {"kind": "teams", "fields": {"id": "id", "headcount": {"from": "h", "cast": "int"}}}
    )
    record, issues = m.apply({"id": "T-1", "h": value})
    assert [i.field for i in issues] == ["headcount"] and record["headcount"] is None


def test_numeric_overflow_when_coercing_text_is_a_row_error() -> None:
    checker = RecordChecker.for_kind("teams")
    record = checker.coerce({"id": "T-1", "headcount": "9" * 400})
    assert any(i.field == "headcount" for i in checker.check(record))
