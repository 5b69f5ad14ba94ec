"""The typed per-request GraphQL context built in ``get_context``."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import AsyncDriver
from starlette.requests import Request
from strawberry.types import Info as _Info

from api.state import AppState


@dataclass
class Context:
    request: Request
    state: AppState

    @property
    def driver(self) -> AsyncDriver:
        return self.state.driver

    @property
    def database(self) -> str:
        return self.state.database


Info = _Info[Context, None]
