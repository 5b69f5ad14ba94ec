"""The audit trail as GraphQL: typed entries, a structured actor, field changes, a filter.

An entry is stored with ``before``/``after`` as JSON text (queries/catalog/audit.py);
here each changed field becomes a `FieldChange` with typed values, long values capped
at `MAX_VALUE_CHARS` (a load's entry can carry large counts). `Team.history` and
`HazardType.history` are this trail filtered to one subject.

Example::

    { auditTrail(filter: {actions: [SET_TEAM_STATUS], actorRole: COMMANDER}, first: 5) {
        totalCount nodes { recordedAt operation author { name role keyId }
                           changes { field before { text } after { text } } } } }
"""

from __future__ import annotations

import datetime
import json
import re
from enum import Enum
from typing import Annotated, Any

import strawberry

from api.auth import Permission
from api.graphql.admin import ApiRole
from api.graphql.context import Info
from api.graphql.enums import describe_values, enum_of
from api.graphql.fields import deprecated, document, field, replaced_by
from api.graphql.pagination import PageInfo, decode_cursor, encode_cursor
from api.graphql.scalars import to_datetime
from queries.catalog.audit import AuditFilter as Filter
from queries.catalog.audit import audit_trail, count_audit
from queries.catalog.models import AuditEntry as AuditRecord
from queries.catalog.nodes import DEFAULT_PAGE, MAX_PAGE

MAX_VALUE_CHARS = 1000
MAX_VALUE_ITEMS = 50
_ACTOR = re.compile(r"^(?P<name>.*) \((?P<role>[a-z]+), key (?P<key>[^)]+)\)$")


@strawberry.enum(description="What an audit entry records.")
class AuditAction(Enum):
    UPDATE_HAZARD_TYPE = "updateHazardType"
    UPDATE_CAPABILITY = "updateCapability"
    UPDATE_TEAM_TYPE = "updateTeamType"
    UPDATE_EQUIPMENT_TYPE = "updateEquipmentType"
    SET_REQUIREMENT = "setRequirement"
    REMOVE_REQUIREMENT = "removeRequirement"
    SET_TEAM_STATUS = "setTeamStatus"
    LOAD = "load"
    REPAIR = "repair"
    INCIDENT_OPENED = "incident.opened"
    INCIDENT_TRANSITION = "incident.transition"
    INCIDENT_RECOMMENDED = "incident.recommended"
    INCIDENT_DISPATCHED = "incident.dispatched"
    INCIDENT_DISPATCH_UNDONE = "incident.dispatch_undone"
    TEAM_RELEASED = "team.released"
    CREATE_TEAM = "createTeam"
    UPDATE_TEAM = "updateTeam"
    CREATE_EXPERT = "createExpert"
    UPDATE_EXPERT = "updateExpert"
    CREATE_EQUIPMENT = "createEquipment"
    UPDATE_EQUIPMENT = "updateEquipment"
    CREATE_DEPOT = "createDepot"
    UPDATE_DEPOT = "updateDepot"
    CREATE_PLAN = "createPlan"
    UPDATE_PLAN = "updatePlan"
    SUPERSEDE_PLAN = "supersedePlan"
    SET_CASCADE = "setCascade"
    REMOVE_CASCADE = "removeCascade"
    OTHER = "other"


describe_values(
    AuditAction,
    {
        "UPDATE_HAZARD_TYPE": "A planner changed a hazard type's labels.",
        "UPDATE_CAPABILITY": "A planner changed a capability's labels.",
        "UPDATE_TEAM_TYPE": "A planner changed a team type's labels.",
        "UPDATE_EQUIPMENT_TYPE": "A planner changed an equipment type's labels.",
        "SET_REQUIREMENT": "A hazard's capability need was added or changed.",
        "REMOVE_REQUIREMENT": "A hazard's capability need was removed.",
        "SET_TEAM_STATUS": "A team's status was set.",
        "LOAD": "A data file was loaded.",
        "REPAIR": "Doubled relationships were removed (emkg repair --apply).",
        "INCIDENT_OPENED": "An incident opened.",
        "INCIDENT_TRANSITION": "An incident moved along its lifecycle.",
        "INCIDENT_RECOMMENDED": "A recommendation was kept for an incident.",
        "INCIDENT_DISPATCHED": "Teams were dispatched to an incident.",
        "INCIDENT_DISPATCH_UNDONE": "A dispatch was undone.",
        "TEAM_RELEASED": "A team was released from an incident.",
        "CREATE_TEAM": "A planner registered a team.",
        "UPDATE_TEAM": "A planner changed a team.",
        "CREATE_EXPERT": "A planner registered an expert.",
        "UPDATE_EXPERT": "A planner changed an expert.",
        "CREATE_EQUIPMENT": "A planner registered an equipment item.",
        "UPDATE_EQUIPMENT": "A planner changed an equipment item.",
        "CREATE_DEPOT": "A planner registered a depot.",
        "UPDATE_DEPOT": "A planner changed a depot.",
        "CREATE_PLAN": "A planner registered a plan.",
        "UPDATE_PLAN": "A planner corrected a plan in place.",
        "SUPERSEDE_PLAN": "A planner issued a new version of a plan (it supersedes the old).",
        "SET_CASCADE": "A hazard's cascade was added or changed.",
        "REMOVE_CASCADE": "A hazard's cascade was removed.",
        "OTHER": "An action this API version has no name for (see `action`).",
    },
)


@strawberry.type(description="Who made a change: the API key's name, role and id.")
class Actor:
    name: str = strawberry.field(description="The key's name (who it was issued to).")
    role: ApiRole | None = strawberry.field(description="The key's role at the time.")
    key_id: strawberry.ID | None = strawberry.field(description="The key's id (not the key).")

    @classmethod
    def parse(cls, text: str) -> Actor:
        m = _ACTOR.match(text)
        if m is None:
            return cls(name=text, role=None, key_id=None)
        return cls(name=m["name"], role=enum_of(ApiRole, m["role"]), key_id=strawberry.ID(m["key"]))


@strawberry.type(
    description="One value before or after a change; exactly the fields that fit its type "
    "are set. Text longer than 1000 characters and lists longer than 50 items are cut "
    "(truncated: true)."
)
class AuditValue:
    text: str | None = strawberry.field(description="Text, or any other value as JSON text.")
    number: float | None = strawberry.field(description="A number.")
    flag: bool | None = strawberry.field(description="A yes/no value.")
    items: list[str] | None = strawberry.field(description="A list (items as text).")
    truncated: bool = strawberry.field(description="The value was cut to the limits above.")

    @classmethod
    def of(cls, value: Any) -> AuditValue | None:
        if value is None:
            return None
        if isinstance(value, bool):
            return cls(text=None, number=None, flag=value, items=None, truncated=False)
        if isinstance(value, (int, float)):
            return cls(text=None, number=float(value), flag=None, items=None, truncated=False)
        if isinstance(value, list):
            items = [v if isinstance(v, str) else _json(v) for v in value]
            cut = len(items) > MAX_VALUE_ITEMS or any(len(i) > MAX_VALUE_CHARS for i in items)
            items = [i[:MAX_VALUE_CHARS] for i in items[:MAX_VALUE_ITEMS]]
            return cls(text=None, number=None, flag=None, items=items, truncated=cut)
        text = value if isinstance(value, str) else _json(value)
        return cls(
            text=text[:MAX_VALUE_CHARS],
            number=None,
            flag=None,
            items=None,
            truncated=len(text) > MAX_VALUE_CHARS,
        )


@strawberry.type(description="One changed field: its value before and after (null = absent).")
class FieldChange:
    field: str = strawberry.field(description="The field's name, e.g. status, altEn, weight.")
    before: AuditValue | None = strawberry.field(description="The value before the change.")
    after: AuditValue | None = strawberry.field(description="The value after the change.")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def field_changes(before_json: str, after_json: str) -> list[FieldChange]:
    """The fields an entry changed, in name order; a non-object state is one field 'value'."""

    def load(text: str) -> dict[str, Any]:
        try:
            value = json.loads(text) if text else None
        except ValueError:
            value = text
        if value is None:
            return {}
        return value if isinstance(value, dict) else {"value": value}

    before, after = load(before_json), load(after_json)
    return [
        FieldChange(field=k, before=AuditValue.of(before.get(k)), after=AuditValue.of(after.get(k)))
        for k in sorted({*before, *after})
        if before.get(k) != after.get(k)
    ]


@strawberry.type(description="One recorded change: who, when, what, and each changed field.")
class AuditEntry:
    id: strawberry.ID = strawberry.field(description="The entry's id (time-ordered).")
    at: str = deprecated("`recordedAt` (a DateTime)", nullable=False)
    recorded_at: datetime.datetime | None = strawberry.field(
        description="When the change was made (UTC)."
    )
    actor: str = deprecated("`author` (name, role, key id)", nullable=False)
    author: Actor = strawberry.field(description="Who made the change.")
    action: str = strawberry.field(
        description="The action as stored (also for actions `operation` calls OTHER)."
    )
    operation: AuditAction = strawberry.field(description="What was done.")
    target: str = deprecated("`targetId`", nullable=False)
    target_id: strawberry.ID = strawberry.field(
        description="What changed: a node id, 'hazard->capability' for a requirement, or a "
        "file name for a load."
    )
    before: str = deprecated("`changes` (typed field values)", nullable=False)
    after: str = deprecated("`changes` (typed field values)", nullable=False)
    changes: list[FieldChange] = strawberry.field(description="Each field that changed.")

    @classmethod
    def of(cls, e: AuditRecord) -> AuditEntry:
        return cls(
            id=strawberry.ID(e.id),
            at=e.at,
            recorded_at=to_datetime(e.at),
            actor=e.actor,
            author=Actor.parse(e.actor),
            action=e.action,
            operation=enum_of(AuditAction, e.action) or AuditAction.OTHER,
            target=e.target,
            target_id=strawberry.ID(e.target),
            before=e.before,
            after=e.after,
            changes=field_changes(e.before, e.after),
        )


@strawberry.type(description="An audit entry and its cursor.")
class AuditEdge:
    cursor: str = strawberry.field(description="Pass as `after` or `before` to page on.")
    node: AuditEntry = strawberry.field(description="The entry.")


@strawberry.type(
    description=f"A page of audit entries, newest first (default {DEFAULT_PAGE}, at most "
    f"{MAX_PAGE} per page)."
)
class AuditConnection:
    edges: list[AuditEdge] = strawberry.field(description="The entries with their cursors.")
    page_info: PageInfo = strawberry.field(description="Where this page lies.")
    filters: strawberry.Private[Filter]

    @field(description="The entries without cursors.")
    def nodes(self) -> list[AuditEntry]:
        return [e.node for e in self.edges]

    @field(description="How many entries match the filter (one extra query).")
    async def total_count(self, info: Info) -> int:
        return await count_audit(info.context.runner, self.filters)


@strawberry.input(description="Which audit entries to read; every field optional (AND).")
class AuditFilter:
    target_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Entries about this node: its own changes and its links ('11A01' also "
        "finds '11A01->cap.water-rescue').",
    )
    actions: list[AuditAction] | None = strawberry.field(
        default=None, description="Any of these actions."
    )
    actor_name: str | None = strawberry.field(default=None, description="The key's name.")
    actor_role: ApiRole | None = strawberry.field(default=None, description="The key's role.")
    actor_key_id: strawberry.ID | None = strawberry.field(default=None, description="Key id.")
    since: datetime.datetime | None = strawberry.field(
        default=None, description="At or after this time."
    )
    until: datetime.datetime | None = strawberry.field(
        default=None, description="Before this time."
    )

    def to_filter(self) -> Filter:
        return Filter(
            subject=str(self.target_id) if self.target_id is not None else None,
            actions=tuple(a.value for a in self.actions) if self.actions is not None else None,
            actor_name=self.actor_name,
            actor_role=self.actor_role.value if self.actor_role else None,
            actor_key=str(self.actor_key_id) if self.actor_key_id is not None else None,
            since=self.since.isoformat() if self.since else None,
            until=self.until.isoformat() if self.until else None,
        )


def subject_history(description: str) -> Any:
    """A field answering the audit trail of its own object (filtered to its id), newest
    first: first/after, last/before, and which actions.

    Example::

        history: AuditConnection | None = subject_history("Recorded changes to this team.")
    """

    async def resolve(
        root: Any,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        actions: list[AuditAction] | None = None,
    ) -> AuditConnection | None:
        f = Filter(
            subject=str(root.id),
            actions=tuple(str(a.value) for a in actions) if actions is not None else None,
        )
        return await audit_page(info, f, first, after, before, last)

    return strawberry.field(resolver=resolve, description=description)


async def audit_page(
    info: Info,
    filters: Filter,
    first: int | None,
    after: str | None,
    before: str | None = None,
    last: int | None = None,
) -> AuditConnection:
    """A page of the trail (read permission); `last`/`before` page towards newer entries."""
    info.context.require(Permission.READ)
    backwards = before is not None or last is not None
    entries, more = await audit_trail(
        info.context.runner,
        filters=filters,
        first=last if backwards else first,
        after=None if backwards else decode_cursor(after),
        before=decode_cursor(before) if before is not None else ("" if backwards else None),
    )
    edges = [AuditEdge(cursor=encode_cursor(e.id), node=AuditEntry.of(e)) for e in entries]
    return AuditConnection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=more if not backwards else before is not None,
            has_previous_page=(after is not None) if not backwards else more,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        filters=filters,
    )


_DEPRECATED_ARG = replaced_by("`filter`")


@strawberry.type
class AuditQuery:
    @field(
        description="Recorded changes, newest first. Page forwards with first/after (default "
        f"{DEFAULT_PAGE}, at most {MAX_PAGE}), backwards (towards newer) with last/before."
    )
    async def audit_trail(
        self,
        info: Info,
        target: Annotated[
            str | None, strawberry.argument(deprecation_reason=_DEPRECATED_ARG)
        ] = None,
        actor: Annotated[
            str | None, strawberry.argument(deprecation_reason=_DEPRECATED_ARG)
        ] = None,
        action: Annotated[
            str | None, strawberry.argument(deprecation_reason=_DEPRECATED_ARG)
        ] = None,
        first: Annotated[
            int | None, strawberry.argument(description="Page size (default 20, at most 100).")
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="A cursor: entries older than it.")
        ] = None,
        filter: Annotated[
            AuditFilter | None, strawberry.argument(description="Which entries.")
        ] = None,
        last: Annotated[
            int | None, strawberry.argument(description="Page size when paging backwards.")
        ] = None,
        before: Annotated[
            str | None, strawberry.argument(description="A cursor: entries newer than it.")
        ] = None,
    ) -> AuditConnection:
        f = filter.to_filter() if filter is not None else Filter()
        if target is not None or actor is not None or action is not None:
            f = Filter(**{**f.__dict__, "target": target, "actor": actor, "action": action})
        return await audit_page(info, f, first, after, before, last)


document(
    AuditQuery,
    {
        "audit_trail.target": "Deprecated: use filter.targetId (exact target only).",
        "audit_trail.actor": "Deprecated: use filter.actorName/actorRole/actorKeyId.",
        "audit_trail.action": "Deprecated: use filter.actions.",
    },
)
