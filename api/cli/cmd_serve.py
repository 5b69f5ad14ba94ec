"""`emkg serve` (the web app) and `emkg run` (Neo4j + ontology + demo + serve, foreground).

Example::

    emkg serve            # GraphQL + UI on EMKG_HOST:EMKG_PORT (default 127.0.0.1:8000)
    emkg run              # what `make run` does; Ctrl-C stops it (and the Neo4j it started)
"""

from __future__ import annotations

import time

import click

from kg.settings import Settings


def serve_app(settings: Settings) -> None:
    """Serve create_app(settings) with uvicorn until Ctrl-C."""
    import uvicorn

    from api.app import create_app

    app = create_app(settings)
    click.echo(
        f"emkg: serving on http://{settings.host}:{settings.port}/ "
        "(GraphQL at /graphql); Ctrl-C stops"
    )
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")


def browser_host(host: str) -> str:
    """Where a browser on this machine reaches a server bound to `host`."""
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host


@click.command()
def serve() -> int:
    """Serve GraphQL and the UI."""
    serve_app(Settings.from_env())
    return 0


@click.command()
def run() -> int:
    """Start Neo4j, apply the ontology, load the demo, serve."""
    from api.cli.cmd_keys import dev_key
    from api.operations import apply_ontology, load_demo_data
    from kg.driver import open_driver
    from kg.neo4j_local.launcher import LocalNeo4j

    t0 = time.monotonic()
    settings = Settings.from_env()
    local = LocalNeo4j(settings) if settings.uses_local_neo4j else None
    started = False
    if local is not None:
        started = not local.status().running
        local.start()
    try:
        with open_driver(settings) as driver:
            # Search vectors once, after the demo: the concepts' and the demo's together.
            applied = apply_ontology(driver, settings, refresh_vectors=False)
            click.echo(f"emkg: ontology: {applied.to_text()}")
            demo = load_demo_data(driver, settings)
            click.echo(f"emkg: demo data: {demo.summary.to_text()}")
            if demo.vectors is not None:
                click.echo(f"emkg: {demo.vectors.to_text()}")
        click.echo(f"emkg: ready in {time.monotonic() - t0:.1f}s", err=True)
        key = dev_key(settings)
        click.echo(f"emkg: local admin key for GraphQL clients: Authorization: Bearer {key}")
        link = f"http://{browser_host(settings.host)}:{settings.port}/#key={key}"
        click.echo(f"emkg: open {link} to use the UI signed in (the key stays in that tab)")
        serve_app(settings)
    finally:
        if local is not None and started:
            click.echo("emkg: stopping the local Neo4j")
            local.stop()
    return 0
