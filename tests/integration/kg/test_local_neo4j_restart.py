"""The local Neo4j started again on its own store: the password it already has is kept
(no error in its log), readiness is judged by this start's log lines only, and every stop
shuts the store down cleanly (a checkpoint, so the next start needs no recovery)."""

from __future__ import annotations

import socket
from pathlib import Path

from kg.driver import create_driver, server_version
from kg.neo4j_local.launcher import LocalNeo4j
from kg.settings import Settings

SHUTDOWN = 'Checkpoint triggered by "Database shutdown"'


def _clean_stops(debug_log: str) -> int:
    """Shutdown checkpoints of the `neo4j` database that completed."""
    lines = debug_log.splitlines()
    return sum(1 for ln in lines if SHUTDOWN in ln and "[neo4j/" in ln and "completed" in ln)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_restart_keeps_the_password_and_every_stop_is_clean(tmp_path: Path) -> None:
    settings = Settings.from_env({}).with_overrides(
        neo4j_port=_free_port(),
        neo4j_data_dir=tmp_path / "neo4j",
        neo4j_heap_mb=512,
        neo4j_pagecache_mb=64,
    )
    local = LocalNeo4j(settings, log=False)
    for start in (1, 2):
        try:
            local.start()
            driver = create_driver(settings)
            try:
                assert "5.26" in server_version(driver, "neo4j"), start
            finally:
                driver.close()
        finally:
            assert local.stop()
        log = local.log_file.read_text(errors="replace")
        assert "Exception" not in log, log[-2000:]
        assert log.count("EMKG-NEO4J-READY") == start
        debug = (local.data_dir / "logs" / "debug.log").read_text(errors="replace")
        assert _clean_stops(debug) == start, debug[-3000:]
