"""Bulk load, the parts without a server: CSV cells and types, remembered verdicts, the
importer's command line, the files a folder offers and the refusal of an external server."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from neo4j.spatial import WGS84Point

from api.cli.bulk_load import bulk_files
from kg.errors import UserInputError
from kg.neo4j_local.admin_import import import_command
from kg.settings import Settings
from loaders.bulk.columns import ARRAY_DELIMITER, BulkDataError, Column
from loaders.bulk.export import BulkFile, export_files
from loaders.bulk.run import require_local
from loaders.generator import generate
from loaders.validation import RecordChecker
from loaders.verdicts import MemoValidator, memoize_checker
from ontology import load_ontology
from ontology.shapes import record_validator
from tests.unit.loaders.samples import TEAM


def test_cells_and_header_types() -> None:
    assert Column("n").cell(None) == ""
    name = Column("nameZh")
    assert name.cell('队 "一"') == '"队 ""一"""'
    assert name.header() == "nameZh:string"
    loc = Column("location")
    assert loc.cell(WGS84Point((104.06, 30.67))) == '"{longitude:104.06,latitude:30.67}"'
    assert loc.header() == "location:point{crs:WGS-84}"
    when = Column("effectiveDate")
    assert when.cell(dt.date(2024, 3, 1)) == "2024-03-01" and when.header() == "effectiveDate:date"
    ok = Column("retired")
    assert ok.cell(False) == "false" and ok.header() == "retired:boolean"
    alt = Column("altZh")
    assert alt.cell(["甲", "乙"]) == f'"甲{ARRAY_DELIMITER}乙"' and alt.header() == "altZh:string[]"


def test_whole_numbers_among_decimals_become_decimals() -> None:
    lat = Column("minLatitude")
    lat.cell(30)
    assert lat.header() == "minLatitude:long"
    assert lat.cell(30.5) == "30.5" and lat.header() == "minLatitude:double"
    assert lat.cell(31) == "31.0"


def test_a_column_of_two_types_is_refused_with_what_to_do() -> None:
    col = Column("headcount")
    col.cell(12)
    with pytest.raises(BulkDataError, match=r"one type per property.*without --bulk"):
        col.cell("twelve")
    with pytest.raises(BulkDataError, match=r"U\+001F"):
        Column("altZh").cell([f"a{ARRAY_DELIMITER}b"])


def test_multiline_text_is_noticed() -> None:
    col = Column("profileZh")
    col.cell("one line")
    assert not col.multiline
    col.cell("two\nlines")
    assert col.multiline


def test_remembered_verdicts_equal_the_shapes_verdicts() -> None:
    shape = record_validator("teams")
    memo = MemoValidator.wrap(shape)
    good = {**TEAM, "nameEn": "Team", "teamType": "tt.fire-rescue", "region": "510100"}
    bad = [
        {**good, "status": "asleep"},
        {**good, "headcount": "12"},
        {**good, "headcount": 12.0},
        {**good, "headcount": True},
        {**good, "capabilities": [{"capability": "cap.water-rescue", "level": 9}]},
        {**good, "latitude": 95.0},
    ]
    for record in [good, *bad, good, *bad]:  # twice: the second answers come from memory
        assert memo.validate(record) == shape.validate(record)
    assert not memo.validate(good)
    assert all(memo.validate(r) for r in bad)


def test_memoized_checker_keeps_duplicate_and_concept_checks() -> None:
    checker = memoize_checker(RecordChecker.for_kind("equipment"))
    assert isinstance(checker.validator, MemoValidator)
    row = {
        "id": "E1",
        "nameZh": "泵",
        "nameEn": "Pump",
        "quantity": 2,
        "status": "ready",
        "equipmentType": "eq.nope",
        "holder": "T1",
    }
    assert [i.field for i in checker.check(row, row=1)] == ["equipmentType"]
    changed = {**row, "equipmentType": "eq.scba", "quantity": 3}
    assert [i.field for i in checker.check(changed, row=2)] == ["id"]


def test_import_command_names_the_database_before_the_file_groups(tmp_path: Path) -> None:
    h, d = tmp_path / "h.csv", tmp_path / "d.csv"
    cmd = import_command(
        "java",
        tmp_path,
        "neo4j",
        [("Team", [h, d])],
        [("BASED_IN", [h, d])],
        array_delimiter="U+001F",
        multiline=True,
        report_file=tmp_path / "r",
    )
    full = cmd.index("full")
    assert cmd[full + 1] == "neo4j"
    assert f"--nodes=Team={h},{d}" in cmd and f"--relationships=BASED_IN={h},{d}" in cmd
    assert "--multiline-fields=true" in cmd and "--overwrite-destination=true" in cmd


def test_import_command_maps_the_class_archive_before_the_class_path(tmp_path: Path) -> None:
    archive = f"-XX:SharedArchiveFile={tmp_path / 'a.jsa'}"
    cmd = import_command(
        "java",
        tmp_path,
        "neo4j",
        [],
        [],
        array_delimiter="U+001F",
        multiline=False,
        report_file=tmp_path / "r",
        jvm_options=[archive, "-Xshare:auto"],
    )
    assert cmd.index(archive) < cmd.index("-cp") < cmd.index("org.neo4j.cli.AdminTool")


def test_an_external_server_is_refused() -> None:
    external = Settings.from_env({"NEO4J_URI": "neo4j://db:7687", "NEO4J_PASSWORD": "x"})
    with pytest.raises(UserInputError, match="bulk import needs the local store"):
        require_local(external)
    require_local(Settings.from_env({}))


def test_a_folder_offers_its_kind_files(tmp_path: Path) -> None:
    generate("tiny", 2, tmp_path)
    files = bulk_files(tmp_path, None, None, None)
    assert [f.kind for f in files][:3] == ["regions", "teams", "depots"]
    with pytest.raises(UserInputError, match="--kind"):
        bulk_files(tmp_path / "teams.jsonl", None, None, None)
    assert bulk_files(tmp_path / "teams.jsonl", "teams", None, None)[0].kind == "teams"
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(UserInputError, match="no data file named after a record kind"):
        bulk_files(empty, None, None, None)


def test_export_writes_every_valid_row_and_resolves_links(tmp_path: Path) -> None:
    data = tmp_path / "data"
    generate("tiny", 2, data)
    files = [BulkFile(data / f"{k}.jsonl", k) for k in ("regions", "teams")]
    export = export_files(files, tmp_path / "csv", load_ontology())
    assert export.ok
    teams = export.summaries[1]
    lines = (data / "teams.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(x) for x in lines]
    assert teams.created == len(records)
    want = sum(len(r.get("capabilities", [])) + 2 for r in records)  # + OF_TYPE, BASED_IN
    assert teams.rels_created == want and not teams.dangling
    team_rows = export.tables.nodes["Team"].rows
    assert team_rows == len(records)


def test_relationships_are_written_with_their_nodes_unless_they_point_into_the_file() -> None:
    from loaders.pipeline import links_inline
    from loaders.records import KINDS

    assert not links_inline(KINDS["regions"])  # PART_OF a region of the same file
    assert not links_inline(KINDS["vocabulary"])  # no links
    for kind in ("teams", "depots", "equipment", "experts", "plans", "incidents"):
        assert links_inline(KINDS[kind]), kind
