"""Neo4j driver lifecycle: one driver per process, owned by the caller (the app lifespan or a CLI).

Reads go through the routing driver with ``routing_=READ`` so a cluster's
read replicas serve them; writes go to the leader.

Example::

    async with open_async_driver(settings) as driver:
        await driver.verify_connectivity()
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from neo4j import AsyncDriver, AsyncGraphDatabase, Driver, GraphDatabase

from kg.errors import map_neo4j_errors
from kg.settings import Settings


def _options(settings: Settings) -> dict[str, Any]:
    """The one set of driver options, for the async (API) and sync (loaders, CLI) drivers."""
    return {
        "auth": (settings.neo4j_user, settings.password()),
        "connection_timeout": 5.0,
        "max_connection_pool_size": 50,
        "connection_acquisition_timeout": 15.0,
        # Server notifications ("property key does not exist" on a fresh graph) are noise here.
        "notifications_min_severity": "OFF",
    }


def create_async_driver(settings: Settings) -> AsyncDriver:
    return AsyncGraphDatabase.driver(settings.uri, **_options(settings))


def create_driver(settings: Settings) -> Driver:
    return GraphDatabase.driver(settings.uri, **_options(settings))


@contextmanager
def open_driver(settings: Settings) -> Iterator[Driver]:
    """A sync driver for CLIs and loaders, closed on exit; connectivity is checked first."""
    driver = create_driver(settings)
    try:
        with map_neo4j_errors():
            driver.verify_connectivity()
        yield driver
    finally:
        driver.close()


@asynccontextmanager
async def open_async_driver(settings: Settings) -> AsyncIterator[AsyncDriver]:
    driver = create_async_driver(settings)
    try:
        yield driver
    finally:
        await driver.close()


def server_version(driver: Driver, database: str) -> str:
    """'Neo4j Kernel 5.26.30 community' - printed in test headers and `emkg neo4j status`."""
    with map_neo4j_errors():
        records, _, _ = driver.execute_query(
            "CALL dbms.components() YIELD name, versions, edition "
            "RETURN name, versions[0] AS version, edition",
            database_=database,
        )
    r = records[0]
    return f"{r['name']} {r['version']} {r['edition']}"
