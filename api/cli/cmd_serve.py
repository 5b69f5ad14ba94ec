"""`emkg serve` (the web app) and `emkg run` (Neo4j + ontology + demo + serve, foreground).

Example::

    emkg serve            # GraphQL + UI on EMKG_HOST:EMKG_PORT (default 127.0.0.1:8000)
    emkg serve --workers 2   # two API processes on the same port (the API is stateless)
    emkg run              # what `make run` does; Ctrl-C stops it (and the Neo4j it started)
"""

from __future__ import annotations

import time
from typing import Any

import click

from kg.settings import Settings


def app_from_env() -> Any:
    """The app of one worker process (uvicorn's factory when serving with --workers)."""
    from api.app import create_app

    return create_app(Settings.from_env())


def serve_app(settings: Settings, workers: int = 1) -> None:
    """Serve create_app(settings) with uvicorn until Ctrl-C; `workers` > 1 starts that many
    processes on one socket, each building the app from the same environment."""
    import uvicorn

    from api.app import create_app

    click.echo(
        f"emkg: serving on http://{settings.host}:{settings.port}/ "
        f"(GraphQL at /graphql, {workers} worker{'s' if workers > 1 else ''}); Ctrl-C stops"
    )
    if workers > 1:
        uvicorn.run(
            "api.cli.cmd_serve:app_from_env",
            factory=True,
            workers=workers,
            host=settings.host,
            port=settings.port,
            log_level="info",
        )
        return
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")


def browser_host(host: str) -> str:
    """Where a browser on this machine reaches a server bound to `host`."""
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host


@click.command()
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="API worker processes sharing the port (each holds its own driver and model).",
)
def serve(workers: int) -> int:
    """Serve GraphQL and the UI."""
    serve_app(Settings.from_env(), workers=workers)
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
