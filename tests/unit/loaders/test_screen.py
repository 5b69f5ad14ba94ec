"""The screen of canonical files (loaders.screen) says "clean" only where the full checker
would: the same coercion, no problem, a new id, references exported before; and a file it
cannot prove clean is checked again the normal way, reported by row and column, with
nothing left over from the screened attempt (bulk export, and the validation pass of a
load into the graph)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from loaders.bulk.export import BulkFile, export_files
from loaders.generator import generate
from loaders.mapping import Mapping
from loaders.pipeline import LoadOptions, load_file
from loaders.screen import RowScreen, Unscreened, _tagged, screens
from loaders.validation import RecordChecker
from ontology import load_ontology

SCREENED = ("teams", "depots", "equipment", "experts", "plans", "incidents")
ORDER = ("regions", *SCREENED)
# Values every field is tried with: text, numbers, typed text, lists, objects, nothing.
ODD_VALUES: list[Any] = [
    None,
    "",
    " ",
    "x",
    "12",
    "12.5",
    "true",
    "2024-03-01",
    "2024-03-01T08:00:00+08:00",
    "11A06",  # an old hazard id the checker translates
    "11A01",
    "cap.water-rescue",
    "tt.fire-rescue",
    "eq.ambulance",
    "510100",
    "T0000001",
    "nope",
    0,
    12,
    -1,
    12.0,
    95.5,
    2**63,
    2**70,
    1e300,
    float("nan"),
    True,
    False,
    [],
    [None],
    ["x"],
    ["11A01"],
    ["11A06"],
    ["cap.water-rescue", "11A01"],
    [{"capability": "cap.water-rescue", "level": 2}],
    [{"capability": "cap.water-rescue", "level": "2"}],
    [{"capability": "cap.nope", "level": 1}],
    [{"capability": "cap.water-rescue", "level": 9}],
    [{"target": "cap.water-rescue", "responseLevel": "I", "quantity": 2}],
    [{"target": "T0000001", "kind": "team", "responseLevel": "II"}],
    [{"target": "tt.fire-rescue", "kind": "capability", "responseLevel": "I"}],
    [{"team": "T0000001", "dispatchedAt": "2024-03-01T08:00:00+08:00"}],
    {"a": 1},
]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("screen-data")
    generate("tiny", 5, out)
    return out


def _records(data: Path, kind: str) -> list[dict[str, Any]]:
    lines = (data / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(x) for x in lines if x.strip()]


@pytest.fixture(scope="module")
def known(data: Path) -> dict[str, set[str]]:
    labels = {"regions": "Region", "teams": "Team", "depots": "Depot", "experts": "Expert"}
    return {lbl: {r["id"] for r in _records(data, kind)} for kind, lbl in labels.items()}


def _verdicts(screen: RowScreen, checker: RecordChecker, record: dict[str, Any]) -> bool:
    """Screen `record`; when it says clean, the checker must agree and coerce the same way."""
    screen.ids.clear()
    screened = copy.deepcopy(record)
    try:
        screen.check(1, screened)
    except Unscreened:
        return False
    coerced = checker.coerce(copy.deepcopy(record))
    assert checker.check(coerced) == [], record
    assert _tagged(screened) == _tagged(coerced), record
    assert not checker.translated, record
    return True


@pytest.mark.parametrize("kind", SCREENED)
def test_the_screen_says_clean_only_where_the_checker_does(
    kind: str, data: Path, known: dict[str, set[str]]
) -> None:
    screen = RowScreen(kind, known)
    checker = RecordChecker.for_kind(kind)
    records = _records(data, kind)
    assert all(_verdicts(screen, checker, r) for r in records)  # generated data is clean
    fields = [r.field for r in record_rules(kind)]
    clean = 0
    for base in records[:3]:
        for name in [*fields, "unknownField"]:
            for value in ODD_VALUES:
                clean += _verdicts(screen, checker, {**base, name: value})
    assert clean > len(fields)  # it proves some odd rows clean too (text in typed fields)


def record_rules(kind: str) -> tuple[Any, ...]:
    validator = RecordChecker.for_kind(kind).validator
    assert validator is not None
    return validator.rules


def test_ids_references_and_lines_the_normal_reader_reads_otherwise_are_not_screened(
    data: Path, known: dict[str, set[str]], tmp_path: Path
) -> None:
    screen = RowScreen("equipment", known)
    first = _records(data, "equipment")[0]
    screen.check(1, dict(first))
    with pytest.raises(Unscreened, match="repeated id"):
        screen.check(2, dict(first))
    with pytest.raises(Unscreened, match="holder"):
        screen.check(3, {**first, "id": "E-NEW", "holder": "T-NOWHERE"})
    lines = [
        json.dumps(first),
        "",  # a blank line is no row
        '{"id": "E-2",\r"nameZh": "泵"}',  # two lines for the normal reader
    ]
    path = tmp_path / "equipment.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = RowScreen("equipment", known).rows(path)
    assert next(rows)[0] == 1
    with pytest.raises(Unscreened, match="row 2: a carriage return"):
        next(rows)
    path.write_text(json.dumps({**first, "quantity": 2**64}) + "\n", encoding="utf-8")
    with pytest.raises(Unscreened, match="quantity"):  # orjson: a float, json: an int
        list(RowScreen("equipment", known).rows(path))


def test_only_canonical_json_lines_are_screened(data: Path, tmp_path: Path) -> None:
    assert screens(data / "equipment.jsonl", "equipment", None)
    assert not screens(data / "regions.jsonl", "regions", None)  # parents in the same file
    mapping = Mapping.identity("equipment")
    assert not screens(data / "equipment.jsonl", "equipment", mapping)
    gbk = tmp_path / "equipment.jsonl"
    gbk.write_bytes('{"nameZh": "泵"}\n'.encode("gb18030"))
    assert not screens(gbk, "equipment", None)


_RUN = re.compile(r"bulk-\d{8}T\d{6}-[0-9a-f]{6}|\d{4}-\d\d-\d\dT[\d:.]+\+00:00")


def _csv_files(folder: Path) -> dict[str, str]:
    return {p.name: _RUN.sub("RUN", p.read_text(encoding="utf-8")) for p in folder.iterdir()}


def test_a_screened_export_writes_what_the_normal_path_writes(data: Path, tmp_path: Path) -> None:
    files = [BulkFile(data / f"{k}.jsonl", k) for k in ORDER]
    screened = export_files(files, tmp_path / "screened", load_ontology())
    normal = export_files(files, tmp_path / "normal", load_ontology(), screen=False)
    assert screened.ok and normal.ok
    assert (screened.nodes, screened.rels) == (normal.nodes, normal.rels)
    mine = [s.to_text().replace(s.run_id, "RUN") for s in screened.summaries]
    assert mine == [s.to_text().replace(s.run_id, "RUN") for s in normal.summaries]
    assert _csv_files(tmp_path / "screened") == _csv_files(tmp_path / "normal")


def _with_lines(data: Path, kind: str, folder: Path, change: Any) -> Path:
    lines = (data / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()
    folder.mkdir(exist_ok=True)
    out = folder / f"{kind}.jsonl"
    out.write_text("\n".join(change(lines)) + "\n", encoding="utf-8")
    return out


def test_a_bad_row_falls_back_and_aborts_with_its_row_and_field(data: Path, tmp_path: Path) -> None:
    def spoil(lines: list[str]) -> list[str]:
        lines[7] = lines[7].replace('"status":"', '"status":"broken-')
        return lines

    bad = _with_lines(data, "equipment", tmp_path / "in", spoil)
    said: list[str] = []
    files = [BulkFile(data / f"{k}.jsonl", k) for k in ("regions", "teams", "depots")]
    export = export_files(
        [*files, BulkFile(bad, "equipment")], tmp_path / "csv", load_ontology(), say=said.append
    )
    assert not export.ok
    summary = export.summaries[-1]
    assert summary.aborted and summary.error_rows == 1
    assert (summary.errors[0].row, summary.errors[0].field) == (8, "status")
    assert any("row 8: status: not clean; checking the file row by row" in s for s in said)


def test_an_identical_repeated_row_is_merged_with_nothing_left_from_the_screen(
    data: Path, tmp_path: Path
) -> None:
    def repeat(lines: list[str]) -> list[str]:
        return [*lines, lines[2]]

    twice = _with_lines(data, "equipment", tmp_path / "in", repeat)
    files = [BulkFile(data / f"{k}.jsonl", k) for k in ("regions", "teams", "depots")]
    export = export_files([*files, BulkFile(twice, "equipment")], tmp_path / "csv", load_ontology())
    assert export.ok
    summary = export.summaries[-1]
    rows = len(_records(data, "equipment"))
    assert summary.rows == rows + 1 and summary.created == rows
    assert list(summary.duplicates.values()) == [2]
    equipment = tmp_path / "csv" / "nodes-Equipment.data.csv"
    assert len(equipment.read_text(encoding="utf-8").splitlines()) == rows
    held = tmp_path / "csv" / "rels-HAS_EQUIPMENT-Team-Equipment.data.csv"
    lines = held.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines))  # no relationship written twice


def _table_rows(export: Any) -> dict[str, list[str]]:
    """Every table's rows across its data files (a file in parts has several), run-neutral."""
    out = {}
    for name, table in [*export.tables.nodes.items(), *export.tables.rels.items()]:
        rows = [x for p in table.files()[1:] for x in p.read_text(encoding="utf-8").splitlines()]
        out[str(name)] = sorted(_RUN.sub("RUN", x) for x in rows)
        out[f"{name} header"] = [table.header_path.read_text(encoding="utf-8")]
    return out


def test_a_file_in_two_processes_writes_what_one_process_writes(data: Path, tmp_path: Path) -> None:
    files = [BulkFile(data / f"{k}.jsonl", k) for k in ORDER]
    one = export_files(files, tmp_path / "one", load_ontology(), parts=1)
    two = export_files(files, tmp_path / "two", load_ontology(), parts=2, parts_min_bytes=0)
    assert (tmp_path / "two" / "part-equipment" / "nodes-Equipment.data.csv").exists()
    assert two.part_rss_mib > 0
    assert (two.nodes, two.rels) == (one.nodes, one.rels)
    mine = [s.to_text().replace(s.run_id, "RUN") for s in two.summaries]
    assert mine == [s.to_text().replace(s.run_id, "RUN") for s in one.summaries]
    assert _table_rows(two) == _table_rows(one)
    equipment = two.tables.nodes["Equipment"]
    runs = {m.group(0) for p in equipment.files()[1:] for m in _RUN.finditer(p.read_text("utf-8"))}
    assert len([r for r in runs if r.startswith("bulk-")]) == 1  # one run in both halves


def test_a_bad_row_in_the_second_half_falls_back_with_its_row(data: Path, tmp_path: Path) -> None:
    def spoil(lines: list[str]) -> list[str]:
        lines[-3] = lines[-3].replace('"quantity":', '"quantity":-')
        return lines

    bad = _with_lines(data, "equipment", tmp_path / "in", spoil)
    rows = len(_records(data, "equipment"))
    said: list[str] = []
    files = [BulkFile(data / f"{k}.jsonl", k) for k in ("regions", "teams", "depots")]
    export = export_files(
        [*files, BulkFile(bad, "equipment")],
        tmp_path / "csv",
        load_ontology(),
        say=said.append,
        parts=2,
        parts_min_bytes=0,
    )
    summary = export.summaries[-1]
    assert summary.aborted and (summary.errors[0].row, summary.errors[0].field) == (
        rows - 2,
        "quantity",
    )
    assert any(f"row {rows - 2}: quantity: not clean" in s for s in said)
    assert not (tmp_path / "csv" / "part-equipment").exists()


def test_a_loads_validation_pass_screens_and_reports_as_the_normal_pass(
    data: Path, tmp_path: Path
) -> None:

    def spoil(lines: list[str]) -> list[str]:
        lines[3] = lines[3].replace('"headcount":', '"headcount":-')
        return [*lines, lines[0]]  # and an identical repeated row

    bad = _with_lines(data, "teams", tmp_path / "in", spoil)
    for path in (data / "teams.jsonl", bad):
        screened = load_file(None, "neo4j", path, LoadOptions(kind="teams", dry_run=True))
        mapped = LoadOptions(kind="teams", dry_run=True, mapping=Mapping.identity("teams"))
        normal = load_file(None, "neo4j", path, mapped)  # a mapping: never screened
        assert (
            screened.to_text().replace(screened.run_id, "R").split(";")[:-1]
            == normal.to_text().replace(normal.run_id, "R").split(";")[:-1]
        )
        assert (screened.rows, screened.valid, screened.error_rows, screened.duplicates) == (
            normal.rows,
            normal.valid,
            normal.error_rows,
            normal.duplicates,
        )
        assert [(e.row, e.field) for e in screened.errors] == [
            (e.row, e.field) for e in normal.errors
        ]
    assert screened.error_rows == 1 and screened.errors[0].row == 4
