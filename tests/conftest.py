"""Shared fixtures: a session-scoped real Neo4j and per-test graph isolation.

The session starts the project's own local Neo4j (a separate test instance on
EMKG_TEST_NEO4J_PORT, default 7688, data in var/neo4j-test, wiped first) and
stops it at the end, or uses NEO4J_URI when set. ``--no-neo4j`` runs the unit
layer alone. The header prints the Neo4j server version the tests talk to.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from neo4j import Driver

from kg.driver import create_driver, server_version
from kg.neo4j_local.launcher import LocalNeo4j
from kg.settings import Settings
from ontology.load import SHIPPED_DIR

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
NEEDS_NEO4J = ("integration", "api", "ui")
# Layers whose tests need Neo4j only where they ask for it (a fixture that depends on it).
MIXED = ("security",)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--no-neo4j", action="store_true", help="unit tests only; start no Neo4j")


@dataclass
class _Session:
    settings: Settings | None = None
    local: LocalNeo4j | None = None
    driver: Driver | None = None
    version: str = ""
    error: str | None = None
    graph_state: str = "unknown"


_S = _Session()


def _test_settings() -> Settings:
    base = Settings.from_env()
    if not base.uses_local_neo4j:
        return base
    port = int(os.environ.get("EMKG_TEST_NEO4J_PORT", "7688"))
    data = Path(os.environ.get("EMKG_TEST_NEO4J_DIR", str(ROOT / "var" / "neo4j-test")))
    return base.with_overrides(
        neo4j_port=port, neo4j_data_dir=data, neo4j_heap_mb=1536, neo4j_pagecache_mb=512
    )


def _start() -> None:
    if _S.settings is not None:
        return
    settings = _test_settings()
    _S.settings = settings
    try:
        if settings.uses_local_neo4j:
            local = LocalNeo4j(settings, log=False)
            if local.status().running:
                local.stop()
            shutil.rmtree(settings.neo4j_data_dir, ignore_errors=True)
            local.start()
            _S.local = local
        _S.driver = create_driver(settings)
        _S.version = server_version(_S.driver, settings.neo4j_database)
    except Exception as e:  # reported in the header and by every test that needs Neo4j
        _S.error = f"{type(e).__name__}: {e}"


def pytest_report_header(config: pytest.Config) -> list[str]:
    if config.getoption("--no-neo4j"):
        return ["neo4j: not started (--no-neo4j)"]
    _start()
    if _S.error:
        return [f"neo4j: FAILED to start: {_S.error}"]
    assert _S.settings is not None
    return [f"neo4j: {_S.version} at {_S.settings.uri}"]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _S.driver is not None:
        _S.driver.close()
    if _S.local is not None:
        _S.local.stop()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        rel = Path(str(item.fspath)).resolve().relative_to(ROOT / "tests").parts[0]
        if rel in NEEDS_NEO4J or rel in MIXED:
            item.add_marker(getattr(pytest.mark, rel))
        needs = rel in NEEDS_NEO4J or (
            rel in MIXED and "neo4j_settings" in getattr(item, "fixturenames", ())
        )
        if needs and config.getoption("--no-neo4j"):
            item.add_marker(pytest.mark.skip(reason="--no-neo4j: this layer needs Neo4j"))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _S.version:
        terminalreporter.write_line(f"neo4j: tests ran against {_S.version}")


@pytest.fixture(scope="session")
def neo4j_settings() -> Settings:
    _start()
    if _S.error or _S.settings is None or _S.driver is None:
        pytest.fail(f"Neo4j is not available for this layer: {_S.error or 'not started'}")
    return _S.settings


@pytest.fixture(scope="session")
def driver(neo4j_settings: Settings) -> Driver:
    assert _S.driver is not None
    return _S.driver


def wipe(driver: Driver, database: str) -> None:
    """Every node but the API keys (session-long servers keep accepting their test keys)."""
    with driver.session(database=database) as s:
        s.run(
            "MATCH (n) WHERE NOT n:ApiKey "
            "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


@pytest.fixture
def clean_graph(driver: Driver, neo4j_settings: Settings) -> Iterator[Driver]:
    """An empty graph (schema kept); the test may write anything."""
    wipe(driver, neo4j_settings.neo4j_database)
    _S.graph_state = "dirty"
    yield driver


@pytest.fixture
def ontology_graph(clean_graph: Driver, neo4j_settings: Settings) -> Driver:
    """The shipped ontology applied to an empty graph; the test may write anything."""
    from kg.ontology_sync import sync_ontology
    from ontology import load_ontology

    sync_ontology(clean_graph, neo4j_settings.neo4j_database, load_ontology())
    return clean_graph


def ensure_demo_graph(driver: Driver, settings: Settings) -> Driver:
    """Ontology + demo data, loaded unless the graph already holds exactly that."""
    if _S.graph_state != "demo":
        from kg.ontology_sync import sync_ontology
        from loaders.demo_loader import load_demo
        from ontology import load_ontology

        db = settings.neo4j_database
        wipe(driver, db)
        sync_ontology(driver, db, load_ontology())
        load_demo(driver, db)
        _warm_up(settings)
        _S.graph_state = "demo"
    return driver


def _warm_up(settings: Settings) -> None:
    """One recommendation on the fresh demo, as the server's start-up does (api/warmup.py):
    the first query after a load pays for planning and a cold JVM (on the dense demo, more
    than the tests' 10 s query limit at a load above 8), not the first test that reads."""
    import asyncio
    import concurrent.futures

    from kg.cypher import CypherRunner
    from kg.driver import create_async_driver
    from queries.recommend import recommend_forces
    from queries.warmup import warmup_scenario

    async def run() -> None:
        async_driver = create_async_driver(settings)
        try:
            runner = CypherRunner(async_driver, settings.neo4j_database, timeout_s=300.0)
            scenario = await warmup_scenario(runner)
            if scenario is not None:
                await recommend_forces(runner, scenario)
        finally:
            await async_driver.close()

    # In a thread of its own: the browser tests' sync Playwright holds a running event loop,
    # where asyncio.run() refuses to start.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, run()).result()


@pytest.fixture
def demo_graph(driver: Driver, neo4j_settings: Settings) -> Driver:
    """Ontology + demo data, loaded once and shared: tests using it must NOT write."""
    return ensure_demo_graph(driver, neo4j_settings)


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"third-party data folder {SHARED_DATA} is absent (see shared/data/SOURCES.md)")
    return SHARED_DATA


@pytest.fixture
def copy_ontology(tmp_path: Path) -> Callable[..., Path]:
    """Copy the shipped *.ttl into a fresh folder, replacing `old` by `new` in `file`.

    The text to replace must occur exactly once, so a test notices when the
    shipped files change under it instead of silently testing nothing.
    """
    counter = iter(range(1000))

    def make(file: str | None = None, old: str = "", new: str = "") -> Path:
        target = tmp_path / f"copy{next(counter)}"
        target.mkdir()
        for f in sorted(SHIPPED_DIR.glob("*.ttl")):
            shutil.copy(f, target / f.name)
        if file is not None:
            path = target / file
            text = path.read_text(encoding="utf-8")
            assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {file}"
            path.write_text(text.replace(old, new), encoding="utf-8")
        return target

    return make
