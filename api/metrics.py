"""Prometheus metrics: requests, errors, Cypher statements and latency per GraphQL operation.

Built on `prometheus_client`. The API runs as several worker processes; set
``PROMETHEUS_MULTIPROC_DIR`` to an empty folder shared by them (before they start)
and ``/metrics`` adds up every process's values (the client's multiprocess mode);
without it, each process reports its own. Operation names come from clients, so at
most ``MAX_OPERATIONS`` distinct names are kept per process (the rest count as "other").

Example::

    metrics = Metrics()
    metrics.observe("TeamsPage", 0.042, codes=[], queries=3)
    print(metrics.render())   # emkg_graphql_requests_total{operation="TeamsPage"} 1.0 ...
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from strawberry.extensions import SchemaExtension

from api.graphql.errors import code_for

BUCKETS: tuple[float, ...] = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
MAX_OPERATIONS = 100
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
_SAFE = re.compile(r"[^A-Za-z0-9_]")


class Metrics:
    """One process's metrics (a registry of its own, so tests can make several)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self._requests = Counter(
            "emkg_graphql_requests", "GraphQL operations executed.", ["operation"], registry=r
        )
        self._errors = Counter(
            "emkg_graphql_errors",
            "GraphQL errors by operation and extensions.code.",
            ["operation", "code"],
            registry=r,
        )
        self._cypher = Counter(
            "emkg_cypher_queries",
            "Cypher statements run by GraphQL operations.",
            ["operation"],
            registry=r,
        )
        self._unauthenticated = Counter(
            "emkg_http_unauthenticated", "Requests refused with 401.", registry=r
        )
        self._latency = Histogram(
            "emkg_graphql_duration_seconds",
            "GraphQL operation latency.",
            ["operation"],
            buckets=BUCKETS,
            registry=r,
        )
        # The live board's relay (api/live/relay.py), set as /metrics is read: how many
        # subscriptions this process serves and how often its relay has read the audit trail
        # (a relay that has read since a subscription came will pass on the next change).
        self._live_subscribers = Gauge(
            "emkg_live_subscribers",
            "Live-board subscriptions served.",
            registry=r,
            multiprocess_mode="livesum",
        )
        self._live_polls = Gauge(
            "emkg_live_relay_polls",
            "Reads of the audit trail by the live board's relay since the process started.",
            registry=r,
            multiprocess_mode="livesum",
        )
        self.requests: dict[str, int] = {}  # operation -> requests seen by this process

    def _name(self, operation: str | None) -> str:
        name = _SAFE.sub("_", operation or "anonymous")[:64]
        if name in self.requests or len(self.requests) < MAX_OPERATIONS:
            return name
        return "other"

    def observe(
        self, operation: str | None, seconds: float, *, codes: Iterable[str], queries: int
    ) -> None:
        op = self._name(operation)
        self.requests[op] = self.requests.get(op, 0) + 1
        self._requests.labels(op).inc()
        self._cypher.labels(op).inc(queries)
        self._latency.labels(op).observe(seconds)
        for code in codes:
            self._errors.labels(op, code).inc()

    def live(self, *, subscribers: int, polls: int) -> None:
        """Record the relay's state (called as /metrics is read)."""
        self._live_subscribers.set(subscribers)
        self._live_polls.set(polls)

    def unauthenticated(self) -> None:
        """Count a request refused with 401 (GraphQL, uploads, the UI's API calls)."""
        self._unauthenticated.inc()

    def render(self) -> str:
        """The text exposition: all worker processes' values in multiprocess mode."""
        if os.environ.get(MULTIPROC_ENV):
            merged = CollectorRegistry()
            MultiProcessCollector(merged)  # type: ignore[no-untyped-call]
            return generate_latest(merged).decode()
        return generate_latest(self.registry).decode()


class OperationMetrics(SchemaExtension):
    """Times each operation and counts its errors and Cypher statements."""

    def on_operation(self) -> Iterator[None]:
        t0 = time.perf_counter()
        yield
        ec = self.execution_context
        ctx: Any = ec.context
        metrics: Metrics | None = getattr(getattr(ctx, "state", None), "metrics", None)
        if metrics is None:
            return
        errors = ec.result.errors if ec.result is not None and ec.result.errors else []
        metrics.observe(
            ec.operation_name,
            time.perf_counter() - t0,
            codes=[(e.extensions or {}).get("code") or code_for(e) for e in errors],
            queries=ctx.runner.queries,
        )
