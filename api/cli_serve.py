"""`emkg serve` (the web app) and `emkg run` (Neo4j + ontology + demo + serve, foreground)."""

from __future__ import annotations

import argparse
import sys
import time

from kg.settings import Settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("serve", help="serve GraphQL and the UI")
    p.set_defaults(handler=serve)
    r = sub.add_parser("run", help="start Neo4j, apply the ontology, load the demo, serve")
    r.set_defaults(handler=run)


def _serve(settings: Settings) -> None:
    import uvicorn

    from api.app import create_app

    app = create_app(settings)
    print(
        f"emkg: serving on http://{settings.host}:{settings.port}/ "
        f"(GraphQL at /graphql); Ctrl-C stops",
        flush=True,
    )
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")


def _browser_host(host: str) -> str:
    """Where a browser on this machine reaches a server bound to `host`."""
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host


def serve(args: argparse.Namespace) -> int:
    _serve(Settings.from_env())
    return 0


def run(args: argparse.Namespace) -> int:
    from kg.driver import open_driver
    from kg.embeddings import load_embedder, refresh_embeddings
    from kg.neo4j_local.launcher import LocalNeo4j
    from kg.ontology_sync import sync_ontology
    from loaders.demo_loader import load_demo
    from ontology import load_ontology

    t0 = time.monotonic()
    settings = Settings.from_env()
    local = LocalNeo4j(settings) if settings.uses_local_neo4j else None
    started = False
    if local is not None:
        started = not local.status().running
        local.start()
    try:
        with open_driver(settings) as driver:
            report = sync_ontology(driver, settings.neo4j_database, load_ontology())
            print(f"emkg: ontology: {report.to_text()}", flush=True)
            counts = load_demo(driver, settings.neo4j_database).to_text()
            print(f"emkg: demo data: {counts}", flush=True)
            embedder = load_embedder(settings.model_name)
            refreshed = refresh_embeddings(driver, settings.neo4j_database, embedder)
            print(f"emkg: {refreshed.to_text()}", flush=True)
        print(f"emkg: ready in {time.monotonic() - t0:.1f}s", file=sys.stderr, flush=True)
        from api.cli_keys import dev_key

        key = dev_key(settings)
        print(f"emkg: local admin key for GraphQL clients: Authorization: Bearer {key}", flush=True)
        link = f"http://{_browser_host(settings.host)}:{settings.port}/#key={key}"
        print(f"emkg: open {link} to use the UI signed in (the key stays in that tab)", flush=True)
        _serve(settings)
    finally:
        if local is not None and started:
            print("emkg: stopping the local Neo4j", flush=True)
            local.stop()
    return 0
