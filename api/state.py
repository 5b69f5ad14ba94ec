"""What the app's lifespan owns: settings, the Neo4j drivers, keys, metrics (typed, no globals).

The lifespan yields ``{"emkg": AppState}`` (Starlette's lifespan state), so every
request carries it in ``request.state``; `app_state` is the one typed way to read it.

Example::

    async def endpoint(request: Request) -> Response:
        state = app_state(request)
        ...
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

from neo4j import AsyncDriver, Driver
from starlette.requests import HTTPConnection

from api.auth.graph_keys import GraphKeyStore
from api.drill_jobs import DrillJobs
from api.live.relay import ChangeRelay
from api.metrics import Metrics
from kg.embedder import Embedder
from kg.settings import Settings
from ontology import Ontology
from queries.taxonomy_cache import TaxonomyCache


@dataclass
class AppState:
    settings: Settings
    driver: AsyncDriver
    # The loader pipeline is synchronous: uploads share this one sync driver (lifespan-owned).
    loader_driver: Driver
    # The API keys in Neo4j, with this process's short lookup cache (api/auth/graph_keys.py).
    keys: GraphKeyStore
    # This process's relay of graph changes to its live-board subscribers (api/live/relay.py).
    relay: ChangeRelay
    # The search model, loaded once in the lifespan (None only if a test builds state by hand).
    embedder: Embedder | None = None
    # The shipped ontology (hazard codes, old ids and what replaced them), read once.
    ontology: Ontology | None = None
    metrics: Metrics = field(default_factory=Metrics)
    # Drills running in this process's background (api/drill_jobs.py); they never write.
    drills: DrillJobs = field(default_factory=DrillJobs)
    # What hazard codes mean, per ontology version (queries/taxonomy_cache.py).
    taxonomy: TaxonomyCache = field(default_factory=TaxonomyCache)

    @property
    def database(self) -> str:
        return self.settings.neo4j_database


class LifespanState(TypedDict):
    emkg: AppState


def app_state(conn: HTTPConnection) -> AppState:
    """The lifespan's state for this request (typed)."""
    state: AppState = conn.state.emkg
    return state
