"""`emkg serve` (the web app) and `emkg run` (Neo4j + ontology + demo + serve, foreground).

`emkg run` starts the local Neo4j in a thread before it imports its own modules, and loads
what the server needs anyway (the app's modules, the search model, the ontology) while the
JVM starts, so the two overlap on two cores; the same thread runs the warm-up
recommendation once Neo4j is up (api/warmup.py `prewarm`, awaiting the model only when it
needs it); then the ontology and the demo are applied unless the graph says they are
unchanged (api/operations.py), and the server starts.

Example::

    emkg serve            # GraphQL + UI on EMKG_HOST:EMKG_PORT (default 127.0.0.1:8000)
    emkg serve --workers 2   # two API processes on the same port (the API is stateless)
    emkg run              # what `make run` does; Ctrl-C stops it (and the Neo4j it started)
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from kg.settings import Settings

if TYPE_CHECKING:
    import socket

    from kg.embedder import Embedder

# Seconds a worker may take to answer uvicorn's supervisor (it pings each worker every
# 0.5 s and kills one that is silent this long). uvicorn's 5 s killed and restarted busy
# workers of a load test on 2 cores shared with Neo4j (3 restarts in 90 s; each one drops
# its requests in flight and loads the model again); a hung worker is still replaced.
WORKER_HEALTHCHECK_S = 60


def app_from_env() -> Any:
    """The app of one worker process (uvicorn's factory when serving with --workers)."""
    from api.app import create_app

    return create_app(Settings.from_env())


def serve_app(settings: Settings, workers: int = 1, app: Any = None) -> None:
    """Serve create_app(settings) (or `app`, built from them) with uvicorn until Ctrl-C;
    `workers` > 1 starts that many processes on one socket, each building the app from the
    same environment."""
    import uvicorn

    from api.app import create_app

    click.echo(
        f"emkg: serving on http://{settings.host}:{settings.port}/ "
        f"(GraphQL at /graphql, {workers} worker{'s' if workers > 1 else ''}); Ctrl-C stops"
    )
    if workers > 1:
        serve_workers(settings, workers)
        return
    app = app if app is not None else create_app(settings)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")


def serve_workers(settings: Settings, workers: int) -> None:
    """`workers` processes, each building the app from the environment (uvicorn's factory)
    and listening on a socket of its own in one SO_REUSEPORT group, so that the kernel
    spreads connections over them (api/worker_listeners.py); uvicorn's supervisor restarts
    a worker that dies or hangs."""
    from uvicorn import Config
    from uvicorn.supervisors import Multiprocess

    from api.worker_listeners import WorkerListener, check_port_free

    config = Config(
        "api.cli.cmd_serve:app_from_env",
        factory=True,
        workers=workers,
        host=settings.host,
        port=settings.port,
        log_level="info",
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_S,
    )
    try:
        check_port_free(settings.host, settings.port)
    except OSError as e:
        raise click.ClickException(e.strerror or str(e)) from e
    listener = cast("socket.socket", WorkerListener(settings.host, settings.port))
    with shared_metrics_dir(), contextlib.suppress(KeyboardInterrupt):
        Multiprocess(config, sockets=[listener]).run()


@contextlib.contextmanager
def shared_metrics_dir() -> Iterator[Path]:
    """The folder the workers' metrics meet in (prometheus-client's multiprocess mode), so
    that /metrics adds up every worker: PROMETHEUS_MULTIPROC_DIR when set (emptied of an
    earlier run's files), else a fresh temporary folder for this run, removed after it."""
    from api.metrics import MULTIPROC_ENV

    given = os.environ.get(MULTIPROC_ENV)
    if given:
        folder = Path(given)
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.db"):
            old.unlink()
        yield folder
        return
    with tempfile.TemporaryDirectory(prefix="emkg-metrics-") as tmp:
        os.environ[MULTIPROC_ENV] = tmp
        try:
            yield Path(tmp)
        finally:
            os.environ.pop(MULTIPROC_ENV, None)


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


def prepare_server(settings: Settings) -> tuple[Any, Embedder]:
    """Build what the server's start needs, once per process: the app (its modules and
    GraphQL schema; no connection yet: the lifespan opens them), the search model (kept by
    `load_embedder` for the lifespan) and the shipped ontology (parsed once per process)."""
    from api.app import create_app
    from kg.embeddings import load_embedder
    from ontology.load import shipped_ontology

    app = create_app(settings)
    embedder = load_embedder(settings.model_name)
    shipped_ontology()
    return app, embedder


@click.command()
def run() -> int:
    """Start Neo4j, apply the ontology, load the demo, serve."""
    from kg.neo4j_local.launcher import LocalNeo4j

    t0 = time.monotonic()
    settings = Settings.from_env()
    local = LocalNeo4j(settings) if settings.uses_local_neo4j else None
    started = local is not None and not local.status().running
    loading: Future[Embedder] = Future()

    def start_and_warm() -> str:
        # The warm-up's queries as soon as Neo4j is up (the server's own warm-up then finds
        # them planned; on an empty graph there is nothing to warm up), the model awaited
        # only when they need it. The checks of the ontology, the demo and the vectors, and
        # the local key, come after: a cold JVM plans with interpreted code, so each of
        # their statements planned beside the warm-up took seconds of the same two cores
        # from it, and takes a fraction once the recommender's have warmed it.
        if local is not None:
            local.start()
        from api.warmup import prewarm

        return prewarm(settings, loading)

    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="emkg-neo4j") as pool:
            warming = pool.submit(start_and_warm)
            # The JVM starts first; this process's own modules are imported while it does.
            from api.cli.cmd_keys import dev_key
            from api.operations import (
                apply_ontology,
                load_demo_data,
                refresh_vectors,
                vectors_unchanged_problem,
            )
            from kg.dataset_marks import DatasetMark
            from kg.driver import open_driver

            try:
                t = time.monotonic()
                app, embedder = prepare_server(settings)
                loading.set_result(embedder)
                click.echo(
                    f"emkg: app, search model and ontology loaded in {time.monotonic() - t:.1f}s",
                    err=True,
                )
            except BaseException:
                # the pre-warm gives up instead of waiting for a model that never comes
                loading.set_exception(RuntimeError("the search model did not load"))
                raise
            # Neo4j is up (or its start failed: raised here) and warmed up
            click.echo(f"emkg: pre-warm: {warming.result()}")
        with open_driver(settings) as driver:
            # Search vectors once, after the demo: the concepts' and the demo's together.
            applied = apply_ontology(driver, settings, embedder=embedder, refresh_vectors=False)
            click.echo(f"emkg: ontology: {applied.to_text()}")
            demo = load_demo_data(driver, settings, embedder=embedder, refresh_vectors=False)
            click.echo(f"emkg: demo data: {demo.summary_text()}")
            vectors = refresh_vectors(driver, settings, embedder, unless_fresh=True)
            if isinstance(vectors, DatasetMark):
                click.echo(f"emkg: {vectors_unchanged_problem(vectors).text('en')}")
            else:
                click.echo(f"emkg: {vectors.to_text()}")
        key = dev_key(settings)
        click.echo(f"emkg: ready in {time.monotonic() - t0:.1f}s", err=True)
        click.echo(f"emkg: local admin key for GraphQL clients: Authorization: Bearer {key}")
        link = f"http://{browser_host(settings.host)}:{settings.port}/#key={key}"
        click.echo(f"emkg: open {link} to use the UI signed in (the key stays in that tab)")
        serve_app(settings, app=app)
    finally:
        if local is not None and started:
            click.echo("emkg: stopping the local Neo4j")
            local.stop()
    return 0
