"""A tiny Prometheus text exporter: requests, errors and latency per GraphQL operation.

No dependency: counters and a fixed-bucket histogram rendered in the text
exposition format (version 0.0.4) at ``/metrics``. Operation names come from
clients, so at most ``MAX_OPERATIONS`` distinct names are kept (the rest count
as "other").

Example::

    metrics = Metrics()
    metrics.observe("TeamsPage", 0.042, codes=[], queries=3)
    print(metrics.render())   # emkg_graphql_requests_total{operation="TeamsPage"} 1 ...
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from strawberry.extensions import SchemaExtension

from api.graphql.errors import code_for

BUCKETS: tuple[float, ...] = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
MAX_OPERATIONS = 100
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_SAFE = re.compile(r"[^A-Za-z0-9_]")


@dataclass
class _Histogram:
    counts: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))
    total: int = 0
    sum: float = 0.0

    def add(self, seconds: float) -> None:
        self.total += 1
        self.sum += seconds
        for i, bound in enumerate(BUCKETS):
            if seconds <= bound:
                self.counts[i] += 1


@dataclass
class Metrics:
    requests: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    errors: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    cypher: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    latency: dict[str, _Histogram] = field(default_factory=lambda: defaultdict(_Histogram))
    unauthenticated: int = 0

    def _name(self, operation: str | None) -> str:
        name = _SAFE.sub("_", operation or "anonymous")[:64]
        if name in self.requests or len(self.requests) < MAX_OPERATIONS:
            return name
        return "other"

    def observe(
        self, operation: str | None, seconds: float, *, codes: Iterable[str], queries: int
    ) -> None:
        op = self._name(operation)
        self.requests[op] += 1
        self.cypher[op] += queries
        self.latency[op].add(seconds)
        for code in codes:
            self.errors[(op, code)] += 1

    def render(self) -> str:
        lines = [
            "# HELP emkg_graphql_requests_total GraphQL operations executed.",
            "# TYPE emkg_graphql_requests_total counter",
            *(
                f'emkg_graphql_requests_total{{operation="{op}"}} {n}'
                for op, n in sorted(self.requests.items())
            ),
            "# HELP emkg_graphql_errors_total GraphQL errors by operation and extensions.code.",
            "# TYPE emkg_graphql_errors_total counter",
            *(
                f'emkg_graphql_errors_total{{operation="{op}",code="{code}"}} {n}'
                for (op, code), n in sorted(self.errors.items())
            ),
            "# HELP emkg_cypher_queries_total Cypher statements run by GraphQL operations.",
            "# TYPE emkg_cypher_queries_total counter",
            *(
                f'emkg_cypher_queries_total{{operation="{op}"}} {n}'
                for op, n in sorted(self.cypher.items())
            ),
            "# HELP emkg_http_unauthenticated_total Requests refused with 401.",
            "# TYPE emkg_http_unauthenticated_total counter",
            f"emkg_http_unauthenticated_total {self.unauthenticated}",
            "# HELP emkg_graphql_duration_seconds GraphQL operation latency.",
            "# TYPE emkg_graphql_duration_seconds histogram",
        ]
        for op, h in sorted(self.latency.items()):
            for bound, n in zip(BUCKETS, h.counts, strict=True):
                lines.append(
                    f'emkg_graphql_duration_seconds_bucket{{operation="{op}",le="{bound}"}} {n}'
                )
            lines.append(
                f'emkg_graphql_duration_seconds_bucket{{operation="{op}",le="+Inf"}} {h.total}'
            )
            lines.append(f'emkg_graphql_duration_seconds_sum{{operation="{op}"}} {h.sum:.6f}')
            lines.append(f'emkg_graphql_duration_seconds_count{{operation="{op}"}} {h.total}')
        return "\n".join(lines) + "\n"


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
