"""`emkg drill replay` as a planner runs it, against the demo graph: the shipped Luding
dispatch log (Chinese columns, with its mapping) replayed with a report holding the
comparison, saved and re-run to the same result; an unknown team named by its row and
the file's own column; nothing written to the graph."""

from __future__ import annotations

import json
from pathlib import Path

from neo4j import Driver

from kg.settings import Settings
from queries.drills.history import HISTORY_DIR
from tests.integration.drills.test_drill import _checksum
from tests.integration.emkg_cli import run_cli

RECORDS = HISTORY_DIR / "luding_2022.csv"
MAPPING = HISTORY_DIR / "luding_2022.mapping.yaml"
TIMEOUT_S = 900.0  # a shared 2-core machine at load 10-15


def test_the_luding_log_replays_from_the_terminal_with_its_comparison(
    demo_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    before = _checksum(demo_graph)
    report, saved = tmp_path / "replay.html", tmp_path / "replay.json"
    args = ["drill", "replay", "--records", str(RECORDS), "--mapping", str(MAPPING)]
    proc = run_cli(
        neo4j_settings,
        [*args, "--strategies", "emkg,closest", "--seed", "3", "--report", str(report),
         "--save", str(saved), "--lang", "en"],
        timeout=TIMEOUT_S,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Actual dispatch" in out and "EMKG recommendation" in out  # the metrics table
    assert "Replay: the actual dispatch against EMKG's recommendation" in out
    assert "Incident Luding earthquake (fictional record) (LD-EQ)" in out
    assert "drilling actual" in proc.stderr and "100%" in proc.stderr  # progress
    html = report.read_text("utf-8")
    assert "Replay: the actual dispatch against EMKG&#x27;s recommendation" in html
    assert "EMKG would add" in html and "EMKG would not send" in html
    assert "LD-EQ" in html and "<svg" in html
    data = json.loads(saved.read_text("utf-8"))
    assert data["replay"]["records"] == RECORDS.read_text("utf-8")
    assert data["strategies"] == ["actual", "emkg", "closest"]
    compared = data["result"]["replay"]["comparisons"]
    assert {c["incident"] for c in compared} >= {"LD-EQ"}
    assert any(c["added"] or c["dropped"] for c in compared)

    again = run_cli(neo4j_settings, ["drill", "rerun", str(saved)], timeout=TIMEOUT_S)
    assert again.returncode == 0, again.stderr
    assert f"结果一致（指纹 {data['fingerprint'][:12]}）" in again.stdout
    assert "复盘对比" in again.stdout  # the comparison again, in Chinese by default
    assert _checksum(demo_graph) == before


def test_an_unknown_team_is_named_by_row_and_the_files_column(
    demo_graph: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    lines = RECORDS.read_text("utf-8").splitlines()
    lines[3] = lines[3].replace("T-SC-0096", "T-NOPE")
    records = tmp_path / "log.csv"
    records.write_text("\n".join(lines) + "\n", "utf-8")
    proc = run_cli(
        neo4j_settings,
        ["drill", "replay", "--records", str(records), "--mapping", str(MAPPING)],
        timeout=TIMEOUT_S,
    )
    assert proc.returncode == 1, proc.stdout
    assert "无法复盘" in proc.stderr
    assert "第 3 行，队伍编号 列：" in proc.stderr and "T-NOPE" in proc.stderr
