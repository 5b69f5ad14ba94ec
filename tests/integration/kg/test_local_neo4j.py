"""The launcher on a real second Neo4j: start twice, status, stop frees the port, port taken."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from kg.driver import create_driver, server_version
from kg.errors import LauncherError
from kg.neo4j_local.launcher import LocalNeo4j, _port_open
from kg.settings import Settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def launcher_settings(tmp_path: Path) -> Settings:
    return Settings.from_env({}).with_overrides(
        neo4j_port=_free_port(),
        neo4j_data_dir=tmp_path / "neo4j",
        neo4j_heap_mb=512,
        neo4j_pagecache_mb=64,
    )


@pytest.mark.slow
def test_start_twice_status_stop(launcher_settings: Settings) -> None:
    local = LocalNeo4j(launcher_settings, log=False)
    try:
        uri = local.start()
        assert uri == launcher_settings.local_uri
        assert local.status().running
        assert local.start() == uri  # second start: already running, same server
        driver = create_driver(launcher_settings)
        try:
            assert server_version(driver, "neo4j").startswith("Neo4j Kernel 5.26")
        finally:
            driver.close()
        pw = launcher_settings.local_password_file
        assert pw.stat().st_mode & 0o077 == 0, "the password file must be private (0600)"
        data = launcher_settings.neo4j_data_dir.stat().st_mode
        assert data & 0o077 == 0, "the store and its logs must be private (0700)"
    finally:
        assert local.stop()
    assert not _port_open(launcher_settings.neo4j_port)
    assert not local.status().running
    assert local.stop() is False


def test_port_taken_gives_a_clear_error(launcher_settings: Settings) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", launcher_settings.neo4j_port))
        blocker.listen(1)
        with pytest.raises(LauncherError, match=r"already taken.*EMKG_NEO4J_PORT"):
            LocalNeo4j(launcher_settings, log=False).start()
