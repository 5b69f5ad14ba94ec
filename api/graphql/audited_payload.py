"""What every audited edit answers besides the changed object: the audit entry it recorded
and the userErrors that stopped it (one of the two is empty).

A payload of an edit that is audited subclasses `AuditedPayload` and adds its changed
object (null when userErrors); the two fields are declared, and described, once.

Example::

    @strawberry.type(description="The result of createTeam or updateTeam.")
    class TeamPayload(AuditedPayload):
        team: Team | None = strawberry.field(description="The team as saved.")

    TeamPayload(team=None, audit_entry=None, user_errors=errors)
"""

from __future__ import annotations

import strawberry

from api.graphql.audit import AuditEntry
from api.graphql.user_errors import UserError


@strawberry.type
class AuditedPayload:
    audit_entry: AuditEntry | None = strawberry.field(description="The change recorded.")
    user_errors: list[UserError] = strawberry.field(description="What to fix; empty = done.")
