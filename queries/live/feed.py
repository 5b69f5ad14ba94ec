"""The newest audit entries of the kinds the live board shows, oldest first.

Audit entry ids start with their UTC write time (``20261201T070102123456Z-1a2b3c4d``,
queries/catalog/audit.py), so ``id > $since`` on the unique id index is a range
seek, and `id_floor` turns a moment into the smallest id written at or after it.

Example::

    entries = await changes_since(runner, since=id_floor(now - timedelta(seconds=2)))
"""

from __future__ import annotations

from datetime import datetime
from typing import LiteralString

from kg.cypher import CypherRunner
from queries.catalog.models import AuditEntry, parse_audit
from queries.live.events import INCIDENT_PREFIX, READINESS_PREFIX, TEAM_ACTIONS

MAX_BATCH = 500

CHANGES_SINCE: LiteralString = """
MATCH (e:AuditEntry) WHERE e.id > $since
  AND (e.action IN $teamActions OR e.action STARTS WITH $incidentPrefix
       OR e.action STARTS WITH $readinessPrefix)
RETURN e {.*} AS entry ORDER BY e.id LIMIT $limit
"""


def id_floor(moment: datetime) -> str:
    """The smallest audit entry id written at or after `moment` (a UTC datetime)."""
    return moment.strftime("%Y%m%dT%H%M%S%fZ")


async def changes_since(
    runner: CypherRunner, since: str, limit: int = MAX_BATCH
) -> list[AuditEntry]:
    rows = await runner.read(
        CHANGES_SINCE,
        since=since,
        teamActions=list(TEAM_ACTIONS),
        incidentPrefix=INCIDENT_PREFIX,
        readinessPrefix=READINESS_PREFIX,
        limit=limit,
    )
    return [parse_audit(r) for r in rows]
