"""`emkg drill` without a graph: the shipped scripts listed, a bad script refused with its
line and field before anything connects, an unknown strategy named."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.cli import main
from queries.drills.history import HISTORY_DIR


def test_drill_list_names_the_shipped_scripts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drill", "list"]) == 0
    out = capsys.readouterr().out
    assert "earthquake_luding" in out and "泸定" in out
    assert main(["drill", "list", "--lang", "en"]) == 0
    assert "Luding" in capsys.readouterr().out


def test_a_bad_script_is_refused_with_line_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nid: b\nname: {zh: 甲, en: A}\ndurationHours: 0\n", "utf-8")
    assert main(["drill", "run", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "drill script bad.yaml: line 4, durationHours" in err
    assert "line 1, incidents: Field required" in err


def test_an_unknown_strategy_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drill", "run", "earthquake_luding", "--strategies", "fastest"]) == 1
    assert "unknown strategy 'fastest'" in capsys.readouterr().err


def test_replay_names_a_bad_records_row_and_column_in_the_chosen_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "log.csv"
    records.write_text(
        "incidentId,incidentNameZh,occurredAt,hazards,latitude,longitude,level,teamId,"
        "dispatchedAt\n"
        "A,甲,2025-07-01T08:00:00,11A01,30.0,104.0,IV,T-1,2025-07-01T08:10:00\n"
        "A,甲,2025-07-01T08:00:00,11A01,30.0,104.0,IV,T-2,soon\n",
        "utf-8",
    )
    assert main(["drill", "replay", "--records", str(records), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "cannot replay; fix these problems:" in err
    assert "row 2, column dispatchedAt:" in err and "'soon'" in err
    assert main(["drill", "replay", "--records", str(records), "--lang", "zh"]) == 1
    assert "第 2 行，dispatchedAt 列：" in capsys.readouterr().err


def test_replay_with_a_mapping_names_the_files_own_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = HISTORY_DIR / "luding_2022.csv"
    lines = sample.read_text("utf-8").splitlines()
    lines[2] = lines[2].replace("二级", "五级").replace("一级", "五级")
    records = tmp_path / "log.csv"
    records.write_text("\n".join(lines) + "\n", "utf-8")
    mapping = str(HISTORY_DIR / "luding_2022.mapping.yaml")
    assert main(["drill", "replay", "--records", str(records), "--mapping", mapping]) == 1
    err = capsys.readouterr().err
    assert "无法复盘" in err and "第 2 行，响应级别 列" in err and "五级" in err


def test_replay_takes_records_or_incidents_and_the_language_from_the_locale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["drill", "replay"]) == 1
    assert "请给出 --records 或 --incident 之一" in capsys.readouterr().err
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    mapping = str(HISTORY_DIR / "luding_2022.mapping.yaml")
    assert main(["drill", "replay", "--incident", "INC-1", "--mapping", mapping]) == 1
    assert "--mapping goes with --records only" in capsys.readouterr().err
    assert main(["drill", "list"]) == 0
    assert "Luding" in capsys.readouterr().out
