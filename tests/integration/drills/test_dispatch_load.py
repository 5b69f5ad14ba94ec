"""Dispatch records loaded into the graph and replayed by id (issue 19 item 5): the shipped
Luding log goes through `emkg load --kind incidents` with the shipped dispatch mapping,
becomes closed incidents with their assignments, is listed as replayable and replays by
id to the same actual dispatch as the file replayed directly; a re-load changes nothing; a
bad row is named by its row and the file's own column, and nothing is written.

The demo graph is shared: the test's incidents carry their own source and are deleted at
the end (the graph's checksum is back to what it was, else the demo is reloaded)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

from kg.cypher import CypherRunner
from kg.settings import Settings
from loaders.mapping import Mapping
from queries.drills.history import HISTORY_DIR
from queries.drills.past import replayable_incidents
from queries.drills.replay import Replay
from queries.drills.sources import ReplaySource, replay_from
from tests.integration.drills.test_drill import _checksum
from tests.integration.emkg_cli import ROOT, run_cli
from tests.integration.recommend.conftest import run_async

RECORDS = HISTORY_DIR / "luding_2022.csv"
REPLAY_MAPPING = HISTORY_DIR / "luding_2022.mapping.yaml"
LOAD_MAPPING = ROOT / "loaders" / "mappings" / "dispatch-log-zh.yaml"
SOURCE = "test-dispatch-load"
TIMEOUT_S = 900.0  # a shared 2-core machine at load 10-15
DELETE = "MATCH (i:Incident {source: $source}) DETACH DELETE i"
ASSIGNED = """
MATCH (t:Team)-[a:ASSIGNED_TO]->(i:Incident {source: $source})
RETURN i.id AS incident, i.status AS status, t.id AS team, a.dispatchedAt AS sent,
       a.arrivedAt AS arrived, a.releasedAt AS released,
       EXISTS { (t)-[:DEPLOYED_TO]->(i) } AS deployed
ORDER BY incident, sent, team
"""


@pytest.fixture
def loaded(demo_graph: Driver) -> Iterator[Driver]:
    """The demo graph, and after the test without this test's incidents."""
    before = _checksum(demo_graph)
    yield demo_graph
    demo_graph.execute_query(DELETE, source=SOURCE)
    if _checksum(demo_graph) != before:
        from tests.conftest import _S

        _S.graph_state = "dirty"  # something else was written: reload the demo next time


def _load(settings: Settings, path: Path, *more: str) -> tuple[int, str]:
    args = ["load", str(path), "--kind", "incidents", "--mapping", str(LOAD_MAPPING)]
    proc = run_cli(settings, [*args, "--source", SOURCE, "--no-embeddings", "--quiet", *more])
    return proc.returncode, proc.stdout + proc.stderr


def _replays(driver: Driver, settings: Settings) -> tuple[list[str], Replay, Replay]:
    async def work(d: object) -> tuple[list[str], Replay, Replay]:
        runner = CypherRunner(d, settings.neo4j_database, timeout_s=60.0)  # type: ignore[arg-type]
        listed = [i.id for i in await replayable_incidents(runner, 200) if i.status == "closed"]
        by_id = await replay_from(runner, ReplaySource(incident_ids=("LD-EQ", "LD-LS")))
        records = RECORDS.read_text("utf-8")
        mapping = REPLAY_MAPPING.read_text("utf-8")
        direct = await replay_from(runner, ReplaySource(records=records, mapping=mapping))
        return listed, by_id, direct

    return run_async(settings, work)  # type: ignore[arg-type]


def test_the_luding_log_loads_as_replayable_incidents_and_replays_by_id(
    loaded: Driver, neo4j_settings: Settings
) -> None:
    before = _checksum(loaded)
    code, out = _load(neo4j_settings, RECORDS, "--dry-run")
    assert code == 0, out
    assert "7 rows, 7 valid, 0 skipped" in out and "dry run" in out
    assert _checksum(loaded) == before

    code, out = _load(neo4j_settings, RECORDS)
    assert code == 0, out
    assert "2 created, 0 updated, 0 unchanged" in out, out
    rows, _, _ = loaded.execute_query(ASSIGNED, source=SOURCE)
    assert [(r["incident"], r["team"]) for r in rows] == [
        ("LD-EQ", "T-SC-0069"),
        ("LD-EQ", "T-SC-0067"),
        ("LD-EQ", "T-SC-0096"),
        ("LD-EQ", "T-SC-0070"),
        ("LD-EQ", "T-SC-0053"),
        ("LD-LS", "T-SC-0132"),
        ("LD-LS", "T-SC-0136"),
    ]
    assert {r["status"] for r in rows} == {"closed"} and all(r["deployed"] for r in rows)
    first = rows[0]
    assert first["sent"].iso_format().startswith("2022-09-05T13:05:00")
    assert first["sent"].utcoffset().total_seconds() == 8 * 3600  # Beijing time, as written
    assert first["arrived"] is not None and first["released"] is not None
    assert rows[3]["arrived"] is None and rows[3]["released"] is None  # blank in the log

    code, again = _load(neo4j_settings, RECORDS)  # idempotent
    assert code == 0, again
    assert "0 created, 0 updated, 2 unchanged" in again and "+0 -0" in again, again
    assert loaded.execute_query(ASSIGNED, source=SOURCE)[0] == rows

    listed, by_id, direct = _replays(loaded, neo4j_settings)
    assert {"LD-EQ", "LD-LS"} <= set(listed)
    assert by_id.actual == direct.actual and len(by_id.actual) == 7
    dump = [i.model_dump() for i in by_id.script.incidents]
    assert dump == [i.model_dump() for i in direct.script.incidents]
    assert by_id.script.duration_hours == direct.script.duration_hours

    proc = run_cli(
        neo4j_settings,
        ["drill", "replay", "--incident", "LD-LS", "--strategies", "emkg", "--lang", "en"],
        timeout=TIMEOUT_S,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Actual dispatch" in proc.stdout and "EMKG recommendation" in proc.stdout
    assert "Incident Wandong village landslide (fictional record) (LD-LS)" in proc.stdout


def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_loaded(
    loaded: Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    lines = RECORDS.read_text("utf-8").splitlines()
    lines[3] = lines[3].replace("一级", "五级")  # the third data row
    lines[5] = lines[5].replace("2022/09/05 14:30", "2022/13/05 14:30")
    bad = tmp_path / "log.csv"
    bad.write_text("\n".join(lines) + "\n", "utf-8")
    code, out = _load(neo4j_settings, bad)
    assert code == 1, out
    assert "row 3 (LD-EQ): responseLevel (column 响应级别): must be one of I, II, III, IV" in out
    assert "row 5 (LD-EQ): assignments[0].dispatchedAt (column 出动时间): cannot convert" in out
    count = "MATCH (i:Incident {source: $source}) RETURN count(i) AS n"
    assert loaded.execute_query(count, source=SOURCE)[0][0]["n"] == 0  # aborted: none loaded
    m = Mapping.from_file(LOAD_MAPPING)
    assert m.column_of("assignments[0].arrivedAt") == "到达时间"
