"""`emkg neo4j start|stop|status`: the project's own local Neo4j.

Example::

    emkg neo4j start      # prints the Bolt URI; a second start is a no-op
    emkg neo4j status     # exit code 3 when it is not running
"""

from __future__ import annotations

import click

from kg.neo4j_local.launcher import LocalNeo4j
from kg.settings import Settings


@click.group()
def neo4j() -> None:
    """Start, stop or inspect the local Neo4j."""


def _local() -> LocalNeo4j | None:
    settings = Settings.from_env()
    if not settings.uses_local_neo4j:
        click.echo(
            f"NEO4J_URI is set ({settings.neo4j_uri}); EMKG uses that server and starts nothing"
        )
        return None
    return LocalNeo4j(settings)


@neo4j.command()
def start() -> int:
    """Start it (data in EMKG_NEO4J_DATA_DIR) and print its Bolt URI."""
    local = _local()
    if local is not None:
        click.echo(local.start())
    return 0


@neo4j.command()
def stop() -> int:
    """Stop it."""
    local = _local()
    if local is not None:
        click.echo("stopped" if local.stop() else "not running")
    return 0


@neo4j.command()
def status() -> int:
    """Say whether it runs (exit code 3 when it does not)."""
    local = _local()
    if local is None:
        return 0
    state = local.status()
    click.echo(state.detail)
    return 0 if state.running else 3
