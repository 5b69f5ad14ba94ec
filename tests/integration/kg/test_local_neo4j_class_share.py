"""The local Neo4j's class archive on a real JVM: the first start writes it as it stops,
the next maps it (and answers as before), and an archive the JVM cannot use is ignored,
dropped and written again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.driver import create_driver, server_version
from kg.neo4j_local.launcher import LocalNeo4j
from kg.settings import Settings
from tests.integration.kg.test_local_neo4j import _free_port


@pytest.fixture
def local(tmp_path: Path) -> LocalNeo4j:
    """A launcher with a cache of its own (the shared jars linked in), so that this test's
    archives neither use nor replace the ones other starts share."""
    shared = LocalNeo4j(Settings.from_env({}), log=False)
    shared.prepare()  # the jars, resolved once
    settings = Settings.from_env({}).with_overrides(
        neo4j_port=_free_port(),
        neo4j_data_dir=tmp_path / "neo4j",
        neo4j_cache_dir=tmp_path / "cache",
        neo4j_heap_mb=512,
        neo4j_pagecache_mb=64,
    )
    own = LocalNeo4j(settings, log=False)
    own.home.mkdir(parents=True)
    (own.home / "lib").symlink_to(shared.home / "lib")
    (own.home / "jars.ok").write_text((shared.home / "jars.ok").read_text())
    return own


def _archives(local: LocalNeo4j) -> list[Path]:
    return sorted((local.home / "cds").glob("*.jsa"))


def _command_line(local: LocalNeo4j) -> str:
    pid = int(local.pid_file.read_text())
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def _answers(local: LocalNeo4j) -> None:
    driver = create_driver(local.settings)
    try:
        assert "5.26" in server_version(driver, "neo4j")
    finally:
        driver.close()


@pytest.mark.slow
def test_the_first_stop_writes_the_archive_and_the_next_start_maps_it(local: LocalNeo4j) -> None:
    local.start()
    try:
        assert "-XX:ArchiveClassesAtExit=" in _command_line(local)
        _answers(local)
    finally:
        assert local.stop()
    [archive] = _archives(local)
    assert archive.stat().st_size > 1_000_000, "the classes Neo4j loaded"
    assert not list((local.home / "cds").glob("*.partial")) and not local.archive_note.exists()

    local.start()
    try:
        line = _command_line(local)
        assert f"-XX:SharedArchiveFile={archive}" in line and "ArchiveClassesAtExit" not in line
        _answers(local)
    finally:
        assert local.stop()
    assert _archives(local) == [archive]
    log = local.log_file.read_text(errors="replace")
    assert "[cds" not in log and "Exception" not in log, log[-2000:]


@pytest.mark.slow
def test_an_unusable_archive_is_ignored_dropped_and_written_again(local: LocalNeo4j) -> None:
    local.start()
    local.stop()
    [archive] = _archives(local)
    archive.write_bytes(os.urandom(4096))  # not an archive at all

    local.start()  # starts all the same
    try:
        _answers(local)
    finally:
        local.stop()
    assert _archives(local) == [], "the JVM said it could not map it: dropped"

    local.start()  # writes it again
    local.stop()
    [again] = _archives(local)
    assert again.stat().st_size > 1_000_000
