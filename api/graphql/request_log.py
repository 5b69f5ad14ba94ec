"""One structured log line per GraphQL operation, at INFO.

``graphql operation=TeamsPage role=integrator ms=41.2 cypher=3 errors=0 codes=-``:
what ran, for whom, how long, how many Cypher statements and which error codes. The
key and the variables are never logged (they may hold secrets, names and places);
the Cypher itself is logged by `kg.cypher` at DEBUG.

Example::

    logging.getLogger("emkg.request").setLevel(logging.INFO)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

from strawberry.extensions import SchemaExtension

from api.graphql.errors import code_for

log = logging.getLogger("emkg.request")


class RequestLog(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        t0 = time.perf_counter()
        yield
        if not log.isEnabledFor(logging.INFO):
            return
        ec = self.execution_context
        ctx: Any = ec.context
        principal = getattr(ctx, "principal", None)
        role = getattr(getattr(principal, "role", None), "value", "anonymous")
        runner = getattr(ctx, "runner", None)
        errors = ec.result.errors if ec.result is not None and ec.result.errors else []
        codes = sorted({(e.extensions or {}).get("code") or code_for(e) for e in errors})
        log.info(
            "graphql operation=%s role=%s ms=%.1f cypher=%d errors=%d codes=%s",
            ec.operation_name or "anonymous",
            role,
            (time.perf_counter() - t0) * 1000.0,
            getattr(runner, "queries", 0),
            len(errors),
            ",".join(codes) or "-",
        )
