"""`emkg drill` without a graph: the shipped scripts listed, a bad script refused with its
line and field before anything connects, an unknown strategy named."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.cli import main


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
