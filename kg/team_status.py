"""The stored status of teams, read before a load that may not change it (issue 14, item 4).

Setting a team's status is a commander's right (`api.auth.roles`); a planner's upload
must not change it through the file. The loader asks for the stored statuses of a
batch's teams and refuses rows that would change one.

Example::

    with driver.session(database="neo4j") as session:
        stored_statuses(session, ["T-1", "T-2"])     # {"T-1": "available"} (T-2 is new)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import LiteralString

from neo4j import Session

STORED_STATUSES: LiteralString = """
MATCH (t:Team) WHERE t.id IN $ids AND t.status IS NOT NULL
RETURN t.id AS id, t.status AS status
"""


def stored_statuses(session: Session, ids: Sequence[str]) -> dict[str, str]:
    """Each existing team's status, by id; ids not in the graph are absent."""
    if not ids:
        return {}
    result = session.run(STORED_STATUSES, ids=list(ids))
    return {str(r["id"]): str(r["status"]) for r in result}
