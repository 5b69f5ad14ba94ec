"""create_app(settings): the only way to build the EMKG web app (GraphQL, health, UI).

Routes: ``/graphql`` (POST and GET; API key required; WebSocket subscriptions over
``graphql-transport-ws`` with the key in ``connection_init``), ``/healthz`` (the
process is up), ``/readyz`` (Neo4j reachable, schema applied and the start-up
warm-up recommendation finished, see api/warmup.py; 503 with status
"unavailable" or "starting" otherwise), ``/metrics`` (Prometheus text), and the
web UI at ``/``.

Example::

    app = create_app(Settings.from_env())
    # uvicorn.run(app, host=settings.host, port=settings.port)
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from api.admission import InFlightLimit
from api.auth.graph_keys import GraphKeyStore
from api.auth.key_admin import KeyAdmin, warn_if_keys_file_left
from api.body_limit import BodyLimit, UploadLimit
from api.edxl_export import edxl_routes
from api.graphql.schema import build_schema
from api.graphql.view import AuthGate, EmkgGraphQL
from api.live.relay import ChangeRelay
from api.logs import configure_logging
from api.metrics import CONTENT_TYPE, Metrics
from api.orders import order_routes
from api.security_headers import SecurityHeaders
from api.state import AppState, LifespanState, app_state
from api.ui import ui_routes
from api.warmup import Warmup
from kg.cypher import CypherRunner
from kg.driver import create_async_driver, create_driver
from kg.embeddings import load_embedder
from kg.process_lease import ProcessLease
from kg.settings import Settings
from ontology.load import shipped_ontology
from queries.catalog.health import readiness
from queries.readiness.watch import WATCH_QUERY_TIMEOUT_S, ReadinessWatch

READY_TIMEOUT_S = 5.0
GZIP_MIN_BYTES = 1000  # smaller answers gain too little to be worth compressing
# Starlette's default is 9; 5 costs a sixth of the CPU for 4-30 % more bytes of an answer
# already compressed 7-20x (a recommendation 38.7 KB: 3.0 -> 0.5 ms, 5.6 -> 5.9 KB; 100
# teams with capabilities 98 KB: 8.6 -> 0.8 ms, 3.5 -> 4.6 KB)
GZIP_LEVEL = 5
MAX_SUBSCRIPTIONS_PER_SOCKET = 10  # a board needs one; the relay caps the process
GC_THRESHOLDS = (20_000, 20, 20)  # the cyclic collector's (Python's defaults: 700, 10, 10)


def create_app(settings: Settings) -> Starlette:
    configure_logging(settings)
    schema = build_schema(production=settings.production)
    graphql_app = EmkgGraphQL(
        schema,
        graphql_ide=None if settings.production else "graphiql",
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),  # the live board
        max_subscriptions_per_connection=MAX_SUBSCRIPTIONS_PER_SOCKET,
    )
    warmups: list[Warmup] = []  # the current lifespan's warm-up (one per start)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[LifespanState]:
        driver = create_async_driver(settings)
        loader_driver = create_driver(settings)  # the loader pipeline is synchronous
        # Loading the model takes seconds of CPU: off the event loop, once per process.
        embedder = await asyncio.to_thread(load_embedder, settings.model_name)
        onto = await asyncio.to_thread(shipped_ontology)
        # The model and the ontology are ~1M long-lived objects: keep them out of the cyclic
        # collector's scans (one full collection over them took seconds under load; issue 20).
        gc.freeze()
        # A request leaves thousands of short-lived containers (a 100-team list ~5,000):
        # with the default threshold (700) they were scanned ~7 times a request and some
        # outlived into the older generations, whose scans cost 10-17 ms each. Collecting
        # the young generation every 20,000 allocations (and the older ones every 20 of
        # those) lets most die first (300 mixed requests in process: GC 396-690 -> 178 ms).
        gc.set_threshold(*GC_THRESHOLDS)
        state = AppState(
            settings=settings,
            driver=driver,
            embedder=embedder,
            ontology=onto,
            keys=GraphKeyStore(
                driver,
                settings.neo4j_database,
                admin=KeyAdmin(loader_driver, settings.neo4j_database),
            ),
            metrics=Metrics(),
            loader_driver=loader_driver,
            relay=ChangeRelay(
                CypherRunner(driver, settings.neo4j_database, timeout_s=settings.query_timeout_s)
            ),
        )
        warn_if_keys_file_left(settings.keys_file)
        warm = Warmup()
        warmups[:] = [warm]
        task = asyncio.create_task(warm.run(state), name="emkg-warmup")
        task.add_done_callback(lambda _: gc.freeze())  # and the caches the warm-up filled
        # readiness alerts after registry changes (queries/readiness/watch.py): one API
        # worker of this machine watches a graph at a time (the others would repeat its work)
        lease = ProcessLease.for_key("readiness", settings.uri, settings.neo4j_database)
        # a background check, not a commander's request: it may wait for a busy store longer
        # than EMKG_QUERY_TIMEOUT_S rather than pass a change over
        runner = CypherRunner(
            driver,
            settings.neo4j_database,
            timeout_s=max(settings.query_timeout_s, WATCH_QUERY_TIMEOUT_S),
        )
        watch = ReadinessWatch(runner, lease=lease)
        watch.start()
        try:
            yield {"emkg": state}
        finally:
            await state.drills.shutdown()  # running drills end before the driver closes
            await watch.stop()
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            await driver.close()
            await asyncio.to_thread(loader_driver.close)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        state = app_state(request)
        runner = CypherRunner(state.driver, state.database, timeout_s=READY_TIMEOUT_S)
        try:
            async with asyncio.timeout(READY_TIMEOUT_S):
                ok, why = await readiness(runner)
        except TimeoutError:
            ok, why = False, "Neo4j did not answer within 5 s; check `emkg neo4j status`"
        if not ok:
            return JSONResponse({"status": "unavailable", "detail": why}, status_code=503)
        warm = warmups[0] if warmups else None
        # a probe during the warm-up waits a little for it, then says "starting" (not down)
        if warm is not None and not await warm.wait(READY_TIMEOUT_S):
            return JSONResponse(
                {
                    "status": "starting",
                    "detail": "the server is warming up (a first recommendation is running so "
                    "that the first real one is fast); retry in a few seconds",
                },
                status_code=503,
            )
        body = {"status": "ready", "detail": why}
        if warm is not None:
            body["warmup"] = f"{warm.status} in {warm.seconds} s: {warm.detail}"
        return JSONResponse(body)

    async def metrics(request: Request) -> Response:
        state = app_state(request)
        state.metrics.live(subscribers=state.relay.subscribers, polls=state.relay.polls)
        return PlainTextResponse(state.metrics.render(), media_type=CONTENT_TYPE)

    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics),
            Route(
                "/graphql",
                AuthGate(graphql_app, ide_open=not settings.production),
                methods=["GET", "POST"],
            ),
            # Subscriptions (graphql-transport-ws): the key goes in connection_init (view.py).
            WebSocketRoute("/graphql", graphql_app),
            # The web UI (plain ES modules, vendored libraries); last, so it never shadows a route.
            *edxl_routes(),  # EDXL-RM request/commit downloads of a dispatch
            *order_routes(),  # the printable dispatch order (调度令), HTML and PDF
            *ui_routes(settings),
        ],
        middleware=[
            # gzip for the UI's files and large JSON answers (event streams pass untouched)
            Middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES, compresslevel=GZIP_LEVEL),
            Middleware(SecurityHeaders, tile_url=settings.tile_url),
            Middleware(BodyLimit, path="/graphql"),
            # at most this many GraphQL requests worked on at once; the rest wait in order
            Middleware(InFlightLimit, path="/graphql", limit=settings.max_in_flight),
            Middleware(UploadLimit, path="/loads"),
        ],
        lifespan=lifespan,
    )
