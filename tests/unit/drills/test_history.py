"""Historical dispatch records: the shipped sample and its mapping read as expected, and
every kind of bad record is named by row and column in Chinese and English, all at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from queries.drills.history import (
    HISTORY_DIR,
    HistoryError,
    load_history,
    parse_history,
    parse_mapping,
)

HEADER = (
    "incidentId,incidentNameZh,occurredAt,hazards,latitude,longitude,level,teamId,"
    "dispatchedAt,arrivedAt,releasedAt\n"
)
GOOD = "A,甲,2025-07-01T08:00:00+08:00,11A01,30.0,104.0,IV,T-1,2025-07-01T08:10:00+08:00,,\n"


def problems(text: str, mapping: str | None = None) -> list[tuple[int | None, str, str, str]]:
    with pytest.raises(HistoryError) as e:
        parse_history(text, parse_mapping(mapping))
    return [(p.row, p.column, p.problem.code, p.text("zh")) for p in e.value.problems]


def test_the_shipped_sample_reads_through_its_mapping() -> None:
    h = load_history(HISTORY_DIR / "luding_2022.csv", HISTORY_DIR / "luding_2022.mapping.yaml")
    quake, slide = h.incidents
    assert (quake.id, quake.hazards, quake.level) == ("LD-EQ", ("11C02",), "I")
    assert (slide.hazards, slide.level) == (("11D01",), "III")
    beijing = timezone(timedelta(hours=8))
    assert quake.occurred_at == datetime(2022, 9, 5, 12, 52, tzinfo=beijing)
    assert [d.team for d in quake.dispatches] == [
        "T-SC-0069", "T-SC-0067", "T-SC-0096", "T-SC-0070", "T-SC-0053",
    ]  # fmt: skip
    first = quake.dispatches[0]
    assert first.arrived_at == datetime(2022, 9, 5, 14, 10, tzinfo=beijing)
    assert quake.dispatches[3].arrived_at is None and quake.dispatches[3].row == 4
    assert h.start == quake.occurred_at


def test_canonical_columns_need_no_mapping_and_naive_times_are_beijing_time() -> None:
    text = HEADER + GOOD.replace("+08:00", "") + GOOD.replace("T-1", "T-2")
    [inc] = parse_history(text).incidents
    assert [d.team for d in inc.dispatches] == ["T-1", "T-2"]
    assert inc.occurred_at.astimezone(UTC) == datetime(2025, 7, 1, 0, 0, tzinfo=UTC)
    assert inc.name_en == "A"  # no English name: the id


def test_every_bad_row_is_named_by_row_and_column() -> None:
    text = (
        HEADER
        + "A,甲,yesterday,11A01,30.0,104.0,IV,T-1,2025-07-01T08:10:00,,\n"
        + "A,甲,2025-07-01T08:00:00,11A01,95,104.0,V,,2025-07-01T07:00:00,,\n"
        + "B,乙,2025-07-01T08:00:00,flood,30.0,104.0,II,T-1,2025-07-01T09:00:00,"
        "2025-07-01T08:30:00,\n"
        + "B,乙,2025-07-01T08:00:00,11A01,30.5,104.0,II,T-2,2025-07-01T09:00:00,,\n"
    )
    got = {(row, col, code) for row, col, code, _ in problems(text)}
    assert got == {
        (1, "occurredAt", "REPLAY_TIME"),
        (2, "latitude", "LOAD_OUT_OF_BOUNDS"),
        (2, "level", "LOAD_NOT_ONE_OF"),
        (2, "teamId", "LOAD_REQUIRED"),
        (2, "dispatchedAt", "REPLAY_TIME_ORDER"),
        (3, "hazards", "LOAD_PATTERN"),
        (3, "arrivedAt", "REPLAY_TIME_ORDER"),
        (4, "latitude", "REPLAY_INCIDENT_DIFFERS"),
    }
    texts = {code: zh for _, _, code, zh in problems(text)}
    assert texts["REPLAY_TIME"].startswith("第 1 行，occurredAt 列：'yesterday' 不是日期时间")
    assert "此处为 30.5，第 3 行却为 30" in texts["REPLAY_INCIDENT_DIFFERS"]


def test_a_team_twice_on_one_incident_and_a_dispatch_before_the_incident() -> None:
    text = HEADER + GOOD + GOOD + GOOD.replace("08:10", "07:10").replace("T-1", "T-3")
    with pytest.raises(HistoryError) as e:
        parse_history(text)
    en = [p.text("en") for p in e.value.problems]
    assert en[0] == (
        "row 2, column teamId: team T-1 is already sent to incident A on row 1; "
        "one row per team and incident"
    )
    assert en[1].startswith("row 3, column dispatchedAt: dispatchedAt (2025-07-01T07:10:00+08:00)")


def test_missing_columns_are_named_with_the_mapping_s_names() -> None:
    mapping = "columns: {teamId: 队伍编号, dispatchedAt: 出动时间}\n"
    got = problems(HEADER.replace("teamId", "team") + GOOD, mapping)
    assert [(c, code) for _, c, code, _ in got] == [
        ("队伍编号", "REPLAY_NO_COLUMN"),
        ("出动时间", "REPLAY_NO_COLUMN"),
    ]
    assert got[0][3].startswith("文件缺少“队伍编号”列（现有：incidentId,")


def test_empty_file_long_span_and_bad_mappings() -> None:
    assert problems(HEADER)[0][2] == "REPLAY_EMPTY"
    late = GOOD.replace("T-1,2025-07-01T08:10:00+08:00", "T-1,2025-07-05T08:10:00+08:00")
    assert problems(HEADER + late)[0][2] == "REPLAY_SPAN"
    for mapping, code in (
        ("colums: {}", "REPLAY_MAPPING_FIELD"),
        ("columns: {team: x}", "REPLAY_MAPPING_COLUMN"),
        ("timezone: Beijing", "REPLAY_MAPPING_ZONE"),
        ("columns: [", "REPLAY_MAPPING_YAML"),
    ):
        with pytest.raises(HistoryError) as e:
            parse_mapping(mapping)
        assert e.value.problems[0].problem.code == code, mapping


def test_value_maps_and_time_formats_come_from_the_mapping(tmp_path: Path) -> None:
    mapping = (
        "values: {level: {四级: IV}, hazards: {洪水: 11A01, 内涝: 11A05}}\n"
        "hazardSeparator: '、'\ntimeFormats: ['%Y年%m月%d日 %H:%M']\ntimezone: '+00:00'\n"
    )
    row = "A,甲,2025年07月01日 08:00,洪水、内涝,30.0,104.0,四级,T-1,2025年07月01日 08:10,,\n"
    [inc] = parse_history(HEADER + row, parse_mapping(mapping)).incidents
    assert inc.hazards == ("11A01", "11A05") and inc.level == "IV"
    assert inc.occurred_at == datetime(2025, 7, 1, 8, 0, tzinfo=UTC)
