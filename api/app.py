"""create_app(settings): the only way to build the EMKG web app (GraphQL, health, UI).

Example::

    app = create_app(Settings.from_env())
    # uvicorn.run(app, host=settings.host, port=settings.port)
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL

from api.graphql.context import Context
from api.graphql.schema import build_schema
from api.state import AppState
from kg.driver import create_async_driver
from kg.settings import Settings


class EmkgGraphQL(GraphQL[Context, None]):
    async def get_context(self, request: Any, response: Any = None) -> Context:
        return Context(request=request, state=request.app.state.emkg)


def create_app(settings: Settings) -> Starlette:
    schema = build_schema(production=settings.production)
    graphql_app = EmkgGraphQL(schema, graphql_ide=None if settings.production else "graphiql")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        driver = create_async_driver(settings)
        app.state.emkg = AppState(settings=settings, driver=driver)
        try:
            yield
        finally:
            await driver.close()

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/graphql", graphql_app, methods=["GET", "POST"]),
        ],
        lifespan=lifespan,
    )
    return app
